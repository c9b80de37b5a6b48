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
  and may move a story only from `inbox` to `editing`; an editor may not
  export, unpublish or kill. Every story change bumps `version`, and a note
  added by a reporter does so on any story: that is why the rule is a trigger;
- SECURITY DEFINER functions for people and roles (`desk_person_add`, ...):
  they check `pg_has_role(session_user, 'desk_admin', 'MEMBER')`, so a
  desk_admin login manages people without CREATEROLE of its own.

Refusals carry SQLSTATE 42501 and the words of `deskapp.core.permissions`.
The table owner and superusers are not desk logins and are not limited (the
owner bypasses row-level security; the trigger lets rank 0 through).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, text

from deskapp.core.permissions import ACTIONS, DeskRole
from deskapp.store.listing import LOCK_TTL

GROUPS = [r.group for r in DeskRole]
LOGIN_PATTERN = "^[a-z_][a-z0-9_]{0,62}$"


class SetupRefused(Exception):
    """`admin setup` run by a login that cannot create roles or does not own the tables."""


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def group_roles_exist(conn: Connection) -> bool:
    found = conn.execute(text("SELECT count(*) FROM pg_roles WHERE rolname = ANY(:g)"),
                         {"g": GROUPS}).scalar()
    return found == len(GROUPS)


def secured(conn: Connection) -> bool:
    """Has `admin setup` (or a migration after it) installed the rules in this schema?"""
    return conn.execute(text("SELECT to_regproc(current_schema() || '.desk_rank') IS NOT NULL")
                        ).scalar() is True


def create_group_roles(conn: Connection) -> None:
    """The four group roles, each IN ROLE the one below. Idempotent; needs CREATEROLE."""
    me = conn.execute(text("SELECT rolsuper, rolcreaterole FROM pg_roles "
                           "WHERE rolname = current_user")).one()
    if not (me[0] or me[1]):
        user = conn.execute(text("SELECT current_user")).scalar()
        raise SetupRefused(f"admin setup needs a superuser, or the database owner with "
                           f"CREATEROLE (you are {user})")
    below = None
    for group in GROUPS:
        conn.execute(text(f"""
            DO $$ BEGIN
              IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = {_literal(group)}) THEN
                CREATE ROLE {_ident(group)} NOLOGIN;
              END IF;
            EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
            END $$"""))
        if below:
            conn.execute(text(f"""
                DO $$ BEGIN
                  IF NOT pg_has_role({_literal(group)}, {_literal(below)}, 'MEMBER') THEN
                    GRANT {_ident(below)} TO {_ident(group)};
                  END IF;
                END $$"""))
        below = group
    if not me[0]:  # the owner who sets the desk up is its first admin (a superuser is anyway)
        conn.execute(text("""
            DO $$ BEGIN
              IF NOT pg_has_role(current_user, 'desk_admin', 'MEMBER') THEN
                EXECUTE format('GRANT desk_admin TO %I', current_user);
              END IF;
            END $$"""))


def install(conn: Connection) -> None:
    """Grants, policies, the guard trigger and the people functions in the current schema.

    Idempotent: `admin setup` runs it, and so does every migration after 0006 on a
    desk that was set up, so new tables and rules reach existing newsrooms.
    """
    schema = conn.execute(text("SELECT current_schema()")).scalar()
    if not schema:
        raise SetupRefused("no current schema to set up")
    owner_ok = conn.execute(text(
        "SELECT pg_has_role(current_user, c.relowner, 'USAGE') FROM pg_class c "
        "WHERE c.oid = to_regclass(current_schema() || '.story')")).scalar()
    if not owner_ok:
        user = conn.execute(text("SELECT current_user")).scalar()
        raise SetupRefused(f"admin setup must be run by the owner of the desk's tables "
                           f"or a superuser (you are {user})")
    s = _ident(schema)
    for statement in (people_table_sql(), *_functions(s), *_grants(s), *_policies(s)):
        conn.execute(text(statement))


def people_table_sql() -> str:
    return """
    CREATE TABLE IF NOT EXISTS desk_people (
        login text PRIMARY KEY,
        display text NOT NULL DEFAULT '',
        initials text NOT NULL DEFAULT '',
        added_at timestamptz NOT NULL DEFAULT now(),
        removed_at timestamptz
    )"""


def _refusal_rows() -> str:
    return ", ".join(f"({_literal(a.key)}, {_literal(a.doing)}, {_literal(a.role.label)})"
                     for a in ACTIONS)


