"""On the command line: ingest names a kill or a correction of queued or exported copy, and
every export lists what to take down and what to export again."""

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
    <pubStatus qcode="stat:{status}"/>
    {signal}
  </itemMeta>
  <contentMeta>
    <creator literal="Amina Otieno" role="crol:writer"/>
    <headline>Museum {guid} reopens its north wing</headline>
  </contentMeta>
  <contentSet>
    <inlineData contenttype="text/plain">The museum reopened its north wing on {day}.

Visitors queued from dawn.</inlineData>
  </contentSet>
</newsItem>
"""


def run(db: str, *args: str) -> int:
    return main(["--db", db, "--as", "tester", *args])


def item(folder: Path, guid: str, version: int, *, status="usable", fix=False) -> str:
    path = folder / f"{guid}-{version}.xml"
    path.write_text(
        G2.format(
            guid=guid,
            version=version,
            status=status,
            signal='<signal qcode="sig:correction"/>' if fix else "",
            day="Saturday" if fix else "Friday",
        )
    )
    return str(path)


def take_in(db: str, path: str, capsys) -> dict:
    capsys.readouterr()
    assert run(db, "ingest", path, "--json") == 0
    [line] = capsys.readouterr().out.splitlines()
    return json.loads(line)


def published(db: str, tmp_path: Path, guid: str, site: Path, capsys) -> int:
    sid = take_in(db, item(tmp_path, guid, 1), capsys)["id"]
    assert run(db, "desk", str(sid), "europe") == 0
    assert run(db, "queue", str(sid)) == 0
    assert run(db, "export", "--out", str(site)) == 0
    return sid


def test_ingest_says_a_correction_of_a_queued_story_in_its_summary(db_url, tmp_path, capsys):
    sid = take_in(db_url, item(tmp_path, "fix", 1), capsys)["id"]
    assert run(db_url, "desk", str(sid), "europe") == 0
    assert run(db_url, "queue", str(sid)) == 0
    capsys.readouterr()
    assert run(db_url, "ingest", item(tmp_path, "fix", 2, fix=True)) == 0
    err = capsys.readouterr().err
    assert (
        f"fix-2.xml: Story {sid} “Museum fix reopens its north wing”: CORRECTION from the "
        "wire (version 2) while queued: check the correction before publishing"
    ) in err
    assert err.strip().splitlines()[-1] == (
        "ingested 1 source: 1 updated; 1 correction of a queued story: follow-up added"
    )
    capsys.readouterr()
    assert run(db_url, "history", str(sid)) == 0
    assert "wire alert" in capsys.readouterr().out
    assert run(db_url, "followups", "--overdue", "--json") == 0
    [board] = json.loads(capsys.readouterr().out)
    assert board["story"]["id"] == sid and board["note"]["from_wire"] is True
    assert board["note"]["author"] == "Fictwire"


def test_every_export_lists_a_killed_and_a_corrected_story(db_url, tmp_path, capsys):
    site = tmp_path / "site"
    killed = published(db_url, tmp_path, "kill", site, capsys)
    fixed = published(db_url, tmp_path, "fixd", site, capsys)
    record = take_in(db_url, item(tmp_path, "kill", 2, status="canceled"), capsys)
    assert record["alert"].startswith("KILLED by the wire (version 2) after export: take it down")
    record = take_in(db_url, item(tmp_path, "fixd", 2, fix=True), capsys)
    assert record["alert"].startswith("CORRECTION from the wire (version 2) after export")
    for extra in ([], ["--dry-run"], ["--all"]):
        capsys.readouterr()
        assert run(db_url, "export", "--out", str(site), *extra) == 0
        err = capsys.readouterr().err
        assert f"to take down: {site}" in err and f"(story {killed} was killed" in err
        if extra == ["--all"]:  # written again: the site has the correction now
            assert "corrected since export" not in err
        else:
            assert f"corrected since export: {site}" in err and f"(story {fixed}:" in err
    assert "Saturday" in "".join(p.read_text() for p in site.glob("*fixd*"))
    capsys.readouterr()
    assert run(db_url, "export", "--out", str(site), "--json") == 0
    report = json.loads(capsys.readouterr().out)
    assert [t["id"] for t in report["take_down"]] == [killed]
    assert report["corrected"] == []


def test_watch_names_a_kill_of_a_queued_story_dropped_in_the_folder(db_url, tmp_path, capsys):
    sid = take_in(db_url, item(tmp_path, "drop", 1), capsys)["id"]
    assert run(db_url, "desk", str(sid), "europe") == 0
    assert run(db_url, "queue", str(sid)) == 0
    drop = tmp_path / "drop"
    drop.mkdir()
    Path(item(tmp_path, "drop", 2, status="canceled")).rename(drop / "drop-2.xml")
    capsys.readouterr()
    assert run(db_url, "watch", str(drop), "--once", "--settle", "0") == 0
    err = capsys.readouterr().err
    assert f"drop-2.xml: Story {sid} “Museum drop reopens its north wing”: KILLED" in err
