"""Exporting the queue for a site generator, and marking what was exported as published.

`export` takes the database's export lock (`export_lock`: one export at a time,
a second one waits with `wait` or says who holds it), walks every queued story
in queue order (and, with `all`, every published one after them), skips those
not ready or still embargoed, and for the rest:

1. hands batches of stories to `deskapp.export.batch_writer` (worker processes
   for a large export), which renders each file for the target
   (`deskapp.export.targets`) and writes it the one way Deskapp writes files
   (`writer.write_file`: a temporary file, synced, linked or renamed into
   place); a story's earlier file changed by hand since it was written (its
   SHA-256 is not the one recorded in `export_file`) is kept and reported,
   unless `overwrite`;
2. every PUBLISH_EVERY stories (and at the end, or on a failure) syncs the
   folder, then in one transaction marks the stories whose
   files are in place `published` (each version-checked against the version
   rendered, each with its own "export" event) and records each file's hash.

Every file written is reported as written. A story changed while it was being
exported keeps its new file but stays queued; the next export rewrites it.
Stories the wire killed or withheld after they were exported are listed in every export
as "to take down"; with `take_down` their files are removed (see
`deskapp.services.takedown`). Stories the wire corrected after their files were
written are listed as "corrected since export", until they are exported again.
"""

from __future__ import annotations

import contextlib
import os
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, insert, select
from sqlmodel import Session, col

from deskapp.core import queue_rules
from deskapp.core.counts import counted
from deskapp.core.story import Status
from deskapp.export.batch_writer import BatchWriter, Job, Spec, Wait, render_file
from deskapp.export.index import IndexEntry, build_index
from deskapp.export.record import ExportRecord
from deskapp.export.slug import slugify
from deskapp.export.targets import Target, get_target, section_of
from deskapp.export.writer import (
    ExportFolder,
    ExportWriteError,
    file_hash,
    sync_folder,
    write_file,
)
from deskapp.services.changes import load_story
from deskapp.services.context import ServiceContext
from deskapp.services.errors import InvalidInput, ServiceError
from deskapp.services.export_lock import ExportLock
from deskapp.services.export_rows import load_records, mark_published
from deskapp.services.takedown import TakeDown, exported_files
from deskapp.store.rows import to_json_value
from deskapp.store.tables import ExportFileRow, StoryRow, table_of

BATCH = 500  # stories loaded at a time
PUBLISH_EVERY = 5000  # stories written between two folder syncs and publications
RENDER_AHEAD = 4  # batches rendered ahead, so workers keep on while this process publishes


@dataclass(frozen=True, slots=True)
class ExportedStory:
    story_id: int
    name: str  # the file name inside the stories' folder
    headline: str
    desk: str | None
    published: bool = True  # False: written, but the story changed meanwhile (stays queued)


@dataclass(frozen=True, slots=True)
class SkippedStory:
    story_id: int
    headline: str
    reason: str  # "not-ready" | "embargoed" | "changed-by-hand"
    missing: tuple[str, ...] = ()
    embargo_until: datetime | None = None
    file: str = ""


@dataclass(frozen=True, slots=True)
class TakeDownFile:
    story_id: int
    path: str
    done: bool = False  # removed by this run


@dataclass(frozen=True, slots=True)
class CorrectedFile:
    """A file written before the wire corrected its story: the site shows the old copy."""

    story_id: int
    path: str
    waiting: str = ""  # the correction is held for the editor's choice: what to do


@dataclass
class ExportReport:
    out_dir: str
    target: str = "plain"
    dry_run: bool = False
    exported: list[ExportedStory] = field(default_factory=list)
    skipped: list[SkippedStory] = field(default_factory=list)
    take_down: list[TakeDownFile] = field(default_factory=list)
    corrected: list[CorrectedFile] = field(default_factory=list)  # to export again
    index_written: bool = False
    index_refused: bool = False  # an index not ours was left alone

    @property
    def kept_by_hand(self) -> list[SkippedStory]:
        return [s for s in self.skipped if s.reason == "changed-by-hand"]

    def to_json(self) -> dict[str, Any]:
        return {
            "out_dir": self.out_dir,
            "target": self.target,
            "dry_run": self.dry_run,
            "exported": [
                {
                    "id": e.story_id,
                    "file": e.name,
                    "headline": e.headline,
                    "desk": e.desk,
                    "published": e.published,
                }
                for e in self.exported
            ],
            "skipped": [
                {
                    "id": s.story_id,
                    "headline": s.headline,
                    "reason": s.reason,
                    "missing": list(s.missing),
                    "file": s.file or None,
                    "embargo_until": to_json_value("embargo_until", s.embargo_until),
                }
                for s in self.skipped
            ],
            "take_down": [
                {"id": t.story_id, "file": t.path, "removed": t.done} for t in self.take_down
            ],
            "corrected": [
                {"id": c.story_id, "file": c.path, "waiting": c.waiting or None}
                for c in self.corrected
            ],
            "index": self.index_written,
        }