def _functions(s: str) -> list[str]:
    labels = " ".join(f"WHEN {r.value} THEN {_literal(r.label)}" for r in DeskRole)
    ranks = " ".join(f"WHEN pg_catalog.pg_has_role(who, {_literal(r.group)}, 'MEMBER') "
                     f"THEN {r.value}"
                     for r in sorted(DeskRole, reverse=True))
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
            IF 'killed' = ANY(changed) THEN PERFORM desk_refuse('kill'); END IF;
            IF rank = 1 THEN
              -- a reporter from here on
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
              IF 'status' = ANY(changed) AND NOT (OLD.status = 'inbox' AND NEW.status = 'editing')
                 OR NOT changed <@ ARRAY['headline', 'body', 'status'] THEN
                PERFORM desk_refuse('edit_any');
              END IF;
              IF changed && ARRAY['headline', 'body'] AND OLD.status <> 'editing'
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
        *_people_functions(s),
    ]


def _people_functions(s: str) -> list[str]:
    groups = "ARRAY[" + ", ".join(_literal(g) for g in GROUPS) + "]"
    check = ("IF NOT pg_has_role(session_user, 'desk_admin', 'MEMBER') THEN "
             "PERFORM desk_refuse('people'); END IF;")
    common = f"SECURITY DEFINER SET search_path = {s}, pg_catalog, pg_temp"
    return [
        f"""
        CREATE OR REPLACE FUNCTION {s}.desk_person_grant(who text, grp text)
        RETURNS void LANGUAGE plpgsql {common} AS $$
        DECLARE g text;
        BEGIN
          {check}
          IF grp IS NOT NULL AND NOT grp = ANY({groups}) THEN
            RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('unknown role %s', grp);
          END IF;
          FOREACH g IN ARRAY {groups} LOOP
            IF g IS DISTINCT FROM grp AND EXISTS (SELECT 1 FROM pg_auth_members m
                 WHERE m.roleid = to_regrole(g) AND m.member = to_regrole(who)) THEN
              EXECUTE format('REVOKE %I FROM %I', g, who);
            END IF;
          END LOOP;
          IF grp IS NOT NULL AND NOT EXISTS (SELECT 1 FROM pg_auth_members m
               WHERE m.roleid = to_regrole(grp) AND m.member = to_regrole(who)) THEN
            EXECUTE format('GRANT %I TO %I', grp, who);
          END IF;
        END $$""",
        f"""
        CREATE OR REPLACE FUNCTION {s}.desk_person_add(who text, grp text, shown text,
                                                        initials text)
        RETURNS void LANGUAGE plpgsql {common} AS $$
        DECLARE r record; was_removed boolean;
        BEGIN
          {check}
          IF who !~ {_literal(LOGIN_PATTERN)} OR who LIKE 'pg\\_%' OR who LIKE 'desk\\_%' THEN
            RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format(
              'not a login name: %s (lower-case letters, digits and _; not pg_ or desk_)', who);
          END IF;
          SELECT removed_at IS NOT NULL INTO was_removed FROM desk_people p WHERE p.login = who;
          IF was_removed IS FALSE THEN
            RAISE EXCEPTION USING ERRCODE = '42710', MESSAGE = format(
              '%s is already on the desk (see `deskapp admin list`)', who);
          END IF;
          SELECT rolsuper, rolcreaterole, rolcanlogin INTO r FROM pg_roles WHERE rolname = who;
          IF NOT FOUND THEN
            EXECUTE format('CREATE ROLE %I LOGIN', who);
          ELSIF r.rolsuper OR r.rolcreaterole OR pg_has_role(who, (SELECT relowner
                FROM pg_class WHERE oid = to_regclass('story')), 'USAGE') THEN
            RAISE EXCEPTION USING ERRCODE = '42710', MESSAGE = format(
              '%s is a superuser, a role manager or owns the desk: not a desk login', who);
          ELSIF NOT r.rolcanlogin THEN
            EXECUTE format('ALTER ROLE %I LOGIN', who);
          END IF;
          PERFORM desk_person_grant(who, grp);
          INSERT INTO desk_people AS p (login, display, initials)
               VALUES (who, coalesce(shown, ''), coalesce(initials, ''))
          ON CONFLICT (login) DO UPDATE SET display = EXCLUDED.display,
               initials = EXCLUDED.initials, added_at = now(), removed_at = NULL;
        END $$""",
        f"""
        CREATE OR REPLACE FUNCTION {s}.desk_person_role(who text, grp text)
        RETURNS void LANGUAGE plpgsql {common} AS $$
        BEGIN
          {check}
          IF NOT EXISTS (SELECT 1 FROM desk_people p WHERE p.login = who
                         AND p.removed_at IS NULL) THEN
            RAISE EXCEPTION USING ERRCODE = '02000', MESSAGE = format(
              'no one called %s on the desk (see `deskapp admin list`)', who);
          END IF;
          PERFORM desk_person_grant(who, grp);
        END $$""",
        f"""
        CREATE OR REPLACE FUNCTION {s}.desk_person_remove(who text)
        RETURNS void LANGUAGE plpgsql {common} AS $$
        BEGIN
          {check}
          IF who = session_user THEN
            RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'you cannot remove yourself';
          END IF;
          UPDATE desk_people p SET removed_at = now() WHERE p.login = who
                 AND p.removed_at IS NULL;
          IF NOT FOUND THEN
            RAISE EXCEPTION USING ERRCODE = '02000', MESSAGE = format(
              'no one called %s on the desk (see `deskapp admin list`)', who);
          END IF;
          PERFORM desk_person_grant(who, NULL);
          EXECUTE format('ALTER ROLE %I NOLOGIN', who);
        END $$""",
        *(f"REVOKE ALL ON FUNCTION {s}.{f} FROM PUBLIC" for f in (
            "desk_person_grant(text, text)", "desk_person_add(text, text, text, text)",
            "desk_person_role(text, text)", "desk_person_remove(text)")),
        # desk_person_grant is only called by the three below (it trusts its caller)
        *(f"GRANT EXECUTE ON FUNCTION {s}.{f} TO desk_admin" for f in (
            "desk_person_add(text, text, text, text)",
            "desk_person_role(text, text)", "desk_person_remove(text)")),
    ]


