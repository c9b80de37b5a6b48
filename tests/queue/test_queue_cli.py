"""`deskapp queue`, `unqueue` and `export` as an editor or a script uses them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from deskapp.cli import main


def run(db: str, *args: str) -> int:
    return main(["--db", db, "--as", "tester", *args])


@pytest.fixture
def db(small_desk: str) -> str:
    return small_desk


def listed(db: str, capsys) -> list[dict]:
    capsys.readouterr()
    assert run(db, "queue", "list", "--json") == 0
    return json.loads(capsys.readouterr().out)


def test_queue_list_move_unqueue(db, capsys):
    for sid in ("1", "2", "3"):
        assert run(db, "queue", sid) == 0
    assert run(db, "queue", "move", "3", "--to", "1") == 0
    assert [e["id"] for e in listed(db, capsys)] == [3, 1, 2]
    assert run(db, "queue", "move", "3", "--down") == 0
    assert [e["id"] for e in listed(db, capsys)] == [1, 3, 2]
    assert run(db, "unqueue", "1") == 0
    entries = listed(db, capsys)
    assert [(e["position"], e["id"], e["ready"]) for e in entries] == [(1, 3, True), (2, 2, True)]
    capsys.readouterr()
    assert run(db, "queue") == 0  # `list` is the default
    assert "Story 2" in capsys.readouterr().out


def test_not_ready_is_one_line_exit_1_and_force_flags_it(db, capsys):
    assert run(db, "queue", "4") == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "needs a desk and an author credit (writer or reporter)" in err
    assert listed(db, capsys) == []
    assert run(db, "queue", "4", "--force") == 0
    [entry] = listed(db, capsys)
    assert entry["forced"]
    assert entry["missing"] == ["a desk", "an author credit (writer or reporter)"]


def test_embargo_is_read_in_the_editor_zone_and_stored_utc(db, capsys, isolated_config):
    (isolated_config / "config.toml").write_text('timezone = "Asia/Tokyo"\n')
    assert run(db, "queue", "1", "--embargo", "2026-12-01 09:00", "--priority", "1") == 0
    [entry] = listed(db, capsys)
    assert entry["embargo_until"] == "2026-12-01T00:00:00+00:00"
    assert entry["embargo_local"].startswith("2026-12-01 09:00") and entry["priority"] == 1
    assert run(db, "queue", "1", "--embargo", "none") == 0
    assert listed(db, capsys)[0]["embargo_until"] is None


def test_an_embargo_two_hours_from_now_is_to_the_minute(db, capsys):
    from datetime import UTC, datetime, timedelta

    before = datetime.now(UTC)
    assert run(db, "queue", "1", "--embargo", "+2h") == 0
    after = datetime.now(UTC)
    [entry] = listed(db, capsys)
    embargo = datetime.fromisoformat(entry["embargo_until"])
    assert embargo.second == 0 and embargo.microsecond == 0
    assert (
        before + timedelta(hours=2, seconds=-30)
        <= embargo
        <= after + timedelta(hours=2, seconds=30)
    )


@pytest.mark.parametrize(
    "args",
    [
        ["queue", "move", "1"],
        ["queue", "move", "--to", "1"],
        ["queue", "list", "--force"],
        ["queue", "1", "--to", "2"],
        ["queue", "abc"],
        ["queue", "move", "1", "--up", "--down"],
    ],
)
def test_usage_errors_exit_2_with_one_line(db, capsys, args):
    assert run(db, *args) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_bad_input_exits_with_its_code(db, capsys):
    assert run(db, "queue", "99") == 4
    assert run(db, "queue", "1", "--priority", "12") == 2
    assert run(db, "queue", "1", "--embargo", "someday") == 1
    assert run(db, "queue", "1", "--expect-version", "7") == 3
    assert run(db, "unqueue", "1") == 1
    assert listed(db, capsys) == []


def test_export_writes_files_and_reports_json(db, capsys, tmp_path: Path):
    assert run(db, "queue", "1") == 0
    assert run(db, "queue", "4", "--force") == 0
    out = tmp_path / "site"
    capsys.readouterr()
    assert run(db, "export", "--out", str(out), "--dry-run") == 0
    assert f"dry run: 1 story would be exported to {out}" in capsys.readouterr().out
    assert not out.exists()
    assert run(db, "export", "--out", str(out), "--json") == 0
    report = json.loads(capsys.readouterr().out)
    assert [e["id"] for e in report["exported"]] == [1]
    assert report["skipped"][0]["reason"] == "not-ready"
    assert (out / report["exported"][0]["file"]).is_file()
    assert run(db, "export", "--out", str(out)) == 0
    assert "nothing new" in capsys.readouterr().out


def test_export_counts_in_the_singular_and_plural(db, capsys, tmp_path: Path):
    assert run(db, "queue", "1") == 0
    capsys.readouterr()
    assert run(db, "export", "--out", str(tmp_path / "one")) == 0
    assert "\nexported 1 story to " in capsys.readouterr().out
    assert run(db, "queue", "2") == 0
    assert run(db, "queue", "3") == 0
    capsys.readouterr()
    assert run(db, "export", "--out", str(tmp_path / "two")) == 0
    assert "exported 2 stories to " in capsys.readouterr().out


def test_export_failure_is_one_line_and_exit_1(db, capsys, tmp_path: Path):
    assert run(db, "queue", "1") == 0
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    capsys.readouterr()
    assert run(db, "export", "--out", str(blocker)) == 1
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1 and "not a folder" in captured.err
    assert captured.out == ""  # no "nothing new to export" beside the failure


def test_queueing_a_published_story_again_says_the_next_export_writes_it_again(
    db, capsys, tmp_path: Path
):
    out = tmp_path / "site"
    assert run(db, "queue", "1") == 0
    assert run(db, "export", "--out", str(out)) == 0
    capsys.readouterr()
    assert run(db, "queue", "1") == 0
    said = capsys.readouterr().out
    assert "story 1: queued at position 1" in said
    assert "published before (" in said and "the next export writes it again" in said
    assert run(db, "queue", "2") == 0  # a story never published: nothing of the kind
    assert "published before" not in capsys.readouterr().out
