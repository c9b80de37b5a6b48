"""Symbolic links, named pipes and devices in a folder given to `ingest` or `watch`.

Anyone who can write into a drop folder must not be able to pull another file
the desk user can read into the store (`ln -s /etc/passwd drop/p.txt`), and a
named pipe must never be opened (with no writer, opening it waits forever).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hostile_kit import STORY

from deskapp.ingest.errors import IngestError
from deskapp.ingest.sources import LINK_REFUSED, read_file

SECRET = "root:x:0:0:root:/root:/bin/bash\n"
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def drop(tmp_path: Path) -> Path:
    """A drop folder holding one real story, and a secret outside it."""
    folder = tmp_path / "drop"
    folder.mkdir()
    (folder / "strike.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "passwd").write_text(SECRET, encoding="utf-8")
    return folder


def _everything_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_ingest_dir_refuses_a_link_to_a_file_outside(desk, drop):
    os.symlink(drop.parent / "passwd", drop / "p.txt")
    code, _out, err = desk.run("ingest", str(drop))
    assert code == 1
    assert f"{drop / 'p.txt'}: {LINK_REFUSED}" in err.splitlines()
    assert desk.headlines() == ["Harbour strike halts exports, union says"]
    assert (drop / "p.txt").is_symlink()  # left as it was


def test_follow_links_reads_a_link_inside_and_still_refuses_one_outside(desk, drop):
    (drop / "archive").mkdir()
    (drop / "archive" / "ferry.txt").write_text(
        STORY.replace("Harbour strike halts exports", "Ferry service resumes"), encoding="utf-8"
    )
    os.symlink(drop / "archive" / "ferry.txt", drop / "ferry-link.txt")
    os.symlink(drop.parent / "passwd", drop / "p.txt")
    os.symlink(drop.parent, drop / "up")  # a folder link out of the folder
    code, _out, err = desk.run("ingest", "--follow-links", str(drop))
    assert code == 1
    lines = err.splitlines()
    assert f"{drop / 'p.txt'}: a symbolic link to outside the folder; refused" in lines
    assert f"{drop / 'up'}: a symbolic link to outside the folder; refused" in lines
    assert sorted(desk.headlines()) == [
        "Ferry service resumes, union says",
        "Harbour strike halts exports, union says",
    ]
    assert not any("root:x" in h for h in desk.headlines())


def test_a_named_pipe_in_a_folder_is_refused_without_opening_it(tmp_path, drop):
    """In a real process with a time limit: today's failure mode is a hang."""
    os.mkfifo(drop / "wire.fifo")
    db = tmp_path / "store.db"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-m", "deskapp", "--db", str(db), "ingest", str(drop)],
        capture_output=True,
        text=True,
        timeout=30,
        env=env,
    )
    assert done.returncode == 1
    assert (
        f"{drop / 'wire.fifo'}: not a regular file (a named pipe); refused"
        in done.stderr.splitlines()
    )
    assert "1 new" in done.stderr
    assert _everything_under(drop) == ["strike.txt", "wire.fifo"]


def test_a_device_found_by_a_glob_is_refused(desk, drop):
    os.symlink("/dev/zero", drop / "zero.txt")
    code, _out, err = desk.run("ingest", str(drop / "*.txt"))
    assert code == 1
    assert f"{drop / 'zero.txt'}: {LINK_REFUSED}" in err.splitlines()
    assert desk.headlines() == ["Harbour strike halts exports, union says"]


def test_a_file_swapped_for_a_link_after_the_check_is_refused(drop, monkeypatch):
    """lstat says regular; by the time of open() it is a link: O_NOFOLLOW refuses it."""
    target = drop / "strike.txt"
    regular = os.lstat(target)
    target.unlink()
    os.symlink(drop.parent / "passwd", target)
    real_lstat = os.lstat
    monkeypatch.setattr(
        "deskapp.ingest.sources.os.lstat",
        lambda p: regular if str(p) == str(target) else real_lstat(p),
    )
    with pytest.raises(IngestError, match="symbolic link"):
        read_file(target)


def test_a_file_named_on_the_command_line_is_read_as_named(desk, drop):
    """What the editor names is theirs to name: a link they give is followed."""
    os.symlink(drop / "strike.txt", drop.parent / "named-link.txt")
    code, _out, _err = desk.run("ingest", str(drop.parent / "named-link.txt"))
    assert code == 0
    assert desk.headlines() == ["Harbour strike halts exports, union says"]


def test_watch_refuses_a_link_and_a_pipe_and_moves_them_aside(desk, drop):
    os.symlink(drop.parent / "passwd", drop / "p.txt")
    os.mkfifo(drop / "wire.fifo")
    code, _out, err = desk.run("watch", str(drop), "--once", "--settle", "0", "--log", "-")
    assert code == 1
    assert any(line.endswith(f"p.txt: {LINK_REFUSED}") for line in err.splitlines())
    assert any(
        line.endswith("wire.fifo: not a regular file (a named pipe); refused")
        for line in err.splitlines()
    )
    assert desk.headlines() == ["Harbour strike halts exports, union says"]
    assert _everything_under(drop) == [
        "_error",
        "_error/p.txt",
        "_error/p.txt.reason",
        "_error/wire.fifo",
        "_error/wire.fifo.reason",
        "_processed",
        "_processed/strike.txt",
    ]
    assert (drop / "_error" / "p.txt").is_symlink()  # the link moved, its target untouched
    assert (drop.parent / "passwd").read_text() == SECRET
