"""Taking in wire copy: read, parse, dedupe, store, record. One bad source never stops a batch.

Sources are parsed outside any transaction, then stored in batches of up to
`BATCH` stories per transaction with bulk inserts (on PostgreSQL: ids reserved
from the sequence, then COPY; see `deskapp.store.bulk`), which is what keeps
ingest near 5,000 stories a second. For each story:

- the same wire id (uid) or the same content (fingerprint) already stored → duplicate;
- the same wire id with a higher wire version and other content, or other flags
  (killed, withheld, corrected: a kill often repeats the copy word for word) → the
  stored story is updated in place (copy fields only; the desk's own work is kept)
  and the change is recorded in its history; a kill or a hold takes it out of
  the queue (`IngestResult.left_queue`);
- otherwise → a new story in the inbox.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ARRAY, Connection, String, any_, bindparam, or_, select
from sqlmodel import Session, col

from deskapp.core.dateline import resolve_dateline_date
from deskapp.core.listing import StoryChange
from deskapp.core.safe_text import prepare_copy
from deskapp.core.story import Status, Story
from deskapp.core.wire_alert import WireAlert
from deskapp.ingest.detect import parse_source
from deskapp.ingest.parallel import Parsed, parse_all
from deskapp.ingest.sources import Source, expand
from deskapp.services import wire_alerts
from deskapp.services.changes import StoryEdit, apply_change, notify
from deskapp.services.cluster_ingest import Grouped, group_new
from deskapp.services.clusters import CLUSTER  # a stored story a new one joined
from deskapp.services.context import ServiceContext
from deskapp.services.versions import HELD_FIELDS, record_wire_version
from deskapp.store import archive, bulk, clusters, search
from deskapp.store.bulk import BulkInsert
from deskapp.store.rows import (
    COPY_FIELDS,
    STORY_COLUMNS,
    as_utc,
    story_row,
    story_to_row_values,
)
from deskapp.store.tables import CreditRow, EventRow, NoteRow, StoryRow, table_of

BATCH = 500
NEW = frozenset({"new"})  # what a story just taken in is to a listening desk

# Compiled once and cached by SQLAlchemy: the lists are expanded when each runs.
_KNOWN_COLUMNS = (
    col(StoryRow.id),
    col(StoryRow.uid),
    col(StoryRow.fingerprint),
    col(StoryRow.wire_version),
    col(StoryRow.killed),
    col(StoryRow.withdrawn),
    col(StoryRow.corrected),
)
_KNOWN = select(*_KNOWN_COLUMNS).where(
    or_(
        col(StoryRow.uid).in_(bindparam("uids", expanding=True)),
        col(StoryRow.fingerprint).in_(bindparam("prints", expanding=True)),
    )
)
# PostgreSQL: two array parameters, whatever the batch's size (one plan, one round trip).
_KNOWN_PG = select(*_KNOWN_COLUMNS).where(
    or_(
        col(StoryRow.uid) == any_(bindparam("uids", type_=ARRAY(String))),
        col(StoryRow.fingerprint) == any_(bindparam("prints", type_=ARRAY(String))),
    )
)


@dataclass(slots=True)
class IngestResult:
    """What happened to one story (or one failed source)."""

    source: str
    status: str  # "new" | "duplicate" | "updated" | "skipped" | "error"
    id: int | None = None
    headline: str = ""
    error: str = ""
    left_queue: bool = False  # "updated": the wire killed or withheld it, so it left the queue
    alert: WireAlert | None = None  # "updated": a kill, hold or fix of queued or exported copy
    waiting: bool = False  # "updated": the editor had changed the copy; the update waits

    def to_json(self) -> dict:
        return {
            "source": self.source,
            "status": self.status,
            "id": self.id,
            "headline": self.headline or None,
            "error": self.error or None,
            "left_queue": self.left_queue,
            "alert": self.alert.text if self.alert else None,
            "waiting": self.waiting,
        }

    @property
    def failed(self) -> bool:
        return self.status == "error"


Parser = Callable[[bytes, str], list[Story]]


class IngestService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def ingest(
        self,
        refs: list[str],
        *,
        desk: str | None = None,
        on_source: Callable[[int], None] | None = None,
        follow_links: bool = False,
        encoding: str | None = None,
    ) -> Iterator[IngestResult]:
        """Ingest files, folders, globs, `-` and URLs. Yields one result per story.

        `encoding` names the sources' code page; without it each is read from its copy."""
        sources = expand(
            refs, encoding, follow_links=follow_links, http_deadline=self.ctx.settings.http_deadline
        )
        return self.ingest_sources(sources, desk=desk, on_source=on_source)

    def ingest_sources(
        self,
        sources: Iterable[Source],
        *,
        desk: str | None = None,
        on_source: Callable[[int], None] | None = None,
        parser: Parser = parse_source,
    ) -> Iterator[IngestResult]:
        return self.ingest_parsed(parse_all(sources, parser), desk=desk, on_source=on_source)

    def ingest_parsed(
        self,
        parsed_sources: Iterable[Parsed],
        *,
        desk: str | None = None,
        on_source: Callable[[int], None] | None = None,
    ) -> Iterator[IngestResult]:
        """Store sources already being parsed (`deskapp.ingest.parallel.ParseRun`), in order.

        Starting the parse before the database is open lets the two overlap.
        """
        pending: list[tuple[str, Story]] = []
        held: list[tuple[int, IngestResult]] = []  # failures, after this many pending stories

        def flush() -> list[IngestResult]:
            """Store the pending stories; every result in source order."""
            stored = self.store(pending, desk=desk)
            merged: list[IngestResult] = []
            taken = 0
            for position, failure in held:
                merged.extend(stored[taken:position])
                merged.append(failure)
                taken = position
            merged.extend(stored[taken:])
            pending.clear()
            held.clear()
            return merged

        for done, parsed in enumerate(parsed_sources, start=1):
            if parsed.status != "ok":
                held.append(
                    (len(pending), IngestResult(parsed.ref, parsed.status, error=parsed.error))
                )
            else:
                pending.extend((parsed.ref, s) for s in parsed.stories)
            if len(pending) >= BATCH or len(held) >= BATCH:
                yield from flush()
            if on_source is not None:
                on_source(done)
        yield from flush()

    def replace_copy(self, story_id: int, ref: str, story: Story) -> IngestResult:
        """The copy of a stored story read again from its source (a dropped file that grew
        after it was taken): updated in place and recorded in its history as a wire
        update; the desk's own work (desk, credits, notes, queue) is kept."""
        story.fingerprint = story.fingerprint or story.content_fingerprint()
        with self.ctx.db.write() as session:
            row = session.get(StoryRow, story_id)
            if row is not None and row.fingerprint == story.fingerprint:
                return IngestResult(ref, "duplicate", story_id, story.headline)
            if row is not None:
                story.uid = row.uid
                outcome = _update_from_wire(session, self.ctx, story_id, story, newer=False)
                if outcome is None:  # nothing written: the stored copy stands
                    return IngestResult(ref, "duplicate", story_id, story.headline)
                left, held = outcome  # notified by the change
                alert = wire_alerts.raised(session).get(story_id)
                return IngestResult(
                    ref,
                    "updated",
                    story_id,
                    story.headline,
                    left_queue=left,
                    alert=alert,
                    waiting=held,
                )
        return self.store([(ref, story)])[0]  # gone meanwhile: stored as new

    def store(
        self, parsed: list[tuple[str, Story]], *, desk: str | None = None
    ) -> list[IngestResult]:
        """Store parsed stories in one transaction; returns a result for each, in order."""
        if not parsed:
            return []
        now = self.ctx.now()
        with self.ctx.db.write() as session:
            results = _store_batch(session, self.ctx, parsed, desk, now)
            alerts = wire_alerts.raised(session)
            for result in reversed(results):  # the last update of a story raised it
                if result.status == "updated" and result.id in alerts:
                    result.alert = alerts.pop(result.id)
            # a wire update of a stored story was announced by `apply_change`
            notify(session, [StoryChange(r.id, NEW) for r in results if r.status == "new" and r.id])
        return results


