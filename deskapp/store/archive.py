"""The archive: old spiked and published stories, out of the working tables.

A story is archived by moving its row and every row that hangs off it (credits,
notes, history, drafts, the record of its exported files, its wire versions
(migration 0010), its search entry)
into `archive_*` tables of the same columns (migration 0007), ids kept; a
restore moves them back. One batch of stories moves in one transaction, so a
run stopped anywhere leaves each story wholly live or wholly archived.

The move is plain SQL over both databases. On a PostgreSQL desk set up with
roles nobody but the tables' owner may delete a story, so the move runs in two
SECURITY DEFINER functions (`desk_archive_move`, `desk_archive_restore`) built
from the same statements, which refuse a login below the role that
`deskapp.core.permissions` gives the `archive` action.

SQLite gives a new row the largest id in its table plus one, so ids that left
with an archived story can be given out again: a story's never is (ingest asks
`highest_story_id`, which counts the archive); a credit's, note's or history
event's may be, so in the archive those ids are plain columns, not keys, and a
restore renumbers a row whose id a live one took meanwhile (`_free_ids`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    DateTime,
    MetaData,
    Select,
    String,
    Table,
    func,
    literal_column,
    or_,
    select,
    text,
)
from sqlmodel import Session, SQLModel, col

from deskapp.core.listing import HistoryEntry, StoryFilter, StorySummary
from deskapp.core.permissions import action
from deskapp.core.story import Status, Story
from deskapp.store import search
from deskapp.store.listing import LOCK_TTL, summary_of
from deskapp.store.rows import as_utc, row_to_story
from deskapp.store.tables import (
    BandRow,
    CreditRow,
    DraftRow,
    EventRow,
    ExportFileRow,
    LockRow,
    NoteRow,
    StoryRow,
    StoryVersionRow,
    table_of,
)

# Which stories may be archived: done with, one way or the other.
ARCHIVABLE = (Status.SPIKED, Status.PUBLISHED)

ARCHIVE = MetaData()  # kept apart from the working tables' metadata

_LIVE_CHILDREN: tuple[type[SQLModel], ...] = (
    CreditRow,
    NoteRow,
    EventRow,
    DraftRow,
    ExportFileRow,
    StoryVersionRow,
)


def _mirror(live: Table, *extra: Column, keyed: bool = False) -> Table:
    """The archive table of `live`: the same columns. Only the story's id is a key there:
    see `_free_ids` for the ids of the rows that hang off it."""
    columns = [
        Column(c.name, c.type, primary_key=keyed and c.primary_key, nullable=c.nullable)
        for c in live.c
    ]
    return Table(f"archive_{live.name}", ARCHIVE, *columns, *extra)


archive_story = _mirror(
    table_of(StoryRow),
    Column("archived_at", DateTime(timezone=True)),
    Column("archived_by", String, nullable=False),
    keyed=True,
)
archive_credit = _mirror(table_of(CreditRow))
archive_note = _mirror(table_of(NoteRow))
archive_event = _mirror(table_of(EventRow))
archive_draft = _mirror(table_of(DraftRow))
archive_export_file = _mirror(table_of(ExportFileRow))
archive_story_version = _mirror(table_of(StoryVersionRow))
ARCHIVE_CHILDREN = (
    archive_credit,
    archive_note,
    archive_event,
    archive_draft,
    archive_export_file,
    archive_story_version,
)
# the story's LSH band keys (clusters): no id of their own, moved by story id
archive_story_band = _mirror(table_of(BandRow))
ARCHIVE_TIME = func.coalesce(archive_story.c.published_at, archive_story.c.ingested_at)


def _columns(table: Table) -> str:
    return ", ".join(c.name for c in table.c)


def _statements(dialect: str, *, restore: bool, ids: str, at: str = "", by: str = "") -> list[str]:
    """The SQL that moves the stories `ids` (an SQL set expression) and all that hangs off
    them into the archive (or, `restore`, back). `at` and `by` name who archives and when."""
    story = table_of(StoryRow)
    names = _columns(story) + (", search" if dialect == "postgresql" else "")
    out: list[str] = []
    if not restore:
        out.append(
            f"INSERT INTO archive_story ({names}, archived_at, archived_by) "
            f"SELECT {names}, {at}, {by} FROM story WHERE id IN {ids}"
        )
        for model in _LIVE_CHILDREN:
            live = table_of(model)
            cols = _columns(live)
            out.append(
                f"INSERT INTO archive_{live.name} ({cols}) "
                f"SELECT {cols} FROM {live.name} WHERE story_id IN {ids}"
            )
        if dialect == "sqlite":
            out.append(
                "INSERT INTO archive_story_fts(rowid, headline, body, names) "
                f"SELECT rowid, headline, body, names FROM story_fts WHERE rowid IN {ids}"
            )
            out.append(f"DELETE FROM story_fts WHERE rowid IN {ids}")
        out.append(
            f"INSERT INTO archive_story_band (band, story_id) "
            f"SELECT band, story_id FROM story_band WHERE story_id IN {ids}"
        )
        out.append(f"DELETE FROM story_band WHERE story_id IN {ids}")
        # a lapsed lock is nobody's any more: it is let go, not archived
        out.append(f"DELETE FROM story_lock WHERE story_id IN {ids}")
        for model in reversed(_LIVE_CHILDREN):
            out.append(f"DELETE FROM {table_of(model).name} WHERE story_id IN {ids}")
        out.append(f"DELETE FROM story WHERE id IN {ids}")
        return out
    out.append(f"INSERT INTO story ({names}) SELECT {names} FROM archive_story WHERE id IN {ids}")
    for model in _LIVE_CHILDREN:
        live = table_of(model)
        cols = _columns(live)
        taken = ""
        if live.name == "export_file":  # a file name another story took meanwhile stays here
            taken = (
                " AND NOT EXISTS (SELECT 1 FROM export_file f "
                "WHERE f.folder = a.folder AND f.name = a.name)"
            )
        out.append(
            f"INSERT INTO {live.name} ({cols}) "
            f"SELECT {cols} FROM archive_{live.name} a WHERE story_id IN {ids}{taken}"
        )
    if dialect == "sqlite":
        out.append(
            "INSERT INTO story_fts(rowid, headline, body, names) "
            f"SELECT rowid, headline, body, names FROM archive_story_fts WHERE rowid IN {ids}"
        )
        out.append(f"DELETE FROM archive_story_fts WHERE rowid IN {ids}")
    out.append(
        f"INSERT INTO story_band (band, story_id) "
        f"SELECT band, story_id FROM archive_story_band WHERE story_id IN {ids}"
    )
    out.append(f"DELETE FROM archive_story_band WHERE story_id IN {ids}")
    for model in reversed(_LIVE_CHILDREN):
        name = table_of(model).name
        out.append(
            f"DELETE FROM archive_{name} WHERE story_id IN {ids} "
            f"AND id IN (SELECT id FROM {name} WHERE story_id IN {ids})"
        )
    out.append(f"DELETE FROM archive_story WHERE id IN {ids}")
    return out


def role_statements(s: str) -> list[str]:
    """For `deskapp.store.roles.install`: the two SECURITY DEFINER functions that move
    stories in and out of the archive on a desk with roles (schema `s`, quoted)."""
    below = int(action("archive").role) - 1
    guard = f"IF desk_rank() BETWEEN 1 AND {below} THEN PERFORM desk_refuse('archive'); END IF;"
    ids = "(SELECT unnest(ids))"
    move = ";\n  ".join(_statements("postgresql", restore=False, ids=ids, at="p_at", by="p_by"))
    back = ";\n  ".join(_statements("postgresql", restore=True, ids=ids))
    return [
        f"""
        CREATE OR REPLACE FUNCTION {s}.desk_archive_move(ids integer[], p_at timestamptz,
          p_by text) RETURNS void LANGUAGE plpgsql SECURITY DEFINER
        SET search_path = {s}, pg_catalog, pg_temp AS $$
        BEGIN
          {guard}
          {move};
        END $$""",
        f"""
        CREATE OR REPLACE FUNCTION {s}.desk_archive_restore(ids integer[])
        RETURNS void LANGUAGE plpgsql SECURITY DEFINER
        SET search_path = {s}, pg_catalog, pg_temp AS $$
        BEGIN
          {guard}
          {back};
        END $$""",
    ]


def _secured(conn: Connection) -> bool:
    return bool(
        conn.execute(
            text("SELECT to_regproc(current_schema() || '.desk_archive_move') IS NOT NULL")
        ).scalar()
    )


def _run(
    conn: Connection, ids: Sequence[int], *, restore: bool, at: datetime | None, by: str
) -> None:
    if not ids:
        return
    if conn.dialect.name == "sqlite":
        statements = _statements(
            "sqlite", restore=restore, ids="(SELECT value FROM json_each(:ids))", at=":at", by=":by"
        )
        params: dict[str, Any] = {"ids": json.dumps(list(ids)), "at": _sqlite_time(at), "by": by}
        for statement in statements:
            used = {k: v for k, v in params.items() if f":{k}" in statement}
            conn.execute(text(statement), used)
        return
    if _secured(conn):
        if restore:
            conn.execute(text("SELECT desk_archive_restore(:ids)"), {"ids": list(ids)})
        else:
            conn.execute(
                text("SELECT desk_archive_move(:ids, :at, :by)"),
                {"ids": list(ids), "at": at, "by": by},
            )
        return
    ids_sql = "(SELECT unnest(CAST(:ids AS integer[])))"
    for statement in _statements(
        "postgresql", restore=restore, ids=ids_sql, at="CAST(:at AS timestamptz)", by=":by"
    ):
        values: dict[str, Any] = {"ids": list(ids), "at": at, "by": by}
        conn.execute(text(statement), {k: v for k, v in values.items() if f":{k}" in statement})


def _sqlite_time(at: datetime | None) -> str | None:
    """A time as SQLAlchemy stores it in SQLite (naive UTC text)."""
    if at is None:
        return None
    return as_utc(at).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def move_to_archive(session: Session, ids: Sequence[int], at: datetime, by: str) -> None:
    """Move the stories and all that hangs off them into the archive (in the caller's
    transaction)."""
    _run(session.connection(), sorted(ids), restore=False, at=at, by=by)


def move_back(session: Session, story_id: int) -> int:
    """Move one archived story back into the working tables; returns its id there, which
    differs from its archive id only on SQLite when a new story took that number."""
    conn = session.connection()
    if conn.dialect.name == "sqlite":
        story_id = _free_ids(conn, story_id)
    _run(conn, [story_id], restore=True, at=None, by="")
    return story_id


def _free_ids(conn: Connection, story_id: int) -> int:
    """SQLite: give rows of the archived story whose id a live row took meanwhile a new
    one, in order, past every id in use (history stays in order)."""
    story = table_of(StoryRow)
    if conn.execute(select(story.c.id).where(story.c.id == story_id)).first() is not None:
        new_id = highest_story_id(conn) + 1
        conn.execute(archive_story.update().where(archive_story.c.id == story_id).values(id=new_id))
        for table in (*ARCHIVE_CHILDREN, archive_story_band):
            conn.execute(table.update().where(table.c.story_id == story_id).values(story_id=new_id))
        conn.execute(
            text(
                "INSERT INTO archive_story_fts(rowid, headline, body, names) "
                "SELECT :new, headline, body, names FROM archive_story_fts WHERE rowid = :old"
            ),
            {"new": new_id, "old": story_id},
        )
        conn.execute(text("DELETE FROM archive_story_fts WHERE rowid = :old"), {"old": story_id})
        story_id = new_id
    for table, model in zip(ARCHIVE_CHILDREN, _LIVE_CHILDREN, strict=True):
        live = table_of(model)
        taken = list(
            conn.execute(
                select(table.c.id)
                .where(table.c.story_id == story_id, table.c.id.in_(select(live.c.id)))
                .order_by(table.c.id)
            ).scalars()
        )
        if not taken:
            continue
        top = max(
            conn.execute(select(func.coalesce(func.max(live.c.id), 0))).scalar_one(),
            conn.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one(),
        )
        moves = zip(taken, range(top + 1, top + 1 + len(taken)), strict=True)
        for old, new in moves:
            conn.execute(
                table.update().where(table.c.story_id == story_id, table.c.id == old).values(id=new)
            )
    return story_id


def highest_story_id(conn: Connection) -> int:
    """The largest story id in use, live or archived: a new story (SQLite) takes the next."""
    story = table_of(StoryRow)
    live = conn.execute(select(func.coalesce(func.max(story.c.id), 0))).scalar_one()
    gone = conn.execute(select(func.coalesce(func.max(archive_story.c.id), 0))).scalar_one()
    return int(max(live, gone))


# -- which stories ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Candidate:
    """A spiked or published story whose last change is older than the cutoff."""

    id: int
    status: Status
    headline: str
    last_change: datetime | None
    open_notes: int = 0
    locked_by: str | None = None

    @property
    def kept_because(self) -> str | None:
        """Why it stays on the desk, or None: it goes."""
        if self.locked_by:
            return f"being edited by {self.locked_by}"
        if self.open_notes:
            if self.open_notes == 1:
                return "an open follow-up: resolve it first"
            return f"{self.open_notes} open follow-ups: resolve them first"
        return None


def _last_change() -> Any:
    newest = (
        select(func.max(col(EventRow.at)))
        .where(col(EventRow.story_id) == col(StoryRow.id))
        .scalar_subquery()
    )
    return func.coalesce(newest, col(StoryRow.ingested_at), col(StoryRow.published_at))


def candidates(
    session: Session,
    cutoff: datetime,
    now: datetime,
    *,
    after: int = 0,
    limit: int = 1000,
    lock: bool = False,
) -> list[Candidate]:
    """The next `limit` stories (by id, past `after`) done with before `cutoff`.

    `lock` (PostgreSQL): lock their rows for this transaction, passing over rows
    someone is changing right now (they are not done with)."""
    last = _last_change().label("last_change")
    stmt = (
        select(col(StoryRow.id), col(StoryRow.status), col(StoryRow.headline), last)
        .where(
            col(StoryRow.status).in_([str(s) for s in ARCHIVABLE]),
            col(StoryRow.id) > after,
            _last_change() < cutoff,
        )
        .order_by(col(StoryRow.id))
        .limit(limit)
    )
    if lock and session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update(of=table_of(StoryRow), skip_locked=True)
    rows = session.execute(stmt).all()
    ids = [r.id for r in rows]
    if not ids:
        return []
    n_open = dict(
        session.execute(
            select(col(NoteRow.story_id), func.count())
            .where(col(NoteRow.story_id).in_(ids), col(NoteRow.resolved_at).is_(None))
            .group_by(col(NoteRow.story_id))
        ).all()
    )
    locks = dict(
        session.execute(
            select(col(LockRow.story_id), col(LockRow.editor)).where(
                col(LockRow.story_id).in_(ids), col(LockRow.heartbeat_at) > now - LOCK_TTL
            )
        ).all()
    )
    return [
        Candidate(
            id=r.id,
            status=Status(r.status),
            headline=r.headline,
            last_change=as_utc(r.last_change) if isinstance(r.last_change, datetime) else None,
            open_notes=int(n_open.get(r.id, 0)),
            locked_by=locks.get(r.id),
        )
        for r in rows
    ]


# -- reading the archive ---------------------------------------------------------


def known(
    session: Session, uids: Iterable[str], prints: Iterable[str]
) -> list[tuple[int, str, str]]:
    """(id, uid, fingerprint) of archived stories with one of these wire ids or
    fingerprints: what ingest's dedupe counts as already taken in."""
    uids, prints = list(uids), list(prints)
    if not uids and not prints:
        return []
    c = archive_story.c
    rows = session.execute(
        select(c.id, c.uid, c.fingerprint).where(or_(c.uid.in_(uids), c.fingerprint.in_(prints)))
    ).all()
    return [(int(r.id), r.uid, r.fingerprint) for r in rows]


