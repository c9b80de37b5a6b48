"""One exit code for one kind of error, whichever command meets it."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "args",
    [
        ["desk", "1", "mars"],
        ["list", "--desk", "mars"],
        ["followups", "--desk", "mars"],
        ["ingest", "--desk", "mars", "-"],
        ["feeds", "add", "https://example.org/w.rss", "--desk", "mars"],
        ["watch", ".", "--once", "--desk", "mars"],
    ],
)
def test_an_unknown_desk_is_a_usage_error_everywhere(cli, args):
    code, out, err = cli(*args)
    assert code == 2
    assert err.count("\n") == 1 and "unknown desk 'mars'" in err and out == ""


def test_none_is_a_desk_where_it_means_untagged(cli):
    assert cli("list", "--desk", "none")[0] == 0
    assert cli("followups", "--desk", "NONE")[0] == 0
    assert cli("desk", "1", "Europe")[0] == 0
    code, _, err = cli("ingest", "--desk", "none", "-")
    assert code == 2 and "unknown desk 'none'" in err


def test_not_found_is_4_for_lock_and_unlock_alike(cli):
    for command in ("lock", "unlock"):
        code, _, err = cli(command, "999")
        assert code == 4 and "no story 999" in err, command


def test_undo_on_a_stale_version_is_a_conflict(cli):
    # story 2 has no change of this editor's: the stale version is still said first
    code, _, err = cli("undo", "2", "--expect-version", "7")
    assert code == 3 and "changed since version 7" in err
    assert cli("desk", "2", "africa")[0] == 0
    code, _, err = cli("undo", "2", "--expect-version", "1")
    assert code == 3
    code, _, _ = cli("undo", "2")
    assert code == 0
    code, _, err = cli("undo", "2", "--expect-version", "1")
    assert code == 3 and "nothing applied" in err


def test_a_story_id_is_checked_alike_in_unpublish(cli, capsys):
    with pytest.raises(SystemExit) as info:
        cli("unpublish", "0")
    assert info.value.code == 2
    assert "not a story id: '0'" in capsys.readouterr().err


def test_history_of_a_missing_story_is_4_with_json_too(cli):
    for extra in ([], ["--json"]):
        code, out, err = cli("history", "999", *extra)
        assert code == 4 and out == "" and "no story 999" in err
