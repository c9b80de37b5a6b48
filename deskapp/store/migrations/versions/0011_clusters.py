"""Clusters across agencies: stories about one event grouped at ingest.

- `story.cluster_id`: the id of the cluster's first story, NULL for a story alone
  (most stories: their rows and lists stay as they were); a partial index on
  (cluster_id, the story's time, id, status, desk, agency) over the clustered rows
  only (a cluster's newer member and its agencies, read from the index alone);
- the lists' time indexes (ix_story_time, ix_story_status_time, ix_story_desk_time)
  made again with `cluster_id` last, so a list of one row a cluster still walks them
  without reading each listed story's row to learn its cluster;
- `story.cluster_sketch`: the story's MinHash sketch (`core.cluster_sketch`), text;
- `story_band`: (band key, story id), the LSH index that finds a new story's
  candidates; read only for stories of the last 48 hours (joined to story's time).

The archive mirrors them (`archive_story` gets both columns, `archive_story_band` the
band rows of archived stories). Stories already stored get no sketch: they stay alone.

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

_TIME = "coalesce(published_at, ingested_at)"


def upgrade() -> None:
    bind = op.get_bind()
    columns = {c["name"] for c in sa.inspect(bind).get_columns("story")}
    if "cluster_id" not in columns:
        for table in ("story", "archive_story"):
            op.add_column(table, sa.Column("cluster_id", sa.Integer(), nullable=True))
            op.add_column(table, sa.Column("cluster_sketch", sa.String(), nullable=True))
    op.execute(
        f"CREATE INDEX IF NOT EXISTS ix_story_cluster ON story "
        f"(cluster_id, {_TIME}, id, status, desk, agency) WHERE cluster_id IS NOT NULL"
    )
    _time_indexes(["cluster_id"])
    tables = set(sa.inspect(bind).get_table_names())
    if "story_band" not in tables:
        without_rowid = " WITHOUT ROWID" if bind.dialect.name == "sqlite" else ""
        op.execute(
            "CREATE TABLE story_band (band BIGINT NOT NULL, "
            "story_id INTEGER NOT NULL REFERENCES story (id), "
            f"PRIMARY KEY (band, story_id)){without_rowid}"
        )
        op.execute("CREATE INDEX ix_story_band_story ON story_band (story_id)")
    if "archive_story_band" not in tables:
        op.execute(
            "CREATE TABLE archive_story_band (band BIGINT NOT NULL, story_id INTEGER NOT NULL)"
        )
        op.execute("CREATE INDEX ix_archive_story_band_story ON archive_story_band (story_id)")
    from deskapp.store.roles import reinstall_if_secured

    reinstall_if_secured(bind)


def _time_indexes(extra: list[str]) -> None:
    """The lists' time indexes (0003's), with `extra` columns last."""
    story_time = sa.text(_TIME)
    times = ["published_at", "ingested_at"]
    indexes: tuple[tuple[str, list[str | sa.TextClause]], ...] = (
        ("ix_story_time", [story_time, "id", "status", *times]),
        ("ix_story_status_time", ["status", story_time, "id", *times]),
        ("ix_story_desk_time", ["desk", story_time, "id", "status", *times]),
    )
    for name, columns in indexes:
        op.drop_index(name, table_name="story")
        op.create_index(name, "story", [*columns, *extra])


def downgrade() -> None:
    _time_indexes([])
    op.execute("DROP TABLE IF EXISTS archive_story_band")
    op.execute("DROP TABLE IF EXISTS story_band")
    op.execute("DROP INDEX IF EXISTS ix_story_cluster")
    # Plain DROP COLUMN (SQLite 3.35+): a batch "move and copy" of `story` would drop
    # a table other tables' foreign keys point at, which SQLite refuses with data in it.
    for table in ("archive_story", "story"):
        op.drop_column(table, "cluster_sketch")
        op.drop_column(table, "cluster_id")
