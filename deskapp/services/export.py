"""Exporting the queue as Markdown files, and marking what was exported as published.

`export` walks every queued story in queue order (and, with `all`, every
published one after them), skips those not ready or still embargoed, and
handles the rest in batches:

1. render each story and write its file (`deskapp.export.render_pool`: in
   worker processes for a large export): under a name new to the folder it is
   written straight into place, whole; a story's earlier file is rewritten as
   a hidden temporary file;
2. in queue order, rename each temporary file over the earlier one (a reader
   sees a file whole or not at all);
3. every PUBLISH_EVERY stories (and at the end, or on a failure), flush the
   written files to disk, then in one transaction mark just the stories whose
   files are in place `published` (with `exported_at`): each version-checked
   against the version that was rendered, each with its own "export" event.

A failure stops the export after step 3 for whatever was already written: every
written file is whole, every story with a file is published, the rest stay
queued (files written ahead for them are removed again). A crash between steps
2 and 3 leaves at worst a file for a story still queued, which the next run
rewrites under the same name (the file's front matter says which story it is).
"""

from __future__ import annotations

import contextlib
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select, update
from sqlmodel import Session

from deskapp.core import queue_rules
from deskapp.core.counts import counted
from deskapp.core.story import Status
from deskapp.export.index import IndexEntry, build_index
from deskapp.export.markdown import render, story_date
from deskapp.export.record import STORY_COLUMNS, ExportRecord
from deskapp.export.render_pool import Job, Renderer, Written
from deskapp.export.slug import slugify
from deskapp.export.writer import ExportFolder, ExportWriteError, drop_written
from deskapp.services.changes import load_story, notify
from deskapp.services.context import ServiceContext
from deskapp.services.errors import ServiceError
from deskapp.store.bulk import BulkInsert
from deskapp.store.rows import as_utc, to_json_value
from deskapp.store.tables import CreditRow, EventRow, StoryRow

BATCH = 500  # stories loaded and rendered at a time
RENDER_AHEAD = 4  # batches rendered ahead, so workers keep on while this process publishes
PUBLISH_EVERY = 5000  # stories written between two flushes to disk and publications


@dataclass(frozen=True, slots=True)
class ExportedStory:
    story_id: int
    name: str  # the file name inside the folder
    headline: str
    desk: str | None


@dataclass(frozen=True, slots=True)
class SkippedStory:
    story_id: int
    headline: str
    reason: str  # "not-ready" | "embargoed" | "changed"
    missing: tuple[str, ...] = ()
    embargo_until: datetime | None = None


@dataclass(frozen=True, slots=True)
class TakeDown:
    """A story exported earlier that the wire has since killed or withheld: its file is live."""

    story_id: int
    name: str  # the file in the export folder
    headline: str
    reason: str  # "killed" | "withheld"


@dataclass
class ExportReport:
    out_dir: str
    dry_run: bool = False
    exported: list[ExportedStory] = field(default_factory=list)
    skipped: list[SkippedStory] = field(default_factory=list)
    take_down: list[TakeDown] = field(default_factory=list)
    index_written: bool = False
    index_refused: bool = False  # an index.md that is not ours was left alone

    def to_json(self) -> dict[str, Any]:
        return {
            "out_dir": self.out_dir, "dry_run": self.dry_run,
            "exported": [{"id": e.story_id, "file": e.name, "headline": e.headline,
                          "desk": e.desk} for e in self.exported],
            "skipped": [{"id": s.story_id, "headline": s.headline, "reason": s.reason,
                         "missing": list(s.missing),
                         "embargo_until": to_json_value("embargo_until", s.embargo_until)}
                        for s in self.skipped],
            "index": self.index_written,
            "take_down": [{"id": t.story_id, "file": t.name, "headline": t.headline,
                           "reason": t.reason} for t in self.take_down],
        }


class ExportFailed(ServiceError):
    """A file could not be written. What was written before it is whole and published."""

    exit_code = 1

    def __init__(self, message: str, report: ExportReport) -> None:
        self.report = report
        super().__init__(message)


