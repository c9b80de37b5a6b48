"""Writing exported files into one folder: atomically, only there, never over another's file.

A file under a name new to the folder is written without a name, then linked
into place in one step (`write_new`, with Linux's unnamed `O_TMPFILE` files; a
hard link refuses a name that appeared meanwhile). Where a file system has no
unnamed files, and for a story rewriting its own earlier file, it is written to
a hidden temporary file (`write_temp`), then linked (`place`) or renamed over
the earlier one. A reader (or a crashed run) only ever sees a whole file.
`persist` then flushes everything written to the disk at once (one `os.sync`
and the folder's `fsync`, instead of one `fsync` per file, which would cost
~0.4 ms a story): the caller marks stories published only after it, so a
published story's file survives a power cut.

Which story a file belongs to is read from its front matter (`id` and
`uid`). A story that already has a file keeps that name; a name held by any
other file (another story's, a hand-written one, a link) is never written.
"""

from __future__ import annotations

import contextlib
import os
import stat
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from deskapp.export.markdown import read_front_matter
from deskapp.export.slug import is_safe_name, unique_name

INDEX_NAME = "index.md"
INDEX_MARKER = "deskapp_index"  # front matter key marking an index.md as ours


class ExportWriteError(OSError):
    """A file could not be written. The message is one line naming the file."""


@dataclass(frozen=True, slots=True)
class OwnedFile:
    """A story file found in the folder, with what its front matter says."""

    name: str
    story_id: int
    uid: str
    title: str
    desk: str | None
    date: str


