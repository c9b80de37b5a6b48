"""Queueing and unqueueing many stories at once: one transaction, one thing to every story.

`add_many` queues what it is given the way `QueueService.add` one by one
would (same places, each story its own version and history event) but in one
pass; `remove_many` takes stories out. Both report per story (`BulkResult`).
"""

from __future__ import annotations

from sqlalchemy import bindparam, func, select, update
from sqlmodel import Session, col

from deskapp.core import queue_rules
from deskapp.core.listing import StoryChange
from deskapp.core.story import Status
from deskapp.services.bulk import DONE, REFUSED, UNCHANGED, BulkResult
from deskapp.services.changes import apply_change, lock_story_rows, moved_since, notify
from deskapp.services.context import ServiceContext
from deskapp.services.queue import NotReady, lock_queue, queued_rows, unqueue
from deskapp.store.tables import CreditRow, EventRow, StoryRow, table_of

QUEUED_KINDS = frozenset({"status", "queue"})

QUEUE_FIELDS = {"status", "queue_position", "queue_forced"}  # what queueing / unqueueing sets


def add_many(
    ctx: ServiceContext,
    story_ids: list[int],
    *,
    force: bool = False,
    expect_versions: dict[int, int] | None = None,
) -> BulkResult:
    """Queue every story given, in one transaction, as `add` one by one would.

    Stories already queued stay where they are ("unchanged"); spiked, killed
    or withheld stories, and (unless `force`) stories not ready, are refused
    with the reason: `force` queues the not-ready ones (flagged), never a story
    the wire killed or withholds. A story whose status or queue place changed
    since the version in `expect_versions` is refused ("changed by ana since
    you looked"). Each queued story gets its own version and history event.
    """
    wanted = list(dict.fromkeys(story_ids))
    expected = expect_versions or {}
    result = BulkResult("queue")
    with ctx.db.write() as session:
        lock_queue(session)
        existing = queued_rows(session)
        found = queue_candidates(session, wanted)
        new: list[tuple[int, int | None, bool, int]] = []  # id, priority, forced, version
        for sid in wanted:
            row = found.get(sid)
            moved = row and moved_since(
                session, ctx, sid, row["version"], expected.get(sid), QUEUE_FIELDS
            )
            if row is None:
                result.add(sid, REFUSED, f"no story {sid}", reason="not found")
            elif row["status"] == Status.QUEUED:
                result.add(sid, UNCHANGED, f"story {sid} is already queued")
            elif moved:
                result.add(sid, REFUSED, f"story {sid} was {moved}", reason=moved)
            elif row["status"] == Status.SPIKED:
                result.add(sid, REFUSED, f"story {sid} is spiked", reason="spiked")
            elif row["refusal"]:
                result.add(sid, REFUSED, row["refusal"], reason=row["refusal_reason"])
            elif row["missing"] and not force:
                result.add(
                    sid,
                    REFUSED,
                    NotReady(sid, row["missing"]).short(),
                    reason="need " + queue_rules.describe_missing(row["missing"]),
                )
            else:
                result.add(sid, DONE, "queued", row["version"] + 1)
                new.append((sid, row["priority"], bool(row["missing"]), row["version"]))
        if not new:
            return result
        order = bulk_order([(r[0], r[2]) for r in existing], [(n[0], n[1]) for n in new])
        keys = dict(zip(order, queue_rules.spaced_keys(len(order)), strict=True))
        table = table_of(StoryRow)  # the stories already queued keep their order
        existing_ids = {r[0] for r in existing}
        if existing_ids:
            session.execute(
                update(table)
                .where(table.c.id == bindparam("b_id"))
                .values(queue_position=bindparam("b_pos")),
                [{"b_id": sid, "b_pos": keys[sid]} for sid in existing_ids],
            )
        now = ctx.now()
        session.execute(
            update(table)
            .where(table.c.id == bindparam("b_id"))
            .values(
                status=str(Status.QUEUED),
                queue_position=bindparam("b_pos"),
                queue_forced=bindparam("b_forced"),
                version=bindparam("b_version"),
            ),
            [
                {"b_id": sid, "b_pos": keys[sid], "b_forced": forced, "b_version": version + 1}
                for sid, _, forced, version in new
            ],
        )
        session.execute(
            table_of(EventRow).insert(),
            [
                {
                    "story_id": sid,
                    "at": now,
                    "editor": ctx.editor,
                    "action": "queue",
                    "version": version + 1,
                    "changes": {
                        "status": [found[sid]["status"], str(Status.QUEUED)],
                        "queue_position": [None, keys[sid]],
                        **({"queue_forced": [False, True]} if forced else {}),
                    },
                }
                for sid, _, forced, version in new
            ],
        )
        notify(session, [StoryChange(sid, QUEUED_KINDS) for sid, _, _, _ in new])
    return result


