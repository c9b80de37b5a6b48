"""The command line's side of trustworthy triage: undo, revert, history, wire flags, dates."""

from __future__ import annotations

import json

import pytest

from deskapp.cli import main
from deskapp.config import Settings
from deskapp.core.story import Credit, Role, Story
from deskapp.services import open_services


def run(db: str, *args: str, editor: str = "tester") -> int:
    return main(["--db", db, "--as", editor, *args])


@pytest.fixture
def desk(db_url):
    svc = open_services(db_url, editor="tester", settings=Settings())
    yield svc
    svc.close()


def add(desk, headline: str, **kw) -> str:
    story = Story(
        headline=headline,
        body=kw.pop("body", "A paragraph."),
        agency="Reuters",
        credits=kw.pop("credits", [Credit(Role.WRITER, "Ana Lima")]),
        **kw,
    )
    [result] = desk.ingest.store([(f"test:{headline}", story)], desk=kw.get("desk", "europe"))
    return str(result.id)


def err_line(capsys) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    return err.strip()


def test_undo_takes_back_my_last_change_not_the_agency_update(db_url, desk, capsys):
    sid = add(desk, "Quake hits coast", uid="urn:q:1", wire_version=1)
    assert run(db_url, "credit", sid, "--editor", "Jo Doe") == 0
    desk.ingest.store(
        [
            (
                "v2",
                Story(
                    headline="Quake hits coast, toll rises",
                    uid="urn:q:1",
                    wire_version=2,
                    body="Toll now 40.",
                    agency="Reuters",
                ),
            )
        ]
    )
    capsys.readouterr()
    assert run(db_url, "undo", sid) == 0
    out = capsys.readouterr().out
    assert "undid your credits (version 2)" in out and "editor Jo Doe" in out
    story = desk.stories.get(int(sid))
    assert story.headline == "Quake hits coast, toll rises" and story.body == "Toll now 40."
    assert Credit(Role.EDITOR, "Jo Doe") not in story.credits
    assert run(db_url, "undo", sid) == 1
    assert "no change of yours to undo" in err_line(capsys)
    assert run(db_url, "undo", "999") == 4


def test_undo_over_a_colleagues_later_change_exits_3_naming_them(db_url, desk, capsys):
    sid = add(desk, "Summit opens")
    assert run(db_url, "desk", sid, "africa") == 0
    assert run(db_url, "desk", sid, "americas", editor="Bo Yu") == 0
    capsys.readouterr()
    assert run(db_url, "undo", sid) == 3
    line = err_line(capsys)
    assert "Bo Yu changed the desk" in line and "nothing changed" in line
    assert desk.stories.get(int(sid)).desk == "americas"
    assert run(db_url, "undo", sid, "--expect-version", "2") == 3  # stale: still a conflict
    capsys.readouterr()
    assert run(db_url, "undo", sid, "--force") == 0
    assert desk.stories.get(int(sid)).desk == "europe"


def test_revert_of_an_added_editor_credit_does_not_bring_back_a_removed_contributor(
    db_url, desk, capsys
):
    sid = add(
        desk,
        "Summit opens",
        credits=[Credit(Role.WRITER, "Ana Lima"), Credit(Role.CONTRIBUTOR, "Priya Raman")],
    )
    assert run(db_url, "credit", sid, "--editor", "Jo Doe") == 0
    added = desk.stories.history(int(sid))[-1]
    desk.stories.update_credits(int(sid), remove=[Credit(Role.CONTRIBUTOR, "Priya Raman")])
    capsys.readouterr()
    assert run(db_url, "revert", sid, str(added.id)) == 0
    assert desk.stories.get(int(sid)).credits == [Credit(Role.WRITER, "Ana Lima")]


def test_history_prints_before_and_after_readably(db_url, desk, capsys):
    long = "North Korean delegation to visit Seoul next week for talks on family reunions"
    sid = add(desk, long)
    desk.stories.edit_text(int(sid), headline=long.replace("Seoul", "Pyongyang"))
    _story, note = desk.notes.add(int(sid), "call the ministry")
    desk.notes.resolve(note.id)
    capsys.readouterr()
    assert run(db_url, "history", sid) == 0
    out = capsys.readouterr().out
    assert "Seoul" in out and "Pyongyang" in out and " → " in out
    assert "note added: call the ministry" in out
    assert f"note {note.id} “call the ministry”: open → resolved" in out
    assert "tester  edit" in out