@dataclass
class ExportFolder:
    path: Path
    owned: dict[str, OwnedFile] = field(default_factory=dict)  # file name -> owner
    by_story: dict[int, str] = field(default_factory=dict)  # story id -> file name
    taken: set[str] = field(default_factory=set)  # every name in use, ours or not
    fresh: set[str] = field(default_factory=set)  # names first given out by this run
    index_is_ours: bool = True
    # (temporary name, final name, already in place) for each file written, in order
    _staged: list[tuple[str, str, bool]] = field(default_factory=list)

    @classmethod
    def open(cls, path: Path, *, create: bool = True) -> ExportFolder:
        """Look at the folder (creating it unless a dry run) and learn who owns what."""
        path = Path(path).expanduser()
        if path.exists() and not path.is_dir():
            raise ExportWriteError(f"{path} is not a folder")
        if create:
            try:
                path.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise ExportWriteError(f"cannot create {path}: {exc.strerror or exc}") from None
        folder = cls(path=path)
        if path.is_dir():
            folder._scan()
        return folder

    def _scan(self) -> None:
        with os.scandir(self.path) as entries:
            for entry in entries:
                self.taken.add(entry.name)
                if entry.name == INDEX_NAME:
                    data = _front_matter_of(entry)
                    self.index_is_ours = bool(data and data.get(INDEX_MARKER) is True)
                    continue
                if not is_safe_name(entry.name):
                    continue
                data = _front_matter_of(entry)
                if not data or not isinstance(data.get("id"), int):
                    continue
                owned = OwnedFile(entry.name, data["id"], str(data.get("uid") or ""),
                                  str(data.get("title") or ""), _str_or_none(data.get("desk")),
                                  str(data.get("date") or ""))
                self.owned[entry.name] = owned
                # two files claiming one story: keep the first name, write nothing new
                self.by_story.setdefault(owned.story_id, entry.name)

    def name_for(self, story_id: int, uid: str, day: date, slug: str) -> tuple[str, str]:
        """The file name and slug a story is written under, reserving them for it.

        The story's own earlier file keeps its name (so a re-export rewrites it);
        otherwise the first free `YYYY-MM-DD-slug[-n].md`.
        """
        existing = self.by_story.get(story_id)
        if existing is not None and self.owned[existing].uid in ("", uid):
            return existing, existing[len("YYYY-MM-DD-"):-len(".md")]
        name, slug = unique_name(day, slug, self.taken)
        self.taken.add(name)
        self.fresh.add(name)
        self.by_story[story_id] = name
        self.owned[name] = OwnedFile(name, story_id, uid, "", None, "")
        return name, slug

    def temp_name(self, name: str) -> str:
        """The hidden temporary file `name` is written to (where it is not written
        unnamed, see `write_new`) before it is put in place."""
        if not is_safe_name(name):
            raise ExportWriteError(f"refusing to write {name!r}: not a plain file name")
        return f".{name}.{os.getpid()}.tmp"

    def adopt(self, name: str, *, placed: bool = False) -> None:
        """Stage `name` whose temporary file another process wrote (see `temp_name`), or,
        `placed`, which it already put in place under a name new to the folder
        (`write_new`)."""
        self._staged.append((self.temp_name(name), name, placed))

    def commit(self, count: int | None = None) -> tuple[list[str], ExportWriteError | None]:
        """Rename the first `count` staged files (all by default) into place, in order.

        Returns the names now whole in the folder and the error that stopped the
        rest, if any; after an error every other staged file is dropped. Call
        `persist` before recording them as published.
        """
        count = len(self._staged) if count is None else count
        staged, self._staged = self._staged[:count], self._staged[count:]
        done: list[str] = []
        error: ExportWriteError | None = None
        for n, (temp, name, placed) in enumerate(staged):
            target = self.path / name
            try:
                if name not in self.owned or (name not in self.fresh and target.is_symlink()):
                    raise _refused(target)
                if name in self.fresh and not placed:
                    place(self.path, temp, name)
                elif not placed:  # the story's own earlier file
                    os.replace(self.path / temp, target)
            except OSError as exc:
                error = exc if isinstance(exc, ExportWriteError) else _cannot_write(
                    target, exc)
                drop_written(self.path, staged[n:] + self._staged)
                self._staged = []
                break
            done.append(name)
        return done, error

    def persist(self) -> None:
        """Make every file written so far durable on disk."""
        os.sync()
        self._sync_folder()

    def discard(self) -> None:
        """Drop staged files not yet committed."""
        drop_written(self.path, self._staged)
        self._staged = []

    def write_index(self, content: str) -> bool:
        """Write index.md atomically; False (nothing written) if an index.md not ours is there."""
        if not self.index_is_ours:
            return False
        target = self.path / INDEX_NAME
        temp = self.path / f".{INDEX_NAME}.{os.getpid()}.tmp"
        try:
            with open(temp, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(content)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp, target)
        except OSError as exc:
            _remove_quietly(temp)
            raise _cannot_write(target, exc) from None
        self._sync_folder()
        return True

    def _sync_folder(self) -> None:
        try:
            fd = os.open(self.path, os.O_RDONLY)
        except OSError:
            return
        try:
            os.fsync(fd)
        except OSError:
            pass
        finally:
            os.close(fd)


def place(folder: Path, temp: str, name: str) -> None:
    """Give the written `folder/temp` the name `name`, which nobody has: a hard link fails
    if the name exists (a file or a symlink appeared since the folder was read), so
    nothing is overwritten."""
    written, target = folder / temp, folder / name
    try:
        os.link(written, target)
    except FileExistsError:
        _remove_quietly(written)
        raise _refused(target) from None
    except OSError:  # a file system without hard links: check, then rename
        if os.path.lexists(target):
            _remove_quietly(written)
            raise _refused(target) from None
        try:
            os.replace(written, target)
        except OSError as exc:
            _remove_quietly(written)
            raise _cannot_write(target, exc) from None
        return
    _remove_quietly(written)  # the file is in place under its name either way


_UNNAMED = getattr(os, "O_TMPFILE", 0)
_unnamed_links = True  # False once linking an unnamed file failed here (no /proc, ...)


