"""The desk's people in PostgreSQL: the desk_people table, and the functions that manage them.

`desk_person_add`, `desk_person_role` and `desk_person_remove` are SECURITY
DEFINER functions with a fixed search_path, owned by whoever ran `admin setup`
(a superuser, or the owner with CREATEROLE). Each checks
`pg_has_role(session_user, 'desk_admin', 'MEMBER')`, so a desk_admin login
manages people without CREATEROLE of its own; login names are checked and
quoted (`%I`), and superusers, role managers and the desk's owner are never
taken onto the desk. Installed by `deskapp.store.roles.install`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, text

from deskapp.core.permissions import DeskRole

GROUPS = [r.group for r in DeskRole]
LOGIN_PATTERN = "^[a-z_][a-z0-9_]{0,62}$"


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def people_table_sql() -> str:
    return """
    CREATE TABLE IF NOT EXISTS desk_people (
        login text PRIMARY KEY,
        display text NOT NULL DEFAULT '',
        initials text NOT NULL DEFAULT '',
        added_at timestamptz NOT NULL DEFAULT now(),
        removed_at timestamptz
    )"""


def people_functions(s: str) -> list[str]:
    groups = "ARRAY[" + ", ".join(_literal(g) for g in GROUPS) + "]"
    check = (
        "IF NOT pg_has_role(session_user, 'desk_admin', 'MEMBER') THEN "
        "PERFORM desk_refuse('people'); END IF;"
    )
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
        *(
            f"REVOKE ALL ON FUNCTION {s}.{f} FROM PUBLIC"
            for f in (
                "desk_person_grant(text, text)",
                "desk_person_add(text, text, text, text)",
                "desk_person_role(text, text)",
                "desk_person_remove(text)",
            )
        ),
        # desk_person_grant is only called by the three below (it trusts its caller)
        *(
            f"GRANT EXECUTE ON FUNCTION {s}.{f} TO desk_admin"
            for f in (
                "desk_person_add(text, text, text, text)",
                "desk_person_role(text, text)",
                "desk_person_remove(text)",
            )
        ),
    ]


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


def people(conn: Connection) -> list[Person]:
    rows = conn.execute(
        text(
            "SELECT p.login, p.display, p.initials, "
            "CASE WHEN r.oid IS NULL THEN 0 ELSE desk_rank(r.rolname) END, "
            "p.added_at, p.removed_at, coalesce(r.rolcanlogin, false) "
            "FROM desk_people p LEFT JOIN pg_roles r ON r.rolname = p.login ORDER BY p.login"
        )
    )
    return [
        Person(login, display, initials, DeskRole.from_rank(rank), added, removed, can)
        for login, display, initials, rank, added, removed, can in rows
    ]
