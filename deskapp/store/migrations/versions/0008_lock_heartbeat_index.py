"""An index on story_lock.heartbeat_at: the live locks are an index range.

Desks following others' changes read the locks held now on each change; without
the index that read scans every lock row, lapsed ones included.

Revision ID: 0008
Revises: 0007
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:  # IF NOT EXISTS: a database set back a revision runs it again
    op.create_index("ix_lock_heartbeat", "story_lock", ["heartbeat_at"], if_not_exists=True)


def downgrade() -> None:
    op.drop_index("ix_lock_heartbeat", table_name="story_lock", if_exists=True)
