"""Story lists: filtered ids in display order, and summaries for a window of them.

Lists at a million stories stay cheap because a view reads its ids in keyset
windows (`window`: one index range scan, no row data, never OFFSET) with each
row's sort rank, then summaries of just the rows on screen. `placement` says for
a few changed stories whether each is in a view and where it sorts, so a desk
updates only the rows a change touched. `page` gives keyset pages for the
command line.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    bindparam,
    exists,
    func,
    literal_column,
    or_,
    select,
    text,
)
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from deskapp.core.cluster_marker import cluster_marks
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


def _in_view(row: Any, flt: StoryFilter) -> list[ColumnElement[bool]]:
    """The view's own conditions (status, desk, agency) on `row`: the story table, or
    the alias a cluster's members are probed through."""
    out: list[ColumnElement[bool]] = []
    if flt.statuses:
        out.append(col(row.status).in_([str(s) for s in flt.statuses]))
    elif not flt.include_spiked:
        out.append(col(row.status) != str(Status.SPIKED))
    if flt.desk == "none":
        out.append(col(row.desk).is_(None))
    elif flt.desk:
        out.append(col(row.desk) == flt.desk)
    if flt.agency:
        out.append(func.lower(col(row.agency)) == flt.agency.lower())
    return out


def _filtered(stmt: Select, flt: StoryFilter, dialect: str, *, many: bool = False) -> Select:
    stmt = stmt.where(*_in_view(StoryRow, flt))
    if flt.search:
        clause = search.match_clause(dialect, flt.search, many=many)
        if clause is not None:
            stmt = stmt.where(clause)
    if flt.groups:
        stmt = stmt.where(or_(col(StoryRow.cluster_id).is_(None), ~exists(_newer_member(flt))))
    return stmt


_MEMBER = aliased(StoryRow, name="member")
_MEMBER_TIME = func.coalesce(col(_MEMBER.published_at), col(_MEMBER.ingested_at))


def _newer_member(flt: StoryFilter) -> Select:
    """A newer story of the same cluster in the same view: the row that stands for the
    cluster instead (an index probe of ix_story_cluster per clustered row)."""
    return select(literal_column("1")).where(
        col(_MEMBER.cluster_id) == col(StoryRow.cluster_id),
        _MEMBER_TIME >= STORY_TIME,
        or_(_MEMBER_TIME > STORY_TIME, col(_MEMBER.id) > col(StoryRow.id)),
        *_in_view(_MEMBER, flt),
    )


def _ordered(stmt: Select, flt: StoryFilter) -> Select:
    if flt.order == "queue":
        return stmt.order_by(col(StoryRow.queue_position).asc(), col(StoryRow.id).asc())
    return stmt.order_by(STORY_TIME.desc(), col(StoryRow.id).desc())


# A row's place in a list: (rank, id). The rank is the story time in microseconds since
# the epoch (newest-first lists, biggest first) or the queue position (the queue,
# smallest first); ties go by id the same way.
Rank = tuple[int, int]
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_NO_PLACE = 2**62  # a queued story without a position sorts last


def _time_rank(value: datetime | None) -> int:
    if value is None:
        return 0
    delta = as_utc(value) - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def _rank_time(rank: int) -> datetime:
    return _EPOCH + timedelta(microseconds=rank)


def _rank_column(flt: StoryFilter) -> ColumnElement[Any]:
    if flt.order == "queue":
        return cast(ColumnElement[Any], col(StoryRow.queue_position))
    return STORY_TIME


def _ranked(rows: Sequence[Any], flt: StoryFilter) -> list[Rank]:
    if flt.order == "queue":
        return [(_NO_PLACE if v is None else int(v), i) for i, v in rows]
    return [(_time_rank(v), i) for i, v in rows]


def window(
    session: Session, flt: StoryFilter, after: Rank | None, limit: int, *, backwards: bool = False
) -> list[Rank]:
    """Up to `limit` (rank, id) of the view in display order, after `after` (keyset).

    `backwards` reads from the other end (the view's last rows first)."""
    dialect = session.get_bind().dialect.name
    rank = _rank_column(flt)
    many = True
    if flt.search and dialect == "sqlite":  # few matches: found by the search index, sorted
        conn = session.connection()
        many = search.match_count(conn, flt.search, search.MANY_MATCHES) >= search.MANY_MATCHES
    elif flt.search:  # PostgreSQL: walk the time index only for a common word
        many = _sample_matches(session, flt) >= SAMPLE // 20
        if many:  # the planner misjudges a prefix's matches: walk, as the sample says
            session.execute(text("SET LOCAL enable_seqscan = off"))
            session.execute(text("SET LOCAL enable_bitmapscan = off"))
    stmt = _filtered(select(col(StoryRow.id), rank), flt, dialect, many=many)
    order = rank
    if not many and dialect == "postgresql":
        # sort the matches rather than walk the time index hoping to meet them: a rare
        # word would otherwise be looked for in every story of the view
        order = rank + literal_column("interval '0 seconds'")
    queue = flt.order == "queue"
    ascending = queue != backwards  # the queue reads smallest first; other views newest first
    if after is not None:
        at_rank, at_id = after
        at: Any = at_rank if queue else _rank_time(at_rank)
        if ascending:
            stmt = stmt.where(rank >= at, or_(rank > at, col(StoryRow.id) > at_id))
        else:
            stmt = stmt.where(rank <= at, or_(rank < at, col(StoryRow.id) < at_id))
    if ascending:
        stmt = stmt.order_by(order.asc(), col(StoryRow.id).asc())
    else:
        stmt = stmt.order_by(order.desc(), col(StoryRow.id).desc())
    return _ranked(session.execute(stmt.limit(limit)).all(), flt)