@dataclass(frozen=True, slots=True)
class ArchivedStory:
    story: Story
    archived_at: datetime | None
    archived_by: str


def load(session: Session, story_id: int) -> ArchivedStory | None:
    row = session.execute(select(archive_story).where(archive_story.c.id == story_id)).first()
    if row is None:
        return None
    values = dict(row._mapping)
    archived_at = as_utc(values.pop("archived_at"))
    archived_by = values.pop("archived_by") or ""
    values.pop("search", None)
    credits = [
        CreditRow(**dict(r._mapping))
        for r in session.execute(
            select(archive_credit).where(archive_credit.c.story_id == story_id)
        )
    ]
    notes = [
        NoteRow(**dict(r._mapping))
        for r in session.execute(
            select(archive_note)
            .where(archive_note.c.story_id == story_id)
            .order_by(archive_note.c.id)
        )
    ]
    story = row_to_story(StoryRow(**values), credits, notes)
    return ArchivedStory(story, archived_at, archived_by)


def uid_taken(session: Session, uid: str) -> int | None:
    """The live story with this wire id, if a story came in under it since."""
    found = session.execute(select(col(StoryRow.id)).where(col(StoryRow.uid) == uid)).first()
    return int(found[0]) if found else None


def history(session: Session, story_id: int) -> list[HistoryEntry]:
    c = archive_event.c
    rows = session.execute(select(archive_event).where(c.story_id == story_id).order_by(c.id))
    return [
        HistoryEntry(
            id=r.id,
            story_id=r.story_id,
            at=as_utc(r.at),
            editor=r.editor,
            action=r.action,
            version=r.version,
            changes=dict(r.changes or {}),
            undoes=r.undoes,
        )
        for r in rows
    ]


