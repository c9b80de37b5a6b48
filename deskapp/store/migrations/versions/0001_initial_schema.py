"""Stories, credits, notes, the change history and full-text search.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "story",
        sa.Column("id", sa.Integer(), nullable=False),
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
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("body", sa.String(), nullable=False),
        sa.Column("signoff", sa.String(), nullable=False),
        sa.Column("photo_caption", sa.String(), nullable=True),
        sa.Column("photo_credit", sa.String(), nullable=True),
        sa.Column("keywords", sa.JSON(), nullable=False),
        sa.Column("killed", sa.Boolean(), nullable=False),
        sa.Column("desk", sa.String(length=64), nullable=True),
        sa.Column("suggested_desk", sa.String(length=64), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=True),
        sa.Column("embargo_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("queue_position", sa.Integer(), nullable=True),
        sa.Column("queue_forced", sa.Boolean(), nullable=False),
        sa.Column("exported_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("source_format", sa.String(length=32), nullable=False),
        sa.Column("source_ref", sa.String(), nullable=False),
        sa.Column("raw_text", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("story", schema=None) as batch_op:
        batch_op.create_index("ix_story_desk_ingested", ["desk", "ingested_at", "id"], unique=False)
        batch_op.create_index(batch_op.f("ix_story_fingerprint"), ["fingerprint"], unique=False)
        batch_op.create_index("ix_story_queue", ["status", "queue_position"], unique=False)
        batch_op.create_index(
            "ix_story_status_ingested", ["status", "ingested_at", "id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_story_uid"), ["uid"], unique=True)
    op.create_table(
        "credit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("ord", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["story_id"],
            ["story.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("credit", schema=None) as batch_op:
        batch_op.create_index("ix_credit_story", ["story_id", "ord"], unique=False)
    op.create_table(
        "note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("author", sa.String(), nullable=False),
        sa.Column("from_wire", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("due", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["story_id"],
            ["story.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("note", schema=None) as batch_op:
        batch_op.create_index("ix_note_open_due", ["resolved_at", "due"], unique=False)
        batch_op.create_index(batch_op.f("ix_note_story_id"), ["story_id"], unique=False)
    op.create_table(
        "story_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("editor", sa.String(), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["story_id"],
            ["story.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("story_event", schema=None) as batch_op:
        batch_op.create_index("ix_event_story", ["story_id", "id"], unique=False)

    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE story_fts USING fts5("
            "headline, body, names, tokenize = 'unicode61 remove_diacritics 2')"
        )
    else:
        op.add_column("story", sa.Column("search", postgresql.TSVECTOR(), nullable=True))
        op.create_index("ix_story_search", "story", ["search"], postgresql_using="gin")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE story_fts")
    op.drop_table("story_event")
    op.drop_table("note")
    op.drop_table("credit")
    op.drop_table("story")
