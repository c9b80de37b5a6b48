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


def test_a_folder_that_is_gone_is_a_one_line_error(tmp_path, folder_fd, way):
    gone = tmp_path / "gone"
    with pytest.raises(ExportWriteError, match=r"cannot write .*gone") as info:
        writer.write_new(gone, TEMP, NAME, "ours\n", folder_fd)
    assert "\n" not in str(info.value)
    assert os.listdir(tmp_path) == []
