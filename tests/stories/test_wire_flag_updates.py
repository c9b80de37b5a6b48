"""A kill, a hold or a correction from the wire reaches the story even when the copy is the same."""

from __future__ import annotations

import json
from pathlib import Path

from deskapp.cli import main

G2 = """<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/"
    guid="urn:newsml:fictwire.example:20261127:{guid}" version="{version}" standard="NewsML-G2">
  <itemMeta>
    <itemClass qcode="ninat:text"/>
    <provider qcode="nprov:FICTWIRE"><name>Fictwire</name></provider>
    <firstCreated>2026-11-27T11:00:00Z</firstCreated>
    <pubStatus qcode="stat:{status}"/>
  </itemMeta>
  <contentMeta>
    <located qcode="city:Nairobi"><broader qcode="cntry:Kenya"/></located>
    <creator literal="Amina Otieno" role="crol:writer"/>
    <headline>{headline}</headline>
  </contentMeta>
  <contentSet>
    <inlineData contenttype="text/plain">A city library opened a reading room open to midnight.

Staff said students had asked for it for years.</inlineData>
  </contentSet>
</newsItem>
"""

PLAIN = """CORRECTED-British umbrella sales jump after wettest winter on record

LONDON, March 3 (Reuters) - British retailers sold more umbrellas in February than in any month
since records began, a fictional trade body said on Sunday.

(Reporting by Gareth Pennywhistle; Editing by Rowena Castellane)
"""


def run(db: str, *args: str) -> int:
    return main(["--db", db, "--as", "tester", *args])


def item(folder: Path, guid: str, version: int, status: str) -> str:
    path = folder / f"{guid}-{version}.xml"
    path.write_text(
        G2.format(
            guid=guid,
            version=version,
            status=status,
            headline=f"Library {guid} opens night reading room",
        )
    )
    return str(path)


def ingest_json(db: str, path: str, capsys) -> dict:
    capsys.readouterr()
    assert run(db, "ingest", path, "--json") == 0
    [line] = capsys.readouterr().out.splitlines()
    return json.loads(line)


def shown(db: str, sid: int, capsys) -> dict:
    capsys.readouterr()
    assert run(db, "show", str(sid), "--json") == 0
    return json.loads(capsys.readouterr().out)


def test_a_kill_with_the_same_copy_updates_the_story_and_takes_it_out_of_the_queue(
    db_url, tmp_path, capsys
):
    first = ingest_json(db_url, item(tmp_path, "kill", 2, "usable"), capsys)
    sid = first["id"]
    assert run(db_url, "desk", str(sid), "africa") == 0
    assert run(db_url, "queue", str(sid)) == 0
    killed = ingest_json(db_url, item(tmp_path, "kill", 3, "canceled"), capsys)
    assert (killed["status"], killed["id"], killed["left_queue"]) == ("updated", sid, True)
    story = shown(db_url, sid, capsys)
    assert story["killed"] is True and story["status"] == "editing"
    assert story["queue_position"] is None and story["desk"] == "africa"  # desk work kept
    capsys.readouterr()
    assert run(db_url, "history", str(sid)) == 0
    history = capsys.readouterr().out
    assert "wire-update" in history and "killed by the wire: no → yes" in history
    assert run(db_url, "list") == 0
    [row] = [line for line in capsys.readouterr().out.splitlines() if line.split()[0] == str(sid)]
    assert "KILLED" in row
    # the same kill again is a duplicate: nothing more changes
    again = ingest_json(db_url, item(tmp_path, "kill", 3, "canceled"), capsys)
    assert again["status"] == "duplicate"


def test_a_hold_with_the_same_copy_updates_and_the_plain_summary_says_it_left_the_queue(
    db_url, tmp_path, capsys
):
    sid = ingest_json(db_url, item(tmp_path, "hold", 1, "usable"), capsys)["id"]
    assert run(db_url, "desk", str(sid), "africa") == 0
    assert run(db_url, "queue", str(sid)) == 0
    capsys.readouterr()
    assert run(db_url, "ingest", item(tmp_path, "hold", 2, "withheld")) == 0
    err = capsys.readouterr().err
    assert "1 updated" in err and f"story {sid} left the queue" in err
    story = shown(db_url, sid, capsys)
    assert (story["withdrawn"], story["killed"], story["status"]) == (True, False, "editing")
    assert run(db_url, "list", "--json") == 0
    listed = json.loads(capsys.readouterr().out)
    assert [s["withdrawn"] for s in listed if s["id"] == sid] == [True]


def test_an_older_or_equal_version_with_other_flags_is_still_a_duplicate(db_url, tmp_path, capsys):
    sid = ingest_json(db_url, item(tmp_path, "old", 3, "usable"), capsys)["id"]
    stale = ingest_json(db_url, item(tmp_path, "old", 2, "canceled"), capsys)
    assert stale["status"] == "duplicate"
    assert shown(db_url, sid, capsys)["killed"] is False


def test_a_corrected_plain_text_headline_is_flagged_in_show_and_list(
    db_url, tmp_path, capsys, monkeypatch
):
    monkeypatch.setenv("COLUMNS", "120")  # `list` fits its rows to the terminal
    path = tmp_path / "umbrellas.txt"
    path.write_text(PLAIN)
    sid = ingest_json(db_url, str(path), capsys)["id"]
    story = shown(db_url, sid, capsys)
    assert story["corrected"] is True and not story["headline"].startswith("CORRECTED")
    assert run(db_url, "list") == 0
    [row] = [line for line in capsys.readouterr().out.splitlines() if line.split()[0] == str(sid)]
    assert "(correction) British umbrella sales" in row