def _match(dialect: str, query: str) -> Any:
    """The archive's own full-text clause: the words as `deskapp.store.search` reads them."""
    words = search.query_words(query)
    if not words:
        return None
    if dialect == "sqlite":
        fts = " ".join(f'"{w}"' for w in words[:-1])
        fts = (fts + " " if fts else "") + f'"{words[-1]}"*'
        return archive_story.c.id.in_(
            text("SELECT rowid FROM archive_story_fts WHERE archive_story_fts MATCH :aq")
            .bindparams(aq=fts)
            .columns(literal_column("rowid"))
        )
    tsq = " & ".join([*words[:-1], words[-1] + ":*"])
    return literal_column("archive_story.search").op("@@")(
        text("to_tsquery('simple', :atsq)").bindparams(atsq=tsq)
    )


def _filtered(stmt: Select, flt: StoryFilter, dialect: str) -> Select:
    c = archive_story.c
    if flt.statuses:
        stmt = stmt.where(c.status.in_([str(s) for s in flt.statuses]))
    if flt.desk == "none":
        stmt = stmt.where(c.desk.is_(None))
    elif flt.desk:
        stmt = stmt.where(c.desk == flt.desk)
    if flt.agency:
        stmt = stmt.where(func.lower(c.agency) == flt.agency.lower())
    if flt.search:
        clause = _match(dialect, flt.search)
        if clause is not None:
            stmt = stmt.where(clause)
    return stmt


