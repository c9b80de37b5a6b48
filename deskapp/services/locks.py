"""Soft edit locks: who is editing which story, kept alive by a heartbeat.

A lock never stops anyone reading, and versions (not locks) guard every write;
the lock tells the rest of the desk "Ana is editing" so nobody starts the same
work. The holder calls `heartbeat` every `HEARTBEAT_EVERY` seconds; a lock
whose heartbeat stopped for `LOCK_TTL` (a crashed terminal, a closed laptop)
is expired: lists ignore it and the next editor simply takes the story.
Taking over a live lock needs `take_over=True` and is written to the story's
history as a "lock-takeover" event ({"lock": [previous holder, new holder]}).

Lock changes reach other desks: on PostgreSQL through the same NOTIFY as story
changes (kind "lock"); on SQLite the desks' change check (`deskapp.services.live`)
compares `live_locks()` (an index range: the held locks only) whenever the file
changes. A lapse writes nothing: each desk reads again, by key, the locks it
knows of once their expiry has passed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlmodel import Session, col

from deskapp.core.listing import StoryChange
from deskapp.services.changes import lock_story_row, notify
from deskapp.services.context import ServiceContext
from deskapp.services.errors import ServiceError
from deskapp.store.listing import LOCK_TTL
from deskapp.store.rows import as_utc, rows_changed
from deskapp.store.tables import EventRow, LockRow

HEARTBEAT_EVERY = 10.0  # seconds; well inside LOCK_TTL so one late beat loses nothing
TAKEOVER_ACTION = "lock-takeover"
LOCK_KIND = frozenset({"lock"})

__all__ = ["HEARTBEAT_EVERY", "LOCK_TTL", "LockInfo", "LockLost", "LockService", "Locked"]


@dataclass(frozen=True, slots=True)
class LockInfo:
    """Who holds a story's lock, since when, and when it lapses without a heartbeat."""

    story_id: int
    editor: str
    acquired_at: datetime
    heartbeat_at: datetime

    @property
    def expires_at(self) -> datetime:
        return self.heartbeat_at + LOCK_TTL

    def live_at(self, now: datetime) -> bool:
        return self.expires_at > now


class Locked(ServiceError):
    """Someone else holds a live lock on the story. Nothing was changed."""

    exit_code = 3

    def __init__(self, holder: LockInfo) -> None:
        self.holder = holder
        super().__init__(
            f"story {holder.story_id} is being edited by {holder.editor} "
            f"since {holder.acquired_at:%Y-%m-%d %H:%M:%S} UTC"
        )


class LockLost(ServiceError):
    """A heartbeat found the editor's lock gone: someone took it (and maybe left since).
    Nothing was taken: the editor must open the story again (or take it over) to edit."""

    exit_code = 3


def _info(row: LockRow) -> LockInfo:
    acquired = as_utc(row.acquired_at) or as_utc(row.heartbeat_at)
    beat = as_utc(row.heartbeat_at) or acquired
    assert acquired is not None and beat is not None
    return LockInfo(
        story_id=row.story_id, editor=row.editor, acquired_at=acquired, heartbeat_at=beat
    )


class LockService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # -- reading -------------------------------------------------------------
    def holder(self, story_id: int) -> LockInfo | None:
        """The live lock on a story, or None (an expired lock counts as none)."""
        with self.ctx.db.read() as session:
            row = session.get(LockRow, story_id)
            if row is None:
                return None
            info = _info(row)
        return info if info.live_at(self.ctx.now()) else None

    def live_locks(self) -> dict[int, LockInfo]:
        """Every live lock, by story id: a handful of rows, cheap to poll."""
        cutoff = self.ctx.now() - LOCK_TTL
        with self.ctx.db.read() as session:
            rows = (
                session.execute(select(LockRow).where(col(LockRow.heartbeat_at) > cutoff))
                .scalars()
                .all()
            )
            return {r.story_id: _info(r) for r in rows}

    # -- changing ------------------------------------------------------------
    def acquire(self, story_id: int, *, take_over: bool = False) -> LockInfo:
        """Take the story's lock (or renew this editor's own).

        A live lock held by someone else raises `Locked`, unless `take_over`,
        which takes it and records the takeover in the story's history.
        """
        with self.ctx.db.write() as session:
            return self._acquire(session, story_id, take_over=take_over)

    def heartbeat(self, story_id: int) -> LockInfo:
        """Keep this editor's lock alive. If it lapsed and nobody took it, it is renewed.

        A lock that is no longer this editor's is lost for good: `Locked` while the
        one who took it still holds it, `LockLost` once they have let it go. A
        heartbeat never takes a lock back: after a takeover, the old holder's
        editor beating on (or leaving) must not leave a lock in their name.
        """
        now = self.ctx.now()
        with self.ctx.db.write() as session:
            renewed = rows_changed(
                session.execute(
                    update(LockRow)
                    .where(
                        col(LockRow.story_id) == story_id, col(LockRow.editor) == self.ctx.editor
                    )
                    .values(heartbeat_at=now)
                )
            )
            if renewed:
                row = session.get(LockRow, story_id)
                assert row is not None
                session.refresh(row)
                return _info(row)
            lock_story_row(session, story_id)  # NotFound for a story that is gone
            row = session.get(LockRow, story_id)
            if row is not None and _info(row).live_at(now):
                raise Locked(_info(row))
            raise LockLost(
                f"story {story_id}: your edit lock was taken"
                f"{self._taken_by(session, story_id)}; open the story again to edit"
            )

    def _taken_by(self, session: Session, story_id: int) -> str:
        """' by ana' from the newest takeover of this editor's lock on the story, or ''."""
        events = session.execute(
            select(EventRow)
            .where(col(EventRow.story_id) == story_id, col(EventRow.action) == TAKEOVER_ACTION)
            .order_by(col(EventRow.id).desc())
            .limit(20)
        ).scalars()
        for event in events:
            lock = (event.changes or {}).get("lock") or []
            if len(lock) == 2 and lock[0] == self.ctx.editor:
                return f" by {lock[1]}"
        return ""

    def release(self, story_id: int) -> bool:
        """Let go of this editor's lock. False if they did not hold it (nothing changed)."""
        with self.ctx.db.write() as session:
            gone = rows_changed(
                session.execute(
                    delete(LockRow).where(
                        col(LockRow.story_id) == story_id, col(LockRow.editor) == self.ctx.editor
                    )
                )
            )
            if gone:
                notify(session, [StoryChange(story_id, LOCK_KIND)])
            return bool(gone)

    def _acquire(self, session: Session, story_id: int, *, take_over: bool) -> LockInfo:
        story = lock_story_row(session, story_id)  # NotFound; one acquirer at a time
        now = self.ctx.now()
        me = self.ctx.editor
        row = session.get(LockRow, story_id)
        if row is not None and row.editor == me and _info(row).live_at(now):
            row.heartbeat_at = now
            session.add(row)
            session.flush()
            return _info(row)
        if row is not None and row.editor != me and _info(row).live_at(now):
            if not take_over:
                raise Locked(_info(row))
            session.add(
                EventRow(
                    story_id=story_id,
                    at=now,
                    editor=me,
                    action=TAKEOVER_ACTION,
                    version=story.version,
                    changes={"lock": [row.editor, me]},
                )
            )
        if row is None:
            row = LockRow(story_id=story_id, editor=me)
        row.editor = me
        row.acquired_at = now
        row.heartbeat_at = now
        session.add(row)
        session.flush()
        notify(session, [StoryChange(story_id, LOCK_KIND)])
        return _info(row)