def write_new(folder: Path, temp: str, name: str, content: str,
              folder_fd: int | None = None) -> None:
    """Write `content` as `folder/name`, a name new to the folder, in one step.

    With `folder_fd` (the folder, opened) the file is written unnamed and then
    linked: one name made instead of three (temporary name, link, unlink), and
    the inode found outside the folder's lock, which a second writer would
    wait on. Otherwise, or where the file system has no unnamed files, through
    the temporary file `temp`. Either way a name that appeared meanwhile is
    refused (ExportWriteError), never overwritten, and a failed write leaves
    nothing behind.
    """
    if folder_fd is not None and _UNNAMED and _unnamed_links:
        try:
            fd = os.open(".", _UNNAMED | os.O_WRONLY, 0o644, dir_fd=folder_fd)
        except OSError:  # no unnamed files on this file system: the named way below
            fd = -1
        if fd >= 0:
            try:
                if _write_and_link(fd, content, folder / name, folder_fd):
                    return
            finally:
                os.close(fd)  # an unnamed file not linked is gone with it
    write_temp(folder, temp, name, content)
    place(folder, temp, name)


def _write_and_link(fd: int, content: str, target: Path, folder_fd: int) -> bool:
    """Write the unnamed file `fd` and link it as `target`; False if it cannot be linked
    here (no /proc, a link refused), for the caller to write it the named way."""
    global _unnamed_links
    try:
        _write_all(fd, content.encode("utf-8"))
    except OSError as exc:
        raise _cannot_write(target, exc) from None
    try:
        # linkat(AT_SYMLINK_FOLLOW), which Python uses only when given a dir_fd, links
        # the open file itself; it fails if the name exists, even as a link
        os.link(f"/proc/self/fd/{fd}", target.name, dst_dir_fd=folder_fd,
                follow_symlinks=True)
    except FileExistsError:
        raise _refused(target) from None
    except OSError:
        _unnamed_links = False
        return False
    return True


def write_temp(folder: Path, temp: str, name: str, content: str) -> None:
    """Write `content` to the new file `folder/temp`; ExportWriteError names `name` on failure."""
    path = folder / temp
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        try:
            fd = os.open(path, flags, 0o644)
        except FileExistsError:  # left by a crashed run that had this process id
            os.unlink(path)
            fd = os.open(path, flags, 0o644)
        try:
            _write_all(fd, content.encode("utf-8"))
        finally:
            os.close(fd)
    except OSError as exc:
        _remove_quietly(path)
        raise _cannot_write(folder / name, exc) from None


def drop_written(folder: Path, files: list[tuple[str, str, bool]]) -> None:
    """Remove files written for stories that stay queued: (temporary name, final name,
    placed) each; a placed one is a name new to the folder, so nobody else's file."""
    for temp, name, placed in files:
        _remove_quietly(folder / temp)
        if placed:
            _remove_quietly(folder / name)


def holds_story(folder: Path, name: str, story_id: int, uid: str) -> bool:
    """Whether `folder/name` is a plain file whose front matter names this story."""
    try:
        if not stat.S_ISREG(os.lstat(folder / name).st_mode):
            return False
    except OSError:
        return False
    data = _front_matter_at(str(folder / name))
    return bool(data) and data.get("id") == story_id and str(data.get("uid") or "") == uid


def _front_matter_of(entry: os.DirEntry[str]) -> dict | None:
    try:
        if not entry.is_file(follow_symlinks=False):
            return None
    except OSError:
        return None
    return _front_matter_at(entry.path)


def _front_matter_at(path: str) -> dict | None:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return read_front_matter(handle.read(1 << 20))
    except OSError:
        return None


def _str_or_none(value: object) -> str | None:
    return None if value is None else str(value)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _cannot_write(target: Path, exc: OSError) -> ExportWriteError:
    return ExportWriteError(f"cannot write {target}: {exc.strerror or exc}")


def _refused(target: Path) -> ExportWriteError:
    return ExportWriteError(f"refusing to overwrite {target}: not this story's")


def _remove_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)
