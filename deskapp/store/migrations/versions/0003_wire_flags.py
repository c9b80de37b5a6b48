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
    # Plain ADD COLUMN on both databases: a batch "move and copy" of `story` on SQLite
    # would drop a table that history, credits and notes point at, which SQLite
    # refuses once the desk has any of them.
    op.add_column(
        "story", sa.Column("withdrawn", sa.Boolean(), nullable=False, server_default=sa.false())
    )
    op.add_column(
        "story", sa.Column("corrected", sa.Boolean(), nullable=False, server_default=sa.false())
    )
    op.add_column("story_event", sa.Column("undoes", sa.Integer(), nullable=True))
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
    # Plain DROP COLUMN (SQLite 3.35+): a batch "move and copy" of `story` would drop
    # a table other tables' foreign keys point at, which SQLite refuses with data in it.
    op.drop_column("story_event", "undoes")
    op.drop_column("story", "corrected")
    op.drop_column("story", "withdrawn")
