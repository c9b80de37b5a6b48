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

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, func, select, text, update
from sqlmodel import Session

from deskapp.core import queue_rules
from deskapp.core.listing import StorySummary
from deskapp.core.story import Status, Story
from deskapp.services.changes import StoryEdit, apply_change, load_story, notify
from deskapp.services.context import ServiceContext
from deskapp.services.errors import InvalidInput, ServiceError
from deskapp.store import listing
from deskapp.store.rows import as_utc
from deskapp.store.tables import CreditRow, EventRow, StoryRow

QUEUE_LOCK_KEY = 5_141_592_653  # pg_advisory_xact_lock key for queue positions
_UNSET = object()


class NotReady(ServiceError):
    """Queueing refused: the story lacks something. Nothing was changed."""

    exit_code = 1

    def __init__(self, story_id: int, missing: list[str]) -> None:
        self.story_id = story_id
        self.missing = list(missing)
        super().__init__(f"{self.short()}; nothing changed "
                         "(force queues it anyway, flagged not ready)")

    def short(self) -> str:
        """What is missing, without the advice (each face gives its own)."""
        return (f"story {self.story_id} is not ready: it needs "
                f"{queue_rules.describe_missing(self.missing)}")


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
    stmt = (select(StoryRow.id, StoryRow.queue_position, StoryRow.priority)
            .where(StoryRow.status == str(Status.QUEUED))
            .order_by(StoryRow.queue_position.asc().nulls_last(), StoryRow.id.asc()))
    return [(sid, pos, pri) for sid, pos, pri in session.execute(stmt) if sid != exclude]