def _grants(s: str) -> list[str]:
    return [
        f"GRANT USAGE ON SCHEMA {s} TO desk_reporter",
        f"GRANT SELECT ON ALL TABLES IN SCHEMA {s} TO desk_reporter",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {s} TO desk_reporter",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {s} GRANT SELECT ON TABLES TO desk_reporter",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {s} GRANT USAGE, SELECT ON SEQUENCES "
        "TO desk_reporter",
        f"GRANT UPDATE ON {s}.story TO desk_reporter",
        # a note's author, story and origin never change after it is written
        f"REVOKE UPDATE ON {s}.note FROM desk_reporter",
        f"GRANT INSERT, UPDATE (text, due, resolved_at) ON {s}.note TO desk_reporter",
        f"GRANT INSERT ON {s}.story_event TO desk_reporter",
        f"GRANT INSERT, UPDATE, DELETE ON {s}.story_lock, {s}.draft TO desk_reporter",
        f"GRANT INSERT ON {s}.story TO desk_editor",
        f"GRANT INSERT, UPDATE, DELETE ON {s}.credit TO desk_editor",
        f"GRANT INSERT, UPDATE, DELETE ON {s}.feed TO desk_chief",
        f"REVOKE ALL ON {s}.desk_people FROM PUBLIC",
        f"GRANT SELECT ON {s}.desk_people TO desk_reporter",
    ]


def _policies(s: str) -> list[str]:
    me = "(editor = session_user OR desk_rank() >= 4)"
    rules = {
        "story_event": [
            ("read", "SELECT", "true", None),
            ("write", "INSERT", None,
             f"{me} AND (action NOT IN ('revert', 'lock-takeover', 'export') "
             "OR desk_rank() >= 3)"),
        ],
        "story_lock": [
            ("read", "SELECT", "true", None),
            ("take", "INSERT", None, me),
            ("renew", "UPDATE", "editor = session_user OR desk_rank() >= 3 "
             "OR desk_lock_lapsed(heartbeat_at)", me),
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


# -- reading who is who -------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Person:
    login: str
    display: str
    initials: str
    role: DeskRole | None
    added_at: datetime | None
    removed_at: datetime | None
    can_login: bool


def whoami(conn: Connection) -> tuple[str, int | None]:
    """(session_user, rank): rank None when the desk was never set up (no rules here)."""
    login, ready = conn.execute(text(
        "SELECT session_user, to_regproc(current_schema() || '.desk_rank') IS NOT NULL")).one()
    if not ready:
        return str(login), None
    return str(login), int(conn.execute(text("SELECT desk_rank()")).scalar() or 0)


def people(conn: Connection) -> list[Person]:
    rows = conn.execute(text(
        "SELECT p.login, p.display, p.initials, "
        "CASE WHEN r.oid IS NULL THEN 0 ELSE desk_rank(r.rolname) END, "
        "p.added_at, p.removed_at, coalesce(r.rolcanlogin, false) "
        "FROM desk_people p LEFT JOIN pg_roles r ON r.rolname = p.login ORDER BY p.login"))
    return [Person(login, display, initials, DeskRole.from_rank(rank), added, removed, can)
            for login, display, initials, rank, added, removed, can in rows]


def reinstall_if_secured(conn: Connection) -> None:
    """For migrations: bring the rules of a desk that was set up up to date (else nothing)."""
    if conn.dialect.name == "postgresql" and secured(conn) and group_roles_exist(conn):
        install(conn)