def test_history_reads_credits_forwards_and_names_undos_by_version(db_url, desk, capsys):
    sid = add(
        desk,
        "Summit opens",
        credits=[Credit(Role.WRITER, "Ana Lima"), Credit(Role.CONTRIBUTOR, "Lucia Ferrandi")],
    )
    assert run(db_url, "credit", sid, "--editor", "Ana Lima") == 0
    desk.stories.update_credits(int(sid), remove=[Credit(Role.CONTRIBUTOR, "Lucia Ferrandi")])
    assert run(db_url, "desk", sid, "africa") == 0
    assert run(db_url, "undo", sid) == 0
    capsys.readouterr()
    assert run(db_url, "history", sid) == 0
    out = capsys.readouterr().out
    assert "credits: added editor Ana Lima\n" in out
    assert "credits: removed contributor Lucia Ferrandi\n" in out
    assert "kept the others" not in out
    desk_version = desk.stories.history(int(sid))[-2].version
    assert f"undo of version {desk_version}" in out


def test_killed_withheld_and_corrected_show_in_list_show_and_json(db_url, desk, capsys):
    killed = add(desk, "Minister resigns", killed=True)
    held = add(desk, "Ceasefire talks", withdrawn=True)
    fixed = add(desk, "Toll revised", corrected=True)
    capsys.readouterr()
    assert run(db_url, "list") == 0
    lines = {line.split()[0]: line for line in capsys.readouterr().out.splitlines()}
    assert "KILLED" in lines[killed] and "WITHHELD" in lines[held]
    assert "(correction) Toll revised" in lines[fixed]
    assert run(db_url, "show", "--json", killed) == 0
    shown = json.loads(capsys.readouterr().out)
    assert (shown["killed"], shown["withdrawn"], shown["corrected"]) == (True, False, False)
    assert run(db_url, "show", held) == 0
    assert "wire: WITHHELD by the wire" in capsys.readouterr().out
    assert run(db_url, "list", "--json") == 0
    flags = {
        s["id"]: (s["killed"], s["withdrawn"], s["corrected"])
        for s in json.loads(capsys.readouterr().out)
    }
    assert flags[int(fixed)] == (False, False, True)


def test_queue_refuses_a_killed_story_even_with_force(db_url, desk, capsys):
    killed = add(desk, "Minister resigns", killed=True)
    capsys.readouterr()
    assert run(db_url, "queue", killed, "--force") == 1
    assert "killed by the wire: it can never be queued" in err_line(capsys)
    assert desk.queue.list_entries() == []


def test_spiking_a_queued_story_says_it_left_the_queue(db_url, desk, capsys):
    first, second = add(desk, "Alpha"), add(desk, "Bravo")
    desk.queue.add(int(first))
    desk.queue.add(int(second))
    capsys.readouterr()
    assert run(db_url, "spike", second) == 0
    assert "removed from the queue (it was #2)" in capsys.readouterr().out
    assert run(db_url, "spike", first, "--expect-version", "2") == 0


def test_a_past_due_is_refused_off_a_terminal_unless_allowed(db_url, desk, capsys):
    sid = add(desk, "Summit opens")
    capsys.readouterr()
    assert run(db_url, "note", sid, "call", "--due", "2020-01-01") == 2
    assert "already gone by" in err_line(capsys)
    assert desk.stories.get(int(sid)).notes == []
    assert run(db_url, "note", sid, "call", "--due", "2020-01-01", "--allow-past") == 0
    assert run(db_url, "note", sid, "check the toll", "--due", "+2h") == 0
    assert run(db_url, "note", sid, "follow up", "--due", "+2d") == 0
    assert len(desk.stories.get(int(sid)).notes) == 3


def test_the_embargo_reads_dates_as_the_desk_does(db_url, desk, capsys):
    sid = add(desk, "Summit opens")
    assert run(db_url, "queue", sid, "--embargo", "13/2") == 0
    held = desk.stories.get(int(sid)).embargo_until.astimezone(desk.notes.zone())
    assert (held.month, held.day, held.hour, held.minute) == (2, 13, 23, 59)
    assert run(db_url, "queue", sid, "--embargo", "+2h") == 0


@pytest.mark.parametrize(("answer", "code", "notes"), [("y\n", 0, 1), ("n\n", 2, 0), ("", 2, 0)])
def test_a_past_due_is_asked_about_at_a_terminal(
    db_url, desk, capsys, monkeypatch, answer, code, notes
):
    import io

    from deskapp.cli.runtime import Cli

    sid = add(desk, "Summit opens")
    monkeypatch.setattr(Cli, "interactive", lambda self: True)
    monkeypatch.setattr("sys.stdin", io.StringIO(answer))
    capsys.readouterr()
    assert run(db_url, "note", sid, "call", "--due", "2020-01-01") == code
    assert "has already gone by. Keep it? [y/N]" in capsys.readouterr().err
    assert len(desk.stories.get(int(sid)).notes) == notes
