"""Rendering stories and writing their files on every core.

Rendering is pure (story in, text out) and, with writing the file, is most of
an export's work. A large export hands batches to worker processes
(`deskapp.worker_pool`), each of which renders a story and, when the story's
name is new to the folder, writes it straight into place (`writer.write_new`:
a link never takes a name someone else holds); a story rewriting its own
earlier file is written to a hidden temporary file, which
`ExportFolder.commit` renames over the earlier one, in order. The exporting
process stays free to load stories, follow the results in queue order and mark
them published. Small exports do the same in-process: starting workers would
cost more than it saves. If workers cannot start, or die, the batch is done
here instead: slower, never lost.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import CancelledError
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from deskapp import worker_pool
from deskapp.export import writer
from deskapp.export.markdown import render
from deskapp.export.record import ExportRecord

PARALLEL_FROM = 1000  # stories; below this, working here is quicker than starting workers

# (story, slug, file name, temporary file name, new: a name new to the folder, written
# straight into place; else the story's earlier file, rewritten as the temporary file)
Job = tuple[ExportRecord, str, str, str, bool]
# call to wait for a batch: for each job in order, None (its file is written) or
# why it could not be; after the first failure nothing more is written
Written = Callable[[], list[str | None]]


def render_and_write(folder: str, jobs: list[Job], *, redo: bool = False) -> list[str | None]:
    """Render each job's story and write it into `folder`: under a name new to the folder
    straight into place, else as its temporary file; in order, stopping at the first
    failure.

    `redo`: the batch again, after the worker writing it died. A file it already
    put in place under a new name is whole (a file is linked only once written)
    and says it is this story's: it is kept, not refused as someone else's (so is
    one that another export into the same folder wrote for the same story
    meanwhile: the same story's file either way).
    """
    results: list[str | None] = []
    path = Path(folder)
    try:
        folder_fd: int | None = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:  # each write below says what is wrong with the folder
        folder_fd = None
    try:
        for record, slug, name, temp, new in jobs:
            if results and results[-1] is not None:
                results.append("not written after an earlier failure")
                continue
            try:
                content = render(record.story(), slug)
                if new:  # linked into place: it fails rather than take someone else's name
                    try:
                        writer.write_new(path, temp, name, content, folder_fd)
                    except writer.ExportWriteError:
                        if not (redo and writer.holds_story(path, name, record.id, record.uid)):
                            raise
                        writer.drop_written(path, [(temp, name, False)])  # if one was left
                else:
                    writer.write_temp(path, temp, name, content)
                results.append(None)
            except writer.ExportWriteError as exc:
                results.append(str(exc))
    finally:
        if folder_fd is not None:
            os.close(folder_fd)
    return results


class Renderer(worker_pool.PoolOwner):
    """Hands out batches; `submit` returns a call that waits for the batch to be written."""

    def __init__(self, folder: Path, stories: int) -> None:
        self.folder = str(folder)
        if stories >= PARALLEL_FROM and worker_pool.cores() >= 2:
            self._pool = worker_pool.start_pool()  # None: batches are done in-process

    @property
    def parallel(self) -> bool:
        """Whether batches go to worker processes (which may be writing ahead)."""
        return self._pool is not None

    def submit(self, jobs: list[Job]) -> Written:
        if self._pool is None:
            return lambda: render_and_write(self.folder, jobs)
        try:
            future = self._pool.submit(render_and_write, self.folder, jobs)
        except (BrokenProcessPool, RuntimeError, OSError):
            self.close()
            return lambda: render_and_write(self.folder, jobs)

        def result() -> list[str | None]:
            try:
                return future.result()
            except (BrokenProcessPool, CancelledError, OSError):
                # a worker died (or the pool was closed before this batch ran): once no
                # worker is left that could still be writing its temporary files, do
                # the batch again here, keeping what was placed
                self.close(wait=True)
                return render_and_write(self.folder, jobs, redo=True)

        return result