class ExportService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def default_dir(self) -> Path:
        return Path(self.ctx.settings.export_dir or "export").expanduser()

    def preview(self, story_id: int, out_dir: str | Path | None = None) -> str:
        """The exact Markdown `export` would write for this story into `out_dir`."""
        with self.ctx.db.read() as session:
            story = load_story(session, story_id)
        folder = ExportFolder.open(Path(out_dir) if out_dir else self.default_dir(),
                                   create=False)
        return render(story, _name_in(folder, story.id or 0, story.uid, story.headline,
                                      story_date(story))[1])

    def export(self, out_dir: str | Path | None = None, *, dry_run: bool = False,
               all: bool = False) -> ExportReport:
        """Write every ready, queued, un-embargoed story; mark each published once written."""
        now = self.ctx.now()
        try:
            folder = ExportFolder.open(Path(out_dir) if out_dir else self.default_dir(),
                                       create=not dry_run)
        except ExportWriteError as exc:
            raise ExportFailed(str(exc), ExportReport(str(out_dir))) from None
        try:
            return self._export(folder, now, dry_run=dry_run, include_published=all)
        finally:
            folder.discard()

    def _export(self, folder: ExportFolder, now: datetime, *, dry_run: bool,
                include_published: bool) -> ExportReport:
        report = ExportReport(out_dir=str(folder.path), dry_run=dry_run)
        failure: ExportWriteError | None = None
        staged: list[tuple[ExportRecord, str]] = []  # being written, in queue order
        written: list[tuple[ExportRecord, str]] = []  # in place, not yet published
        writing: deque[tuple[list[Job], Written]] = deque()

        def commit(count: int) -> ExportWriteError | None:
            nonlocal staged, written
            done, error = folder.commit(count)
            written += staged[:len(done)]
            staged = [] if error else staged[count:]
            if error is not None or len(written) >= PUBLISH_EVERY:
                folder.persist()
                self._publish(written, now, report, include_published=include_published)
                written = []
            return error

        def stage_next() -> ExportWriteError | None:
            """Stage the oldest written batch, then put the batch before it in place."""
            jobs, wait = writing.popleft()
            earlier = len(staged)
            for (record, _slug, name, _temp, new), error in zip(jobs, wait(), strict=True):
                if error is not None:  # nothing after it was written
                    return ExportWriteError(error)
                folder.adopt(name, placed=new)
                staged.append((record, name))
            # the batch before, while this one's files were being written
            return commit(earlier) if earlier else None

        ids = self._export_ids(include_published)
        with Renderer(folder.path, 0 if dry_run else len(ids)) as renderer:
            try:
                for batch in self._load_batches(ids):
                    jobs = self._jobs(folder, batch, now, report, dry_run=dry_run)
                    if jobs:
                        writing.append((jobs, renderer.submit(jobs)))
                    if len(writing) > RENDER_AHEAD and (failure := stage_next()) is not None:
                        break
                while writing and failure is None:
                    failure = stage_next()
            except ExportWriteError as exc:  # a name refused before anything was written
                failure = exc
            finally:
                _take_back(folder, writing, renderer)
        if not dry_run:
            failure = commit(len(staged)) or failure
        if written:
            folder.persist()
            self._publish(written, now, report, include_published=include_published)
        if not dry_run and report.exported:
            self._write_index(folder, report)
        report.take_down = self._take_down(folder)
        if failure is not None:
            done = counted(len(report.exported), "story")
            raise ExportFailed(f"{failure}; {done} exported before it, the rest stay queued",
                               report)
        return report

    # -- steps -----------------------------------------------------------------
    def _take_down(self, folder: ExportFolder) -> list[TakeDown]:
        """Files in the folder for stories the wire killed or withheld after they went out."""
        with self.ctx.db.read() as session:
            rows = session.execute(
                select(StoryRow.id, StoryRow.headline, StoryRow.killed)
                .where(StoryRow.exported_at.is_not(None),
                       StoryRow.killed | StoryRow.withdrawn)
                .order_by(StoryRow.id)).all()
        return [TakeDown(sid, folder.by_story[sid], headline,
                         "killed" if killed else "withheld")
                for sid, headline, killed in rows if sid in folder.by_story]

    def _export_ids(self, include_published: bool) -> list[int]:
        """The stories to look at, in export order."""
        with self.ctx.db.read() as session:
            ids = list(session.execute(
                select(StoryRow.id).where(StoryRow.status == str(Status.QUEUED))
                .order_by(StoryRow.queue_position.asc().nulls_last(), StoryRow.id.asc())
            ).scalars())
            if include_published:
                ids += session.execute(
                    select(StoryRow.id).where(StoryRow.status == str(Status.PUBLISHED))
                    .order_by(StoryRow.exported_at.asc().nulls_first(), StoryRow.id.asc())
                ).scalars()
        return ids

    def _load_batches(self, ids: list[int]) -> Iterator[list[ExportRecord]]:
        for start in range(0, len(ids), BATCH):
            with self.ctx.db.read() as session:
                yield load_records(session, ids[start:start + BATCH])

    def _jobs(self, folder: ExportFolder, batch: list[ExportRecord], now: datetime,
              report: ExportReport, *, dry_run: bool) -> list[Job]:
        """What to write for the exportable stories of a batch (a dry run only reports)."""
        jobs: list[Job] = []
        for record in batch:
            if not self._exportable(record, now, report):
                continue
            name, slug = _name_in(folder, record.id, record.uid, record.headline, record.date)
            if dry_run:
                report.exported.append(_exported(record, name))
            else:
                jobs.append((record, slug, name, folder.temp_name(name), name in folder.fresh))
        return jobs

    def _exportable(self, record: ExportRecord, now: datetime, report: ExportReport) -> bool:
        missing = record.missing()
        if missing:
            report.skipped.append(SkippedStory(record.id, record.headline, "not-ready",
                                               tuple(missing)))
            return False
        if queue_rules.is_embargoed(record.embargo_until, now):
            report.skipped.append(SkippedStory(record.id, record.headline, "embargoed",
                                               embargo_until=record.embargo_until))
            return False
        return True

    def _publish(self, written: list[tuple[ExportRecord, str]], now: datetime,
                 report: ExportReport,
                 *, include_published: bool) -> None:
        if not written:
            return
        allowed = {str(Status.QUEUED)} | ({str(Status.PUBLISHED)} if include_published else set())
        marked: set[int] = set()
        with self.ctx.db.write() as session:
            for start in range(0, len(written), BATCH):
                chunk = [s for s, _ in written[start:start + BATCH]]
                marked |= mark_published(session, self.ctx, chunk, now, allowed)
        for record, name in written:
            if record.id in marked:
                report.exported.append(_exported(record, name))
            else:
                report.skipped.append(SkippedStory(record.id, record.headline, "changed"))

    def _write_index(self, folder: ExportFolder, report: ExportReport) -> None:
        current = [IndexEntry(e.name, e.headline, e.desk) for e in report.exported]
        earlier = [IndexEntry(o.name, o.title, o.desk, o.date) for o in folder.owned.values()
                   if o.name not in folder.fresh]
        desks = {d.code: d.name for d in self.ctx.settings.desks}
        try:
            report.index_written = folder.write_index(build_index(current, earlier, desks))
        except ExportWriteError as exc:
            done = counted(len(report.exported), "story")
            raise ExportFailed(f"{exc}; {done} exported and published", report) from None
        report.index_refused = not report.index_written


