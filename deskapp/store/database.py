"""One open database: its engine, its sessions, and what kind it is."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from deskapp.store.engine import make_engine, normalise_url
from deskapp.store.schema import SchemaTooNew, current_revision, migrate


class DatabaseUnavailable(Exception):
    """The database cannot be opened or reached. One line, shown as is."""


@dataclass(slots=True)
class Database:
    engine: Engine
    url: str

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def is_sqlite(self) -> bool:
        return self.dialect == "sqlite"

    def schema_revision(self) -> str | None:
        """The migration the database is at (None for an empty one)."""
        return current_revision(self.engine)

    def display_name(self) -> str:
        """The URL without its password, for the status bar and messages."""
        return make_url(self.url).render_as_string(hide_password=True)

    @contextmanager
    def read(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction: committed on success, rolled back on any error."""
        engine = self.engine.execution_options(deskapp_write=True)
        with Session(engine, expire_on_commit=False) as session, session.begin():
            yield session

    def close(self) -> None:
        self.engine.dispose()


def open_database(
    value: str, *, schema: str | None = None, create_folder: bool = False
) -> Database:
    """Open (and create or migrate) the database named by a URL or a file path.

    A SQLite file in a folder that does not exist is refused unless `create_folder`.
    """
    url = normalise_url(value)
    shown = make_url(url).render_as_string(hide_password=True)
    try:
        engine = make_engine(url, schema=schema, create_folder=create_folder)
    except OSError as exc:
        raise DatabaseUnavailable(f"cannot open database {shown}: {exc.strerror or exc}") from None
    try:
        migrate(engine)
    except SchemaTooNew as exc:
        engine.dispose()
        raise DatabaseUnavailable(str(exc)) from None
    except DBAPIError as exc:
        engine.dispose()
        reason = str(exc.orig or exc).strip().splitlines()[0]
        raise DatabaseUnavailable(f"cannot open database {shown}: {reason}") from None
    return Database(engine=engine, url=url)
