"""PostgreSQL logins, group roles, grants, row-level security and guard functions.

The database enforces who may do what, so a client that bypasses Deskapp (psql,
a script) can do no more than its role allows:

- group roles `desk_reporter` < `desk_editor` < `desk_chief` < `desk_admin`,
  each a member of the one below (`create_group_roles`, cluster-wide);
- table privileges per role (`_grants`);
- row-level security: a history row, a lock, a draft and a note carry the
  login of whoever wrote them (`session_user`); only a chief reverts or takes
  over a lock; only an admin writes under another name (`_policies`);
- a guard trigger on `story` (`desk_story_guard`, SECURITY DEFINER with a fixed
  search_path) for what row-level security cannot see: which columns an update
  changes. A reporter may change headline and body only of a story in
  `editing` or credited (writer or reporter) to their display name or login,
  and may move a story only from `inbox` to `editing` with such an edit (or,
  undoing it, back to the inbox when it has no desk); the wire's flags
  (withdrawn, corrected) and copy come only with ingest. An editor may not
  export, unpublish or kill, except that a new wire version (ingest: the copy's
  fingerprint or raw text changes with it) may carry the wire's kill. Every
  story change bumps `version`, and a note added by a reporter does so on any
  story: that is why the rule is a trigger.
  For every desk login it also lets a story into the queue only ready or
  forced (`desk_queue_missing`, SECURITY DEFINER: the rule spans story and credit);
- SECURITY DEFINER functions for people and roles (`deskapp.store.people_sql`).

Refusals carry SQLSTATE 42501 and the words of `deskapp.core.permissions`.
The table owner and superusers are not desk logins and are not limited (the
owner bypasses row-level security; the trigger lets rank 0 through).
"""

from __future__ import annotations

from sqlalchemy import Connection, text

from deskapp.core.permissions import ACTIONS, DeskRole
from deskapp.store.listing import LOCK_TTL
from deskapp.store.people_sql import GROUPS, people_functions, people_table_sql


class SetupRefused(Exception):
    """`admin setup` run by a login that cannot create roles or does not own the tables."""


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def group_roles_exist(conn: Connection) -> bool:
    found = conn.execute(
        text("SELECT count(*) FROM pg_roles WHERE rolname = ANY(:g)"), {"g": GROUPS}
    ).scalar()
    return found == len(GROUPS)


def secured(conn: Connection) -> bool:
    """Has `admin setup` (or a migration after it) installed the rules in this schema?"""
    return (
        conn.execute(
            text("SELECT to_regproc(current_schema() || '.desk_rank') IS NOT NULL")
        ).scalar()
        is True
    )


def create_group_roles(conn: Connection) -> None:
    """The four group roles, each IN ROLE the one below. Idempotent; needs CREATEROLE."""
    me = conn.execute(
        text("SELECT rolsuper, rolcreaterole FROM pg_roles WHERE rolname = current_user")
    ).one()
    if not (me[0] or me[1]):
        user = conn.execute(text("SELECT current_user")).scalar()
        raise SetupRefused(
            f"admin setup needs a superuser, or the database owner with CREATEROLE (you are {user})"
        )
    below = None
    for group in GROUPS:
        conn.execute(
            text(f"""
            DO $$ BEGIN
              IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = {_literal(group)}) THEN
                CREATE ROLE {_ident(group)} NOLOGIN;
              END IF;
            EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
            END $$""")
        )
        if below:
            conn.execute(
                text(f"""
                DO $$ BEGIN
                  IF NOT pg_has_role({_literal(group)}, {_literal(below)}, 'MEMBER') THEN
                    GRANT {_ident(below)} TO {_ident(group)};
                  END IF;
                END $$""")
            )
        below = group
    if not me[0]:  # the owner who sets the desk up is its first admin (a superuser is anyway)
        conn.execute(
            text("""
            DO $$ BEGIN
              IF NOT pg_has_role(current_user, 'desk_admin', 'MEMBER') THEN
                EXECUTE format('GRANT desk_admin TO %I', current_user);
              END IF;
            END $$""")
        )