class Recorded:
    """The files export wrote into a folder before: by name (their hash), by story."""

    def __init__(self, files: dict[str, tuple[int, str]]) -> None:
        self.digests = {name: digest for name, (_sid, digest) in files.items()}
        self.by_story = {sid: name for name, (sid, _digest) in files.items()}


class ExportFailed(ServiceError):
    """A file could not be written. What was written before it is whole and reported."""

    exit_code = 1

    def __init__(self, message: str, report: ExportReport) -> None:
        self.report = report
        super().__init__(message)


class ExportService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def default_dir(self) -> Path:
        return Path(self.ctx.settings.export_dir or "export").expanduser()

    def target(self, name: str | None = None) -> Target:
        try:
            return get_target(name or self.ctx.settings.export_target or "plain")
        except ValueError as exc:
            raise InvalidInput(str(exc)) from None

    def preview(
        self, story_id: int, out_dir: str | Path | None = None, target: str | None = None
    ) -> str:
        """The exact file `export` would write for this story (into `out_dir`, for `target`)."""
        with self.ctx.db.read() as session:
            story = load_story(session, story_id)
        record = ExportRecord.from_story(story)
        chosen = self.target(target)
        folder = ExportFolder.open(
            Path(out_dir) if out_dir else self.default_dir(), chosen, create=False
        )
        _name, slug = folder.name_for(
            record.id, record.uid, record.date.date(), slugify(record.headline)
        )
        return render_file(self._spec(folder), record, slug)

    def export(
        self,
        out_dir: str | Path | None = None,
        *,
        target: str | None = None,
        dry_run: bool = False,
        all: bool = False,
        overwrite: bool = False,
        take_down: bool = False,
        wait: bool = False,
    ) -> ExportReport:
        """Write every ready, queued, un-embargoed story; mark each published once written."""
        chosen = self.target(target)
        path = Path(out_dir).expanduser() if out_dir else self.default_dir()
        lock = ExportLock(self.ctx)
        if not dry_run:
            lock.acquire(wait=wait)
        try:
            try:
                folder = ExportFolder.open(path, chosen, create=not dry_run)
            except ExportWriteError as exc:
                raise ExportFailed(str(exc), ExportReport(str(path), chosen.name)) from None
            report = ExportReport(out_dir=str(folder.root), target=chosen.name, dry_run=dry_run)
            self._take_down(folder, report, remove=take_down and not dry_run)
            self._export(folder, self.ctx.now(), report, include_published=all, overwrite=overwrite)
            takedown = TakeDown(self.ctx)
            with self.ctx.db.read() as session:
                waiting = takedown.corrections_waiting(session)
            report.corrected = [  # after this run: a story it wrote again is not listed
                CorrectedFile(
                    row.story_id, str(Path(row.folder) / row.name), waiting.get(row.story_id, "")
                )
                for row in takedown.corrected_files()
            ]
            return report
        finally:
            if not dry_run:
                lock.release()

    def unpublish(self, story_id: int, *, wait: bool = False) -> list[str]:
        """Take one story's exported files down (see `deskapp.services.takedown`)."""
        lock = ExportLock(self.ctx)
        lock.acquire(wait=wait)
        try:
            return TakeDown(self.ctx).unpublish(story_id)
        finally:
            lock.release()

    def _take_down(self, folder: ExportFolder, report: ExportReport, *, remove: bool) -> None:
        """List (or, `remove`, remove) the files of stories the wire killed."""
        takedown = TakeDown(self.ctx)
        others: set[tuple[Path, str]] = set()
        for row in takedown.killed_files():
            if remove:
                takedown.remove(row, action="take-down")
                if Path(row.folder) == folder.files:
                    folder.forget(row.name)
                else:
                    others.add((Path(row.folder), row.target))
            report.take_down.append(
                TakeDownFile(row.story_id, str(Path(row.folder) / row.name), remove)
            )
        takedown.rebuild_indexes(others)

    def _spec(self, folder: ExportFolder) -> Spec:
        return Spec(
            str(folder.files),
            folder.target.name,
            section_of(folder.root.name),
            {d.code: d.name for d in self.ctx.settings.desks},
            self.ctx.now(),
        )

    def _export(
        self,
        folder: ExportFolder,
        now: datetime,
        report: ExportReport,
        *,
        include_published: bool,
        overwrite: bool,
    ) -> None:
        dry_run = report.dry_run
        recorded = Recorded(exported_files(self.ctx, folder.files))
        writing: deque[tuple[list[Job], Wait]] = deque()
        written: list[tuple[ExportRecord, str, str]] = []  # in place, not yet published
        failure: str | None = None
        ids = self._export_ids(include_published)

        def collect() -> str | None:
            """Results of the oldest batch in order; publish every PUBLISH_EVERY files."""
            nonlocal written
            jobs, wait = writing.popleft()
            error = None
            for job, (digest, why) in zip(jobs, wait(), strict=True):
                if digest is None:
                    error = error or why
                    if job.new:
                        folder.forget(job.name)
                else:
                    written.append((job.record, job.name, digest))
            if error is not None or len(written) >= PUBLISH_EVERY:
                self._settle(folder, written, now, report, include_published)
                written = []
            return error

        with BatchWriter(self._spec(folder), 0 if dry_run else len(ids)) as batches:
            try:
                for batch in self._load_batches(ids):
                    jobs = self._jobs(folder, batch, now, report, recorded, overwrite)
                    if jobs:
                        writing.append((jobs, batches.submit(jobs)))
                    if len(writing) > RENDER_AHEAD and (failure := collect()) is not None:
                        break
                while writing and failure is None:
                    failure = collect()
            finally:
                # after a failure: what workers still write is kept and reported; a batch
                # done here is only done when waited for, so it is not started at all
                while writing and batches.parallel:
                    with contextlib.suppress(Exception):
                        collect()
                writing.clear()
                batches.close(wait=True)  # no worker outlives the export
        self._settle(folder, written, now, report, include_published)
        if not dry_run and (report.exported or any(t.done for t in report.take_down)):
            self._write_index(folder, report)
        if failure is not None:
            done = counted(len(report.exported), "story")
            raise ExportFailed(
                f"{failure}; {done} exported before it, the rest stay queued", report
            )

    def _jobs(
        self,
        folder: ExportFolder,
        batch: list[ExportRecord],
        now: datetime,
        report: ExportReport,
        recorded: Recorded,
        overwrite: bool,
    ) -> list[Job]:
        """What to write for the exportable stories of a batch (a dry run only reports)."""
        jobs: list[Job] = []
        for record in batch:
            if not self._exportable(record, now, report):
                continue
            mine = recorded.by_story.get(record.id)  # the file export wrote for it here
            if mine and mine not in folder.owned and os.path.lexists(folder.files / mine):
                if not overwrite:  # its front matter is gone: changed by hand
                    report.skipped.append(
                        SkippedStory(record.id, record.headline, "changed-by-hand", file=mine)
                    )
                    continue
                folder.claim(record.id, record.uid, mine)
            name, slug = folder.name_for(
                record.id, record.uid, record.date.date(), slugify(record.headline)
            )
            new = name in folder.fresh
            if report.dry_run:
                report.exported.append(_exported(record, name))
                continue
            known = recorded.digests.get(name)
            if not new and known is not None and not overwrite:
                current = file_hash(folder.files / name)
                if current is not None and current != known:
                    report.skipped.append(
                        SkippedStory(record.id, record.headline, "changed-by-hand", file=name)
                    )
                    continue
            jobs.append(Job(record, slug, name, new))
        return jobs

    def _settle(
        self,
        folder: ExportFolder,
        written: list[tuple[ExportRecord, str, str]],
        now: datetime,
        report: ExportReport,
        include_published: bool,
    ) -> None:
        """Make the written files durable (the folder's sync), then publish and record them."""
        if written:
            sync_folder(folder.files)
            self._publish(folder, written, now, report, include_published=include_published)

    # -- steps -----------------------------------------------------------------
    def _export_ids(self, include_published: bool) -> list[int]:
        """The stories to look at, in export order: the queue, then (with `--all`) the
        published stories, first exported first."""
        queued = (Status.QUEUED, col(StoryRow.queue_position).asc().nulls_last())
        published = (Status.PUBLISHED, col(StoryRow.exported_at).asc().nulls_first())
        ids: list[int] = []
        with self.ctx.db.read() as session:
            for status, first in (queued, published) if include_published else (queued,):
                ids += session.scalars(
                    select(table_of(StoryRow).c.id)
                    .where(col(StoryRow.status) == str(status))
                    .order_by(first, col(StoryRow.id).asc())
                ).all()
        return ids

    def _load_batches(self, ids: list[int]) -> Iterator[list[ExportRecord]]:
        for start in range(0, len(ids), BATCH):
            with self.ctx.db.read() as session:
                yield load_records(session, ids[start : start + BATCH])

    def _exportable(self, record: ExportRecord, now: datetime, report: ExportReport) -> bool:
        missing = record.missing()
        if missing:
            report.skipped.append(
                SkippedStory(record.id, record.headline, "not-ready", tuple(missing))
            )
            return False
        if queue_rules.is_embargoed(record.embargo_until, now):
            report.skipped.append(
                SkippedStory(
                    record.id, record.headline, "embargoed", embargo_until=record.embargo_until
                )
            )
            return False
        return True

    def _publish(
        self,
        folder: ExportFolder,
        written: list[tuple[ExportRecord, str, str]],
        now: datetime,
        report: ExportReport,
        *,
        include_published: bool,
    ) -> None:
        allowed = {str(Status.QUEUED)} | ({str(Status.PUBLISHED)} if include_published else set())
        marked: set[int] = set()
        with self.ctx.db.write() as session:
            for start in range(0, len(written), BATCH):
                chunk = written[start : start + BATCH]
                marked |= mark_published(session, self.ctx, [r for r, _, _ in chunk], now, allowed)
                record_files(session, folder, [(r.id, n, d) for r, n, d in chunk], now)
        for record, name, _digest in written:
            report.exported.append(_exported(record, name, published=record.id in marked))

    def _write_index(self, folder: ExportFolder, report: ExportReport) -> None:
        current = [IndexEntry(e.name, e.headline, e.desk) for e in report.exported]
        earlier = [
            IndexEntry(o.name, o.title, o.desk, o.date)
            for o in folder.owned.values()
            if o.name not in folder.fresh
        ]
        desks = {d.code: d.name for d in self.ctx.settings.desks}
        try:
            report.index_written = write_index(folder, current, earlier, desks)
        except ExportWriteError as exc:
            done = counted(len(report.exported), "story")
            raise ExportFailed(f"{exc}; {done} exported and published", report) from None
        report.index_refused = not report.index_written


