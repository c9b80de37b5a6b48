"""Reading and parsing many files on every core while the caller stores what is done.

Parsing is pure (bytes in, stories out), so a large batch of files is split
into chunks that worker processes read and parse; results come back in the
order of the files. Small batches, stdin and URLs are parsed in-process.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import partial

from deskapp import worker_pool
from deskapp.core.cluster_sketch import sketch
from deskapp.core.reasons import plain_reason
from deskapp.core.safe_text import prepare_copy
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
        if source.encoding:
            stories = parse_source(source.load(), source.ref, source.encoding)
        else:
            stories = parser(source.load(), source.ref)
        if not stories:
            raise IngestError("no story found")
    except SkippedItem as exc:
        return Parsed(source.ref, [], "skipped", str(exc))
    except IngestError as exc:
        return Parsed(source.ref, [], "error", str(exc))
    except Exception as exc:  # a parser bug must not stop the batch
        return Parsed(source.ref, [], "error", f"cannot parse: {plain_reason(exc)}")
    for story in stories:  # hashing and preparing here keeps it off the storing process
        story.fingerprint = story.content_fingerprint()
        prepare_copy(story)
        story.sketch = sketch(story.headline, story.body, story.dateline_place)
    return Parsed(source.ref, stories)


def _parse_paths(refs: list[str], encoding: str | None = None) -> list[Parsed]:
    return [parse_one(Source(ref, partial(read_file, ref), encoding=encoding)) for ref in refs]


def _parse_paths_packed(refs: list[str], encoding: str | None = None) -> bytes:
    """`_parse_paths`, pickled here: the caller's process unpickles a chunk only when it
    takes it, not in a helper thread that would fight its main thread for the GIL."""
    return pickle.dumps(_parse_paths(refs, encoding), protocol=pickle.HIGHEST_PROTOCOL)


class ParseRun(worker_pool.PoolOwner):
    """Sources being parsed, from the moment the run is made; iterate for `Parsed` in order.

    A large batch of files starts its worker processes at once, so the caller can
    do slow set-up (opening the database) while the first chunks are parsed. Use it
    as a context manager, or call `close`, to stop workers of a run left half-read.
    """

    def __init__(self, sources: Iterable[Source], parser: Parser = parse_source) -> None:
        self.sources = list(sources)
        self.parser = parser
        self._futures: list[Future[bytes]] = []
        files = all(s.path is not None for s in self.sources)
        if (
            parser is not parse_source
            or not files
            or len(self.sources) < PARALLEL_FROM
            or worker_pool.cores() < 2
        ):
            return
        refs = [s.path for s in self.sources if s.path is not None]
        encodings = {s.encoding for s in self.sources}
        if len(encodings) > 1:
            return  # mixed settings: parsed in-process, each with its own
        encoding = encodings.pop() if encodings else None
        self._pool = worker_pool.start_pool()
        if self._pool is None:
            return  # no workers here: everything is parsed in-process
        try:
            self._futures = [
                self._pool.submit(_parse_paths_packed, refs[i : i + CHUNK], encoding)
                for i in range(0, len(refs), CHUNK)
            ]
        except (BrokenProcessPool, OSError):
            self._futures = []
            self.close()  # workers could not start: everything is parsed here instead

    def __iter__(self) -> Iterator[Parsed]:
        done = 0
        pending = self._futures[::-1]
        self._futures = []
        try:
            while pending:  # each chunk let go of once taken: memory stays flat
                chunk: list[Parsed] = pickle.loads(pending.pop().result())
                yield from chunk
                done += len(chunk)
        except (BrokenProcessPool, OSError):
            pass  # workers died: parse the rest here; slower, never lost
        finally:
            # Waiting costs only the workers' exit (the work not started is cancelled);
            # a process that ends while its pool still winds down gets a traceback from
            # Python's exit hook (3.11: "OSError: [Errno 9] Bad file descriptor").
            self.close(wait=True)
        for source in self.sources[done:]:
            yield parse_one(source, self.parser)


def parse_all(sources: Iterable[Source], parser: Parser = parse_source) -> Iterator[Parsed]:
    """Parsed sources in order; files of a large batch are parsed in worker processes."""
    with ParseRun(sources, parser) as run:
        yield from run
