"""A drop folder: every file that lands in it is ingested, then moved out of the way.

A file is read only once it has stopped growing (same size and modification
time across a settle interval). After its stories are committed it moves to
`DIR/_processed/`; a file that fails moves to `DIR/_error/` with a `.reason`
file beside it. If storing itself fails (the database is down), the file stays
where it is and is tried again on the next round: nothing is ever lost. A
polling loop, so no extra dependency and the same behaviour on every OS.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from deskapp.ingest.sources import Source, read_file
from deskapp.services.ingest import IngestResult, IngestService

PROCESSED = "_processed"
FAILED = "_error"
_PARTIAL_SUFFIXES = (".part", ".partial", ".tmp", ".crdownload", ".reason", ".swp")


@dataclass(slots=True)
class WatchOutcome:
    path: Path
    moved_to: Path | None  # None: left in place, to be tried again
    ok: bool
    reason: str = ""
    results: list[IngestResult] = field(default_factory=list)


class FolderWatch:
    def __init__(self, ingest: IngestService, folder: Path | str, *, desk: str | None = None,
                 settle_seconds: float = 1.0, encoding: str | None = None) -> None:
        self.ingest = ingest
        self.encoding = encoding  # the files' code page, when the editor names it
        self.folder = Path(folder)
        self.desk = desk
        self.settle_seconds = settle_seconds

    def waiting(self) -> list[Path]:
        """Files in the folder that look like copy (not hidden, not partial downloads)."""
        return sorted(
            p for p in self.folder.iterdir()
            if p.is_file() and not p.name.startswith(".")
            and not p.name.lower().endswith(_PARTIAL_SUFFIXES)
        )

    def settled(self) -> list[Path]:
        """The waiting files that did not change over the settle interval."""
        before = {p: _signature(p) for p in self.waiting()}
        if before and self.settle_seconds > 0:
            time.sleep(self.settle_seconds)
        return [p for p, sig in before.items() if sig is not None and _signature(p) == sig]

    def process(self, path: Path) -> WatchOutcome:
        source = Source(str(path), lambda: read_file(path), encoding=self.encoding)
        try:
            results = list(self.ingest.ingest_sources([source], desk=self.desk))
        except Exception as exc:  # the store failed: keep the file for the next round
            first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            return WatchOutcome(path, None, False, f"not stored, will retry: {first}")
        errors = [r.error for r in results if r.failed]
        if errors:
            target = _move(path, self.folder / FAILED)
            reason = "; ".join(errors)
            target.with_name(target.name + ".reason").write_text(reason + "\n", encoding="utf-8")
            return WatchOutcome(path, target, False, reason, results)
        return WatchOutcome(path, _move(path, self.folder / PROCESSED), True, "", results)

    def round(self) -> list[WatchOutcome]:
        """Ingest every settled file once."""
        return [self.process(p) for p in self.settled() if p.exists()]

    def run(self, *, interval: float = 2.0, on_outcome: Callable[[WatchOutcome], None]
            | None = None, should_stop: Callable[[], bool] = lambda: False) -> None:
        """Watch until `should_stop()` (or Ctrl-C, which the caller catches)."""
        while not should_stop():
            for outcome in self.round():
                if on_outcome is not None:
                    on_outcome(outcome)
            if not should_stop():
                time.sleep(interval)


def _signature(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


def _move(path: Path, folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    target = folder / path.name
    counter = 1
    while target.exists() or target.with_name(target.name + ".reason").exists():
        target = folder / f"{path.stem}-{counter}{path.suffix}"
        counter += 1
    return path.replace(target)