def install(conn: Connection) -> None:
    """Grants, policies, the guard trigger and the people functions in the current schema.

    Idempotent: `admin setup` runs it, and so does every migration after 0006 on a
    desk that was set up, so new tables and rules reach existing newsrooms.
    """
    schema = conn.execute(text("SELECT current_schema()")).scalar()
    if not schema:
        raise SetupRefused("no current schema to set up")
    owner_ok = conn.execute(
        text(
            "SELECT pg_has_role(current_user, c.relowner, 'USAGE') FROM pg_class c "
            "WHERE c.oid = to_regclass(current_schema() || '.story')"
        )
    ).scalar()
    if not owner_ok:
        user = conn.execute(text("SELECT current_user")).scalar()
        raise SetupRefused(
            f"admin setup must be run by the owner of the desk's tables "
            f"or a superuser (you are {user})"
        )
    s = _ident(schema)
    from deskapp.store.archive import role_statements as archive_functions

    statements = (people_table_sql(), *_functions(s), *archive_functions(s), *_grants(s))
    for statement in (*statements, *_policies(s)):
        conn.execute(text(statement))


def _refusal_rows() -> str:
    return ", ".join(
        f"({_literal(a.key)}, {_literal(a.doing)}, {_literal(a.role.label)})" for a in ACTIONS
    )


