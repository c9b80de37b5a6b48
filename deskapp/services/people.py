"""People and roles on a PostgreSQL desk: setting the desk up, adding, changing, removing.

Every change goes through the database's own SECURITY DEFINER functions
(`deskapp.store.roles`), which check that the caller's login has the admin
role: this service adds no power a psql session of the same login lacks.
Deskapp never stores a password: how people authenticate (passwords kept in
.pgpass or a service file, client certificates) is PostgreSQL's business.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from deskapp.core.permissions import DeskRole
from deskapp.services.context import ServiceContext
from deskapp.services.errors import InvalidInput, NotFound, ServiceError
from deskapp.services.guard import NotPermitted, check, refused_by_database
from deskapp.store import roles
from deskapp.store.people_sql import Person, people
from deskapp.store.roles import SetupRefused

T = TypeVar("T")

ONLY_POSTGRES = (
    "logins and roles are for a shared PostgreSQL desk; on SQLite the editor "
    "is --as NAME or your login"
)
NOT_SET_UP = "this desk has no roles yet: run `deskapp admin setup` first (as its owner)"


def initials_of(display: str, login: str) -> str:
    words = [w for w in display.replace("-", " ").split() if w[:1].isalpha()]
    if len(words) >= 2:
        return (words[0][0] + words[-1][0]).upper()
    return (words[0][:2] if words else login[:2]).upper()


class PeopleService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def setup(self) -> None:
        """Create the group roles and install grants, policies and functions. Idempotent."""

        def run(conn: Connection) -> None:
            try:
                roles.create_group_roles(conn)
                roles.install(conn)
            except SetupRefused as exc:
                raise NotPermitted(str(exc)) from None

        self._in_transaction(run, need_setup=False)

    def add(self, login: str, role: DeskRole, *, display: str = "", initials: str = "") -> Person:
        check(self.ctx, "people")
        login = login.strip()
        display = display.strip()
        initials = initials.strip() or initials_of(display, login)
        self._in_transaction(
            lambda conn: conn.execute(
                text("SELECT desk_person_add(:l, :g, :d, :i)"),
                {"l": login, "g": role.group, "d": display, "i": initials},
            )
        )
        return self.get(login)

    def set_role(self, login: str, role: DeskRole) -> Person:
        check(self.ctx, "people")
        self._in_transaction(
            lambda conn: conn.execute(
                text("SELECT desk_person_role(:l, :g)"), {"l": login.strip(), "g": role.group}
            )
        )
        return self.get(login)

    def remove(self, login: str) -> Person:
        """Take away the login and every role; the person stays in the history and the list."""
        check(self.ctx, "people")
        self._in_transaction(
            lambda conn: conn.execute(text("SELECT desk_person_remove(:l)"), {"l": login.strip()})
        )
        return self.get(login)

    def list_people(self) -> list[Person]:
        return self._in_transaction(people, write=False)

    def get(self, login: str) -> Person:
        for person in self.list_people():
            if person.login == login.strip():
                return person
        raise NotFound(f"no one called {login} on the desk (see `deskapp admin list`)")

    def _in_transaction(
        self, run: Callable[[Connection], T], *, need_setup: bool = True, write: bool = True
    ) -> T:
        if self.ctx.db.is_sqlite:
            raise InvalidInput(ONLY_POSTGRES)
        engine = self.ctx.db.engine
        try:
            with engine.begin() as conn:
                if need_setup and not roles.secured(conn):
                    raise InvalidInput(NOT_SET_UP)
                return run(conn)
        except DBAPIError as exc:
            raise _refusal(exc) from None


def _refusal(exc: DBAPIError) -> ServiceError:
    refused = refused_by_database(exc)
    if refused is not None:
        return refused
    state = getattr(exc.orig, "sqlstate", None)
    lines = str(exc.orig or exc).strip().splitlines()
    message = lines[0] if lines else "the database refused"
    if state == "02000":
        return NotFound(message)
    if state in ("22023", "42710"):
        return InvalidInput(message)
    return ServiceError(f"database error: {message}")
