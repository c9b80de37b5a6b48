"""Every wire version of a story kept: `story_version`, and where the editor's copy stands.

`story_version` holds one row per version of a story's copy as the wire sent it
(n = 1, 2, 3 ... per story; the agency's label, e.g. "UPDATE 1"). Rows are written
lazily (deskapp/services/versions.py): version 1 when first needed, each later wire
update as it lands. `story.wire_base` is the version the story's copy is based on,
`story.wire_pending` a newer wire version held back because the editor had changed
the copy (NULL: none). The archive gets `archive_story_version` and the two columns.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def _columns(keyed: bool) -> list[sa.Column]:
    return [
        sa.Column("id", sa.Integer(), nullable=False, primary_key=keyed, autoincrement=keyed),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=80), nullable=False),
        sa.Column("wire_version", sa.Integer(), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("headline", sa.String(), nullable=False),
        sa.Column("subheadline", sa.String(), nullable=False),
        sa.Column("body", sa.String(), nullable=False),
        sa.Column("dateline_place", sa.String(), nullable=False),
        sa.Column("dateline_date", sa.Date(), nullable=True),
        sa.Column("credits", sa.JSON(), nullable=False),
        sa.Column("signoff", sa.String(), nullable=False),
        sa.Column("killed", sa.Boolean(), nullable=False),
        sa.Column("withdrawn", sa.Boolean(), nullable=False),
        sa.Column("corrected", sa.Boolean(), nullable=False),
    ]


def upgrade() -> None:
    bind = op.get_bind()
    tables = set(sa.inspect(bind).get_table_names())
    if "story_version" not in tables:
        op.create_table(
            "story_version",
            *_columns(keyed=True),
            sa.ForeignKeyConstraint(["story_id"], ["story.id"]),
            sa.UniqueConstraint("story_id", "n"),
        )
        op.create_index("ix_story_version_story", "story_version", ["story_id"])
        op.create_table("archive_story_version", *_columns(keyed=False))
        op.create_index("ix_archive_story_version_story", "archive_story_version", ["story_id"])
        for table in ("story", "archive_story"):
            op.add_column(table, sa.Column("wire_base", sa.Integer(), nullable=True))
            op.add_column(table, sa.Column("wire_pending", sa.Integer(), nullable=True))
    if bind.dialect.name == "postgresql":
        from deskapp.store.roles import reinstall_if_secured

        reinstall_if_secured(bind)


def downgrade() -> None:
    """The versions go (the story keeps its current copy); archived ones with them."""
    op.drop_table("archive_story_version")
    op.drop_index("ix_story_version_story", table_name="story_version")
    op.drop_table("story_version")
    for table in ("story", "archive_story"):
        for column in ("wire_pending", "wire_base"):  # SQLite 3.35+ drops a column in place
            op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
