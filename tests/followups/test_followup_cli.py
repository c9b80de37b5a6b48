"""`deskapp note`, `deskapp followups` and `deskapp suggest` as an editor or a script uses them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from deskapp.cli import main

STORY = """\
Icelandic delegation to visit Nairobi, Kenyan lawmaker says

  \u2022 World
  \u2022 Monday, 26 May 2025

NAIROBI (Reuters) - An Icelandic geothermal delegation will visit the lower house of Kenya's \
parliament on Jun 4, a state broadcaster quoted a deputy as saying on Monday.

The deputy also said that a Kenyan energy delegation planned to travel to Iceland in August.

Kenyan President Amani Odera last year accepted an invitation to visit Reykjavik, though the \
date of the trip is still unclear.

(Writing by Ana Lima; editing by Bo Yu)
"""


def run(db: str, *args: str) -> int:
    return main(["--db", db, "--as", "tester", *args])


@pytest.fixture
def story_id(sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    path = tmp_path / "iceland.txt"
    path.write_text(STORY, encoding="utf-8")
    assert run(sqlite_url, "ingest", "--json", str(path)) == 0
    sid = json.loads(capsys.readouterr().out.splitlines()[0])["id"]
    return str(sid)


def board(db: str, capsys: pytest.CaptureFixture[str], *args: str) -> list[dict]:
    capsys.readouterr()
    assert run(db, "followups", "--json", *args) == 0
    return json.loads(capsys.readouterr().out)


def test_note_add_edit_resolve_reopen(sqlite_url, story_id, capsys):
    assert run(sqlite_url, "note", story_id, "call the ministry", "--due", "2030-01-15 15:00") == 0
    out = capsys.readouterr().out
    assert "note 1 added, due Tue 2030-01-15 15:00 (version 2)" in out
    assert (
        run(sqlite_url, "note", "edit", "1", "call the ministry press office", "--due", "16/1/2030")
        == 0
    )
    assert "note 1 edited, due Wed 2030-01-16" in capsys.readouterr().out
    [item] = board(sqlite_url, capsys)
    assert item["note"]["text"] == "call the ministry press office"
    assert item["note"]["due"] == "2030-01-16T23:59:59+00:00"
    assert item["story"]["headline"].startswith("Icelandic delegation")
    assert run(sqlite_url, "note", "resolve", "1") == 0
    assert board(sqlite_url, capsys) == []
    assert run(sqlite_url, "note", "reopen", "1") == 0
    assert [i["note"]["id"] for i in board(sqlite_url, capsys)] == [1]
    assert run(sqlite_url, "history", "--json", story_id) == 0
    actions = [e["action"] for e in json.loads(capsys.readouterr().out)]
    assert actions == ["ingest", "note-add", "note-edit", "note-resolve", "note-reopen"]


def test_unquoted_note_words_are_joined(sqlite_url, story_id, capsys):
    assert run(sqlite_url, "note", story_id, "check", "delegation", "size") == 0
    [item] = board(sqlite_url, capsys)
    assert item["note"]["text"] == "check delegation size"


def test_due_none_clears_it(sqlite_url, story_id, capsys):
    run(sqlite_url, "note", story_id, "check", "--due", "tomorrow")
    assert run(sqlite_url, "note", "edit", "1", "--due", "none") == 0
    [item] = board(sqlite_url, capsys)
    assert item["note"]["due"] is None


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["note", "{sid}", "x", "--due", "2/13"], 2, "there is no month 13"),
        (["note", "{sid}", "x", "--due", "someday"], 2, "cannot read the date 'someday'"),
        (["note", "{sid}"], 2, "give the note text"),
        (["note", "remove", "1"], 2, "neither a story id nor one of edit, resolve, reopen"),
        (["note", "edit"], 2, "give the note id"),
        (["note", "edit", "1"], 2, "give new text and/or --due"),
        (["note", "edit", "one", "x"], 2, "not a note id: 'one'"),
        (["note", "resolve", "1", "now"], 2, "takes only a note id"),
        (["note", "resolve", "1", "--due", "fri"], 2, "takes no --due"),
        (["note", "resolve", "77"], 4, "no note 77"),
        (["note", "999", "x"], 4, "no story 999"),
        (["followups", "--due-before", "someday"], 2, "cannot read the date"),
        (["followups", "--desk", "sprot"], 2, "unknown desk 'sprot'"),
        (["suggest", "{sid}", "--accept", "9"], 4, "has no suggestion 9 (it has 2)"),
    ],
)
def test_bad_input_is_one_line_and_saves_nothing(sqlite_url, story_id, capsys, args, code, message):
    capsys.readouterr()
    assert run(sqlite_url, *[a.replace("{sid}", story_id) for a in args]) == code
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1
    assert "Traceback" not in err
    assert board(sqlite_url, capsys) == []


def test_resolving_twice_exits_1(sqlite_url, story_id, capsys):
    run(sqlite_url, "note", story_id, "check")
    run(sqlite_url, "note", "resolve", "1")
    capsys.readouterr()
    assert run(sqlite_url, "note", "resolve", "1") == 1
    assert "already resolved" in capsys.readouterr().err


def test_followups_lines_mark_overdue_and_sort_undated_last(sqlite_url, story_id, capsys):
    run(sqlite_url, "note", story_id, "undated")
    run(sqlite_url, "note", story_id, "long overdue", "--due", "2020-05-01", "--allow-past")
    run(sqlite_url, "note", story_id, "far ahead", "--due", "2040-05-01 09:00")
    capsys.readouterr()
    assert run(sqlite_url, "followups") == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line[0] for line in lines] == ["!", " ", " "]
    assert "long overdue" in lines[0] and "Fri 2020-05-01" in lines[0]
    assert "far ahead" in lines[1] and "2040-05-01 09:00" in lines[1]
    assert "undated" in lines[2] and "no date" in lines[2]
    assert all("Icelandic delegation" in line and "tester" in line for line in lines)
    assert [i["note"]["text"] for i in board(sqlite_url, capsys, "--overdue")] == ["long overdue"]


def test_followups_mine_and_desk(sqlite_url, story_id, capsys):
    run(sqlite_url, "note", story_id, "mine")
    main(["--db", sqlite_url, "--as", "Ana Lima", "note", story_id, "hers"])
    assert [i["note"]["text"] for i in board(sqlite_url, capsys, "--mine")] == ["mine"]
    assert board(sqlite_url, capsys, "--desk", "europe") == []
    assert len(board(sqlite_url, capsys, "--desk", "none")) == 2


def test_empty_board_says_so_on_stderr(sqlite_url, capsys):
    assert run(sqlite_url, "followups") == 0
    captured = capsys.readouterr()
    assert captured.out == "" and "no open follow-ups" in captured.err


def test_suggest_lists_and_accepts(sqlite_url, story_id, capsys):
    capsys.readouterr()
    assert run(sqlite_url, "suggest", story_id) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(" 1. [due Wed 2025-06-04] Icelandic geothermal delegation visit")
    assert lines[1].startswith(" 2. [no date] Date of the trip unclear: Kenyan President")
    assert run(sqlite_url, "suggest", story_id, "--tentative", "--json") == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(s["n"], s["rule"], s["tentative"]) for s in listed] == [
        (1, "dated-event", False),
        (2, "month-plan", True),
        (3, "date-unclear", False),
    ]
    assert listed[1]["due"] == "2025-08-01"
    assert run(sqlite_url, "suggest", story_id, "--accept", "2") == 0
    assert "note 1 added: Date of the trip unclear" in capsys.readouterr().out
    assert run(sqlite_url, "suggest", story_id, "--all", "--json") == 0
    [added] = json.loads(capsys.readouterr().out)
    assert added["due"] == "2025-06-04T23:59:59+00:00"
    assert run(sqlite_url, "suggest", story_id) == 0
    assert "no follow-ups suggested" in capsys.readouterr().err


def test_wire_copy_text_is_shown_with_control_characters_visible(sqlite_url, story_id, capsys):
    run(sqlite_url, "note", story_id, "check \x1b[31mred\x1b[0m")
    capsys.readouterr()
    run(sqlite_url, "followups")
    out = capsys.readouterr().out
    assert "\x1b" not in out and "␛[31mred" in out


def test_followup_commands_do_not_load_textual(sqlite_url, story_id):
    code = (
        "import sys\n"
        "from deskapp.cli import main\n"
        f"main(['--db', {sqlite_url!r}, 'followups'])\n"
        f"main(['--db', {sqlite_url!r}, 'suggest', {story_id!r}])\n"
        f"main(['--db', {sqlite_url!r}, 'note', {story_id!r}, 'x', '--due', 'fri'])\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip().splitlines()[-1] == "[]"
