"""A feed's code page: the encoding its copy is read in when the feed says nothing true.

`feed.encoding` (NULL: read it from the copy, as before) is what
`deskapp feeds add URL --encoding cp1252` stores and each poll uses.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("feed", schema=None) as batch_op:
        batch_op.add_column(sa.Column("encoding", sa.String(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("feed", schema=None) as batch_op:
        batch_op.drop_column("encoding")