def _store_batch(
    session: Session,
    ctx: ServiceContext,
    parsed: list[tuple[str, Story]],
    desk: str | None,
    now: datetime,
) -> list[IngestResult]:
    today = now.date()
    for _ref, story in parsed:
        story.fingerprint = story.fingerprint or story.content_fingerprint()
        prepare_copy(story)  # already done by the parse workers for copy they read
        story.uid = story.effective_uid
        if story.dateline_date_text and story.dateline_date is None:
            # "Nov 24 (Reuters)" in copy with no date of its own: the year it arrived
            story.dateline_date = resolve_dateline_date(story.dateline_date_text, today)
    uids = {s.uid for _, s in parsed}
    prints = {s.fingerprint for _, s in parsed}
    known_uid: dict[str, tuple[int, int | None, str, tuple[bool, bool, bool]]] = {}
    known_print: dict[str, int] = {}
    archived_uid: dict[str, int] = {}
    if session.get_bind().dialect.name == "postgresql":
        chunks = iter([(list(uids), list(prints))])
        known = _KNOWN_PG
    else:
        chunks = _chunks(list(uids), list(prints))
        known = _KNOWN
    for chunk_uids, chunk_prints in chunks:
        rows = session.execute(known, {"uids": chunk_uids, "prints": chunk_prints}).all()
        for sid, uid, fp, wv, killed, withdrawn, corrected in rows:
            known_uid[uid] = (sid, wv, fp, (bool(killed), bool(withdrawn), bool(corrected)))
            known_print[fp] = sid
        for sid, uid, fp in archive.known(session, chunk_uids, chunk_prints):
            archived_uid[uid] = sid  # taken in before and archived: a duplicate, never new
            known_print.setdefault(fp, sid)

    results: list[IngestResult | None] = []
    new: list[tuple[int, str, Story]] = []  # (result index, ref, story), stored at flush
    batch_uids: dict[str, Story] = {}
    batch_prints: set[str] = set()
    waiting: list[tuple[int, Story]] = []  # duplicates of stories not stored yet

    def flush() -> None:
        if new:
            ids = _insert_new(session, ctx, new, desk, now)
            for (index, ref, story), sid in zip(new, ids, strict=True):
                results[index] = IngestResult(ref, "new", sid, story.headline)
                known_uid[story.uid] = (sid, story.wire_version, story.fingerprint, _flags(story))
                known_print[story.fingerprint] = sid
        new.clear()
        batch_uids.clear()
        batch_prints.clear()

    for ref, story in parsed:
        pending = batch_uids.get(story.uid)
        if pending is not None and _is_newer(story.wire_version, pending.wire_version):
            flush()  # store the older version first, so this one updates it in place
        if story.uid in known_uid:
            sid, stored_version, stored_print, stored_flags = known_uid[story.uid]
            if _is_newer(story.wire_version, stored_version) and (
                story.fingerprint != stored_print or _flags(story) != stored_flags
            ):
                outcome = _update_from_wire(session, ctx, sid, story)
                if outcome is None:  # another desk stored this version (or a newer) first
                    results.append(IngestResult(ref, "duplicate", sid, story.headline))
                    continue
                left, held = outcome
                known_uid[story.uid] = (sid, story.wire_version, story.fingerprint, _flags(story))
                known_print[story.fingerprint] = sid
                results.append(
                    IngestResult(ref, "updated", sid, story.headline, left_queue=left, waiting=held)
                )
            else:
                results.append(IngestResult(ref, "duplicate", sid, story.headline))
        elif story.uid in archived_uid:
            results.append(IngestResult(ref, "duplicate", archived_uid[story.uid], story.headline))
        elif story.fingerprint in known_print:
            results.append(
                IngestResult(ref, "duplicate", known_print[story.fingerprint], story.headline)
            )
        elif story.uid in batch_uids or story.fingerprint in batch_prints:
            waiting.append((len(results), story))
            results.append(IngestResult(ref, "duplicate", None, story.headline))
        else:
            batch_uids[story.uid] = story
            batch_prints.add(story.fingerprint)
            new.append((len(results), ref, story))
            results.append(None)
    flush()
    for index, story in waiting:  # a duplicate of a story new in this batch: point at it
        found = known_uid.get(story.uid)
        result = results[index]
        assert result is not None  # filled in as a duplicate above
        result.id = found[0] if found else known_print.get(story.fingerprint)
    return [r for r in results if r is not None]


