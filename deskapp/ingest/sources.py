"""Turning what the editor names (files, folders, globs, `-`, URLs) into readable sources.

What the editor names is read as named: a file given on the command line may be
a symbolic link or a pipe (`deskapp ingest <(curl ...)`). What Deskapp finds by
itself, in a folder or through a glob, must be a regular file: a symbolic link
is refused (anyone who can write into a drop folder could otherwise pull in any
file the desk user can read), and so are named pipes, devices and sockets,
which are never opened (opening a pipe with no writer would hang; opening a
device can act on it). `follow_links=True` reads links whose target stays
inside the folder, and still refuses the others.
"""

from __future__ import annotations

import errno
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
LINK_REFUSED = "a symbolic link, not followed (--follow-links reads links inside the folder)"
LINK_OUTSIDE = "a symbolic link to outside the folder; refused"
_O_SAFE = (
    os.O_RDONLY
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)
)


@dataclass(slots=True)
class Source:
    """Something to read. `load` raises IngestError with a one-line reason."""

    ref: str
    load: Callable[[], bytes]
    path: str | None = None  # set for local files, which can be read in another process
    encoding: str | None = None  # the source's code page when the editor names it


def is_url(ref: str) -> bool:
    return ref.startswith(("http://", "https://"))


def kind_of(mode: int) -> str:
    """What a non-regular file is, in words."""
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


def refusal(info: os.stat_result) -> str | None:
    """Why a file found in a folder is not read (from its lstat), or None if it may be."""
    if stat.S_ISLNK(info.st_mode):
        return LINK_REFUSED
    if stat.S_ISREG(info.st_mode):
        return None
    if stat.S_ISDIR(info.st_mode):
        return "is a folder"
    return f"not a regular file ({kind_of(info.st_mode)}); refused"


def read_file(path: Path | str, limit: int = MAX_SOURCE_BYTES, *, named: bool = False) -> bytes:
    """The bytes of one file, read in one go; IngestError with a reason if it cannot be.

    By default the file must be a regular file and not a symbolic link: it is
    checked before it is opened (a pipe or a device is never opened), and opened
    with O_NOFOLLOW and checked again, so a file swapped for a link in between is
    refused too. `named=True` is for what the editor named: links are followed,
    pipes read to their end.
    """
    try:
        if named:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
            info = None
        else:
            fd, info = _open_regular(path)
        try:
            return _read_open(fd, limit, info)
        finally:
            os.close(fd)
    except IsADirectoryError:
        raise IngestError("is a folder") from None
    except PermissionError:
        raise IngestError("permission denied") from None
    except FileNotFoundError:
        raise IngestError("no such file") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # O_NOFOLLOW met a link made after the check
            raise IngestError(LINK_REFUSED) from None
        raise IngestError(f"cannot read: {exc.strerror or exc}") from None


def _open_regular(path: Path | str) -> tuple[int, os.stat_result]:
    before = os.lstat(path)
    reason = refusal(before)
    if reason is not None:
        raise IngestError(reason)
    fd = os.open(path, _O_SAFE)
    after = os.fstat(fd)
    if (after.st_dev, after.st_ino) != (before.st_dev, before.st_ino) or not stat.S_ISREG(
        after.st_mode
    ):
        os.close(fd)
        raise IngestError("replaced while being opened; refused")
    return fd, after


def _read_open(fd: int, limit: int, info: os.stat_result | None = None) -> bytes:
    info = info or os.fstat(fd)
    if stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError
    if info.st_size > limit:
        raise IngestError(
            f"too large ({info.st_size / 1024 / 1024:.1f} MB; the limit is "
            f"{limit // 1024 // 1024} MB)"
        )
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


def _file_source(path: str, read_from: str | None = None) -> Source:
    """A file found in a folder or by a glob: read only if it is a regular file."""
    target = read_from or path
    return Source(path, lambda: read_file(target), target)


