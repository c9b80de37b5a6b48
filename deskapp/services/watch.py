"""A drop folder: every file that lands in it is ingested, then moved out of the way.

When a file is taken:

- its size and modification time have not changed over the settle interval;
- it is not empty (a file made empty and filled later waits; one still empty
  after `EMPTY_GRACE` goes to `_error`);
- no process has it open for writing, where the platform can tell: on Linux a
  read lease (`fcntl F_SETLEASE F_RDLCK`) is refused while any other open file
  description writes to the file, so Deskapp asks for one and lets it go at
  once (no scan of /proc; where leases are not allowed, e.g. a file owned by
  someone else without CAP_LEASE, the settle interval alone decides);
- its name is not a work-in-progress one: hidden (`.name`), `name.tmp` and other
  partial-download suffixes, editor backups (`name~`). Writers that write under
  such a name and rename when done are never read half-written.

After its stories are committed it moves to `DIR/_processed/`; a file that
fails moves to `DIR/_error/` with a `.reason` file beside it. A file that keeps
growing in `_processed/` after it was taken (its writer paused longer than the
settle time) is read again once it settles, and its stories are updated in
place: a story is never left truncated.

Symbolic links and special files (pipes, devices) are refused and moved to
`_error/` without being opened; `follow_links` reads links that stay inside the
folder. `_processed` and `_error` must be real folders, never links.

If storing fails (the database is down) the file stays and is tried again; if
moving it fails (the folder became read-only) the stories are already stored
and the move is tried again each round: nothing is ever lost. A polling loop,
so no extra dependency and the same behaviour on every OS.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from deskapp.core.reasons import plain_reason
from deskapp.ingest.sources import LINK_OUTSIDE, Source, read_file, refusal
from deskapp.services.ingest import IngestResult, IngestService

PROCESSED = "_processed"
FAILED = "_error"
_PARTIAL_SUFFIXES = (".part", ".partial", ".tmp", ".crdownload", ".reason", ".swp", "~")
EMPTY_GRACE = 600.0  # seconds an empty file may wait to be filled
RETAKE_WINDOW = 3600.0  # seconds a taken file is watched for growth


class WatchFolderError(Exception):
    """The folder cannot be watched (missing, not writable). One line, shown as is."""


@dataclass(slots=True)
class WatchOutcome:
    path: Path
    moved_to: Path | None  # None: left in place, to be tried again
    ok: bool
    reason: str = ""
    results: list[IngestResult] = field(default_factory=list)
    retaken: bool = False  # a taken file that grew, read again


@dataclass(slots=True)
class _Taken:
    signature: tuple[int, ...]
    ids: list[int]
    at: float


class FolderWatch:
    def __init__(
        self,
        ingest: IngestService,
        folder: Path | str,
        *,
        desk: str | None = None,
        settle_seconds: float = 1.0,
        follow_links: bool = False,
        encoding: str | None = None,
    ) -> None:
        self.ingest = ingest
        self.encoding = encoding  # the files' code page, when the editor names it
        self.folder = Path(folder)
        self.desk = desk
        self.settle_seconds = settle_seconds
        self.follow_links = follow_links
        self._taken: dict[Path, _Taken] = {}

    def check(self) -> None:
        """Raise WatchFolderError unless the folder and its two sub-folders can be written."""
        if not self.folder.is_dir():
            raise WatchFolderError(f"not a folder: {self.folder}")
        for place in (self.folder, self.folder / PROCESSED, self.folder / FAILED):
            try:
                if place != self.folder:  # the folder itself is the editor's to name
                    _usable_folder(place, make=True)
                probe = os.open(
                    place / f".deskapp-probe-{os.getpid()}",
                    os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW,
                    0o600,
                )
                os.close(probe)
                os.unlink(place / f".deskapp-probe-{os.getpid()}")
            except OSError as exc:
                raise WatchFolderError(
                    f"cannot write in {place}: {exc.strerror or plain_reason(exc)}"
                ) from None

    def waiting(self) -> list[Path]:
        """Entries in the folder that look like copy (not hidden, not work in progress)."""
        try:
            with os.scandir(self.folder) as listing:
                names = [e.name for e in listing if not e.is_dir(follow_symlinks=False)]
        except OSError:
            return []
        return sorted(
            self.folder / name
            for name in names
            if not name.startswith(".") and not name.lower().endswith(_PARTIAL_SUFFIXES)
        )

    def settled(self) -> list[Path]:
        """The waiting files, and taken files that grew, unchanged over the settle interval."""
        candidates = self.waiting() + self._grown()
        before = {p: _signature(p) for p in candidates}
        if before and self.settle_seconds > 0:
            time.sleep(self.settle_seconds)
        return [p for p, sig in before.items() if sig is not None and _signature(p) == sig]

    def process(self, path: Path) -> WatchOutcome | None:
        """Take one settled file. None: not ready yet (empty, or open for writing)."""
        try:
            info = os.lstat(path)
        except OSError:
            return None  # gone meanwhile
        target = path
        reason = refusal(info)
        if self.follow_links and stat.S_ISLNK(info.st_mode):
            target, reason = self._through_link(path)
        if reason is not None:
            return self._fail(path, reason)
        if info.st_size == 0 and target == path:
            if time.time() - info.st_mtime < EMPTY_GRACE:
                return None
            return self._fail(path, f"empty for {EMPTY_GRACE / 60:.0f} minutes")
        if being_written(target):
            return None
        source = Source(str(path), lambda: read_file(target), encoding=self.encoding)
        try:
            results = list(self.ingest.ingest_sources([source], desk=self.desk))
        except Exception as exc:  # the store failed: keep the file for the next round
            return WatchOutcome(path, None, False, f"not stored, will retry: {plain_reason(exc)}")
        errors = [r.error for r in results if r.failed]
        if errors:
            return self._fail(path, "; ".join(errors), results)
        try:
            moved = _move(path, self.folder / PROCESSED)
        except OSError as exc:
            return WatchOutcome(
                path,
                None,
                False,
                f"stored, but cannot move it to {PROCESSED}/: "
                f"{exc.strerror or plain_reason(exc)}; will retry",
                results,
            )
        signature = _signature(moved)
        if signature is not None:
            self._taken[moved] = _Taken(
                signature, [r.id for r in results if r.id is not None], time.monotonic()
            )
        return WatchOutcome(path, moved, True, "", results)

    def retake(self, path: Path) -> WatchOutcome | None:
        """A taken file that grew: read it again and update its stories in place."""
        taken = self._taken.get(path)
        if taken is None or being_written(path):
            return None
        from deskapp.ingest.parallel import parse_one

        parsed = parse_one(Source(str(path), lambda: read_file(path)))
        if parsed.status != "ok":
            self._taken.pop(path, None)
            return WatchOutcome(
                path, path, False, f"grew after it was taken, and now: {parsed.error}", retaken=True
            )
        results = [
            self.ingest.replace_copy(sid, str(path), story)
            for sid, story in zip(taken.ids, parsed.stories, strict=False)
        ]
        extra = [(str(path), story) for story in parsed.stories[len(taken.ids) :]]
        if extra:
            results += self.ingest.store(extra, desk=self.desk)
        signature = _signature(path)
        if signature is not None:
            taken.signature = signature
            taken.ids = [r.id for r in results if r.id is not None]
        return WatchOutcome(path, path, True, "", results, retaken=True)

    def round(self) -> list[WatchOutcome]:
        """Take every settled file once, and read again taken files that grew."""
        outcomes = []
        for path in self.settled():
            outcome = self.retake(path) if path in self._taken else self.process(path)
            if outcome is not None:
                outcomes.append(outcome)
        return outcomes

    def run(
        self,
        *,
        interval: float = 2.0,
        on_outcome: Callable[[WatchOutcome], None] | None = None,
        should_stop: Callable[[], bool] = lambda: False,
    ) -> None:
        """Watch until `should_stop()` (or Ctrl-C, which the caller catches)."""
        while not should_stop():
            for outcome in self.round():
                if on_outcome is not None:
                    on_outcome(outcome)
            if not should_stop():
                time.sleep(interval)

    def _grown(self) -> list[Path]:
        now = time.monotonic()
        grown = []
        for path, taken in list(self._taken.items()):
            signature = _signature(path)
            if signature is None or now - taken.at > RETAKE_WINDOW:
                del self._taken[path]
            elif signature != taken.signature:
                grown.append(path)
        return grown

    def _through_link(self, path: Path) -> tuple[Path, str | None]:
        inside = os.path.realpath(self.folder)
        target = os.path.realpath(path)
        if not target.startswith(inside + os.sep):
            return path, LINK_OUTSIDE
        try:
            return Path(target), refusal(os.lstat(target))
        except OSError:
            return path, "a symbolic link to nothing"

    def _fail(
        self, path: Path, reason: str, results: list[IngestResult] | None = None
    ) -> WatchOutcome:
        try:
            target = _move(path, self.folder / FAILED)
        except OSError as exc:
            return WatchOutcome(
                path,
                None,
                False,
                f"{reason} (and cannot move it to "
                f"{FAILED}/: {exc.strerror or plain_reason(exc)}; will retry)",
                results or [],
            )
        # The file is out of the way; if its .reason cannot be written, the reason is
        # still in the outcome and the log.
        with contextlib.suppress(OSError):
            _write_reason(target, reason)
        return WatchOutcome(path, target, False, reason, results or [])


def being_written(path: Path) -> bool:
    """True when another process has the file open for writing (Linux: a read lease is
    refused). False when the platform cannot tell: the settle interval then decides."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        return False
    if not hasattr(fcntl, "F_SETLEASE"):  # pragma: no cover - not Linux
        return False
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return False  # reading it will say why
    try:
        import signal

        # A writer opening the file while the lease is held would signal this process
        # (SIGIO by default, which kills): ask for SIGURG instead, ignored by default.
        fcntl.fcntl(fd, fcntl.F_SETSIG, signal.SIGURG)
        fcntl.fcntl(fd, fcntl.F_SETLEASE, fcntl.F_RDLCK)
    except OSError as exc:
        return exc.errno in (errno.EAGAIN, errno.EBUSY)
    else:
        fcntl.fcntl(fd, fcntl.F_SETLEASE, fcntl.F_UNLCK)
        return False
    finally:
        os.close(fd)


def _signature(path: Path) -> tuple[int, ...] | None:
    try:
        info = os.lstat(path)
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns, info.st_ino, info.st_mode


def _usable_folder(folder: Path, *, make: bool) -> None:
    """`folder` is a real folder (made if `make`), never a link someone planted."""
    if make:
        with contextlib.suppress(FileExistsError):
            folder.mkdir()
    info = os.lstat(folder)
    if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode):
        raise NotADirectoryError(
            errno.ENOTDIR, "not a folder (a file or a link is there)", str(folder)
        )


def _move(path: Path, folder: Path) -> Path:
    _usable_folder(folder, make=True)
    target = folder / path.name
    counter = 1
    while os.path.lexists(target) or os.path.lexists(target.with_name(target.name + ".reason")):
        target = folder / f"{path.stem}-{counter}{path.suffix}"
        counter += 1
    return path.replace(target)


def _write_reason(target: Path, reason: str) -> None:
    """The .reason file beside a failed file: made new, never written through a link."""
    fd = os.open(
        target.with_name(target.name + ".reason"),
        os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC,
        0o644,
    )
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(reason + "\n")
