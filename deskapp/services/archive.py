"""Archiving: old spiked and published stories leave the working tables, and come back.

`archive(older_than)` moves every story that is spiked or published and whose
last change (its newest history event: an edit, a note, a spike, an export;
else when it came in) is older than the cutoff into the archive tables, with
its credits, notes, history, drafts and export records, and records an
"archive" event in its history. It leaves on the desk, and says so:

- a story someone holds a live edit lock on (they are working on it);
- a story with an open follow-up (an unresolved note): a question still open is
  not done with, whatever its status. Resolve it, and the next run archives it.

Stories move in batches of `BATCH`, one transaction each: a run stopped
anywhere (kill -9, a lost connection) leaves each story wholly live or wholly
archived, and running it again picks up the rest. `restore(id)` brings a story
back as it was, with a "restore" event; nothing is ever deleted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlmodel import Session

from deskapp.core.listing import HistoryEntry, StoryChange, StoryFilter
from deskapp.core.story import Story
from deskapp.services.changes import load_story, notify
from deskapp.services.context import ServiceContext
from deskapp.services.errors import BadValue, InvalidInput, NotFound
from deskapp.store import archive as store
from deskapp.store.archive import ArchivedStory, ArchivedSummary, Candidate
from deskapp.store.tables import EventRow, StoryRow, table_of

GONE = frozenset({"gone"})  # what an open desk hears of an archived story
NEW = frozenset({"new"})  # ... and of one restored

BATCH = 1000
ARCHIVE_ACTION = "archive"
RESTORE_ACTION = "restore"
_UNITS = {"h": ("hour", 1 / 24), "d": ("day", 1), "w": ("week", 7)}


def parse_age(value: str) -> timedelta:
    """'90d', '12w', '36h' -> a timedelta; BadValue (exit 2) naming the form otherwise."""
    text = value.strip().lower()
    number, unit = text[:-1].strip(), text[-1:]
    if unit not in _UNITS or not number.isdigit() or int(number) <= 0:
        raise BadValue(
            f"--older-than takes a number of hours, days or weeks, like 36h, 90d or 12w "
            f"(not {value!r})"
        )
    return timedelta(days=int(number) * _UNITS[unit][1])


@dataclass(slots=True)
class ArchiveRun:
    """What a run moved (or, dry, would move) and what it left on the desk, and why."""

    cutoff: datetime
    dry_run: bool
    moved: list[Candidate] = field(default_factory=list)
    kept: list[Candidate] = field(default_factory=list)
    batches: int = 0

    def to_json(self) -> dict:
        def one(c: Candidate) -> dict:
            return {
                "id": c.id,
                "status": str(c.status),
                "headline": c.headline,
                "last_change": c.last_change.isoformat() if c.last_change else None,
            }

        return {
            "dry_run": self.dry_run,
            "cutoff": self.cutoff.isoformat(),
            "would_archive" if self.dry_run else "archived": [one(c) for c in self.moved],
            "kept": [{**one(c), "reason": c.kept_because} for c in self.kept],
        }


@dataclass(slots=True)
class Restored:
    story: Story
    archive_id: int  # its number in the archive; `story.id` differs only if that was taken


class ArchiveService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # -- reading -----------------------------------------------------------------
    def plan(self, older_than: timedelta, *, batch: int = BATCH) -> ArchiveRun:
        """What `archive(older_than)` would move and keep now (changes nothing)."""
        now = self.ctx.now()
        run = ArchiveRun(cutoff=now - older_than, dry_run=True)
        after = 0
        with self.ctx.db.read() as session:
            while found := store.candidates(session, run.cutoff, now, after=after, limit=batch):
                for c in found:
                    (run.kept if c.kept_because else run.moved).append(c)
                after = found[-1].id
        return run

    def get(self, story_id: int) -> ArchivedStory:
        with self.ctx.db.read() as session:
            found = store.load(session, story_id)
        if found is None:
            raise NotFound(f"no archived story {story_id}")
        return found

    def history(self, story_id: int) -> list[HistoryEntry]:
        with self.ctx.db.read() as session:
            if store.load(session, story_id) is None:
                raise NotFound(f"no archived story {story_id}")
            return store.history(session, story_id)

    def list_stories(self, flt: StoryFilter, limit: int = 50) -> list[ArchivedSummary]:
        with self.ctx.db.read() as session:
            return store.page(session, flt, limit)

    def count(self) -> int:
        with self.ctx.db.read() as session:
            return store.count(session)

    # -- changing ----------------------------------------------------------------
    def archive(
        self,
        older_than: timedelta,
        *,
        batch: int = BATCH,
        on_batch: Callable[[ArchiveRun], None] | None = None,
    ) -> ArchiveRun:
        """Move every story done with for longer than `older_than` into the archive.

        One transaction per `batch` stories; `on_batch` hears the run so far after
        each one is committed (a progress line; an exception there stops the run
        with every batch before it archived and nothing of the next one)."""
        if batch < 1:
            raise InvalidInput("a batch holds at least one story")
        now = self.ctx.now()
        run = ArchiveRun(cutoff=now - older_than, dry_run=False)
        after = 0
        while True:
            with self.ctx.db.write() as session:
                found = store.candidates(
                    session, run.cutoff, now, after=after, limit=batch, lock=True
                )
                if not found:
                    break
                going = [c for c in found if not c.kept_because]
                self._record(session, [c.id for c in going], ARCHIVE_ACTION, now)
                store.move_to_archive(session, [c.id for c in going], now, self.ctx.editor)
                if going:
                    notify(session, [StoryChange(c.id, GONE) for c in going])
            run.moved.extend(going)
            run.kept.extend(c for c in found if c.kept_because)
            run.batches += 1
            after = found[-1].id
            if on_batch is not None:
                on_batch(run)
        return run

    def restore(self, story_id: int) -> Restored:
        """Bring an archived story back to the desk as it was, with a "restore" event.

        Refused (nothing changes) when a story came in under its wire id since."""
        now = self.ctx.now()
        with self.ctx.db.write() as session:
            found = store.load(session, story_id)
            if found is None:
                raise NotFound(f"no archived story {story_id}")
            other = store.uid_taken(session, found.story.uid)
            if other is not None:
                raise InvalidInput(
                    f"archived story {story_id} cannot come back: story {other} has its "
                    "wire id now; nothing changed"
                )
            live_id = store.move_back(session, story_id)
            self._record(session, [live_id], RESTORE_ACTION, now)
            notify(session, [StoryChange(live_id, NEW)])
            return Restored(load_story(session, live_id), story_id)

    def _record(self, session: Session, ids: list[int], act: str, now: datetime) -> None:
        """Bump each story's version and write its history event (before it moves)."""
        if not ids:
            return
        story = table_of(StoryRow)
        session.execute(
            update(story).where(story.c.id.in_(ids)).values(version=story.c.version + 1)
        )
        versions = session.execute(
            story.select().with_only_columns(story.c.id, story.c.version).where(story.c.id.in_(ids))
        ).all()
        session.execute(
            table_of(EventRow).insert(),
            [
                {
                    "story_id": sid,
                    "at": now,
                    "editor": self.ctx.editor,
                    "action": act,
                    "version": version,
                    "changes": {},
                }
                for sid, version in versions
            ],
        )
