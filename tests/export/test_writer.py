"""Writing one new export file: whole or not at all, never over a name someone else holds."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from deskapp.export import writer
from deskapp.export.writer import ExportWriteError

NAME = "2026-03-04-harbour-strike.md"
TEMP = f".{NAME}.1.tmp"


@pytest.fixture(params=["unnamed", "named"])
def way(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both ways of writing a new file: unnamed then linked, and the named temporary file
    used where a file system has no unnamed files."""
    if request.param == "named":
        monkeypatch.setattr(writer, "_UNNAMED", 0)
    return request.param


@pytest.fixture
def folder_fd(tmp_path: Path) -> Iterator[int]:
    fd = os.open(tmp_path, os.O_RDONLY)
    yield fd
    os.close(fd)


def test_a_new_file_is_written_whole_with_nothing_else_left(tmp_path, folder_fd, way,
                                                            monkeypatch):
    if way == "unnamed":
        try:
            os.close(os.open(tmp_path, writer._UNNAMED | os.O_WRONLY, 0o644))
        except (OSError, AttributeError):
            pytest.skip("this file system has no unnamed files")

        def no_temporary_file(*_args):
            raise AssertionError("wrote a named temporary file")

        monkeypatch.setattr(writer, "write_temp", no_temporary_file)
    writer.write_new(tmp_path, TEMP, NAME, "---\ntitle: Strike\n---\n\nDockers walked out.\n",
                     folder_fd)
    assert (tmp_path / NAME).read_text(encoding="utf-8").endswith("Dockers walked out.\n")
    assert os.listdir(tmp_path) == [NAME]
    assert os.stat(tmp_path / NAME).st_nlink == 1


@pytest.mark.parametrize("theirs", ["file", "symlink"])
def test_a_name_that_appeared_meanwhile_is_refused_and_left_alone(tmp_path, folder_fd, way,
                                                                   theirs):
    other = tmp_path / "elsewhere.txt"
    other.write_text("not ours\n")
    if theirs == "file":
        (tmp_path / NAME).write_text("theirs\n")
    else:
        (tmp_path / NAME).symlink_to(other)
    with pytest.raises(ExportWriteError, match="refusing to overwrite"):
        writer.write_new(tmp_path, TEMP, NAME, "ours\n", folder_fd)
    assert (tmp_path / NAME).read_text() == ("theirs\n" if theirs == "file" else "not ours\n")
    assert other.read_text() == "not ours\n"
    assert sorted(os.listdir(tmp_path)) == sorted([NAME, "elsewhere.txt"])


def test_a_folder_removed_meanwhile_is_a_one_line_error(tmp_path, way):
    gone = tmp_path / "gone"
    gone.mkdir()
    fd = os.open(gone, os.O_RDONLY)
    try:
        gone.rmdir()
        with pytest.raises(ExportWriteError, match=r"cannot write .*gone") as info:
            writer.write_new(gone, TEMP, NAME, "ours\n", fd)
    finally:
        os.close(fd)
    assert "\n" not in str(info.value)
    assert os.listdir(tmp_path) == []


def test_where_an_unnamed_file_cannot_be_linked_the_named_way_is_used(
        tmp_path, folder_fd, monkeypatch):
    real_link = os.link

    def no_proc_links(src, dst, **kwargs):
        if str(src).startswith("/proc/"):
            raise PermissionError(1, "Operation not permitted")
        return real_link(src, dst, **kwargs)

    monkeypatch.setattr(writer, "_unnamed_links", True)
    monkeypatch.setattr(writer.os, "link", no_proc_links)
    for n in (1, 2):  # the second file goes the named way at once
        writer.write_new(tmp_path, f".{n}{TEMP}", f"{n}{NAME}", f"copy {n}\n", folder_fd)
    assert sorted(os.listdir(tmp_path)) == [f"1{NAME}", f"2{NAME}"]
    assert (tmp_path / f"2{NAME}").read_text() == "copy 2\n"
    assert writer._unnamed_links is False