def _flags(story: Story) -> tuple[bool, bool, bool]:
    """What the wire says of the story besides its copy: killed, withheld, corrected."""
    return (bool(story.killed), bool(story.withdrawn), bool(story.corrected))


def _is_newer(version: int | None, than: int | None) -> bool:
    return version is not None and (than is None or version > than)


def _chunks(
    uids: list[str], prints: list[str], size: int = 400
) -> Iterator[tuple[list[str], list[str]]]:
    for start in range(0, max(len(uids), len(prints)), size):
        yield uids[start : start + size], prints[start : start + size]


def _insert_new(
    session: Session,
    ctx: ServiceContext,
    new: list[tuple[int, str, Story]],
    desk: str | None,
    now: datetime,
) -> list[int]:
    for _, ref, story in new:
        story.ingested_at = now
        story.status = Status.INBOX
        story.version = 1
        if desk:
            story.desk = desk
        story.source_ref = story.source_ref or ref
    conn = session.connection()
    story_table = table_of(StoryRow)
    postgres = conn.dialect.name == "postgresql"
    if postgres:
        ids = bulk.reserve_ids(conn, story_table, len(new))  # one round trip, no read-back
    else:
        # This transaction holds SQLite's one write lock (BEGIN IMMEDIATE), so nobody
        # else can take ids between reading the largest and writing ours.
        first = archive.highest_story_id(conn) + 1  # archived numbers are never given again
        ids = list(range(first, first + len(new)))
    grouped = group_new(conn, ids, [story for _, _, story in new], now)
    rows = []
    for (_, _, story), label in zip(new, grouped.labels, strict=True):
        story.cluster_id = label
        rows.append(story_row(story))
    credits: list[tuple] = []
    notes: list[tuple] = []
    events: list[tuple] = []
    index: list[tuple[int, str, str, str]] = []
    for sid, (_, ref, story) in zip(ids, new, strict=True):
        names = []
        for order, credit in enumerate(story.credits):
            credits.append((sid, credit.role.value, credit.name, order))
            names.append(credit.name)
        notes.extend(
            (sid, text, story.agency or "wire", True, now, None, None) for text in story.wire_notes
        )
        changes: dict[str, list] = {"source": [None, story.source_ref or ref]}
        if story.cluster_id is not None:  # grouped with stories on the same event
            changes["cluster_id"] = [None, story.cluster_id]
        if story.decoded_as:  # a guessed reading, on the record where the editor looks
            changes["encoding"] = [None, story.decoded_as]
        events.append((sid, now, ctx.editor, "ingest", 1, changes))
        index.append((sid, story.headline, story.body, " ".join(names)))
    credit_columns = ("story_id", "role", "name", "ord")
    note_columns = ("story_id", "text", "author", "from_wire", "created_at", "due", "resolved_at")
    event_columns = ("story_id", "at", "editor", "action", "version", "changes")
    if postgres:
        bulk.copy_stories(
            conn,
            story_table,
            ("id", *STORY_COLUMNS),
            [(sid, *row) for sid, row in zip(ids, rows, strict=True)],
            [entry[3] for entry in index],
            search.pg_document("src"),
        )
        bulk.copy_rows(conn, table_of(CreditRow), credit_columns, credits)
        bulk.copy_rows(conn, table_of(NoteRow), note_columns, notes)
        bulk.copy_rows(conn, table_of(EventRow), event_columns, events)
        _store_clusters(session, conn, grouped)
        return ids
    BulkInsert(conn, story_table, ("id", *STORY_COLUMNS)).run(
        (sid, *row) for sid, row in zip(ids, rows, strict=True)
    )
    BulkInsert(conn, table_of(CreditRow), credit_columns).run(credits)
    BulkInsert(conn, table_of(NoteRow), note_columns).run(notes)
    BulkInsert(conn, table_of(EventRow), event_columns).run(events)
    search.refresh_index(conn, index, fresh=True)
    _store_clusters(session, conn, grouped)
    return ids


