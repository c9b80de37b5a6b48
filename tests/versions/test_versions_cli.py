"""`deskapp versions`: the timeline, a word diff, and settling a held update."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from deskapp.cli import main
from deskapp.config import Settings
from deskapp.services import open_services

G2 = """<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/"
    guid="urn:newsml:fictwire.example:20261127:port" version="{version}" standard="NewsML-G2">
  <itemMeta>
    <itemClass qcode="ninat:text"/>
    <provider qcode="nprov:FICTWIRE"><name>Fictwire</name></provider>
    <firstCreated>2026-11-27T11:00:00Z</firstCreated>
    <pubStatus qcode="stat:usable"/>
  </itemMeta>
  <contentMeta>
    <creator literal="Ola Nordmann" role="crol:writer"/>
    <headline>{headline}</headline>
  </contentMeta>
  <contentSet>
    <inlineData contenttype="text/plain">{body}</inlineData>
  </contentSet>
</newsItem>
"""
FIRST = "Rain closed the port of Bergen on Monday.\n\nThe harbour master was surprised."
SECOND = "Rain closed the port of Bergen for a second day.\n\nThe harbour master was surprised."


def run(db: str, *args: str) -> int:
    return main(["--db", db, "--as", "tester", *args])


def item(folder: Path, version: int, headline: str, body: str) -> str:
    path = folder / f"port-{version}.xml"
    path.write_text(G2.format(version=version, headline=headline, body=body))
    return str(path)


def out(capsys) -> str:
    return capsys.readouterr().out


def test_the_timeline_and_a_word_diff_of_an_update(db_url, tmp_path, capsys):
    assert run(db_url, "ingest", item(tmp_path, 1, "Storm shuts Bergen port", FIRST)) == 0
    assert run(db_url, "ingest", item(tmp_path, 2, "UPDATE 1-Storm shuts port", SECOND)) == 0
    out(capsys)
    assert run(db_url, "versions", "1", "--json") == 0
    timeline = json.loads(out(capsys))
    assert [(v["n"], v["label"]) for v in timeline["versions"]] == [(1, "v1"), (2, "UPDATE 1")]
    assert timeline["versions"][1]["size_change"] == 1
    assert run(db_url, "versions", "1") == 0
    listed = out(capsys).splitlines()
    assert "UPDATE 1" in listed[1] and "+1 words" in listed[1]
    assert run(db_url, "versions", "1", "--diff", "1", "2") == 0
    shown = out(capsys)
    assert "headline: Storm shuts [-Bergen -]port" in shown
    assert "Bergen [-on Monday-]{+for a second day+}." in shown
    assert "\x1b" not in shown


def test_a_held_update_is_taken_or_kept_from_the_command_line(db_url, tmp_path, capsys):
    assert run(db_url, "ingest", item(tmp_path, 1, "Storm shuts Bergen port", FIRST)) == 0
    services = open_services(db_url, editor="tester", settings=Settings())
    try:  # the desk's editor changes the headline (an edit is a desk act: `e`)
        services.stories.edit_text(1, headline="Bergen port shut by storm")
    finally:
        services.close()
    assert run(db_url, "ingest", item(tmp_path, 2, "Storm shuts port", SECOND)) == 0
    out(capsys)
    assert run(db_url, "versions", "1") == 0
    assert "waiting: --take or --keep" in out(capsys)
    assert run(db_url, "versions", "1", "--diff", "2", "desk") == 0
    assert "headline: [-Storm shuts-]{+Bergen+} port{+ shut by storm+}" in out(capsys)
    assert run(db_url, "versions", "1", "--keep") == 0
    assert "the desk's text kept" in out(capsys)
    assert run(db_url, "versions", "1", "--take") == 4  # nothing waits any more
    assert "no wire version waiting" in capsys.readouterr().err
    assert run(db_url, "undo", "1") == 0  # the keep taken back: the update waits again
    assert run(db_url, "versions", "1", "--take") == 0
    assert "the wire's text taken" in out(capsys)
    assert run(db_url, "show", "1", "--json") == 0
    assert json.loads(out(capsys))["headline"] == "Storm shuts port"


def test_a_version_the_story_never_had_is_a_usage_error(db_url, tmp_path, capsys):
    assert run(db_url, "ingest", item(tmp_path, 1, "Storm shuts Bergen port", FIRST)) == 0
    capsys.readouterr()
    assert run(db_url, "versions", "1", "--diff", "1", "5") == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert "no version 5" in line
    with pytest.raises(SystemExit) as usage:
        run(db_url, "versions", "1", "--diff", "1", "x")
    assert usage.value.code == 2
    assert "not a version: 'x'" in capsys.readouterr().err
