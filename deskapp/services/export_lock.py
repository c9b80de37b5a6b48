"""One export at a time per database, whoever starts it and from wherever.

PostgreSQL: a session advisory lock (keyed by the schema) held on its own
connection for the export's length; the server drops it if the exporting
process dies. The `export_lock` row then only names the holder for the
message a second export prints.

SQLite: the `export_lock` row is the lock, taken in a write transaction (one
writer at a time, so two exports cannot both find it free). A row left by an
export on this machine whose process is gone is taken over.
"""

from __future__ import annotations

import os
import socket
import time
from datetime import datetime

from sqlalchemy import Connection, delete, select, text
from sqlmodel import col

from deskapp.services.context import ServiceContext
from deskapp.services.errors import ServiceError
from deskapp.store.rows import as_utc
from deskapp.store.tables import ExportLockRow

LOCK_NAME = "export"
POLL_S = 0.2
NAMING_WAIT_S = 3.0  # how long a refused export waits to learn who holds the lock
_HELD_HERE: set[str] = set()  # databases whose export lock this process holds


class ExportBusy(ServiceError):
    """Another export holds the lock."""

    exit_code = 1


class ExportLock:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        self.host = socket.gethostname()
        self.pid = os.getpid()
        self._conn: Connection | None = None
        self._held = False

    def acquire(self, *, wait: bool = False, timeout: float | None = None) -> None:
        """Take the lock, or raise ExportBusy naming who holds it (after `timeout`
        seconds of waiting, with `wait`)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while not self._try():
            if not wait or (deadline is not None and time.monotonic() > deadline):
                raise ExportBusy(self._busy_message())
            time.sleep(POLL_S)
        _HELD_HERE.add(self.ctx.db.url)
        self._held = True

    def release(self) -> None:
        if not self._held:
            return
        self._held = False
        _HELD_HERE.discard(self.ctx.db.url)
        try:
            with self.ctx.db.write() as session:
                session.execute(
                    delete(ExportLockRow).where(
                        col(ExportLockRow.name) == LOCK_NAME,
                        col(ExportLockRow.pid) == self.pid,
                        col(ExportLockRow.host) == self.host,
                    )
                )
        finally:
            if self._conn is not None:
                try:
                    self._conn.execute(
                        text("SELECT pg_advisory_unlock(hashtext(:k))"), {"k": self._key()}
                    )
                finally:
                    self._conn.close()
                    self._conn = None

    def __enter__(self) -> ExportLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    # -- one attempt ----------------------------------------------------------------
    def _try(self) -> bool:
        if self.ctx.db.dialect == "postgresql":
            return self._try_postgres()
        with self.ctx.db.write() as session:
            row = session.get(ExportLockRow, LOCK_NAME)
            if row is not None and not self._stale(row):
                return False
            if row is not None:
                session.delete(row)
                session.flush()
            session.add(self._row())
        return True

    def _try_postgres(self) -> bool:
        conn = self.ctx.db.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        try:
            got = conn.execute(
                text("SELECT pg_try_advisory_lock(hashtext(:k))"), {"k": self._key()}
            ).scalar()
        except Exception:
            conn.close()
            raise
        if not got:
            conn.close()
            return False
        self._conn = conn
        with self.ctx.db.write() as session:  # name the holder (a dead one's row is stale)
            session.execute(delete(ExportLockRow).where(col(ExportLockRow.name) == LOCK_NAME))
            session.add(self._row())
        return True

    def _key(self) -> str:
        schema = self._conn_schema()
        return f"deskapp-export:{schema}"

    def _conn_schema(self) -> str:
        with self.ctx.db.read() as session:
            return str(session.execute(text("SELECT current_schema()")).scalar())

    def _row(self) -> ExportLockRow:
        return ExportLockRow(
            name=LOCK_NAME,
            editor=self.ctx.editor,
            host=self.host,
            pid=self.pid,
            started_at=self.ctx.now(),
        )

    def _stale(self, row: ExportLockRow) -> bool:
        """A row left by a process on this machine that no longer runs."""
        if row.host != self.host:
            return False
        if row.pid == self.pid:  # this process: held, or left by a release that never ran
            return self.ctx.db.url not in _HELD_HERE
        try:
            os.kill(row.pid, 0)
        except ProcessLookupError:
            return True
        except OSError:
            return False
        return False

    def _busy_message(self) -> str:
        row = None
        for _ in range(int(NAMING_WAIT_S / POLL_S)):
            # on PostgreSQL the holder names itself just after taking the lock
            with self.ctx.db.read() as session:
                row = (
                    session.execute(
                        select(ExportLockRow).where(col(ExportLockRow.name) == LOCK_NAME)
                    )
                    .scalars()
                    .first()
                )
            if row is not None:
                break
            time.sleep(POLL_S)
        if row is None:
            return "an export is running; try again, or use --wait"
        when = as_utc(row.started_at)
        stamp = when.strftime("%Y-%m-%d %H:%M:%S UTC") if isinstance(when, datetime) else "?"
        where = f" on {row.host}" if row.host != self.host else ""
        return (
            f"an export is running (started by {row.editor} at {stamp}{where}); "
            "try again later, or use --wait"
        )
