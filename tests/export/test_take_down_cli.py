"""A story the wire kills after it went out: export names the file to take down."""

from __future__ import annotations

import json

from deskapp.cli import main
from deskapp.config import Settings
from deskapp.core.story import Credit, Role, Story
from deskapp.services import open_services


def wire(version: int, **kw) -> Story:
    kw.setdefault("body", "The minister resigned.")
    return Story(
        headline="Minister resigns over port deal",
        agency="Reuters",
        uid="urn:k:1",
        wire_version=version,
        credits=[Credit(Role.WRITER, "Ana Lima")],
        **kw,
    )


def test_export_reports_the_file_of_a_story_killed_after_it_went_out(db_url, tmp_path, capsys):
    out = tmp_path / "site"
    desk = open_services(db_url, editor="tester", settings=Settings())
    try:
        [first] = desk.ingest.store([("v1", wire(1))], desk="europe")
        desk.queue.add(first.id)
        [exported] = desk.export.export(out).exported
        assert (out / exported.name).exists()
        desk.ingest.store([("v2", wire(2, killed=True, body="KILL. The story is withdrawn."))])
        report = desk.export.export(out)
        assert report.exported == []
        [take] = report.take_down
        assert (take.story_id, take.path, take.done) == (first.id, str(out / exported.name), False)
    finally:
        desk.close()
    capsys.readouterr()
    assert main(["--db", db_url, "export", "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert f"to take down: {out / exported.name}  (story {first.id} was killed" in err
    assert main(["--db", db_url, "export", "--out", str(out), "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["take_down"] == [
        {"id": first.id, "file": str(out / exported.name), "removed": False}
    ]
    assert (out / exported.name).exists()  # reported, never deleted without --take-down


def test_a_story_the_wire_withholds_after_export_is_listed_too(db_url, tmp_path):
    out = tmp_path / "site"
    desk = open_services(db_url, editor="tester", settings=Settings())
    try:
        [first] = desk.ingest.store([("v1", wire(1))], desk="europe")
        desk.queue.add(first.id)
        [exported] = desk.export.export(out).exported
        desk.ingest.store([("v2", wire(2, withdrawn=True, body="Withheld for now."))])
        [take] = desk.export.export(out).take_down
        assert (take.story_id, take.path) == (first.id, str(out / exported.name))
    finally:
        desk.close()


def test_unpublish_json_is_the_story_with_the_files_taken_down(tmp_path, capsys):
    import json as _json

    db = str(tmp_path / "desk.db")
    services = open_services(db, editor="tester", settings=Settings())
    story = Story(
        headline="Harbour reopens",
        body="Ships sailed.",
        agency="Wire",
        credits=[Credit(Role.WRITER, "Ana Lima")],
    )
    [stored] = services.ingest.store([("t:1", story)], desk="europe")
    services.queue.add(stored.id)
    [exported] = services.export.export(tmp_path / "site").exported
    services.close()
    capsys.readouterr()
    assert main(["--db", db, "--as", "tester", "unpublish", str(stored.id), "--json"]) == 0
    shown = _json.loads(capsys.readouterr().out)
    assert shown["id"] == stored.id and shown["status"] == "editing"
    assert shown["removed"] == [str(tmp_path / "site" / exported.name)]