def _store_clusters(session: Session, conn: Connection, grouped: Grouped) -> None:
    """The batch's band keys, and the label of stored stories a new one joined (those
    rows change on a listening desk: they now stand for a cluster)."""
    clusters.add_bands(conn, grouped.bands)
    if grouped.joined:
        clusters.label_alone(conn, grouped.joined)
        notify(session, [StoryChange(sid, CLUSTER) for sid in grouped.joined])


def _update_from_wire(
    session: Session, ctx: ServiceContext, story_id: int, story: Story, *, newer: bool = True
) -> tuple[bool, bool] | None:
    """A newer wire version: refresh the copy, keep the desk's work (desk, notes, queue).

    Every version is kept (deskapp/services/versions.py); when the editor has changed
    the headline or body since the version they started from, those stay theirs and
    the update waits for their choice (`story.wire_pending`).
    A version that kills or withholds a queued story takes it out of the queue.
    Returns (left the queue, waits for the editor's choice); None when, the row locked,
    the version is no longer newer than the stored one (another desk's ingest stored
    it meanwhile): a duplicate, nothing written. (`newer=False`: the same version's
    copy read again, see `replace_copy`.)
    """
    values = story_to_row_values(story)
    left_queue = False
    held = False
    stale = False

    def apply(edit: StoryEdit) -> None:
        nonlocal held, stale
        row = edit.row
        if (newer and not _is_newer(story.wire_version, row.wire_version)) or (
            story.fingerprint == row.fingerprint
            and _flags(story) == (bool(row.killed), bool(row.withdrawn), bool(row.corrected))
        ):
            stale = True  # read before the lock; looked at again under it
            return
        held = record_wire_version(edit, story)
        for name in COPY_FIELDS:
            if not (held and name in HELD_FIELDS):
                edit.set(name, values[name])
        edit.row.fingerprint = story.fingerprint  # derived from the copy; not history
        edit.row.raw_text = story.raw_text
        if story.priority is not None:
            edit.set("priority", story.priority)
        if story.embargo_until is not None:
            edit.set("embargo_until", as_utc(story.embargo_until))
        edit.set_credits(list(story.credits) + edit.credits())  # nothing the desk added is lost
        if (story.killed or story.withdrawn) and edit.row.status == Status.QUEUED:
            # a kill or a hold from the wire takes the story out of the queue at once
            nonlocal left_queue
            left_queue = True
            edit.set("status", str(Status.EDITING if edit.row.desk else Status.INBOX))
            edit.set("queue_position", None)
            edit.set("queue_forced", False)
        known_notes = {
            n.text
            for n in edit.session.execute(
                select(NoteRow).where(col(NoteRow.story_id) == story_id)
            ).scalars()
        }
        for text in story.wire_notes:
            if text not in known_notes:
                note = NoteRow(
                    story_id=story_id,
                    text=text,
                    author=story.agency or "wire",
                    from_wire=True,
                    created_at=ctx.now(),
                )
                edit.session.add(note)
                edit.session.flush()
                edit.record_note(note, None)
        wire_alerts.raise_alert(edit, story)  # a kill, hold or fix of queued/exported copy

    apply_change(session, ctx, story_id, "wire-update", apply)
    return None if stale else (left_queue, held)
