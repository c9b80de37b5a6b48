"""Logins and roles on PostgreSQL: the desk_people table, and the rules of a desk set up.

The group roles, grants, row-level security and guard functions are installed by
`deskapp admin setup` (roles are cluster-wide and need CREATEROLE); this and
every later migration re-installs them on a desk that was set up, so new rules
reach existing newsrooms. SQLite: nothing (one editor, one machine).

Revision ID: 0006
Revises: 0005
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    from deskapp.store.people_sql import people_table_sql
    from deskapp.store.roles import reinstall_if_secured

    op.execute(people_table_sql())
    reinstall_if_secured(bind)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER IF EXISTS desk_story_guard ON story")
    for table in ("story_event", "story_lock", "draft", "note"):
        op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
    op.execute("""
        DO $$ DECLARE p record; BEGIN
          FOR p IN SELECT policyname, tablename FROM pg_policies
                    WHERE schemaname = current_schema() AND policyname LIKE 'desk\\_%' LOOP
            EXECUTE format('DROP POLICY %I ON %I', p.policyname, p.tablename);
          END LOOP;
        END $$""")
    # CASCADE takes the policies that call them; the group roles stay (cluster-wide)
    for function in (
        "desk_person_remove(text)",
        "desk_person_role(text, text)",
        "desk_person_add(text, text, text, text)",
        "desk_person_grant(text, text)",
        "desk_story_guard()",
        "desk_queue_missing(story)",
        "desk_assigned(integer)",
        "desk_refuse(text)",
        "desk_lock_lapsed(timestamptz)",
        "desk_role_label(integer)",
        "desk_rank(name)",
    ):
        op.execute(f"DROP FUNCTION IF EXISTS {function} CASCADE")
    op.execute("DROP TABLE IF EXISTS desk_people")
