"""The publication queue: queue, unqueue, reorder, priority and embargo.

Every change goes through `apply_change`, so it is versioned and recorded in
history. Position changes run inside one write transaction holding the queue
lock (a transaction-level advisory lock on PostgreSQL; SQLite write
transactions are already serialised by BEGIN IMMEDIATE), so two editors
reordering at once can never give two stories the same position.

Stored positions are spaced keys (1024, 2048, ...): a story moves between its
new neighbours without touching them. Editors see ordinals 1, 2, 3 ...
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, func, select, text, update
from sqlmodel import Session, col

from deskapp.core import queue_rules
from deskapp.core.listing import StorySummary
from deskapp.core.story import Status, Story
from deskapp.services.bulk import BulkResult
from deskapp.services.changes import (
    StoryEdit,
    apply_change,
    load_story,
)
from deskapp.services.context import ServiceContext
from deskapp.services.errors import BadValue, InvalidInput, ServiceError
from deskapp.store import listing
from deskapp.store.rows import as_utc
from deskapp.store.tables import CreditRow, StoryRow, table_of

QUEUE_LOCK_KEY = 5_141_592_653  # pg_advisory_xact_lock key for queue positions
_UNSET = object()


class NotReady(ServiceError):
    """Queueing refused: the story lacks something. Nothing was changed."""

    exit_code = 1

    def __init__(self, story_id: int, missing: list[str]) -> None:
        self.story_id = story_id
        self.missing = list(missing)
        super().__init__(
            f"{self.short()}; nothing changed (forcing queues it anyway, flagged not ready)"
        )

    def short(self) -> str:
        """What is missing, without the advice (each face gives its own)."""
        return (
            f"story {self.story_id} is not ready: it needs "
            f"{queue_rules.describe_missing(self.missing)}"
        )


@dataclass(frozen=True, slots=True)
class QueueEntry:
    """One line of the queue, in order: what the queue list and the queue view show."""

    position: int  # 1-based, as the editor sees it
    priority: int | None
    embargo_until: datetime | None
    missing: tuple[str, ...]  # what the story still needs; empty when ready
    forced: bool  # queued with force while not ready
    summary: StorySummary

    @property
    def story_id(self) -> int:
        return self.summary.id

    @property
    def ready(self) -> bool:
        return not self.missing

    def embargoed(self, now: datetime) -> bool:
        return queue_rules.is_embargoed(self.embargo_until, now)


def lock_queue(session: Session) -> None:
    """Serialise queue position changes until the transaction ends."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": QUEUE_LOCK_KEY})


Keyed = list[tuple[int, int, int | None]]  # (story id, position key, priority), in order


def queued_rows(session: Session, *, exclude: int | None = None) -> Keyed:
    """(id, position key, priority) of every queued story, in queue order."""
    stmt = (
        select(col(StoryRow.id), col(StoryRow.queue_position), col(StoryRow.priority))
        .where(col(StoryRow.status) == str(Status.QUEUED))
        .order_by(col(StoryRow.queue_position).asc().nulls_last(), col(StoryRow.id).asc())
    )
    return [(sid, pos, pri) for sid, pos, pri in session.execute(stmt) if sid != exclude]


def renumber(session: Session, rows: Keyed) -> Keyed:
    """Give `rows` fresh spaced keys in their order (their order does not change)."""
    keys = queue_rules.spaced_keys(len(rows))
    if rows:
        table = table_of(StoryRow)
        session.execute(
            update(table)
            .where(table.c.id == bindparam("b_id"))
            .values(queue_position=bindparam("b_pos")),
            [{"b_id": sid, "b_pos": key} for (sid, _, _), key in zip(rows, keys, strict=True)],
        )
    return [(sid, key, pri) for (sid, _, pri), key in zip(rows, keys, strict=True)]


def key_at(session: Session, rows: Keyed, index: int) -> tuple[int, Keyed]:
    """A free key for a story placed at `index` among `rows`, and the rows' keys now.

    When the neighbours leave no gap, every queued story is renumbered first
    (same order, fresh spaced keys): a storage detail the editor never sees.
    """

    def between(rs: Keyed) -> int | None:
        before = rs[index - 1][1] if index > 0 else None
        after = rs[index][1] if index < len(rs) else None
        return queue_rules.key_between(before, after)

    key = between(rows) if all(r[1] is not None for r in rows) else None
    if key is None:
        rows = renumber(session, rows)
        key = between(rows)
    assert key is not None
    return key, rows


def restore_position(edit: StoryEdit, key: int | None) -> None:
    """Put a story back at (or next to) an earlier queue key, without taking another's.

    Undo and revert restore positions through here: the key is reused when it is
    still free, else the story goes where that key would sort among the others.
    The caller holds the queue lock.
    """
    if edit.row.status != Status.QUEUED:
        edit.set("queue_position", None)
        return
    rows = queued_rows(edit.session, exclude=edit.row.id)
    if key is not None and all(r[1] != key for r in rows):
        edit.set("queue_position", key)
        return
    index = len(rows) if key is None else sum(1 for r in rows if r[1] is not None and r[1] < key)
    edit.set("queue_position", key_at(edit.session, rows, index)[0])


