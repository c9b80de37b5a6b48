"""A newsroom of its own for the logins-and-roles tests.

Roles are cluster-wide while every other test works in its own schema, so this
module makes a throwaway database (CREATE DATABASE), sets it up with
`deskapp admin setup` as the postgres superuser, adds one login per role with
unique names, and drops the database and the logins at the end. The group roles
desk_reporter .. desk_admin are the cluster's newsroom roles: created once, kept.
The test server trusts local connections, so any login connects without a
password, as a newsroom's .pgpass or client certificates would let it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest

from deskapp.config import Settings
from deskapp.core.permissions import DeskRole
from deskapp.core.story import Credit, Role, Story
from tests.conftest import PG_BASE, require_postgres
from tests.roles.roles_kit import dsn_for, url_for


@dataclass
class Newsroom:
    database: str
    owner_url: str
    logins: dict[DeskRole, str]
    displays: dict[DeskRole, str]
    _open: list = field(default_factory=list)

    def url(self, role: DeskRole) -> str:
        return url_for(self.logins[role], self.database)

    def dsn(self, role: DeskRole) -> str:
        return dsn_for(self.logins[role], self.database)

    def services(self, role: DeskRole | None, editor: str = "", **kw: object):  # type: ignore[no-untyped-def]
        """Services as `role`'s login (None: the owner), the way the CLI opens them."""
        from deskapp.services import open_services

        url = self.owner_url if role is None else self.url(role)
        svc = open_services(url, editor or "someone", Settings(), editor_given=bool(editor), **kw)  # type: ignore[arg-type]
        self._open.append(svc)
        return svc

    def story(
        self,
        headline: str = "Harbour board approves ferry timetable",
        credits: list[Credit] | None = None,
    ) -> int:
        """A fresh fictional story stored by the owner; returns its id."""
        owner = self.services(None, "wire")
        tag = uuid.uuid4().hex[:8]
        story = Story(
            headline=f"{headline} {tag}",
            agency="Fictional Wire",
            body=f"PORT ALDER, Nov 27 - The board met ({tag}).\n\nIt voted.",
            credits=credits if credits is not None else [Credit(Role.WRITER, "Cy Wire")],
        )
        [result] = owner.ingest.store([(f"test:{tag}", story)])
        return result.id

    def close_all(self) -> None:
        while self._open:
            self._open.pop().close()


@pytest.fixture(scope="module")
def newsroom() -> Iterator[Newsroom]:
    require_postgres()
    import psycopg

    from deskapp.services import open_services
    from deskapp.services.people import PeopleService

    tag = uuid.uuid4().hex[:8]
    database = f"desk_roles_{tag}"
    admin_dsn = PG_BASE.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{database}"')
    logins = {r: f"{r.label[:4]}_{tag}" for r in DeskRole}
    displays = {r: f"{r.label.title()} {tag.upper()}" for r in DeskRole}
    room = Newsroom(database, url_for("postgres", database), logins, displays)
    try:
        owner = open_services(room.owner_url, "wire", Settings())
        people = PeopleService(owner.ctx)
        people.setup()
        for role in DeskRole:
            people.add(logins[role], role, display=displays[role])
        owner.close()
        yield room
    finally:
        room.close_all()
        with psycopg.connect(admin_dsn, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            for login in logins.values():
                conn.execute(f'DROP ROLE IF EXISTS "{login}"')


@pytest.fixture
def room(newsroom: Newsroom) -> Iterator[Newsroom]:
    """The module's newsroom, with every service a test opened closed after it."""
    yield newsroom
    newsroom.close_all()


@pytest.fixture
def make_story(room: Newsroom) -> Callable[..., int]:
    return room.story