def remove_many(
    ctx: ServiceContext, story_ids: list[int], *, expect_versions: dict[int, int] | None = None
) -> BulkResult:
    """Take every story given out of the queue, in one transaction.

    Stories not queued are left untouched ("unchanged"); each one taken out
    gets its own version and history event, as `remove` gives it. A story
    whose status or queue place changed since the version in `expect_versions`
    is refused ("changed by ana since you looked").
    """
    result = BulkResult("unqueue")
    expected = expect_versions or {}
    with ctx.db.write() as session:
        lock_queue(session)
        wanted = list(dict.fromkeys(story_ids))
        rows = lock_story_rows(session, wanted)
        for sid in wanted:
            row = rows.get(sid)
            if row is None:
                result.add(sid, REFUSED, f"no story {sid}", reason="not found")
                continue
            if row.status != Status.QUEUED:
                result.add(sid, UNCHANGED, f"story {sid} is not queued")
                continue
            moved = moved_since(session, ctx, sid, row.version, expected.get(sid), QUEUE_FIELDS)
            if moved:
                result.add(sid, REFUSED, f"story {sid} was {moved}", reason=moved)
                continue
            apply_change(session, ctx, sid, "unqueue", unqueue)
            result.add(sid, DONE, "unqueued", row.version)
    return result


def queue_candidates(session: Session, ids: list[int]) -> dict[int, dict]:
    """Status, version, priority and what is missing, for each story in `ids` that exists."""
    table = table_of(StoryRow)
    out: dict[int, dict] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        stmt = select(
            table.c.id,
            table.c.version,
            table.c.status,
            table.c.desk,
            table.c.headline,
            func.length(func.trim(table.c.body)),
            table.c.killed,
            table.c.priority,
            table.c.withdrawn,
        ).where(table.c.id.in_(chunk))
        if session.get_bind().dialect.name == "postgresql":
            stmt = stmt.with_for_update()
        writers: dict[int, list[str]] = {}
        for sid, name in session.execute(
            select(col(CreditRow.story_id), col(CreditRow.name)).where(
                col(CreditRow.story_id).in_(chunk),
                col(CreditRow.role).in_(queue_rules.AUTHOR_ROLES),
            )
        ):
            writers.setdefault(sid, []).append(name)
        for (
            sid,
            version,
            status,
            desk,
            headline,
            body_len,
            killed,
            priority,
            withdrawn,
        ) in session.execute(stmt):
            missing = queue_rules.missing_parts(
                desk=desk,
                headline=headline,
                body="x" if body_len else "",
                writers=writers.get(sid, []),
            )
            out[sid] = {
                "version": version,
                "status": status,
                "priority": priority,
                "missing": missing,
                "refusal": queue_rules.wire_refusal(sid, killed=killed, withdrawn=withdrawn),
                "refusal_reason": (
                    "killed by the wire" if killed else "withheld by the wire" if withdrawn else ""
                ),
            }
    return out


def bulk_order(
    existing: list[tuple[int, int | None]], new: list[tuple[int, int | None]]
) -> list[int]:
    """The queue after inserting `new` (in order) one by one by `insert_index`, computed at once.

    Each new entry lands after the last existing entry of its priority or higher; new
    entries landing in the same gap are ordered by priority, then as given.
    """
    eff = queue_rules.effective_priority
    anchors: dict[int, int] = {}
    for level in {eff(p) for _, p in new}:
        anchors[level] = max(
            (n for n, (_, p) in enumerate(existing) if eff(p) <= level), default=-1
        )
    gaps: dict[int, list[tuple[int, int, int]]] = {}
    for n, (sid, p) in enumerate(new):
        gaps.setdefault(anchors[eff(p)], []).append((eff(p), n, sid))
    order = [sid for _, _, sid in sorted(gaps.get(-1, []))]
    for index, (sid, _) in enumerate(existing):
        order.append(sid)
        order += [s for _, _, s in sorted(gaps.get(index, []))]
    return order
