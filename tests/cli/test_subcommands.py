"""`queue` and `note` as real subcommands; the older forms stay as shorthands."""

from __future__ import annotations

import json

import pytest

from deskapp.cli import build_parser, expand_shorthand


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        (["queue", "12"], ["queue", "add", "12"]),
        (["queue"], ["queue", "list"]),
        (["queue", "--json"], ["queue", "list", "--json"]),
        (
            ["--db", "queue", "queue", "--priority", "1", "12"],
            ["--db", "queue", "queue", "add", "--priority", "1", "12"],
        ),
        (["queue", "--json", "list"], ["queue", "list", "--json"]),
        (["queue", "move", "3", "--to", "1"], ["queue", "move", "3", "--to", "1"]),
        (["queue", "--help"], ["queue", "--help"]),
        (["note", "12", "call", "--due", "fri"], ["note", "add", "12", "call", "--due", "fri"]),
        (["note", "--due", "fri", "12", "call"], ["note", "add", "--due", "fri", "12", "call"]),
        (["note", "resolve", "7"], ["note", "resolve", "7"]),
        (["note"], ["note"]),
        (["show", "12"], ["show", "12"]),
    ],
)
def test_shorthand_expands_to_the_subcommand(typed, meant):
    assert expand_shorthand(build_parser(), typed) == meant


def test_queue_add_list_move_remove(cli):
    for sid in ("1", "2"):
        assert cli("queue", "add", sid)[0] == 0
    code, out, _ = cli("queue", "list", "--json")
    assert [e["id"] for e in json.loads(out)] == [1, 2]
    assert cli("queue", "move", "2", "--to", "1")[0] == 0
    assert [e["id"] for e in json.loads(cli("queue", "list", "--json")[1])] == [2, 1]
    code, out, _ = cli("queue", "remove", "2")
    assert code == 0 and "out of the queue" in out
    assert [e["id"] for e in json.loads(cli("queue", "--json")[1])] == [1]


@pytest.mark.parametrize(
    "args",
    [
        ["queue", "remove"],
        ["queue", "remove", "1", "--to", "2"],
        ["queue", "list", "2"],
        ["queue", "add", "1", "--up"],
        ["queue", "add"],
    ],
)
def test_queue_action_misuse_is_one_line_exit_2(cli, args):
    code, _, err = cli(*args)
    assert code == 2 and err.count("\n") == 1 and err.startswith("deskapp: queue")


def test_note_add_edit_resolve_reopen(cli):
    code, out, _ = cli("note", "add", "1", "call", "the", "port")
    assert code == 0 and "note 1 added" in out
    assert cli("note", "edit", "1", "--due", "2040-01-02")[0] == 0
    assert cli("note", "resolve", "1")[0] == 0
    assert cli("note", "reopen", "1")[0] == 0
    [note] = json.loads(cli("show", "1", "--json")[1])["notes"]
    assert note["text"] == "call the port" and note["due"].startswith("2040-01-02")
    assert note["resolved"] is None


def test_note_add_needs_a_story(cli):
    code, _, err = cli("note", "add")
    assert code == 2 and "give the story id" in err


def test_help_lists_the_actions(capsys):
    for command, actions in (
        ("queue", ("add", "list", "move", "remove")),
        ("note", ("add", "edit", "resolve", "reopen")),
    ):
        with pytest.raises(SystemExit):
            build_parser().parse_args([command, "--help"])
        out = capsys.readouterr().out
        assert all(f"\n    {a}" in out or f" {a} " in out for a in actions), out


@pytest.mark.parametrize(
    "args",
    [
        ("queue", "add", "1", "--priority", "12"),
        ("queue", "move", "1", "--to", "0"),
        ("note", "add", "1", "call back", "--due", "the day after never"),
        ("revert", "1", "1", "--field", "bogus"),
    ],
)
def test_a_value_that_cannot_be_read_is_a_usage_error(cli, args):
    if args[:2] == ("queue", "move"):
        assert cli("queue", "add", "1")[0] == 0
    code, _out, err = cli(*args)
    assert code == 2, err
    assert err.startswith("deskapp: ") and len(err.strip().splitlines()) == 1
