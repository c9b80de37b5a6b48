"""The one write path: a file whole or not at all, synced, never over someone else's name."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from deskapp.export import writer
from deskapp.export.writer import ExportWriteError

NAME = "2026-03-04-harbour-strike.md"


def test_a_new_file_is_written_whole_synced_with_nothing_else_left(tmp_path, monkeypatch):
    synced: list[int] = []
    real_sync = writer._sync
    monkeypatch.setattr(writer, "_sync", lambda fd: (synced.append(fd), real_sync(fd)))
    writer.write_file(tmp_path, NAME, b"---\ntitle: Strike\n---\n\nDockers walked out.\n", new=True)
    assert (tmp_path / NAME).read_text(encoding="utf-8").endswith("Dockers walked out.\n")
    assert os.listdir(tmp_path) == [NAME]
    assert os.stat(tmp_path / NAME).st_nlink == 1
    assert len(synced) == 1  # flushed to the disk before it got its name


def test_a_story_rewrites_its_own_file_in_one_step(tmp_path):
    (tmp_path / NAME).write_text("old\n")
    inode = os.stat(tmp_path / NAME).st_ino
    writer.write_file(tmp_path, NAME, b"new\n", new=False)
    assert (tmp_path / NAME).read_text() == "new\n"
    assert os.stat(tmp_path / NAME).st_ino != inode  # renamed over, never truncated
    assert os.listdir(tmp_path) == [NAME]


@pytest.mark.parametrize("theirs", ["file", "symlink"])
def test_a_name_that_appeared_meanwhile_is_refused_and_left_alone(tmp_path, theirs):
    other = tmp_path / "elsewhere.txt"
    other.write_text("not ours\n")
    if theirs == "file":
        (tmp_path / NAME).write_text("theirs\n")
    else:
        (tmp_path / NAME).symlink_to(other)
    with pytest.raises(ExportWriteError, match="refusing to overwrite"):
        writer.write_file(tmp_path, NAME, b"ours\n", new=True)
    assert (tmp_path / NAME).read_text() == ("theirs\n" if theirs == "file" else "not ours\n")
    assert other.read_text() == "not ours\n"
    assert sorted(os.listdir(tmp_path)) == sorted([NAME, "elsewhere.txt"])


def test_a_link_where_the_story_file_was_is_not_followed(tmp_path):
    other = tmp_path / "elsewhere.txt"
    other.write_text("not ours\n")
    (tmp_path / NAME).symlink_to(other)
    with pytest.raises(ExportWriteError, match="refusing to overwrite"):
        writer.write_file(tmp_path, NAME, b"ours\n", new=False)
    assert other.read_text() == "not ours\n"


def test_a_folder_removed_meanwhile_is_a_one_line_error(tmp_path):
    gone = tmp_path / "gone"
    gone.mkdir()
    gone.rmdir()
    with pytest.raises(ExportWriteError, match=r"cannot write .*gone") as info:
        writer.write_file(gone, NAME, b"ours\n", new=True)
    assert "\n" not in str(info.value)
    assert os.listdir(tmp_path) == []


def test_a_failed_write_leaves_no_temporary_file(tmp_path, monkeypatch):
    def disk_full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(writer, "_sync", disk_full)
    with pytest.raises(ExportWriteError, match=f"cannot write .*{NAME}: No space left"):
        writer.write_file(tmp_path, NAME, b"ours\n", new=True)
    assert os.listdir(tmp_path) == []


def test_names_that_are_not_the_exporters_are_refused(tmp_path):
    with pytest.raises(ExportWriteError, match="not a plain file name"):
        writer.write_file(tmp_path, "../escape.md", b"x", new=True)
    assert not (tmp_path.parent / "escape.md").exists()


def test_the_folder_is_synced_by_the_caller(tmp_path: Path):
    writer.write_file(tmp_path, NAME, b"x\n", new=True)
    writer.sync_folder(tmp_path)  # a folder can be fsynced; a missing one is ignored
    writer.sync_folder(tmp_path / "missing")
