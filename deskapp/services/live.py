"""Changes made by other desks, as they happen: one API on PostgreSQL and on SQLite.

    live = LiveChanges(services.ctx)
    live.start()                      # from now on
    while running:
        changes = live.wait(1.0)      # [StoryChange(id, what)], one per story (empty on timeout)
        ...update those rows...
    live.stop()

A Textual desk calls `wait` from a thread worker and posts the changes back as
a message. What counts as a change: any new history event (new stories, desk,
status, queue, credits, notes, copy, reverts, lock takeovers) and any lock
taken, released or expired. Each `StoryChange` names what changed in the words
of `deskapp.core.listing.CHANGE_KINDS` (an empty `what`: anything may have).

How the news arrives, and what a wake-up costs (never the size of a table or a view):
- PostgreSQL: every transaction that changes stories sends, just before it
  commits, NOTIFY payloads naming the stories and what changed
  (`deskapp.services.changes.notify`); a dedicated connection LISTENs on the
  schema's channel and a thread hands them over. The news arrives a few
  milliseconds after the commit, and only if it commits: a transaction that
  committed late is heard when it commits. A wake-up reads nothing but the
  lock rows of stories whose lock changed (by key), to know when they expire.
- SQLite: a dedicated connection asks `PRAGMA data_version` every `poll_every`
  seconds; it changes only when another connection committed, so an idle desk
  costs one tiny query per poll. On a change the desk reads the history events
  above the newest it has seen (a range of the events' primary key: the new
  ones only; SQLite has one writer at a time, who allocates ids in commit
  order, so none can appear below one already read) and the live locks (an
  index range on `heartbeat_at`: the locks being held now, not every row).
Lock expiry: nobody writes when a lock lapses, so every `lock_check_every`
seconds the locks this desk knows of are compared with the clock (in memory);
only those past their expiry are read again, by key (a heartbeat may have
renewed them; PostgreSQL sends no NOTIFY for a heartbeat).
If the PostgreSQL listening connection dies, the desk falls back to reading
new events (with a look-back, as transactions there may commit out of id
order) and the live locks every second, and says so in `error`.
"""

from __future__ import annotations

import contextlib
import queue
import threading
import time
from collections.abc import Iterable
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import func, select
from sqlmodel import col

from deskapp.core.listing import StoryChange
from deskapp.services.changes import (
    CHANNEL_SQL,
    NOTIFY_CHANNEL,
    change_kinds,
    merge_change,
    parse_payload,
)
from deskapp.services.clusters import CLUSTER
from deskapp.services.context import ServiceContext
from deskapp.services.locks import LOCK_KIND, LockService
from deskapp.store import clusters
from deskapp.store.listing import LOCK_TTL
from deskapp.store.rows import as_utc
from deskapp.store.tables import EventRow, LockRow

LOOKBACK_EVENTS = 200  # PostgreSQL fallback: event ids below the newest seen read again
_WAKE = object()  # a signal without a story id: "something changed, go and look"