def renumber(session: Session, rows: Keyed) -> Keyed:
    """Give `rows` fresh spaced keys in their order (their order does not change)."""
    keys = queue_rules.spaced_keys(len(rows))
    if rows:
        table = StoryRow.__table__
        session.execute(
            update(table).where(table.c.id == bindparam("b_id"))
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


def _queue_candidates(session: Session, ids: list[int]) -> dict[int, dict]:
    """Status, version, priority and what is missing, for each story in `ids` that exists."""
    table = StoryRow.__table__
    out: dict[int, dict] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        stmt = select(table.c.id, table.c.version, table.c.status, table.c.desk,
                      table.c.headline, func.length(func.trim(table.c.body)), table.c.killed,
                      table.c.priority).where(table.c.id.in_(chunk))
        if session.get_bind().dialect.name == "postgresql":
            stmt = stmt.with_for_update()
        writers: dict[int, list[str]] = {}
        for sid, name in session.execute(select(CreditRow.story_id, CreditRow.name).where(
                CreditRow.story_id.in_(chunk), CreditRow.role.in_(queue_rules.AUTHOR_ROLES))):
            writers.setdefault(sid, []).append(name)
        for sid, version, status, desk, headline, body_len, killed, priority in session.execute(
                stmt):
            missing = queue_rules.missing_parts(desk=desk, headline=headline,
                                                body="x" if body_len else "",
                                                writers=writers.get(sid, []), killed=killed)
            out[sid] = {"version": version, "status": status, "priority": priority,
                        "missing": missing}
    return out


def _bulk_order(existing: list[tuple[int, int | None]], new: list[tuple[int, int | None]]
                ) -> list[int]:
    """The queue after inserting `new` (in order) one by one by `insert_index`, computed at once.

    Each new entry lands after the last existing entry of its priority or higher; new
    entries landing in the same gap are ordered by priority, then as given.
    """
    eff = queue_rules.effective_priority
    anchors: dict[int, int] = {}
    for level in {eff(p) for _, p in new}:
        anchors[level] = max((n for n, (_, p) in enumerate(existing) if eff(p) <= level),
                             default=-1)
    gaps: dict[int, list[tuple[int, int, int]]] = {}
    for n, (sid, p) in enumerate(new):
        gaps.setdefault(anchors[eff(p)], []).append((eff(p), n, sid))
    order = [sid for _, _, sid in sorted(gaps.get(-1, []))]
    for index, (sid, _) in enumerate(existing):
        order.append(sid)
        order += [s for _, _, s in sorted(gaps.get(index, []))]
    return order


def row_missing(edit: StoryEdit) -> list[str]:
    row = edit.row
    writers = [c.name for c in edit.credits() if c.role in queue_rules.AUTHOR_ROLES]
    return queue_rules.missing_parts(desk=row.desk, headline=row.headline, body=row.body,
                                     writers=writers, killed=row.killed)


class QueueService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # -- reading -------------------------------------------------------------
    def list(self) -> list[QueueEntry]:
        """Every queued story in queue order, with readiness."""
        with self.ctx.db.read() as session:
            rows = session.execute(
                select(StoryRow.id, StoryRow.priority, StoryRow.embargo_until, StoryRow.desk,
                       StoryRow.headline, func.length(func.trim(StoryRow.body)),
                       StoryRow.killed, StoryRow.queue_forced)
                .where(StoryRow.status == str(Status.QUEUED))
                .order_by(StoryRow.queue_position.asc().nulls_last(), StoryRow.id.asc())
            ).all()
            ids = [r[0] for r in rows]
            writers: dict[int, list[str]] = {}
            for start in range(0, len(ids), 500):
                chunk = ids[start:start + 500]
                for sid, name in session.execute(
                        select(CreditRow.story_id, CreditRow.name).where(
                            CreditRow.story_id.in_(chunk),
                            CreditRow.role.in_(queue_rules.AUTHOR_ROLES))):
                    writers.setdefault(sid, []).append(name)
            summaries: dict[int, StorySummary] = {}
            for start in range(0, len(ids), 500):
                summaries.update(listing.summaries(session, ids[start:start + 500],
                                                   self.ctx.now()))
        entries = []
        for n, (sid, priority, embargo, desk, headline, body_len, killed, forced) in enumerate(
                rows, start=1):
            missing = queue_rules.missing_parts(
                desk=desk, headline=headline, body="x" if body_len else "",
                writers=writers.get(sid, []), killed=killed)
            entries.append(QueueEntry(position=n, priority=priority,
                                      embargo_until=as_utc(embargo), missing=tuple(missing),
                                      forced=forced, summary=summaries[sid]))
        return entries

    def missing(self, story_id: int) -> list[str]:
        """What a story still needs before it can be queued; empty when ready."""
        with self.ctx.db.read() as session:
            return queue_rules.missing_for(load_story(session, story_id))

    def position(self, story_id: int) -> int | None:
        """The story's 1-based place in the queue, or None when it is not queued."""
        with self.ctx.db.read() as session:
            ids = [r[0] for r in queued_rows(session)]
        return ids.index(story_id) + 1 if story_id in ids else None

    # -- changing --------------------------------------------------------------
    def add(self, story_id: int, *, priority: int | None = None,
            embargo: datetime | None = None, force: bool = False,
            expect_version: int | None = None) -> Story:
        """Queue a story: after others of the same priority, below higher priorities.

        Refuses (NotReady, nothing changed) when the story lacks a desk, a headline,
        a body or a writer credit, unless `force`, which queues it flagged.
        Queueing an already queued story with a priority or an embargo sets those.
        """
        _check_priority(priority)
        _check_time(embargo)

        def apply(edit: StoryEdit, session: Session) -> None:
            row = edit.row
            if row.status == Status.SPIKED:
                raise InvalidInput(f"story {story_id} is spiked: unspike it before queueing")
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

    def add_many(self, story_ids: list[int], *, force: bool = False) -> list[int]:
        """Queue several stories in one transaction, as `add` one by one would.

        Returns the ids queued.

        Stories that are not ready (unless `force`), spiked or already queued are left
        as they are. Each queued story gets a version bump and its own history event.
        """
        wanted = list(dict.fromkeys(story_ids))
        with self.ctx.db.write() as session:
            lock_queue(session)
            existing = queued_rows(session)
            found = _queue_candidates(session, wanted)
            new: list[tuple[int, int | None, bool, int]] = []  # id, priority, forced, version
            for sid in wanted:
                row = found.get(sid)
                if row is None or row["status"] in (Status.SPIKED, Status.QUEUED):
                    continue
                if row["missing"] and not force:
                    continue
                new.append((sid, row["priority"], bool(row["missing"]), row["version"]))
            if not new:
                return []
            order = _bulk_order([(r[0], r[2]) for r in existing], [(n[0], n[1]) for n in new])
            keys = dict(zip(order, queue_rules.spaced_keys(len(order)), strict=True))
            table = StoryRow.__table__  # the stories already queued keep their order
            existing_ids = {r[0] for r in existing}
            if existing_ids:
                session.execute(
                    update(table).where(table.c.id == bindparam("b_id"))
                    .values(queue_position=bindparam("b_pos")),
                    [{"b_id": sid, "b_pos": keys[sid]} for sid in existing_ids])
            now = self.ctx.now()
            session.execute(
                update(table).where(table.c.id == bindparam("b_id"))
                .values(status=str(Status.QUEUED), queue_position=bindparam("b_pos"),
                        queue_forced=bindparam("b_forced"), version=bindparam("b_version")),
                [{"b_id": sid, "b_pos": keys[sid], "b_forced": forced, "b_version": version + 1}
                 for sid, _, forced, version in new])
            session.execute(EventRow.__table__.insert(), [
                {"story_id": sid, "at": now, "editor": self.ctx.editor, "action": "queue",
                 "version": version + 1,
                 "changes": {"status": [found[sid]["status"], str(Status.QUEUED)],
                             "queue_position": [None, keys[sid]],
                             **({"queue_forced": [False, True]} if forced else {})}}
                for sid, _, forced, version in new])
            notify(session)
        return [n[0] for n in new]

    def remove(self, story_id: int, *, expect_version: int | None = None) -> Story:
        """Take a story out of the queue, back to editing (or the inbox without a desk)."""

        def apply(edit: StoryEdit, _session: Session) -> None:
            if edit.row.status != Status.QUEUED:
                raise InvalidInput(f"story {story_id} is not queued")
            edit.set("status", str(Status.EDITING if edit.row.desk else Status.INBOX))
            edit.set("queue_position", None)
            edit.set("queue_forced", False)

        return self._change(story_id, "unqueue", apply, expect_version, lock=True)

    def move(self, story_id: int, *, to: int | None = None, up: bool = False,
             down: bool = False, expect_version: int | None = None) -> Story:
        """Move a queued story to 1-based position `to`, or one place up or down."""
        if sum([to is not None, up, down]) != 1:
            raise InvalidInput("move needs exactly one of: a position, up, down")
        if to is not None and to < 1:
            raise InvalidInput(f"queue positions start at 1, not {to}")

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

    def set_priority(self, story_id: int, priority: int | None, *,
                     expect_version: int | None = None) -> Story:
        """Set the wire priority (None clears it). The queue position stays as it is."""
        _check_priority(priority)
        return self._change(story_id, "priority",
                            lambda edit, _s: edit.set("priority", priority), expect_version)

    def set_embargo(self, story_id: int, embargo: datetime | None, *,
                    expect_version: int | None = None) -> Story:
        """Hold a story until `embargo` (a time with its zone; None lifts the embargo)."""
        _check_time(embargo)
        return self._change(story_id, "embargo",
                            lambda edit, _s: edit.set("embargo_until", as_utc(embargo)),
                            expect_version)

    def _change(self, story_id: int, action: str, apply, expect_version: int | None,  # type: ignore[no-untyped-def]
                *, lock: bool = False) -> Story:
        with self.ctx.db.write() as session:
            if lock:
                lock_queue(session)
            apply_change(session, self.ctx, story_id, action,
                         lambda edit: apply(edit, session), expect_version=expect_version)
            return load_story(session, story_id)


def _check_priority(priority: int | None) -> None:
    if priority is not None:
        problem = queue_rules.check_priority(priority)
        if problem:
            raise InvalidInput(problem)


def _check_time(when: datetime | None) -> None:
    if when is not None and when.tzinfo is None:
        raise InvalidInput("an embargo time needs its time zone")
