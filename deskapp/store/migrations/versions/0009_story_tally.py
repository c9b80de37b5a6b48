"""Counts kept as stories change: `story_tally` on SQLite, so a desk never counts a
year of wire to say how many stories a view holds.

SQLite: one row per (status, desk) with its number of stories, kept by triggers on
`story` (insert, delete, a change of status or desk), so every writer keeps it
right, bulk ingest and archiving included; an untagged story counts under desk ''.
PostgreSQL: nothing (a desk there takes the planner's estimate for a large view and
counts a small one; a shared counts row would make every writer wait on it).

Revision ID: 0009
Revises: 0008
"""

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_ADD = (
    "INSERT INTO story_tally (status, desk, n) VALUES (new.status, coalesce(new.desk, ''), 1) "
    "ON CONFLICT (status, desk) DO UPDATE SET n = n + 1;"
)
_TAKE = (
    "UPDATE story_tally SET n = n - 1 WHERE status = old.status AND desk = coalesce(old.desk, '');"
)


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        from deskapp.store.roles import reinstall_if_secured

        reinstall_if_secured(bind)
        return
    op.execute(
        "CREATE TABLE story_tally (status VARCHAR(16) NOT NULL, desk VARCHAR(64) NOT NULL, "
        "n INTEGER NOT NULL, PRIMARY KEY (status, desk)) WITHOUT ROWID"
    )
    op.execute(
        "INSERT INTO story_tally (status, desk, n) "
        "SELECT status, coalesce(desk, ''), count(*) FROM story GROUP BY 1, 2"
    )
    op.execute(f"CREATE TRIGGER story_tally_insert AFTER INSERT ON story BEGIN {_ADD} END")
    op.execute(f"CREATE TRIGGER story_tally_delete AFTER DELETE ON story BEGIN {_TAKE} END")
    op.execute(
        "CREATE TRIGGER story_tally_update AFTER UPDATE OF status, desk ON story "
        "WHEN old.status IS NOT new.status OR old.desk IS NOT new.desk "
        f"BEGIN {_TAKE} {_ADD} END"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for trigger in ("story_tally_insert", "story_tally_delete", "story_tally_update"):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP TABLE IF EXISTS story_tally")