def row_missing(edit: StoryEdit) -> list[str]:
    row = edit.row
    writers = [c.name for c in edit.credits() if c.role in queue_rules.AUTHOR_ROLES]
    return queue_rules.missing_parts(
        desk=row.desk,
        headline=row.headline,
        body=row.body,
        writers=writers,
        killed=row.killed,
        withdrawn=row.withdrawn,
    )


class QueueService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # -- reading -------------------------------------------------------------
    def list_entries(self) -> list[QueueEntry]:
        """Every queued story in queue order, with readiness."""
        with self.ctx.db.read() as session:
            rows = session.execute(
                select(
                    col(StoryRow.id),
                    col(StoryRow.priority),
                    col(StoryRow.embargo_until),
                    col(StoryRow.desk),
                    col(StoryRow.headline),
                    func.length(func.trim(col(StoryRow.body))),
                    col(StoryRow.killed),
                    col(StoryRow.queue_forced),
                )
                .where(col(StoryRow.status) == str(Status.QUEUED))
                .order_by(col(StoryRow.queue_position).asc().nulls_last(), col(StoryRow.id).asc())
            ).all()
            ids = [r[0] for r in rows]
            writers: dict[int, list[str]] = {}
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                for sid, name in session.execute(
                    select(col(CreditRow.story_id), col(CreditRow.name)).where(
                        col(CreditRow.story_id).in_(chunk),
                        col(CreditRow.role).in_(queue_rules.AUTHOR_ROLES),
                    )
                ):
                    writers.setdefault(sid, []).append(name)
            summaries: dict[int, StorySummary] = {}
            for start in range(0, len(ids), 500):
                summaries.update(
                    listing.summaries(session, ids[start : start + 500], self.ctx.now())
                )
        entries = []
        for n, (sid, priority, embargo, desk, headline, body_len, killed, forced) in enumerate(
            rows, start=1
        ):
            missing = queue_rules.missing_parts(
                desk=desk,
                headline=headline,
                body="x" if body_len else "",
                writers=writers.get(sid, []),
                killed=killed,
            )
            entries.append(
                QueueEntry(
                    position=n,
                    priority=priority,
                    embargo_until=as_utc(embargo),
                    missing=tuple(missing),
                    forced=forced,
                    summary=summaries[sid],
                )
            )
        return entries

    def missing(self, story_id: int) -> list[str]:
        """What a story still needs before it can be queued; empty when ready."""
        with self.ctx.db.read() as session:
            return queue_rules.missing_for(load_story(session, story_id))

    def position(self, story_id: int) -> int | None:
        """The story's 1-based place in the queue, or None when it is not queued."""
        with self.ctx.db.read() as session:
            row = session.get(StoryRow, story_id)
            if row is None or row.status != Status.QUEUED or row.queue_position is None:
                return None
            ahead = session.execute(
                select(func.count())
                .select_from(StoryRow)
                .where(
                    col(StoryRow.status) == str(Status.QUEUED),
                    (col(StoryRow.queue_position) < row.queue_position)
                    | (
                        (col(StoryRow.queue_position) == row.queue_position)
                        & (col(StoryRow.id) < story_id)
                    ),
                )
            ).scalar_one()
        return int(ahead) + 1

    def rank(self, story_id: int) -> int | None:
        """The #n the Queue view shows for the story (1-based), or None when not queued."""
        return self.position(story_id)

    # -- changing --------------------------------------------------------------
    def add(
        self,
        story_id: int,
        *,
        priority: int | None = None,
        embargo: datetime | None = None,
        force: bool = False,
        expect_version: int | None = None,
    ) -> Story:
        """Queue a story: after others of the same priority, below higher priorities.

        Refuses (NotReady, nothing changed) when the story lacks a desk, a headline,
        a body or an author credit (writer or reporter), unless `force`, which queues
        it flagged. A story
        the wire killed or withholds is refused even with `force` (InvalidInput).
        Queueing an already queued story with a priority or an embargo sets those.
        """
        _check_priority(priority)
        _check_time(embargo)

        def apply(edit: StoryEdit, session: Session) -> None:
            row = edit.row
            if row.status == Status.SPIKED:
                raise InvalidInput(f"story {story_id} is spiked: unspike it before queueing")
            refusal = queue_rules.wire_refusal(story_id, killed=row.killed, withdrawn=row.withdrawn)
            if refusal and row.status != Status.QUEUED:
                raise InvalidInput(refusal)
            if priority is not None:
                edit.set("priority", priority)
            if embargo is not None:
                edit.set("embargo_until", embargo)
            if row.status == Status.QUEUED:
                if not edit.changes:
                    raise InvalidInput(f"story {story_id} is already queued")
                return
            missing = row_missing(edit)
            if missing and not force:
                raise NotReady(story_id, missing)
            rows = queued_rows(session, exclude=story_id)
            index = queue_rules.insert_index([r[2] for r in rows], row.priority)
            edit.set("status", str(Status.QUEUED))
            edit.set("queue_position", key_at(session, rows, index)[0])
            edit.set("queue_forced", bool(missing))

        return self._change(story_id, "queue", apply, expect_version, lock=True)

    def add_many(
        self,
        story_ids: list[int],
        *,
        force: bool = False,
        expect_versions: dict[int, int] | None = None,
    ) -> BulkResult:
        """Queue every story given, in one transaction, as `add` one by one would.

        Stories already queued stay where they are ("unchanged"); spiked, killed
        or withheld stories, and (unless `force`) stories not ready, are refused
        with the reason. Each queued story gets its own version and history event.
        """
        from deskapp.services.queue_bulk import add_many

        return add_many(self.ctx, story_ids, force=force, expect_versions=expect_versions)

    def remove_many(
        self, story_ids: list[int], *, expect_versions: dict[int, int] | None = None
    ) -> BulkResult:
        """Take every story given out of the queue, in one transaction.

        Stories not queued are left untouched ("unchanged"); each one taken out
        gets its own version and history event, as `remove` gives it.
        """
        from deskapp.services.queue_bulk import remove_many

        return remove_many(self.ctx, story_ids, expect_versions=expect_versions)

    def remove(self, story_id: int, *, expect_version: int | None = None) -> Story:
        """Take a story out of the queue, back to editing (or the inbox without a desk)."""

        def apply(edit: StoryEdit, _session: Session) -> None:
            if edit.row.status != Status.QUEUED:
                raise InvalidInput(f"story {story_id} is not queued")
            unqueue(edit)

        return self._change(story_id, "unqueue", apply, expect_version, lock=True)

    def move(
        self,
        story_id: int,
        *,
        to: int | None = None,
        up: bool = False,
        down: bool = False,
        expect_version: int | None = None,
    ) -> Story:
        """Move a queued story to 1-based position `to`, or one place up or down."""
        if sum([to is not None, up, down]) != 1:
            raise InvalidInput("move needs exactly one of: a position, up, down")
        if to is not None and to < 1:
            raise BadValue(f"queue positions start at 1, not {to}")

        def apply(edit: StoryEdit, session: Session) -> None:
            if edit.row.status != Status.QUEUED:
                raise InvalidInput(f"story {story_id} is not queued")
            everyone = queued_rows(session)
            current = [r[0] for r in everyone].index(story_id)
            rows = [r for r in everyone if r[0] != story_id]
            if to is not None:
                index = min(to, len(everyone)) - 1
            else:
                index = max(0, min(len(rows), current + (-1 if up else 1)))
            if index == current:
                return  # already there: nothing changes, nothing recorded
            edit.set("queue_position", key_at(session, rows, index)[0])

        return self._change(story_id, "queue-move", apply, expect_version, lock=True)

    def set_priority(
        self, story_id: int, priority: int | None, *, expect_version: int | None = None
    ) -> Story:
        """Set the wire priority (None clears it). The queue position stays as it is."""
        _check_priority(priority)
        return self._change(
            story_id, "priority", lambda edit, _s: edit.set("priority", priority), expect_version
        )

    def set_embargo(
        self, story_id: int, embargo: datetime | None, *, expect_version: int | None = None
    ) -> Story:
        """Hold a story until `embargo` (a time with its zone; None lifts the embargo)."""
        _check_time(embargo)
        return self._change(
            story_id,
            "embargo",
            lambda edit, _s: edit.set("embargo_until", as_utc(embargo)),
            expect_version,
        )

    def _change(
        self,
        story_id: int,
        action: str,
        apply: Callable[[StoryEdit, Session], None],
        expect_version: int | None,
        *,
        lock: bool = False,
    ) -> Story:
        with self.ctx.db.write() as session:
            if lock:
                lock_queue(session)
            apply_change(
                session,
                self.ctx,
                story_id,
                action,
                lambda edit: apply(edit, session),
                expect_version=expect_version,
            )
            return load_story(session, story_id)


def unqueue(edit: StoryEdit) -> None:
    """Out of the queue: back to editing, or to the inbox for a story with no desk."""
    edit.set("status", str(Status.EDITING if edit.row.desk else Status.INBOX))
    edit.set("queue_position", None)
    edit.set("queue_forced", False)


def _check_priority(priority: int | None) -> None:
    if priority is not None:
        problem = queue_rules.check_priority(priority)
        if problem:
            raise BadValue(problem)


def _check_time(when: datetime | None) -> None:
    if when is not None and when.tzinfo is None:
        raise InvalidInput("an embargo time needs its time zone")
