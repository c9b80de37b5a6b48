"""Story lists: filtered ids in display order, and summaries for a window of them.

Lists at 100,000 stories stay cheap because a view first asks for the ids in
order (one index scan, no row data) and then for summaries of just the rows on
screen. `page` gives keyset pages for the command line.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from sqlalchemy import Select, and_, func, or_, select
from sqlmodel import Session, col

from deskapp.core.listing import (
    DeskCount,
    HistoryEntry,
    StoryFilter,
    StorySummary,
    short_credits,  # in core: the desk's first page (store/first_page.py) uses it too
)
from deskapp.core.story import Status
from deskapp.store import search
from deskapp.store.rows import as_utc
from deskapp.store.tables import STORY_TIME, CreditRow, EventRow, LockRow, NoteRow, StoryRow

# A soft lock whose holder sent no heartbeat for this long is expired: lists ignore it
# and anyone may take the story (deskapp/services/locks.py).
LOCK_TTL = timedelta(seconds=30)


def _filtered(stmt: Select, flt: StoryFilter, dialect: str) -> Select:
    if flt.statuses:
        stmt = stmt.where(col(StoryRow.status).in_([str(s) for s in flt.statuses]))
    elif not flt.include_spiked:
        stmt = stmt.where(col(StoryRow.status) != str(Status.SPIKED))
    if flt.desk == "none":
        stmt = stmt.where(col(StoryRow.desk).is_(None))
    elif flt.desk:
        stmt = stmt.where(col(StoryRow.desk) == flt.desk)
    if flt.agency:
        stmt = stmt.where(func.lower(col(StoryRow.agency)) == flt.agency.lower())
    if flt.search:
        clause = search.match_clause(dialect, flt.search)
        if clause is not None:
            stmt = stmt.where(clause)
    return stmt


def _ordered(stmt: Select, flt: StoryFilter) -> Select:
    if flt.order == "queue":
        return stmt.order_by(col(StoryRow.queue_position).asc(), col(StoryRow.id).asc())
    return stmt.order_by(STORY_TIME.desc(), col(StoryRow.id).desc())


def story_ids(session: Session, flt: StoryFilter, limit: int | None = None) -> list[int]:
    dialect = session.get_bind().dialect.name
    stmt = _ordered(_filtered(select(col(StoryRow.id)), flt, dialect), flt)
    if limit is not None:
        stmt = stmt.limit(limit)
    return list(session.execute(stmt).scalars())


def count(session: Session, flt: StoryFilter) -> int:
    dialect = session.get_bind().dialect.name
    stmt = _filtered(select(func.count()).select_from(StoryRow), flt, dialect)
    return int(session.execute(stmt).scalar_one())


def page(
    session: Session, flt: StoryFilter, limit: int, after: tuple[datetime | None, int] | None = None
) -> list[StorySummary]:
    """Keyset page in newest-first order, starting after (story time, id).

    The story time is the wire's (`published_at`), else when it came in."""
    dialect = session.get_bind().dialect.name
    stmt = _ordered(_filtered(select(col(StoryRow.id)), flt, dialect), flt)
    if after is not None and flt.order != "queue":
        at, last_id = after
        stmt = stmt.where(or_(STORY_TIME < at, and_(STORY_TIME == at, col(StoryRow.id) < last_id)))
    ids = list(session.execute(stmt.limit(limit)).scalars())
    found = summaries(session, ids)
    return [found[i] for i in ids if i in found]


def summaries(
    session: Session, ids: Sequence[int], now: datetime | None = None
) -> dict[int, StorySummary]:
    """Summaries of the given stories, keyed by id (missing ids are left out)."""
    if not ids:
        return {}
    ids = list(ids)
    rows = session.execute(
        select(
            col(StoryRow.id),
            col(StoryRow.version),
            col(StoryRow.headline),
            col(StoryRow.agency),
            col(StoryRow.desk),
            col(StoryRow.suggested_desk),
            col(StoryRow.status),
            col(StoryRow.priority),
            col(StoryRow.published_at),
            col(StoryRow.ingested_at),
            col(StoryRow.embargo_until),
            col(StoryRow.queue_position),
            col(StoryRow.killed),
            col(StoryRow.withdrawn),
            col(StoryRow.corrected),
        ).where(col(StoryRow.id).in_(ids))
    ).all()
    credits: dict[int, list[tuple[str, str]]] = {}
    for sid, role, name in session.execute(
        select(col(CreditRow.story_id), col(CreditRow.role), col(CreditRow.name))
        .where(col(CreditRow.story_id).in_(ids))
        .order_by(col(CreditRow.story_id), col(CreditRow.ord))
    ):
        credits.setdefault(sid, []).append((role, name))
    open_notes = (
        select(col(NoteRow.story_id), func.count())
        .where(col(NoteRow.story_id).in_(ids), col(NoteRow.resolved_at).is_(None))
        .group_by(col(NoteRow.story_id))
    )
    n_open = dict(session.execute(open_notes).all())
    cutoff = now or datetime.now(UTC)
    n_overdue = dict(session.execute(open_notes.where(col(NoteRow.due) < cutoff)).all())
    locks = dict(
        session.execute(
            select(col(LockRow.story_id), col(LockRow.editor)).where(
                col(LockRow.story_id).in_(ids), col(LockRow.heartbeat_at) > cutoff - LOCK_TTL
            )
        ).all()
    )
    out = {}
    for r in rows:
        out[r.id] = StorySummary(
            id=r.id,
            version=r.version,
            headline=r.headline,
            agency=r.agency,
            desk=r.desk,
            suggested_desk=r.suggested_desk,
            status=Status(r.status),
            priority=r.priority,
            published_at=as_utc(r.published_at),
            ingested_at=as_utc(r.ingested_at),
            embargo_until=as_utc(r.embargo_until),
            queue_position=r.queue_position,
            credits_short=short_credits(credits.get(r.id, [])),
            open_notes=n_open.get(r.id, 0),
            overdue_notes=n_overdue.get(r.id, 0),
            locked_by=locks.get(r.id),
            killed=r.killed,
            withdrawn=r.withdrawn,
            corrected=r.corrected,
        )
    return out


def desk_counts(
    session: Session, desks: Sequence[tuple[str, str]], statuses: Sequence[Status] = ()
) -> list[DeskCount]:
    stmt = select(col(StoryRow.desk), func.count()).group_by(col(StoryRow.desk))
    if statuses:
        stmt = stmt.where(col(StoryRow.status).in_([str(s) for s in statuses]))
    else:
        stmt = stmt.where(col(StoryRow.status) != str(Status.SPIKED))
    counts = {desk: int(n) for desk, n in session.execute(stmt)}
    out = [DeskCount(code, name, counts.get(code, 0)) for code, name in desks]
    out.append(DeskCount("none", "Untagged", counts.get(None, 0)))
    return out


def history(session: Session, story_id: int) -> list[HistoryEntry]:
    events = session.execute(
        select(EventRow).where(col(EventRow.story_id) == story_id).order_by(col(EventRow.id))
    ).scalars()
    return [
        HistoryEntry(
            id=e.id or 0,
            story_id=e.story_id,
            at=as_utc(e.at),
            editor=e.editor,
            action=e.action,
            version=e.version,
            changes=dict(e.changes),
            undoes=e.undoes,
        )
        for e in events
    ]
