"""Changes made by other desks, as they happen: one API on PostgreSQL and on SQLite.

    live = LiveChanges(services.ctx)
    live.start()                      # from now on
    while running:
        ids = live.wait(1.0)          # story ids changed by anyone (empty on timeout)
        ...refresh those rows...
    live.stop()

A Textual desk calls `wait` from a thread worker and posts the ids back as a
message. What counts as a change: any new history event (new stories, desk,
status, queue, credits, notes, text, reverts, lock takeovers) and any lock
taken, released or expired.

How the news arrives:
- PostgreSQL: a dedicated connection LISTENs on the schema's channel (see
  `deskapp.services.changes.notify`); a thread hands notifications over, so a
  change reaches `wait` a few milliseconds after its commit.
- SQLite: a dedicated connection asks `PRAGMA data_version` every `poll_every`
  seconds; it changes only when another connection committed, so an idle desk
  costs one tiny query per poll and two terminals on one file stay in step.
Either way, on a signal the new events are read (with a short look-back, so an
event whose transaction committed after a later one is still seen), and locks
are compared with the last snapshot (also every `lock_check_every` seconds,
since a lock expires without anyone writing).
"""

from __future__ import annotations

import contextlib
import queue
import threading
import time
from typing import Any

from sqlalchemy import select, text
from sqlmodel import col

from deskapp.services.changes import CHANNEL_SQL, NOTIFY_CHANNEL
from deskapp.services.context import ServiceContext
from deskapp.services.locks import LockService
from deskapp.store.tables import EventRow

LOOKBACK_EVENTS = 200  # event ids below the newest seen that are read again
_WAKE = object()  # a signal without a story id: "something changed, go and look"


class LiveChanges:
    def __init__(
        self, ctx: ServiceContext, *, poll_every: float = 0.2, lock_check_every: float = 2.0
    ) -> None:
        self.ctx = ctx
        self.poll_every = poll_every
        self.lock_check_every = lock_check_every
        self._signals: queue.Queue[Any] = queue.Queue()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._conn: Any = None  # the dedicated DBAPI connection, owned by the thread
        self._floor = 0  # events above this id are read on each check
        self._seen: set[int] = set()
        self._locks: dict[int, str] = {}
        self._next_lock_check = 0.0
        self.error: str | None = None  # set when the listening connection failed

    # -- life cycle ----------------------------------------------------------
    def start(self) -> None:
        """Begin listening; changes committed before this call are not reported."""
        if self._thread is not None:
            return
        self._stop.clear()
        raw = self.ctx.db.engine.raw_connection()
        self._conn = raw.driver_connection  # sqlite3 / psycopg connection, set up by the engine
        raw.detach()  # ours alone, outside the pool, until stop()
        if self.ctx.db.is_sqlite:
            # the baseline is read here, not when the thread gets going: a commit in
            # between (a loaded machine starts threads late) would never be reported
            baseline = self._data_version()

            def target() -> None:
                self._poll_sqlite(baseline)
        else:
            target = self._listen_postgres
            pg = self._conn
            pg.rollback()  # the pool's liveness check may have opened a transaction
            pg.autocommit = True
            channel = pg.execute(
                f"SELECT {CHANNEL_SQL.replace(':c', '%(c)s')}", {"c": NOTIFY_CHANNEL}
            ).fetchone()[0]
            pg.execute("LISTEN " + _quote_ident(channel))
        self._baseline()
        self._thread = threading.Thread(target=target, name="deskapp-live", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2.0)
            self._thread = None
        if self._conn is not None:
            with contextlib.suppress(Exception):  # closing a dead connection is fine
                self._conn.close()
            self._conn = None

    def __enter__(self) -> LiveChanges:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- the API -------------------------------------------------------------
    def wait(self, timeout: float) -> set[int]:
        """Block up to `timeout` seconds for changes; the ids of the stories changed.

        Call it from one thread at a time (a desk's worker). Returns as soon as
        anything changed, or an empty set when the time is up.
        """
        deadline = time.monotonic() + timeout
        while True:
            now = time.monotonic()
            until_lock_check = max(self._next_lock_check - now, 0.0)
            remaining = deadline - now
            try:
                first = self._signals.get(timeout=max(min(remaining, until_lock_check), 0.0))
            except queue.Empty:
                first = None
            hinted: set[int] = set()
            signalled = first is not None
            for item in [first, *self._drain()]:
                if isinstance(item, int):
                    hinted.add(item)
            changed = hinted | (self._new_events() if signalled else set())
            if signalled or time.monotonic() >= self._next_lock_check:
                changed |= self._lock_changes()
            if changed or time.monotonic() >= deadline:
                return changed

    # -- reading what changed --------------------------------------------------
    def _drain(self) -> list[Any]:
        items = []
        while True:
            try:
                items.append(self._signals.get_nowait())
            except queue.Empty:
                return items

    def _baseline(self) -> None:
        with self.ctx.db.read() as session:
            newest = session.execute(text("SELECT max(id) FROM story_event")).scalar() or 0
        self._floor = int(newest)
        self._seen = set()
        self._locks = self._lock_snapshot()
        self._next_lock_check = time.monotonic() + self.lock_check_every

    def _new_events(self) -> set[int]:
        with self.ctx.db.read() as session:
            rows = session.execute(
                select(col(EventRow.id), col(EventRow.story_id)).where(
                    col(EventRow.id) > self._floor
                )
            ).all()
        changed = {sid for eid, sid in rows if eid not in self._seen}
        self._seen.update(eid for eid, _ in rows)
        if self._seen:
            floor = max(self._seen) - LOOKBACK_EVENTS
            if floor > self._floor:
                self._floor = floor
                self._seen = {e for e in self._seen if e > floor}
        return changed

    def _lock_snapshot(self) -> dict[int, str]:
        return {sid: info.editor for sid, info in LockService(self.ctx).live_locks().items()}

    def _lock_changes(self) -> set[int]:
        self._next_lock_check = time.monotonic() + self.lock_check_every
        now = self._lock_snapshot()
        before, self._locks = self._locks, now
        return {sid for sid in before.keys() | now.keys() if before.get(sid) != now.get(sid)}

    # -- the listening threads --------------------------------------------------
    def _data_version(self) -> int:
        cursor = self._conn.cursor()
        try:
            cursor.execute("PRAGMA data_version")
            return int(cursor.fetchone()[0])
        finally:
            cursor.close()

    def _poll_sqlite(self, last: int) -> None:
        while not self._stop.wait(self.poll_every):
            try:
                current = self._data_version()
            except Exception as exc:  # reported; the desk keeps running
                self.error = f"change check failed: {exc}"
                self._signals.put(_WAKE)
                continue
            if current != last:
                last = current
                self._signals.put(_WAKE)

    def _listen_postgres(self) -> None:
        pg = self._conn
        while not self._stop.is_set():
            try:
                for note in pg.notifies(timeout=0.5):
                    payload = note.payload.strip()
                    self._signals.put(int(payload) if payload.isdigit() else _WAKE)
            except Exception as exc:  # the connection died: poll instead
                if self._stop.is_set():
                    return
                self.error = f"lost the change feed, checking every second: {exc}"
                self.error = self.error.splitlines()[0]
                while not self._stop.wait(1.0):
                    self._signals.put(_WAKE)
                return


def _quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
