"""--json on every command that changes a story: the `show --json` shape, on stdout."""

from __future__ import annotations

import json

import pytest

from deskapp.cli import build_parser


def _show(cli, sid: str) -> dict:
    code, out, _ = cli("show", sid, "--json")
    assert code == 0
    return json.loads(out)


@pytest.mark.parametrize(
    "args",
    [
        ["desk", "1", "africa"],
        ["credit", "1", "--editor", "Cy Ode"],
        ["spike", "1"],
        ["queue", "add", "1", "--priority", "2"],
        ["queue", "1", "--priority", "2"],
    ],
)
def test_a_change_prints_the_story_as_show_does(cli, args):
    code, out, err = cli(*args, "--json")
    assert code == 0, err
    printed = json.loads(out)
    assert printed == _show(cli, "1")
    assert out.count("\n") == 1


def test_queue_move_remove_unqueue_unspike_undo_revert_print_the_story(cli):
    cli("queue", "add", "1")
    cli("queue", "add", "2")
    for args in (
        ["queue", "move", "2", "--to", "1"],
        ["queue", "remove", "2"],
        ["queue", "add", "2"],
        ["unqueue", "2"],
        ["spike", "2"],
        ["unspike", "2"],
        ["desk", "2", "africa"],
        ["undo", "2"],
    ):
        code, out, err = cli(*args, "--json")
        assert code == 0, (args, err)
        assert json.loads(out) == _show(cli, "2"), args
    history = json.loads(cli("history", "2", "--json")[1])
    desk_change = next(e for e in history if "desk" in e["changes"])
    code, out, _ = cli("revert", "2", str(desk_change["id"]), "--force", "--json")
    assert code == 0 and json.loads(out) == _show(cli, "2")


def test_note_actions_print_the_note_as_show_lists_it(cli):
    code, out, _ = cli("note", "add", "1", "ring", "the", "port", "--json")
    added = json.loads(out)
    story = _show(cli, "1")
    assert {k: v for k, v in added.items() if k != "story"} == story["notes"][0]
    assert added["story"] == {"id": 1, "version": story["version"]}
    for action in ("resolve", "reopen"):
        code, out, _ = cli("note", action, str(added["id"]), "--json")
        assert code == 0 and json.loads(out)["id"] == added["id"]
    code, out, _ = cli("note", "edit", str(added["id"]), "call instead", "--json")
    assert json.loads(out)["text"] == "call instead"


def test_lock_and_unlock_json(cli):
    code, out, _ = cli("lock", "3", "--json")
    assert code == 0 and json.loads(out)["story_id"] == 3
    code, out, _ = cli("unlock", "3", "--json")
    assert json.loads(out) == {"story_id": 3, "released": True}
    code, out, _ = cli("unlock", "3", "--json")
    assert json.loads(out) == {"story_id": 3, "released": False}


def test_lists_are_arrays_even_when_empty(cli):
    for args in (
        ["list", "--search", "nothing-like-this"],
        ["queue", "list"],
        ["followups"],
        ["locks"],
        ["feeds", "list"],
        ["feeds", "poll"],
    ):
        code, out, _ = cli(*args, "--json")
        assert code == 0 and json.loads(out) == [], args


def test_feeds_remove_by_name(cli):
    code, out, _ = cli("feeds", "add", "https://example.org/w.rss", "--name", "World", "--json")
    feed = json.loads(out)
    assert code == 0 and feed["name"] == "World"
    cli("feeds", "add", "https://example.org/a.rss", "--name", "Twin")
    cli("feeds", "add", "https://example.org/b.rss", "--name", "Twin")
    code, _, err = cli("feeds", "remove", "Twin")
    assert code == 2 and "2 feeds are named 'Twin'" in err
    code, out, _ = cli("feeds", "remove", "world", "--json")
    assert code == 0 and json.loads(out)["id"] == feed["id"]
    code, _, err = cli("feeds", "remove", "World")
    assert code == 4 and "no feed World" in err


def test_a_feed_named_with_digits_is_removed_by_its_name_unless_an_id_is_meant(cli):
    code, out, _ = cli("feeds", "add", "https://example.org/5.rss", "--name", "5", "--json")
    named_five = json.loads(out)
    assert code == 0 and named_five["id"] != 5
    code, out, _ = cli("feeds", "remove", "5", "--json")  # no feed 5: the feed named "5"
    assert code == 0 and json.loads(out)["id"] == named_five["id"]


def _help(*words: str) -> str:
    import contextlib
    import io

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer), pytest.raises(SystemExit):
        build_parser().parse_args([*words, "--help"])
    return " ".join(buffer.getvalue().split())


def test_help_says_which_json_is_an_array_and_which_is_json_lines():
    assert "JSON Lines" in _help("ingest")
    for words in (["list"], ["queue", "list"], ["followups"], ["feeds", "poll"]):
        assert "JSON array" in _help(*words), words