# PostgreSQL: how many of a view's newest stories a search is tried on, to tell a
# common word (walk the view's time index, keeping matches) from a rare one (ask the
# search index, then sort its matches).
SAMPLE = 2000


def _sample_matches(session: Session, flt: StoryFilter) -> int:
    """How many of the view's newest `SAMPLE` stories the search matches (PostgreSQL)."""
    dialect = session.get_bind().dialect.name
    bare = replace(flt, search="", grouped=False)
    plain = _filtered(
        select(col(StoryRow.id), literal_column("story.search").label("search")),
        bare,
        dialect,
    )
    newest = _ordered(plain, bare).limit(SAMPLE).subquery()
    clause = search.match_clause(dialect, flt.search)
    if clause is None:
        return SAMPLE
    tsq = search.ts_query(search.query_words(flt.search))
    stmt = (
        select(func.count())
        .select_from(newest)
        .where(newest.c.search.op("@@")(func.to_tsquery(literal_column("'simple'"), tsq)))
    )
    return int(session.execute(stmt).scalar_one())


def placement(session: Session, flt: StoryFilter, ids: Sequence[int]) -> dict[int, Rank]:
    """Of these stories, those in the view, each with its (rank, id): one query."""
    if not ids:
        return {}
    dialect = session.get_bind().dialect.name
    stmt = _filtered(select(col(StoryRow.id), _rank_column(flt)), flt, dialect)
    rows = session.execute(stmt.where(col(StoryRow.id).in_(list(ids)))).all()
    return {key[1]: key for key in _ranked(rows, flt)}


def first_desk(session: Session, codes: Sequence[str], statuses: Sequence[Status]) -> str:
    """The first of these desks (else "none", untagged) holding a story: one short
    index probe per desk rather than counting every story."""
    for code in codes:
        stmt = select(col(StoryRow.id)).where(col(StoryRow.desk) == code)
        if statuses:
            stmt = stmt.where(col(StoryRow.status).in_([str(s) for s in statuses]))
        if session.execute(stmt.limit(1)).first() is not None:
            return code
    return "none"


def story_ids(session: Session, flt: StoryFilter, limit: int | None = None) -> list[int]:
    dialect = session.get_bind().dialect.name
    stmt = _ordered(_filtered(select(col(StoryRow.id)), flt, dialect), flt)
    if limit is not None:
        stmt = stmt.limit(limit)
    return list(session.execute(stmt).scalars())


def count(session: Session, flt: StoryFilter) -> int:
    """Stories in the view (a list of one row a cluster counts every story, as the
    kept counts do)."""
    flt = replace(flt, grouped=False)
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
            col(StoryRow.wire_pending),
            col(StoryRow.cluster_id),
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
    labels = sorted({r.cluster_id for r in rows if r.cluster_id is not None})
    marks = cluster_marks(session.execute(_CLUSTER_COUNTS, {"labels": labels})) if labels else {}
    out = {}
    for r in rows:
        out[r.id] = summary_of(
            r,
            credits=credits.get(r.id, []),
            open_notes=n_open.get(r.id, 0),
            overdue_notes=n_overdue.get(r.id, 0),
            locked_by=locks.get(r.id),
            cluster=marks.get(r.cluster_id) if r.cluster_id is not None else None,
        )
    return out


# (cluster, agency, stories not spiked, the first one's time): the rows' markers
_CLUSTER_COUNTS = (
    select(col(StoryRow.cluster_id), col(StoryRow.agency), func.count(), func.min(STORY_TIME))
    .where(
        col(StoryRow.cluster_id).in_(bindparam("labels", expanding=True)),
        col(StoryRow.status) != str(Status.SPIKED),
    )
    .group_by(col(StoryRow.cluster_id), col(StoryRow.agency))
)