def _functions(s: str) -> list[str]:
    labels = " ".join(f"WHEN {r.value} THEN {_literal(r.label)}" for r in DeskRole)
    ranks = " ".join(
        f"WHEN pg_catalog.pg_has_role(who, {_literal(r.group)}, 'MEMBER') THEN {r.value}"
        for r in sorted(DeskRole, reverse=True)
    )
    ttl = int(LOCK_TTL.total_seconds())
    return [
        f"""
        CREATE OR REPLACE FUNCTION {s}.desk_rank(who name DEFAULT session_user)
        RETURNS integer LANGUAGE sql STABLE AS $$
          SELECT CASE {ranks} ELSE 0 END
        $$""",
        f"""
        CREATE OR REPLACE FUNCTION {s}.desk_role_label(rank integer)
        RETURNS text LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
          SELECT CASE rank {labels} ELSE 'no desk role' END
        $$""",
        f"""
        CREATE OR REPLACE FUNCTION {s}.desk_refuse(act text)
        RETURNS void LANGUAGE plpgsql SET search_path = {s}, pg_catalog, pg_temp AS $$
        DECLARE doing text; need text;
        BEGIN
          SELECT a.doing, a.need INTO doing, need
            FROM (VALUES {_refusal_rows()}) AS a(key, doing, need) WHERE a.key = act;
          RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = format(
            'not allowed: %s needs the %s role (you are %s, %s)',
            coalesce(doing, act), coalesce(need, 'admin'), session_user,
            desk_role_label(desk_rank()));
        END $$""",
        f"""
        CREATE OR REPLACE FUNCTION {s}.desk_assigned(story integer)
        RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER
        SET search_path = {s}, pg_catalog, pg_temp AS $$
          SELECT EXISTS (
            SELECT 1 FROM credit c
            LEFT JOIN desk_people p ON p.login = session_user AND p.display <> ''
            WHERE c.story_id = story AND c.role IN ('writer', 'reporter')
              AND (lower(c.name) = lower(p.display) OR lower(c.name) = lower(session_user)))
        $$""",
        # Queueing spans story and credit: a story enters the queue ready (the rules
        # of deskapp.core.queue_rules.missing_parts) or flagged as forced.
        f"""
        CREATE OR REPLACE FUNCTION {s}.desk_queue_missing(story {s}.story)
        RETURNS text[] LANGUAGE sql STABLE SECURITY DEFINER
        SET search_path = {s}, pg_catalog, pg_temp AS $$
          SELECT array_remove(ARRAY[
            CASE WHEN coalesce(story.desk, '') = '' THEN 'a desk' END,
            CASE WHEN btrim(story.headline) = '' THEN 'a headline' END,
            CASE WHEN btrim(story.body) = '' THEN 'a body' END,
            CASE WHEN NOT EXISTS (SELECT 1 FROM credit c WHERE c.story_id = story.id
                 AND c.role = 'writer' AND btrim(c.name) <> '') THEN 'a writer credit' END,
            CASE WHEN story.killed THEN 'a wire that has not killed it' END], NULL)
        $$""",
        f"""
        CREATE OR REPLACE FUNCTION {s}.desk_story_guard()
        RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
        SET search_path = {s}, pg_catalog, pg_temp AS $$
        DECLARE
          rank integer := desk_rank();
          changed text[];
          missing text[];
        BEGIN
          IF rank IN (1, 2) THEN  -- reporters and editors: what their role allows
            SELECT coalesce(array_agg(n.key), '{{}}') INTO changed
              FROM jsonb_each(to_jsonb(NEW)) AS n
             WHERE n.value IS DISTINCT FROM (to_jsonb(OLD) -> n.key)
               AND n.key NOT IN ('version', 'search');
            IF 'exported_at' = ANY(changed) OR ('status' = ANY(changed)
                AND 'published' IN (OLD.status, NEW.status)) THEN
              PERFORM desk_refuse('export');
            END IF;
            -- the wire's kill comes with a new wire version (ingest); a kill by hand is a chief's
            IF 'killed' = ANY(changed) AND NOT (rank = 2 AND changed && ARRAY['fingerprint',
                'raw_text']) THEN
              PERFORM desk_refuse('kill');
            END IF;
            IF rank = 1 THEN
              -- a reporter from here on
              IF changed && ARRAY['withdrawn', 'corrected', 'fingerprint', 'raw_text'] THEN
                PERFORM desk_refuse('ingest');  -- the wire's flags and copy come with ingest
              END IF;
              IF 'status' = ANY(changed) AND 'queued' IN (OLD.status, NEW.status)
                 OR changed && ARRAY['queue_position', 'queue_forced'] THEN
                PERFORM desk_refuse('queue');
              END IF;
              IF 'status' = ANY(changed) AND 'spiked' IN (OLD.status, NEW.status) THEN
                PERFORM desk_refuse('spike');
              END IF;
              IF 'desk' = ANY(changed) THEN PERFORM desk_refuse('desk'); END IF;
              IF 'priority' = ANY(changed) THEN PERFORM desk_refuse('priority'); END IF;
              IF 'embargo_until' = ANY(changed) THEN PERFORM desk_refuse('embargo'); END IF;
              -- a text edit takes a story out of the inbox; its undo may put back one
              -- with no desk
              IF 'status' = ANY(changed) AND NOT (OLD.status = 'inbox' AND NEW.status = 'editing'
                 OR OLD.status = 'editing' AND NEW.status = 'inbox'
                    AND coalesce(NEW.desk, '') = '')
                 OR NOT changed <@ ARRAY['headline', 'body', 'status', 'wire_base',
                                         'wire_pending'] THEN
                PERFORM desk_refuse('edit_any');
              END IF;
              -- the text, and where it stands among the wire's versions (take, keep, merge)
              IF changed && ARRAY['headline', 'body', 'wire_base', 'wire_pending']
                 AND OLD.status <> 'editing'
                 AND NOT desk_assigned(OLD.id) THEN
                PERFORM desk_refuse('edit_any');
              END IF;
              IF 'status' = ANY(changed) AND NOT (changed && ARRAY['headline', 'body']) THEN
                PERFORM desk_refuse('edit_any');
              END IF;
            END IF;
          END IF;
          -- every desk login: the queue takes a story ready, or forced
          IF NEW.status = 'queued' AND OLD.status IS DISTINCT FROM 'queued'
             AND NOT NEW.queue_forced THEN
            missing := desk_queue_missing(NEW);
            IF cardinality(missing) > 0 THEN
              RAISE EXCEPTION USING ERRCODE = '23514', MESSAGE = format(
                'story %s is not ready to queue: it needs %s (or queue it forced)',
                NEW.id, array_to_string(missing, ', '));
            END IF;
          END IF;
          RETURN NEW;
        END $$""",
        f"DROP TRIGGER IF EXISTS desk_story_guard ON {s}.story",
        # Only reporters and editors are limited, and queueing checked for every desk
        # login: the WHEN (an inlined SQL call) spares the owner's and a chief's bulk
        # updates (an export) the trigger's call per row.
        f"""CREATE TRIGGER desk_story_guard BEFORE UPDATE ON {s}.story
            FOR EACH ROW WHEN ({s}.desk_rank() IN (1, 2) OR NEW.status = 'queued'
              AND OLD.status IS DISTINCT FROM 'queued' AND {s}.desk_rank() > 0)
            EXECUTE FUNCTION {s}.desk_story_guard()""",
        f"""
        CREATE OR REPLACE FUNCTION {s}.desk_lock_lapsed(beat timestamptz)
        RETURNS boolean LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
          SELECT beat IS NULL OR beat < now() - interval '{ttl} seconds'
        $$""",
        *people_functions(s),
    ]


