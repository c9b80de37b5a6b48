"""Wire flags on the story (withdrawn, corrected) and what an undo took back.

`killed` exists since 0001; `withdrawn` (the wire withheld the story for now) and
`corrected` (the wire flagged this version as a correction) join it. A history
event made by an undo (or a redo) names the version whose change it took back
in `undoes`, so an editor's undo can walk back through their own changes.
Lists sort by the story's own time (the wire's, else when it came in): three
covering expression indexes replace the two that served ingest order.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("story", schema=None) as batch_op:
        batch_op.add_column(sa.Column("withdrawn", sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.add_column(sa.Column("corrected", sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
    with op.batch_alter_table("story_event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("undoes", sa.Integer(), nullable=True))
    story_time = sa.text("coalesce(published_at, ingested_at)")
    op.drop_index("ix_story_status_ingested", table_name="story")
    op.drop_index("ix_story_desk_ingested", table_name="story")
    times = ["published_at", "ingested_at"]
    op.create_index("ix_story_time", "story", [story_time, "id", "status", *times])
    op.create_index("ix_story_status_time", "story", ["status", story_time, "id", *times])
    op.create_index("ix_story_desk_time", "story", ["desk", story_time, "id", "status", *times])


def downgrade() -> None:
    op.drop_index("ix_story_desk_time", table_name="story")
    op.drop_index("ix_story_status_time", table_name="story")
    op.drop_index("ix_story_time", table_name="story")
    op.create_index("ix_story_desk_ingested", "story", ["desk", "ingested_at", "id"])
    op.create_index("ix_story_status_ingested", "story", ["status", "ingested_at", "id"])
    with op.batch_alter_table("story_event", schema=None) as batch_op:
        batch_op.drop_column("undoes")
    with op.batch_alter_table("story", schema=None) as batch_op:
        batch_op.drop_column("corrected")
        batch_op.drop_column("withdrawn")