def summary_of(
    r: Any,
    *,
    credits: list[tuple[str, str]],
    open_notes: int = 0,
    overdue_notes: int = 0,
    locked_by: str | None = None,
    cluster: tuple[str, int] | None = None,
) -> StorySummary:
    """A list row from a story row (live or archived: the same columns) and its extras
    (`cluster`: its cluster's marker and size)."""
    return StorySummary(
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
        credits_short=short_credits(credits),
        open_notes=open_notes,
        overdue_notes=overdue_notes,
        locked_by=locked_by,
        killed=r.killed,
        withdrawn=r.withdrawn,
        corrected=r.corrected,
        wire_pending=getattr(r, "wire_pending", None),  # a row read without it: none shown
        cluster_id=r.cluster_id if cluster else None,
        cluster_marker=cluster[0] if cluster else "",
        cluster_size=cluster[1] if cluster else 0,
    )


def _tally(session: Session, statuses: Sequence[str], desk: str | None) -> int:
    """Stories in these statuses (all: none given) on this desk ("none": untagged;
    None: any), from the counts SQLite keeps in `story_tally` (migration 0009)."""
    sql = "SELECT coalesce(sum(n), 0) FROM story_tally WHERE 1 = 1"
    params: dict[str, Any] = {}
    if statuses:
        names = [f"s{i}" for i in range(len(statuses))]
        sql += f" AND status IN ({', '.join(':' + n for n in names)})"
        params.update(zip(names, statuses, strict=True))
    if desk is not None:
        sql += " AND desk = :desk"
        params["desk"] = "" if desk == "none" else desk
    return int(session.execute(text(sql), params).scalar_one())


def _statuses(flt: StoryFilter) -> list[str]:
    if flt.statuses:
        return [str(s) for s in flt.statuses]
    return [str(s) for s in Status if flt.include_spiked or s != Status.SPIKED]


# A view this small is counted; a larger one on PostgreSQL takes the planner's estimate.
COUNT_EXACTLY = 20_000
# A search on SQLite matching at most this many stories is counted in the view; more
# matches are estimated from the view's share of all stories.
COUNT_LOOKUPS = 2_000


def estimate(session: Session, flt: StoryFilter) -> tuple[int, bool]:
    """(stories in the view, whether that is exact), without a pass over a large view.

    SQLite: the kept counts (exact) unless the view searches or names an agency;
    a search matching many stories is estimated from its matches and the view's
    share of the table. PostgreSQL: the planner's row estimate, counted exactly
    when it is small."""
    dialect = session.get_bind().dialect.name
    flt = replace(flt, grouped=False)  # stories, not rows: see `count`
    if dialect == "sqlite" and not flt.agency:
        if not flt.search:
            return _tally(session, _statuses(flt), flt.desk), True
        matches = search.match_count(session.connection(), flt.search, 2**62)
        if matches <= COUNT_LOOKUPS:  # few: count them in the view (a lookup apiece)
            return count(session, flt), True
        everything = _tally(session, [], None) or 1
        share = _tally(session, _statuses(flt), flt.desk) / everything
        return min(round(matches * share), matches), False
    if dialect == "postgresql" and flt.search:
        # the planner cannot guess a prefix's matches: a common word's share of the
        # view's newest stories, times the view; a rare word's matches are counted
        hits = _sample_matches(session, flt)
        if hits < SAMPLE // 20:
            return count(session, flt), True
        whole, _exact = estimate(session, replace(flt, search=""))
        return round(whole * hits / SAMPLE), False
    if dialect == "postgresql":
        stmt = _filtered(select(col(StoryRow.id)), flt, dialect)
        compiled = stmt.compile(
            dialect=session.get_bind().dialect, compile_kwargs={"render_postcompile": True}
        )
        plan = (
            session.connection()
            .exec_driver_sql("EXPLAIN (FORMAT JSON) " + str(compiled), compiled.params)
            .scalar_one()
        )
        plan = json.loads(plan) if isinstance(plan, str) else plan
        rows = int(plan[0]["Plan"]["Plan Rows"])
        if rows >= COUNT_EXACTLY:
            return rows, False
    return count(session, flt), True


def desk_counts(
    session: Session, desks: Sequence[tuple[str, str]], statuses: Sequence[Status] = ()
) -> list[DeskCount]:
    if session.get_bind().dialect.name == "sqlite":  # the kept counts: no pass over the table
        wanted = [str(s) for s in statuses] or [str(s) for s in Status if s != Status.SPIKED]
        out = [DeskCount(code, name, _tally(session, wanted, code)) for code, name in desks]
        out.append(DeskCount("none", "Untagged", _tally(session, wanted, "none")))
        return out
    # PostgreSQL: each desk's count as `estimate` gives it (exact for a small desk)
    shown = tuple(statuses) or tuple(s for s in Status if s != Status.SPIKED)
    counts: dict[str | None, int] = {}
    for code in [c for c, _ in desks] + ["none"]:
        n, _exact = estimate(session, StoryFilter(statuses=shown, desk=code))
        counts[None if code == "none" else code] = n
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
