"""Turning what the editor names (files, folders, globs, `-`, URLs) into readable sources."""

from __future__ import annotations

import glob
import os
import stat
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from deskapp.ingest.errors import IngestError

MAX_SOURCE_BYTES = 5 * 1024 * 1024
SKIPPED_DIRS = {"_processed", "_error", "__pycache__"}


@dataclass(slots=True)
class Source:
    """Something to read. `load` raises IngestError with a one-line reason."""

    ref: str
    load: Callable[[], bytes]
    path: str | None = None  # set for local files, which can be read in another process
    encoding: str | None = None  # the source's code page when the editor names it


def is_url(ref: str) -> bool:
    return ref.startswith(("http://", "https://"))


def read_file(path: Path | str, limit: int = MAX_SOURCE_BYTES) -> bytes:
    """The bytes of one file, read in one go; IngestError with a reason if it cannot be."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        try:
            return _read_open(fd, limit)
        finally:
            os.close(fd)
    except IsADirectoryError:
        raise IngestError("is a folder") from None
    except PermissionError:
        raise IngestError("permission denied") from None
    except FileNotFoundError:
        raise IngestError("no such file") from None
    except OSError as exc:
        raise IngestError(f"cannot read: {exc.strerror or exc}") from None


def _read_open(fd: int, limit: int) -> bytes:
    info = os.fstat(fd)
    if stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError
    if info.st_size > limit:
        raise IngestError(f"too large ({info.st_size / 1024 / 1024:.1f} MB; the limit is "
                          f"{limit // 1024 // 1024} MB)")
    # Ask for the size the file says it has, plus one byte to see it end, not for the
    # limit: a 5 MB buffer for every 2 KB story would cost more than parsing it.
    regular = stat.S_ISREG(info.st_mode)
    want = info.st_size + 1
    parts = [os.read(fd, want)]
    total = len(parts[0])
    # A regular file ends at a short read; a pipe or a device at an empty one.
    while (len(parts[-1]) == want if regular else parts[-1]) and total <= limit:
        want = min(limit + 1 - total, 1 << 20)
        parts.append(os.read(fd, want))
        total += len(parts[-1])
    if total > limit:
        raise IngestError(f"too large (over {limit // 1024 // 1024} MB)")
    return parts[0] if len(parts) == 1 else b"".join(parts)


def read_stdin(limit: int = MAX_SOURCE_BYTES) -> bytes:
    data = sys.stdin.buffer.read(limit + 1)
    if len(data) > limit:
        raise IngestError(f"too large (over {limit // 1024 // 1024} MB)")
    return data


def _file_source(path: str) -> Source:
    return Source(path, lambda: read_file(path), path)


def _fetch_source(url: str) -> Source:
    def load() -> bytes:
        from deskapp.ingest.fetch import fetch_bytes

        return fetch_bytes(url)

    return Source(url, load)


def _walk(folder: str) -> Iterator[str]:
    """The files under `folder`, named as `Path(folder) / ...` would name them.

    Plain strings: at 10,000 files, a Path each costs more than the walk itself.
    """
    top = str(Path(folder))  # "./wire/" -> "wire", "." stays "."
    for root, dirs, files in os.walk(top):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIPPED_DIRS)
        if top == ".":  # os.walk names the folders under "." as "./sub"; Path as "sub"
            root = "" if root == "." else root[2:]
        prefix = root if not root or root.endswith(os.sep) else root + os.sep
        for name in sorted(files):
            if not name.startswith(".") and not _is_documentation(name):
                yield prefix + name


def _is_documentation(name: str) -> bool:
    """Files a folder walk passes over: notes about the copy, not copy (name them to read)."""
    lowered = name.lower()
    return lowered.startswith("readme") or lowered.endswith((".md", ".reason"))


def expand(refs: list[str], encoding: str | None = None) -> Iterator[Source]:
    """Sources for each argument, in order. A missing path becomes a source that fails."""
    for source in _expand(refs):
        if encoding:
            source.encoding = encoding
        yield source


def _expand(refs: list[str]) -> Iterator[Source]:
    for ref in refs:
        if ref == "-":
            yield Source("<stdin>", read_stdin)
        elif is_url(ref):
            yield _fetch_source(ref)
        elif os.path.isdir(ref):
            for path in _walk(ref):
                yield _file_source(path)
        elif os.path.exists(ref):
            yield _file_source(str(Path(ref)))
        elif glob.has_magic(ref):
            matches = sorted(glob.glob(ref, recursive=True))
            if not matches:
                yield Source(ref, _fails("no files match"))
            for match in matches:
                if os.path.isdir(match):
                    yield from (_file_source(p) for p in _walk(match))
                else:
                    yield _file_source(str(Path(match)))
        else:
            yield Source(ref, _fails("no such file or folder"))


def _fails(reason: str) -> Callable[[], bytes]:
    def load() -> bytes:
        raise IngestError(reason)

    return load