Held = tuple[str, datetime]  # a live lock: its holder and when it lapses


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
        self._floor = 0  # events above this id are read on a wake-up
        self._seen: set[int] = set()  # PostgreSQL fallback: events read in the look-back
        self._locks: dict[int, Held] = {}
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
    def wait(self, timeout: float) -> list[StoryChange]:
        """Block up to `timeout` seconds for changes; one `StoryChange` per story changed.

        Call it from one thread at a time (a desk's worker). Returns as soon as
        anything changed, or an empty list when the time is up. The desk's own
        changes come back too (harmless: the row is read again).
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
            changed: dict[int, set[str] | None] = {}
            items = [] if first is None else [first, *self._drain()]
            told = [change for item in items if isinstance(item, list) for change in item]
            for change in told:
                merge_change(changed, change.story_id, change.what)
            if any(item is _WAKE for item in items):
                for sid, what in self._new_events():
                    merge_change(changed, sid, what)
                for sid in self._lock_changes():
                    merge_change(changed, sid, LOCK_KIND)
            else:
                self._reread_locks({c.story_id for c in told if not c.what or "lock" in c.what})
            if time.monotonic() >= self._next_lock_check:
                for sid in self._expired_locks():
                    merge_change(changed, sid, LOCK_KIND)
            if changed or time.monotonic() >= deadline:
                return [StoryChange(sid, frozenset(changed[sid] or ())) for sid in sorted(changed)]

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
            newest = session.execute(select(func.max(col(EventRow.id)))).scalar() or 0
        self._floor = int(newest)
        self._seen = set()
        self._locks = self._live_locks()
        self._next_lock_check = time.monotonic() + self.lock_check_every

    def _new_events(self) -> list[tuple[int, frozenset[str]]]:
        """(story id, what) of each event not read yet: a primary-key range read.

        SQLite: one writer at a time takes the next id, so ids arrive in commit
        order and everything at or below the newest read has been read. On
        PostgreSQL (only when the NOTIFY feed is lost) a transaction may commit
        after one with a higher id, so the last `LOOKBACK_EVENTS` ids are read again.
        """
        lookback = 0 if self.ctx.db.is_sqlite else LOOKBACK_EVENTS
        with self.ctx.db.read() as session:
            rows = session.execute(
                select(
                    col(EventRow.id),
                    col(EventRow.story_id),
                    col(EventRow.action),
                    col(EventRow.changes),
                )
                .where(col(EventRow.id) > self._floor)
                .order_by(col(EventRow.id))
            ).all()
        fresh = [
            (sid, change_kinds(action, changes or {}))
            for eid, sid, action, changes in rows
            if eid not in self._seen
        ]
        fresh.extend(self._cluster_left(rows))
        if not rows:
            return fresh
        newest = rows[-1][0]
        if lookback:
            self._seen.update(eid for eid, *_ in rows)
            floor = newest - lookback
            if floor > self._floor:
                self._floor = floor
                self._seen = {e for e in self._seen if e > floor}
        else:
            self._floor = newest
        return fresh

    def _cluster_left(self, rows: Iterable[Any]) -> list[tuple[int, frozenset[str]]]:
        """The other stories of the clusters these events took a story out of (a split by
        another editor): their cluster's row changes, and their label may not (PostgreSQL
        tells them itself: `ClusterService.split`)."""
        left = {
            changes["cluster_id"][0]
            for eid, _sid, _action, changes in rows
            if eid not in self._seen
            and isinstance((changes or {}).get("cluster_id"), list)
            and changes["cluster_id"][0] is not None
        }
        if not left:
            return []
        with self.ctx.db.read() as session:
            members = clusters.members_of(session.connection(), sorted(left))
        return [(sid, CLUSTER) for sid in members]

    def _live_locks(self) -> dict[int, Held]:
        """The locks held now: an index range on heartbeat_at (live locks only)."""
        return {
            sid: (info.editor, info.expires_at)
            for sid, info in LockService(self.ctx).live_locks().items()
        }

    def _lock_changes(self) -> set[int]:
        """Stories whose lock was taken, released, taken over or lapsed since the last look."""
        self._next_lock_check = time.monotonic() + self.lock_check_every
        now = self._live_locks()
        before, self._locks = self._locks, now
        return {
            sid
            for sid in before.keys() | now.keys()
            if (before.get(sid) or ("",))[0] != (now.get(sid) or ("",))[0]
        }

    def _reread_locks(self, story_ids: Iterable[int]) -> dict[int, Held | None]:
        """Read these stories' lock rows by key; keep the live ones. Their state before."""
        ids = sorted(set(story_ids))
        if not ids:
            return {}
        with self.ctx.db.read() as session:
            rows = (
                session.execute(select(LockRow).where(col(LockRow.story_id).in_(ids)))
                .scalars()
                .all()
            )
            found = {r.story_id: (r.editor, as_utc(r.heartbeat_at)) for r in rows}
        now = self.ctx.now()
        before = {sid: self._locks.get(sid) for sid in ids}
        for sid in ids:
            editor, beat = found.get(sid, ("", None))
            if beat is not None and beat + LOCK_TTL > now:
                self._locks[sid] = (editor, beat + LOCK_TTL)
            else:
                self._locks.pop(sid, None)
        return before

    def _expired_locks(self) -> set[int]:
        """Locks this desk knows of that are past their expiry and were not renewed."""
        self._next_lock_check = time.monotonic() + self.lock_check_every
        now = self.ctx.now()
        due = [sid for sid, (_, expires) in self._locks.items() if expires <= now]
        before = self._reread_locks(due)
        return {
            sid
            for sid, held in before.items()
            if (held or ("",))[0] != (self._locks.get(sid) or ("",))[0]
        }

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
                    self._signals.put(parse_payload(note.payload) or _WAKE)
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


class Feed(Protocol):
    def wait(self, timeout: float) -> list[StoryChange]: ...


def gather(live: Feed, changes: list[StoryChange], within: float) -> list[StoryChange]:
    """`changes` with every other change that arrives within `within` seconds, one per
    story (what each touched merged; "not known what" wins): a desk redraws once for a
    burst, not once for each change in it."""
    merged: dict[int, set[str] | None] = {}
    for change in changes:
        merge_change(merged, change.story_id, change.what)
    until = time.monotonic() + within
    while (left := until - time.monotonic()) > 0:
        for change in live.wait(left):
            merge_change(merged, change.story_id, change.what)
    return [StoryChange(sid, frozenset(merged[sid] or ())) for sid in sorted(merged)]
