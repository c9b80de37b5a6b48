"""Making database engines. Never at import time: always through `make_engine`."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.exc import ArgumentError

SQLITE_BUSY_TIMEOUT_MS = 30_000
SQLITE_PAGE_SIZE = 16_384
SQLITE_CACHE_KIB = 32_768


class DatabaseURLError(ValueError):
    """The --db value is neither a database URL nor a usable file path."""


class DatabaseFolderMissing(DatabaseURLError):
    """A SQLite file named in a folder that does not exist (a typo, not a wish)."""


def normalise_url(value: str) -> str:
    """Turn a `--db` value into a SQLAlchemy URL.

    A plain path becomes a SQLite URL; `postgres://` and `postgresql://` use psycopg 3.
    """
    value = value.strip()
    if not value:
        raise DatabaseURLError("empty database URL")
    if "://" not in value:
        path = Path(value).expanduser().resolve()
        return f"sqlite:///{path}"
    for prefix in ("postgres://", "postgresql://"):
        if value.startswith(prefix):
            return "postgresql+psycopg://" + value[len(prefix) :]
    try:
        make_url(value)
    except ArgumentError:
        raise DatabaseURLError(f"not a database URL: {value}") from None
    return value


def make_engine(url: str, *, schema: str | None = None, create_folder: bool = False) -> Engine:
    """An engine for `url` (already normalised). SQLite gets WAL and a busy timeout.

    `schema` pins PostgreSQL's search_path (tests use a fresh schema per run).
    A SQLite file's folder is made only with `create_folder` (`deskapp init`, a
    first ingest, the default location); otherwise a missing folder is refused,
    so a mistyped `--db` never leaves an empty database somewhere unexpected.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url, create_folder)
    if parsed.get_backend_name() == "postgresql":
        connect_args: dict = {"connect_timeout": 5}
        if schema:
            connect_args["options"] = f"-csearch_path={schema}"
        return create_engine(url, connect_args=connect_args, pool_pre_ping=True)
    raise DatabaseURLError(f"unsupported database: {parsed.get_backend_name()}")


def _sqlite_engine(url: str, create_folder: bool = False) -> Engine:
    database = make_url(url).database
    if database and database != ":memory:" and not Path(database).parent.is_dir():
        folder = Path(database).parent
        if not create_folder:
            raise DatabaseFolderMissing(
                f"no folder {folder} for the database {database}; make it first, or run "
                f"`deskapp --db {database} init`"
            )
        folder.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: DBAPIConnection, _record: object) -> None:
        # Take transaction control from the driver so writers can BEGIN IMMEDIATE:
        # a deferred transaction that reads, then writes after another process wrote,
        # fails with "database is locked" without ever waiting on the busy timeout.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        # 16 KiB pages hold a whole story row (copy, body and raw text) without overflow
        # pages; bulk ingest runs about a fifth faster. Only a new, empty file takes it.
        cursor.execute(f"PRAGMA page_size={SQLITE_PAGE_SIZE}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # A story's INSERT fires the counts trigger (story_tally) and may fail on the
        # unique uid, so SQLite keeps a statement journal for it: a temporary file by
        # default, 18 writes a story (strace: 200,536 pwrite64 calls for 10,000 new
        # stories, 20,494 with this). In memory it holds only the current statement.
        cursor.execute("PRAGMA temp_store=MEMORY")
        # 32 MiB of page cache (the default is 2): the uid, fingerprint and full-text
        # indexes of a large desk stay in memory while a batch is stored or searched.
        cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        write = conn.get_execution_options().get("deskapp_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"