def write_index(
    folder: ExportFolder,
    current: list[IndexEntry],
    earlier: list[IndexEntry],
    desks: dict[str, str],
) -> bool:
    """The folder's index (and Eleventy's folder data file, once); False if not ours."""
    if folder.target.name == "eleventy":
        data = folder.root / f"{folder.root.name}.11tydata.json"
        if not data.exists():
            write_file(folder.root, data.name, b'{"layout": "story.liquid"}\n', new=True)
    return folder.write_index(
        build_index(current, earlier, desks, folder.target, section_of(folder.root.name))
    )


def rebuild_index(folder: ExportFolder, desks: dict[str, str]) -> bool:
    """The index again from the story files the folder holds (after a take-down)."""
    earlier = [IndexEntry(o.name, o.title, o.desk, o.date) for o in folder.owned.values()]
    return write_index(folder, [], earlier, desks)


def record_files(
    session: Session, folder: ExportFolder, files: list[tuple[int, str, str]], now: datetime
) -> None:
    """Remember what was written: (story id, file name, SHA-256) for each file."""
    if not files:
        return
    where = str(folder.files)
    table = table_of(ExportFileRow)
    session.execute(
        delete(table).where(table.c.folder == where, table.c.name.in_([n for _, n, _ in files]))
    )
    session.execute(
        insert(table),
        [
            {
                "story_id": sid,
                "folder": where,
                "name": name,
                "target": folder.target.name,
                "sha256": digest,
                "written_at": now,
            }
            for sid, name, digest in files
        ],
    )


def _exported(record: ExportRecord, name: str, *, published: bool = True) -> ExportedStory:
    return ExportedStory(record.id, name, record.headline, record.desk, published)