def _name_in(folder: ExportFolder, story_id: int, uid: str, headline: str,
             when: datetime) -> tuple[str, str]:
    """The file name and slug a story is written under in this folder."""
    return folder.name_for(story_id, uid, when.date(), slugify(headline))


def _take_back(folder: ExportFolder, writing: deque[tuple[list[Job], Written]],
               renderer: Renderer) -> None:
    """After a failure: remove what was written ahead for stories that stay queued."""
    while writing:
        jobs, wait = writing.popleft()
        results: list[str | None] = ["not written"] * len(jobs)
        if renderer.parallel:  # let the workers finish with the files first
            with contextlib.suppress(Exception):
                results = wait()
        drop_written(folder.path, [(temp, name, new and result is None)
                                   for (_record, _slug, name, temp, new), result
                                   in zip(jobs, results, strict=True)])


def _exported(record: ExportRecord, name: str) -> ExportedStory:
    return ExportedStory(record.id, name, record.headline, record.desk)


_TIMES = tuple(STORY_COLUMNS.index(name)
               for name in ("published_at", "ingested_at", "embargo_until"))


def load_records(session: Session, ids: Sequence[int]) -> list[ExportRecord]:
    """What export needs of each story, with its credits, in the order of `ids`."""
    if not ids:
        return []
    table, credit = StoryRow.__table__, CreditRow.__table__
    rows = {r.id: list(r) for r in session.execute(
        select(*[table.c[name] for name in STORY_COLUMNS]).where(table.c.id.in_(ids)))}
    credits: dict[int, list[tuple[str, str]]] = {}
    for story_id, role, name in session.execute(
            select(credit.c.story_id, credit.c.role, credit.c.name)
            .where(credit.c.story_id.in_(ids)).order_by(credit.c.ord)):
        credits.setdefault(story_id, []).append((role, name))
    records = []
    for story_id in ids:
        values = rows.get(story_id)
        if values is None:
            continue
        for i in _TIMES:  # SQLite hands back naive times
            values[i] = as_utc(values[i])
        records.append(ExportRecord(*values, tuple(credits.get(story_id, ()))))
    return records


def mark_published(session: Session, ctx: ServiceContext, stories: Sequence[ExportRecord],
                   now: datetime, allowed: set[str]) -> set[int]:
    """Mark stories published in one transaction; returns the ids marked.

    A story is marked only if it is still at the version that was exported and
    still in an allowed status; each gets a version bump and an "export" event.
    """
    table = StoryRow.__table__
    ids = [s.id for s in stories]
    stmt = select(table.c.id, table.c.version, table.c.status, table.c.queue_position,
                  table.c.queue_forced, table.c.exported_at).where(table.c.id.in_(ids))
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    current = {r.id: r for r in session.execute(stmt)}
    stamp = to_json_value("exported_at", now)
    marked: list[int] = []
    events: list[tuple[Any, ...]] = []
    for story in stories:
        row = current.get(story.id)
        if row is None or row.version != story.version or row.status not in allowed:
            continue
        changes: dict[str, list[Any]] = {
            "exported_at": [to_json_value("exported_at", as_utc(row.exported_at)), stamp]}
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
            update(table).where(table.c.id.in_(marked))
            .values(status=str(Status.PUBLISHED), exported_at=now, queue_position=None,
                    queue_forced=False, version=table.c.version + 1))
        BulkInsert(session.connection(), EventRow.__table__,
                   ("story_id", "at", "editor", "action", "version", "changes")).run(events)
        notify(session)
    return set(marked)
