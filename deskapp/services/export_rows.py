"""The rows an export reads and writes: stories as `ExportRecord`s, marked published."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlmodel import Session

from deskapp.core.listing import StoryChange
from deskapp.core.story import Status
from deskapp.export.record import STORY_COLUMNS, ExportRecord
from deskapp.services.changes import change_kinds, notify
from deskapp.services.context import ServiceContext
from deskapp.store.bulk import BulkInsert
from deskapp.store.rows import as_utc, to_json_value
from deskapp.store.tables import CreditRow, EventRow, StoryRow, table_of

_TIMES = tuple(
    STORY_COLUMNS.index(name) for name in ("published_at", "ingested_at", "embargo_until")
)


def load_records(session: Session, ids: Sequence[int]) -> list[ExportRecord]:
    """What export needs of each story, with its credits, in the order of `ids`."""
    if not ids:
        return []
    table, credit = table_of(StoryRow), table_of(CreditRow)
    # `.all()` fetches in one driver call; iterating the result fetches row by row
    rows = {
        r.id: list(r)
        for r in session.execute(
            select(*[table.c[name] for name in STORY_COLUMNS]).where(table.c.id.in_(ids))
        ).all()
    }
    credits: dict[int, list[tuple[str, str]]] = {}
    for story_id, role, name in session.execute(
        select(credit.c.story_id, credit.c.role, credit.c.name)
        .where(credit.c.story_id.in_(ids))
        .order_by(credit.c.ord)
    ).all():
        credits.setdefault(story_id, []).append((role, name))
    records = []
    for story_id in ids:
        values = rows.get(story_id)
        if values is None:
            continue
        for i in _TIMES:  # SQLite hands back naive times
            values[i] = as_utc(values[i])
        records.append(ExportRecord._make([*values, tuple(credits.get(story_id, ()))]))
    return records


def mark_published(
    session: Session,
    ctx: ServiceContext,
    stories: Sequence[ExportRecord],
    now: datetime,
    allowed: set[str],
) -> set[int]:
    """Mark stories published in one transaction; returns the ids marked.

    A story is marked only if it is still at the version that was exported and
    still in an allowed status; each gets a version bump and an "export" event.
    """
    table = table_of(StoryRow)
    ids = [s.id for s in stories]
    stmt = select(
        table.c.id,
        table.c.version,
        table.c.status,
        table.c.queue_position,
        table.c.queue_forced,
        table.c.exported_at,
    ).where(table.c.id.in_(ids))
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    current = {r.id: r for r in session.execute(stmt).all()}
    stamp = to_json_value("exported_at", now)
    marked: list[int] = []
    events: list[tuple[Any, ...]] = []
    for story in stories:
        row = current.get(story.id)
        if row is None or row.version != story.version or row.status not in allowed:
            continue
        changes: dict[str, list[Any]] = {
            "exported_at": [to_json_value("exported_at", as_utc(row.exported_at)), stamp]
        }
        if row.status != str(Status.PUBLISHED):
            changes["status"] = [row.status, str(Status.PUBLISHED)]
        if row.queue_position is not None:
            changes["queue_position"] = [row.queue_position, None]
        if row.queue_forced:
            changes["queue_forced"] = [True, False]
        marked.append(row.id)
        events.append((row.id, now, ctx.editor, "export", row.version + 1, changes))
    if marked:
        # every version was read above in this transaction (under SQLite's write lock,
        # or locked FOR UPDATE on PostgreSQL): version + 1 is the version each event names
        session.execute(
            update(table)
            .where(table.c.id.in_(marked))
            .values(
                status=str(Status.PUBLISHED),
                exported_at=now,
                queue_position=None,
                queue_forced=False,
                version=table.c.version + 1,
            )
        )
        BulkInsert(
            session.connection(),
            table_of(EventRow),
            ("story_id", "at", "editor", "action", "version", "changes"),
        ).run(events)
        notify(session, [StoryChange(e[0], change_kinds(e[3], e[5])) for e in events])
    return set(marked)
