"""Logs for the unattended, and a trace behind every one-line error."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from hostile_kit import STORY

STAMP = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ deskapp\[\d+\]"


@pytest.fixture
def log_file(isolated_config: Path) -> Path:
    return Path(os.environ["DESKAPP_LOG"])


@pytest.fixture
def broken_listing(monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug deep in a service: the kind of error nobody foresaw."""

    def recurse(*args: object, **kwargs: object) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr("deskapp.services.stories.StoryService.list_stories", recurse)


def test_debug_writes_the_traceback_and_the_message_names_the_file(desk, log_file, broken_listing):
    code, out, err = desk.run("list", "--debug")
    assert code == 1 and out == ""
    assert err == (
        f"deskapp: unexpected error: too deeply nested to read; the traceback is in {log_file}\n"
    )
    log = log_file.read_text(encoding="utf-8")
    assert re.match(STAMP + r" ERROR unexpected error in `deskapp list`: too deeply nested", log)
    assert "Traceback (most recent call last)" in log and "RecursionError" in log


def test_deskapp_debug_in_the_environment_does_the_same(
    desk, log_file, broken_listing, monkeypatch
):
    monkeypatch.setenv("DESKAPP_DEBUG", "1")
    code, _out, err = desk.run("list")
    assert code == 1 and err.endswith(f"the traceback is in {log_file}\n")
    assert "RecursionError" in log_file.read_text(encoding="utf-8")


def test_without_debug_one_plain_line_and_no_log_file(desk, log_file, broken_listing):
    code, _out, err = desk.run("list")
    assert code == 1
    assert err == (
        "deskapp: unexpected error: too deeply nested to read (run again with "
        "--debug to log the details)\n"
    )
    assert not log_file.exists()


def test_watch_logs_each_file_with_a_timestamp_to_the_default_log(desk, log_file, tmp_path):
    drop = tmp_path / "drop"
    drop.mkdir()
    (drop / "strike.txt").write_text(STORY, encoding="utf-8")
    (drop / "broken.xml").write_text("<nitf><body></nitf>", encoding="utf-8")
    code, out, err = desk.run("watch", str(drop), "--once", "--settle", "0")
    assert code == 1
    assert out == f"strike.txt: new 1 -> {drop / '_processed' / 'strike.txt'}\n"
    assert err.startswith("broken.xml: malformed XML") and err.count("\n") == 1
    lines = log_file.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    assert re.fullmatch(
        STAMP + rf" WARNING {re.escape(str(drop / 'broken.xml'))}: failed: "
        r"malformed XML.*",
        lines[0],
    )
    assert re.fullmatch(
        STAMP
        + rf" INFO {re.escape(str(drop / 'strike.txt'))}: new 1 -> "
        + re.escape(str(drop / "_processed" / "strike.txt")),
        lines[1],
    )


def test_a_crafted_file_name_cannot_forge_a_log_line(desk, tmp_path):
    drop = tmp_path / "drop"
    drop.mkdir()
    forged = "x.xml\n2026-01-01T00:00:00Z deskapp[1] INFO all is well"
    (drop / forged).write_text("<nitf><body></nitf>", encoding="utf-8")
    log = tmp_path / "watch.log"
    code, _out, err = desk.run("watch", str(drop), "--once", "--settle", "0", "--log", str(log))
    assert code == 1
    [line] = log.read_text(encoding="utf-8").splitlines()
    assert "x.xml\\n2026-01-01T00:00:00Z" in line
    [shown] = err.splitlines()  # on stderr too, the name stays on its line
    assert shown.startswith("x.xml 2026-01-01T00:00:00Z deskapp[1] INFO all is well: malformed")


def test_a_log_that_cannot_be_written_is_one_line(desk, tmp_path):
    drop = tmp_path / "drop"
    drop.mkdir()
    code, _out, err = desk.run(
        "watch", str(drop), "--once", "--log", str(tmp_path / "no" / "such" / "watch.log")
    )
    assert code == 1
    assert err == (
        f"deskapp: cannot write the log {tmp_path / 'no' / 'such' / 'watch.log'}: "
        "No such file or directory\n"
    )
    assert os.listdir(drop) == []  # refused before anything was touched
