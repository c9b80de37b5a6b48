"""Reading and parsing many files on every core while the caller stores what is done.

Parsing is pure (bytes in, stories out), so a large batch of files is split
into chunks that worker processes read and parse; results come back in the
order of the files. Small batches, stdin and URLs are parsed in-process.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from deskapp.core.story import Story
from deskapp.ingest.detect import parse_source
from deskapp.ingest.errors import IngestError, SkippedItem
from deskapp.ingest.sources import Source, read_file

PARALLEL_FROM = 400  # files; below this, starting workers costs more than it saves
CHUNK = 64

Parser = Callable[[bytes, str], list[Story]]


@dataclass(slots=True)
class Parsed:
    """One source read and parsed: its stories, or why it gave none."""

    ref: str
    stories: list[Story]
    status: str = "ok"  # "ok" | "skipped" | "error"
    error: str = ""


def parse_one(source: Source, parser: Parser = parse_source) -> Parsed:
    """Read and parse one source. Never raises: a failure is a `Parsed` with its reason."""
    try:
        stories = parser(source.load(), source.ref)
        if not stories:
            raise IngestError("no story found")
    except SkippedItem as exc:
        return Parsed(source.ref, [], "skipped", str(exc))
    except IngestError as exc:
        return Parsed(source.ref, [], "error", str(exc))
    except Exception as exc:  # a parser bug must not stop the batch
        return Parsed(source.ref, [], "error", f"cannot parse: {type(exc).__name__}: {exc}")
    for story in stories:  # hashing the copy here keeps it off the storing process
        story.fingerprint = story.content_fingerprint()
    return Parsed(source.ref, stories)


def _parse_paths(refs: list[str]) -> list[Parsed]:
    from pathlib import Path

    return [parse_one(Source(ref, lambda p=Path(ref): read_file(p))) for ref in refs]


def _exit_with_parent(parent: int) -> None:
    """Run in each worker: leave when the process that started us is gone (even by kill -9)."""
    import threading
    import time

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


def workers() -> int:
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def parse_all(sources: Iterable[Source], parser: Parser = parse_source) -> Iterator[Parsed]:
    """Parsed sources in order; files of a large batch are parsed in worker processes."""
    sources = list(sources)
    files = all(s.path is not None for s in sources)
    if parser is not parse_source or not files or len(sources) < PARALLEL_FROM \
            or workers() < 2:
        for source in sources:
            yield parse_one(source, parser)
        return
    refs = [str(s.path) for s in sources]
    chunks = [refs[i:i + CHUNK] for i in range(0, len(refs), CHUNK)]
    done = 0
    try:
        # spawn, not fork: the caller may hold threads (the TUI) and open connections
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=workers(), mp_context=context,
                                 initializer=_exit_with_parent,
                                 initargs=(os.getpid(),)) as pool:
            for chunk in pool.map(_parse_paths, chunks):
                yield from chunk
                done += len(chunk)
    except (BrokenProcessPool, OSError):
        # workers could not start (or died): parse the rest here; slower, never lost
        for source in sources[done:]:
            yield parse_one(source, parser)