def _named_source(path: str) -> Source:
    """A file the editor named: a link is followed, a pipe read (in this process)."""
    try:
        info = os.lstat(path)
    except OSError:
        info = None
    if info is not None and stat.S_ISREG(info.st_mode):
        return _file_source(path)
    return Source(path, lambda: read_file(path, named=True))


def _fetch_source(url: str, deadline: float | None) -> Source:
    def load() -> bytes:
        from deskapp.ingest.fetch import fetch_bytes

        return fetch_bytes(url, deadline=deadline)

    return Source(url, load)


def _walk(folder: str, follow_links: bool = False) -> Iterator[Source]:
    """The files under `folder`, named as `Path(folder) / ...` would name them.

    Plain strings: at 10,000 files, a Path each costs more than the walk itself.
    Links and special files are yielded too, as sources that fail with the reason
    (reading them refuses them); with `follow_links`, a link is read through its
    target when the target is inside the folder.
    """
    top = str(Path(folder))  # "./wire/" -> "wire", "." stays "."
    inside = os.path.realpath(top)
    visited = {inside}

    def walk(root: str) -> Iterator[Source]:
        prefix = root if not root or root.endswith(os.sep) else root + os.sep
        try:
            with os.scandir(root or ".") as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            yield Source(root or ".", _fails(f"cannot read the folder: {exc.strerror or exc}"))
            return
        folders: list[str] = []
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                if name not in SKIPPED_DIRS:
                    folders.append(prefix + name)
            elif entry.is_symlink() and follow_links:
                target = os.path.realpath(prefix + name)
                if target != inside and not target.startswith(inside + os.sep):
                    yield Source(prefix + name, _fails(LINK_OUTSIDE))
                elif os.path.isdir(target):
                    if target not in visited and name not in SKIPPED_DIRS:
                        visited.add(target)
                        folders.append(prefix + name)
                elif not _is_documentation(name):
                    yield _file_source(prefix + name, target)
            elif not _is_documentation(name):
                yield _file_source(prefix + name)
        for sub in folders:
            yield from walk(sub)

    yield from walk("" if top == "." else top)


def _is_documentation(name: str) -> bool:
    """Files a folder walk passes over: notes about the copy, not copy (name them to read)."""
    lowered = name.lower()
    return lowered.startswith("readme") or lowered.endswith((".md", ".reason"))


def expand(
    refs: list[str],
    encoding: str | None = None,
    *,
    follow_links: bool = False,
    http_deadline: float | None = None,
) -> Iterator[Source]:
    """Sources for each argument, in order. A missing path becomes a source that fails.

    Files found in folders and by globs must be regular files (see the module's
    docstring); `http_deadline` bounds each URL's whole fetch, in seconds;
    `encoding` names the code page of every source, when the editor knows it.
    """
    for source in _expand(refs, follow_links=follow_links, http_deadline=http_deadline):
        if encoding:
            source.encoding = encoding
        yield source


def _expand(
    refs: list[str], *, follow_links: bool, http_deadline: float | None
) -> Iterator[Source]:
    for ref in refs:
        if ref == "-":
            yield Source("<stdin>", read_stdin)
        elif is_url(ref):
            yield _fetch_source(ref, http_deadline)
        elif os.path.isdir(ref):
            yield from _walk(ref, follow_links)
        elif os.path.lexists(ref):
            yield _named_source(str(Path(ref)))
        elif glob.has_magic(ref):
            matches = sorted(glob.glob(ref, recursive=True))
            if not matches:
                yield Source(ref, _fails("no files match"))
            for match in matches:
                if os.path.isdir(match) and not os.path.islink(match):
                    yield from _walk(match, follow_links)
                else:
                    yield _file_source(str(Path(match)))
        else:
            yield Source(ref, _fails("no such file or folder"))


def _fails(reason: str) -> Callable[[], bytes]:
    def load() -> bytes:
        raise IngestError(reason)

    return load
