"""Worker processes for the CPU-heavy halves of batch work: parsing copy, rendering files.

One process of Python runs on one core. Ingest and export each keep one
process that talks to the database and the folder, in order, and hand the pure
work (bytes -> stories, story -> Markdown) to a pool made here:

- forked while the calling process has one thread (the command line), which costs
  the workers nothing to start: they share the modules it has imported (spawned
  workers import them again, ~0.15 s of CPU each: `bench/kept_for_speed.py`);
  spawned when it has more (the TUI), since a fork copies other threads' locks
  mid-use. A forked worker never touches the database connection it inherits,
  and ends with `os._exit`, so nothing of the caller's is closed or flushed;
- at a lower priority, since the process that stores or writes is the one
  everything waits for, and the workers only need to stay ahead of it;
- leaving when the process that started them is gone, even by kill -9.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Self

WORKER_NICENESS = 10


def cores() -> int:
    """The cores this process may run on."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def start_pool(workers: int | None = None) -> ProcessPoolExecutor | None:
    """A pool of `workers` (default: one a core) worker processes, or None when processes
    cannot be had here: the caller then works in-process."""
    method = _start_method()
    if method == "fork":  # a forked worker would write out a copy of what is still buffered
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
    try:
        return ProcessPoolExecutor(
            max_workers=workers or cores(),
            mp_context=multiprocessing.get_context(method),
            initializer=_start_worker,
            initargs=(os.getpid(),),
        )
    except (BrokenProcessPool, OSError, NotImplementedError):
        return None


def _start_method() -> str:
    """ "fork" when this process has only its main thread and can fork, else "spawn"."""
    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        return "fork"
    return "spawn"


class PoolOwner:
    """Something that may have started a pool: `close` (or the end of a `with`) lets it go
    without waiting for work nobody will take."""

    _pool: ProcessPoolExecutor | None = None

    def close(self, *, wait: bool = False) -> None:
        """Let the pool go, cancelling work not started; `wait` for its workers to end."""
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=wait, cancel_futures=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close(wait=True)  # no worker outlives the block (see ParseRun.__iter__)


def _start_worker(parent: int) -> None:
    """Run in each worker: give way to the parent for the CPU, and leave with it."""
    import threading
    import time

    with contextlib.suppress(AttributeError, OSError):  # no nice: an even share, slower
        os.nice(WORKER_NICENESS)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()
