"""The archive: spiked and published stories moved out of the working tables.

`deskapp archive --older-than 90d` moves a story, and everything that hangs off
it (credits, notes, history, drafts, the record of its exported files), from the
working tables into `archive_*` tables of the same columns, keeping every id;
(a row that hangs off a story keeps its id in a plain column, not a key: SQLite
gives the largest id in a table plus one to a new row, so an id that left with an
archived story can be given to a new row meanwhile; a restore renumbers such a row);
`deskapp archive --restore ID` moves it back. The archive has its own search
index (SQLite: the FTS5 table `archive_story_fts`; PostgreSQL: a `search`
tsvector column with a GIN index), so `list --archive --search` works as the
live list does. Nothing is deleted: `downgrade` moves every archived story back
into the working tables before it drops the archive tables.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def _utc(name: str) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=True)


# (live table, archive table, its columns) as of this revision
_STORY_COLUMNS = (
    "id", "uid", "fingerprint", "version", "wire_version", "headline", "slugline", "agency",
    "section", "subheadline", "abstract", "dateline_place", "dateline_date", "published_at",
    "ingested_at", "body", "signoff", "photo_caption", "photo_credit", "keywords", "killed",
    "withdrawn", "corrected", "desk", "suggested_desk", "status", "priority", "embargo_until",
    "queue_position", "queue_forced", "exported_at", "source_format", "source_ref", "raw_text",
)  # fmt: skip
_CHILDREN = {
    "credit": ("id", "story_id", "role", "name", "ord"),
    "note": ("id", "story_id", "text", "author", "from_wire", "created_at", "due", "resolved_at"),
    "story_event": ("id", "story_id", "at", "editor", "action", "version", "undoes", "changes"),
    "draft": ("id", "story_id", "editor", "base_version", "headline", "body", "saved_at"),
    "export_file": ("id", "story_id", "folder", "name", "target", "sha256", "written_at"),
}


def upgrade() -> None:
    bind = op.get_bind()
    postgres = bind.dialect.name == "postgresql"
    if "archive_story" in sa.inspect(bind).get_table_names():
        # already made (a desk whose recorded revision was set back): only the rules
        if postgres:
            from deskapp.store.roles import reinstall_if_secured

            reinstall_if_secured(bind)
        return
    op.create_table(
        "archive_story",
        sa.Column("id", sa.Integer(), nullable=False, autoincrement=False),
        sa.Column("uid", sa.String(length=512), nullable=False),
        sa.Column("fingerprint", sa.String(length=80), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("wire_version", sa.Integer(), nullable=True),
        sa.Column("headline", sa.String(), nullable=False),
        sa.Column("slugline", sa.String(), nullable=False),
        sa.Column("agency", sa.String(length=200), nullable=False),
        sa.Column("section", sa.String(), nullable=False),
        sa.Column("subheadline", sa.String(), nullable=False),
        sa.Column("abstract", sa.String(), nullable=False),
        sa.Column("dateline_place", sa.String(), nullable=False),
        sa.Column("dateline_date", sa.Date(), nullable=True),
        _utc("published_at"),
        _utc("ingested_at"),
        sa.Column("body", sa.String(), nullable=False),
        sa.Column("signoff", sa.String(), nullable=False),
        sa.Column("photo_caption", sa.String(), nullable=True),
        sa.Column("photo_credit", sa.String(), nullable=True),
        sa.Column("keywords", sa.JSON(), nullable=False),
        sa.Column("killed", sa.Boolean(), nullable=False),
        sa.Column("withdrawn", sa.Boolean(), nullable=False),
        sa.Column("corrected", sa.Boolean(), nullable=False),
        sa.Column("desk", sa.String(length=64), nullable=True),
        sa.Column("suggested_desk", sa.String(length=64), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=True),
        _utc("embargo_until"),
        sa.Column("queue_position", sa.Integer(), nullable=True),
        sa.Column("queue_forced", sa.Boolean(), nullable=False),
        _utc("exported_at"),
        sa.Column("source_format", sa.String(length=32), nullable=False),
        sa.Column("source_ref", sa.String(), nullable=False),
        sa.Column("raw_text", sa.String(), nullable=False),
        _utc("archived_at"),
        sa.Column("archived_by", sa.String(), nullable=False, server_default=""),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_archive_story_uid", "archive_story", ["uid"])
    op.create_index("ix_archive_story_fingerprint", "archive_story", ["fingerprint"])
    story_time = sa.text("coalesce(published_at, ingested_at)")
    op.create_index("ix_archive_story_time", "archive_story", [story_time, "id"])
    op.create_table(
        "archive_credit",
        sa.Column("id", sa.Integer(), nullable=False, autoincrement=False),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("ord", sa.Integer(), nullable=False),
    )
    op.create_index("ix_archive_credit_story", "archive_credit", ["story_id", "ord"])
    op.create_table(
        "archive_note",
        sa.Column("id", sa.Integer(), nullable=False, autoincrement=False),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("author", sa.String(), nullable=False),
        sa.Column("from_wire", sa.Boolean(), nullable=False),
        _utc("created_at"),
        _utc("due"),
        _utc("resolved_at"),
    )
    op.create_index("ix_archive_note_story", "archive_note", ["story_id"])
    op.create_table(
        "archive_story_event",
        sa.Column("id", sa.Integer(), nullable=False, autoincrement=False),
        sa.Column("story_id", sa.Integer(), nullable=False),
        _utc("at"),
        sa.Column("editor", sa.String(), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("undoes", sa.Integer(), nullable=True),
        sa.Column("changes", sa.JSON(), nullable=False),
    )
    op.create_index("ix_archive_event_story", "archive_story_event", ["story_id", "id"])
    op.create_table(
        "archive_draft",
        sa.Column("id", sa.Integer(), nullable=False, autoincrement=False),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("editor", sa.String(), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("headline", sa.String(), nullable=False),
        sa.Column("body", sa.String(), nullable=False),
        _utc("saved_at"),
    )
    op.create_index("ix_archive_draft_story", "archive_draft", ["story_id"])
    op.create_table(
        "archive_export_file",
        sa.Column("id", sa.Integer(), nullable=False, autoincrement=False),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("folder", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("target", sa.String(length=16), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        _utc("written_at"),
    )
    op.create_index("ix_archive_export_file_story", "archive_export_file", ["story_id"])
    if postgres:
        op.add_column("archive_story", sa.Column("search", postgresql.TSVECTOR(), nullable=True))
        op.create_index(
            "ix_archive_story_search", "archive_story", ["search"], postgresql_using="gin"
        )
        from deskapp.store.roles import reinstall_if_secured

        reinstall_if_secured(bind)
    else:
        op.execute(
            "CREATE VIRTUAL TABLE archive_story_fts USING fts5("
            "headline, body, names, tokenize = 'unicode61 remove_diacritics 2')"
        )


def downgrade() -> None:
    """Every archived story back into the working tables, then the archive goes."""
    postgres = op.get_bind().dialect.name == "postgresql"
    story = ", ".join(_STORY_COLUMNS) + (", search" if postgres else "")
    op.execute(f"INSERT INTO story ({story}) SELECT {story} FROM archive_story")
    for table, columns in _CHILDREN.items():
        names = ", ".join(columns)
        op.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM archive_{table}")
    if postgres:
        op.execute("DROP FUNCTION IF EXISTS desk_archive_move(integer[], timestamptz, text)")
        op.execute("DROP FUNCTION IF EXISTS desk_archive_restore(integer[])")
    else:
        op.execute(
            "INSERT INTO story_fts(rowid, headline, body, names) "
            "SELECT rowid, headline, body, names FROM archive_story_fts"
        )
        op.execute("DROP TABLE archive_story_fts")
    for table in (*reversed(_CHILDREN), "story"):
        op.drop_table(f"archive_{table}")
