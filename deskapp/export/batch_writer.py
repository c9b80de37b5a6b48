"""Rendering stories and writing their files, in worker processes for a large export.

Rendering (story in, text out) and writing the file are most of an export's
work, and a file's sync waits on the disk. A large export hands batches of
jobs to worker processes (`deskapp.worker_pool`; more processes than cores, so
that some render while others wait for their sync); each renders a story and
writes it with `writer.write_file`, the one way a file is written. The
exporting process stays free to load stories, follow the results in queue
order and mark them published. Small exports do the same in-process: starting
workers would cost more than it saves. If workers cannot start, or die, the
batch is done here instead: slower, never lost.

Measured with bench/export_bench.py (10,000 stories, 2 cores): all in one
process 2.6 s on /dev/shm; with the workers, see the figures in that script's
docstring. That is why the workers are kept.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from concurrent.futures import CancelledError
from concurrent.futures.process import BrokenProcessPool
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from deskapp import worker_pool
from deskapp.export import writer
from deskapp.export.markdown import render
from deskapp.export.record import ExportRecord
from deskapp.export.targets import get_target

PARALLEL_FROM = 1000  # stories; below this, working here is quicker than starting workers
WORKERS_PER_CORE = 2  # a worker waiting for its file's sync leaves its core to another


class Job(NamedTuple):
    record: ExportRecord
    slug: str
    name: str  # the file name
    new: bool  # a name new to the folder (linked into place), else the story's own file


class Spec(NamedTuple):
    """What every job of an export shares."""

    folder: str  # the stories' folder
    target: str
    section: str
    desk_names: dict[str, str]
    now: datetime


# for each job in order: (SHA-256 of the file written, None) or (None, why it was not)
Results = list[tuple[str | None, str | None]]
Wait = Callable[[], Results]


def render_file(spec: Spec, record: ExportRecord, slug: str) -> str:
    """The file's text for one story."""
    return render(
        record,
        slug,
        get_target(spec.target),
        section=spec.section,
        desk_name=spec.desk_names.get(record.desk or "", record.desk),
        updated=spec.now if record.exported_at else None,
    )


def render_and_write(spec: Spec, jobs: list[Job], *, redo: bool = False) -> Results:
    """Render and write each job's file, in order; after a failure nothing more is written.

    `redo`: the batch again after the worker writing it died: a file it already
    put in place under a new name says it is this story's and is rewritten.
    """
    folder = Path(spec.folder)
    results: Results = []
    for record, slug, name, new in jobs:
        if results and results[-1][1] is not None:
            results.append((None, "not written after an earlier failure"))
            continue
        data = render_file(spec, record, slug).encode("utf-8")
        if new and redo and writer.holds_story(folder, name, record.id, record.uid):
            new = False
        try:
            writer.write_file(folder, name, data, new=new)
        except writer.ExportWriteError as exc:
            results.append((None, str(exc)))
            continue
        results.append((hashlib.sha256(data).hexdigest(), None))
    return results


class BatchWriter(worker_pool.PoolOwner):
    """Hands out batches; `submit` returns a call that waits for the batch's results."""

    def __init__(self, spec: Spec, stories: int) -> None:
        self.spec = spec
        if stories >= PARALLEL_FROM and worker_pool.cores() >= 2:
            self._pool = worker_pool.start_pool(worker_pool.cores() * WORKERS_PER_CORE)

    @property
    def parallel(self) -> bool:
        """Whether batches go to worker processes (which may be writing ahead)."""
        return self._pool is not None

    def submit(self, jobs: list[Job]) -> Wait:
        if self._pool is None:
            return lambda: render_and_write(self.spec, jobs)
        try:
            future = self._pool.submit(render_and_write, self.spec, jobs)
        except (BrokenProcessPool, RuntimeError, OSError):
            self.close(wait=True)
            return lambda: render_and_write(self.spec, jobs, redo=True)

        def result() -> Results:
            try:
                return future.result()
            except (BrokenProcessPool, CancelledError, OSError):
                # a worker died: once no worker is left that could still be writing,
                # do the batch again here
                self.close(wait=True)
                return render_and_write(self.spec, jobs, redo=True)

        return result