@dataclass(frozen=True, slots=True)
class ArchivedSummary:
    summary: StorySummary
    archived_at: datetime | None
    archived_by: str


def page(session: Session, flt: StoryFilter, limit: int) -> list[ArchivedSummary]:
    """Archived stories matching the filter, newest first by the story's own time."""
    dialect = session.get_bind().dialect.name
    c = archive_story.c
    stmt = _filtered(select(archive_story), flt, dialect)
    rows = session.execute(stmt.order_by(ARCHIVE_TIME.desc(), c.id.desc()).limit(limit)).all()
    ids = [r.id for r in rows]
    credits: dict[int, list[tuple[str, str]]] = {}
    notes: dict[int, int] = {}
    if ids:
        for sid, role, name in session.execute(
            select(archive_credit.c.story_id, archive_credit.c.role, archive_credit.c.name)
            .where(archive_credit.c.story_id.in_(ids))
            .order_by(archive_credit.c.story_id, archive_credit.c.ord)
        ):
            credits.setdefault(sid, []).append((role, name))
        notes = dict(
            session.execute(
                select(archive_note.c.story_id, func.count())
                .where(archive_note.c.story_id.in_(ids), archive_note.c.resolved_at.is_(None))
                .group_by(archive_note.c.story_id)
            ).all()
        )
    return [
        ArchivedSummary(
            summary_of(r, credits=credits.get(r.id, []), open_notes=int(notes.get(r.id, 0))),
            as_utc(r.archived_at),
            r.archived_by or "",
        )
        for r in rows
    ]


def count(session: Session) -> int:
    return int(session.execute(select(func.count()).select_from(archive_story)).scalar_one())
