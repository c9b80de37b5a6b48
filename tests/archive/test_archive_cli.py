"""`deskapp archive`, `list --archive`, `show` and `history` of an archived story."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from deskapp.cli import main
from tests.archive.conftest import OldDesk, build_old_desk

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def desk(services, tmp_path: Path) -> OldDesk:  # type: ignore[no-untyped-def]
    return build_old_desk(services, tmp_path / "site")


@pytest.fixture
def cli(db_url: str, capsys: pytest.CaptureFixture[str]) -> Run:
    def run(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = main(["--db", db_url, "--as", "tester", *args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_dry_run_lists_what_would_move_and_what_stays_and_why(cli: Run, desk: OldDesk):
    code, out, err = cli("archive", "--older-than", "90d", "--dry-run")
    assert (code, err) == (0, "")
    assert "would archive 2 stories" in out
    assert "Ferry strike ends at Port Alder" in out and "Harbour board opens new quay" in out
    assert "would keep 2 on the desk:" in out
    assert "an open follow-up: resolve it first (Bridge closure questioned)" in out
    assert "being edited by ana (Budget talks stall)" in out
    code, out, _ = cli("list", "--archive", "--json")
    assert (code, json.loads(out)) == (0, [])


def test_archive_then_list_search_show_history_and_restore(cli: Run, desk: OldDesk):
    code, out, _ = cli("archive", "--older-than", "12w")
    assert code == 0
    assert out.startswith("archived 2 stories (1 spiked, 1 published)")
    assert "kept 2 on the desk:" in out
    code, out, _ = cli("list", "--json")
    assert desk.spiked not in [s["id"] for s in json.loads(out)]
    code, out, _ = cli("list", "--status", "spiked", "--json")
    assert desk.spiked not in [s["id"] for s in json.loads(out)]

    code, out, _ = cli("list", "--archive", "--search", "ferry", "--json")
    [found] = json.loads(out)
    assert (found["id"], found["status"]) == (desk.spiked, "spiked")
    assert found["archived_at"]
    code, out, _ = cli("list", "--archive", "--status", "published")
    assert code == 0 and "Harbour board opens new quay" in out and "Ferry" not in out
    code, out, err = cli("list", "--archive", "--search", "nothing-like-it")
    assert (code, out) == (0, "") and "no archived stories match" in err

    code, out, _ = cli("show", str(desk.spiked))
    assert code == 0
    assert out.startswith("ARCHIVED ") and f"deskapp archive --restore {desk.spiked}" in out
    assert "Ferry strike ends at Port Alder" in out
    code, out, _ = cli("show", str(desk.spiked), "--json")
    shown = json.loads(out)
    assert shown["id"] == desk.spiked and shown["archived"]["by"] == "tester"
    code, out, _ = cli("history", str(desk.spiked), "--json")
    assert [e["action"] for e in json.loads(out)][-1] == "archive"

    code, out, _ = cli("archive", "--restore", str(desk.spiked), "--json")
    back = json.loads(out)
    assert (code, back["id"], back["status"]) == (0, desk.spiked, "spiked")
    assert "archived" not in back  # the `show --json` shape of a story on the desk
    code, out, _ = cli("show", str(desk.spiked))
    assert code == 0 and not out.startswith("ARCHIVED")
    code, out, _ = cli("archive", "--restore", str(desk.published))
    assert code == 0
    assert out.startswith(f"story {desk.published}: back on the desk, published (version ")


def test_archive_json_names_what_moved_and_what_stayed(cli: Run, desk: OldDesk):
    code, out, _ = cli("archive", "--older-than", "90d", "--json")
    run = json.loads(out)
    assert code == 0 and run["dry_run"] is False
    assert sorted(s["id"] for s in run["archived"]) == sorted([desk.spiked, desk.published])
    assert {k["id"]: k["reason"] for k in run["kept"]} == {
        desk.followup: "an open follow-up: resolve it first",
        desk.locked: "being edited by ana",
    }
    code, out, _ = cli("archive", "--older-than", "90d")
    assert code == 0 and out.startswith("nothing to archive:")


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--older-than", "90"), "like 36h, 90d or 12w (not '90')"),
        (("--older-than", "three months"), "like 36h, 90d or 12w"),
        ((), "give --older-than AGE"),
        (("--restore", "3", "--older-than", "9d"), "--restore takes only an ID"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(cli: Run, args: tuple[str, ...], says: str):
    code, out, err = cli("archive", *args)
    assert (code, out) == (2, "")
    assert says in err and err.count("\n") == 1


def test_restoring_or_showing_what_is_not_there_is_exit_4(cli: Run, desk: OldDesk):
    code, _, err = cli("archive", "--restore", "999")
    assert (code, err) == (4, "deskapp: no archived story 999\n")
    assert cli("show", "999")[::2] == (4, "deskapp: no story 999\n")
    assert cli("history", "999")[::2] == (4, "deskapp: no story 999\n")
    cli("archive", "--older-than", "90d")  # with an archive, the same words
    assert cli("show", "999")[::2] == (4, "deskapp: no story 999\n")
    assert cli("history", "999", "--json")[::2] == (4, "deskapp: no story 999\n")