def _grants(s: str) -> list[str]:
    return [
        f"GRANT USAGE ON SCHEMA {s} TO desk_reporter",
        f"GRANT SELECT ON ALL TABLES IN SCHEMA {s} TO desk_reporter",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {s} TO desk_reporter",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {s} GRANT SELECT ON TABLES TO desk_reporter",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {s} GRANT USAGE, SELECT ON SEQUENCES TO desk_reporter",
        f"GRANT UPDATE ON {s}.story TO desk_reporter",
        # a note's author, story and origin never change after it is written
        f"REVOKE UPDATE ON {s}.note FROM desk_reporter",
        f"GRANT INSERT, UPDATE (text, due, resolved_at) ON {s}.note TO desk_reporter",
        f"GRANT INSERT ON {s}.story_event TO desk_reporter",
        # a reporter's first edit keeps the wire's original copy as version 1
        f"GRANT INSERT ON {s}.story_version TO desk_reporter",
        f"GRANT INSERT, UPDATE, DELETE ON {s}.story_lock, {s}.draft TO desk_reporter",
        f"GRANT INSERT ON {s}.story TO desk_editor",
        f"GRANT INSERT ON {s}.story_band TO desk_editor",  # ingest: the LSH band keys
        f"GRANT INSERT, UPDATE, DELETE ON {s}.credit TO desk_editor",
        f"GRANT INSERT, UPDATE, DELETE ON {s}.feed TO desk_chief",
        # export bookkeeping: the files written (hand edits, take-down), the lock row
        f"GRANT INSERT, UPDATE, DELETE ON {s}.export_file, {s}.export_lock TO desk_chief",
        f"REVOKE ALL ON {s}.desk_people FROM PUBLIC",
        f"GRANT SELECT ON {s}.desk_people TO desk_reporter",
    ]


def _policies(s: str) -> list[str]:
    me = "(editor = session_user OR desk_rank() >= 4)"
    rules: dict[str, list[tuple[str, str, str | None, str | None]]] = {
        "story_event": [
            ("read", "SELECT", "true", None),
            (
                "write",
                "INSERT",
                None,
                f"{me} AND (action NOT IN ('revert', 'lock-takeover', 'export', 'unpublish', "
                "'take-down') "
                "OR desk_rank() >= 3)",
            ),
        ],
        "story_lock": [
            ("read", "SELECT", "true", None),
            ("take", "INSERT", None, me),
            (
                "renew",
                "UPDATE",
                "editor = session_user OR desk_rank() >= 3 OR desk_lock_lapsed(heartbeat_at)",
                me,
            ),
            ("release", "DELETE", "editor = session_user OR desk_rank() >= 3", None),
        ],
        "draft": [("own", "ALL", me, me)],
        "note": [
            ("read", "SELECT", "true", None),
            ("add", "INSERT", None, "author = session_user OR desk_rank() >= 2"),
            ("change", "UPDATE", "true", "true"),
        ],
    }
    out = []
    for table, policies in rules.items():
        out.append(f"ALTER TABLE {s}.{table} ENABLE ROW LEVEL SECURITY")
        for name, command, using, check in policies:
            out.append(f"DROP POLICY IF EXISTS desk_{name} ON {s}.{table}")
            clause = f" USING ({using})" if using else ""
            clause += f" WITH CHECK ({check})" if check else ""
            out.append(f"CREATE POLICY desk_{name} ON {s}.{table} FOR {command}{clause}")
    return out


def whoami(conn: Connection) -> tuple[str, int | None]:
    """(session_user, rank): rank None when the desk was never set up (no rules here)."""
    login, ready = conn.execute(
        text("SELECT session_user, to_regproc(current_schema() || '.desk_rank') IS NOT NULL")
    ).one()
    if not ready:
        return str(login), None
    return str(login), int(conn.execute(text("SELECT desk_rank()")).scalar() or 0)


def reinstall_if_secured(conn: Connection) -> None:
    """For migrations: bring the rules of a desk that was set up up to date (else nothing)."""
    if conn.dialect.name == "postgresql" and secured(conn) and group_roles_exist(conn):
        install(conn)
