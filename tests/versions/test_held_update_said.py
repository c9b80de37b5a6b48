"""A held update is said where the editor looks: ingest's summary, `show` and the JSON of
`show` and `list`; the same version taken in twice is kept once; an update no longer
newer once its story is locked is a duplicate."""

from __future__ import annotations

import json

from deskapp.config import Settings
from deskapp.services import open_services
from tests.versions.test_version_service import edited_then_updated, take_in, wire
from tests.versions.test_versions_cli import FIRST, SECOND, item, run


def test_ingest_says_an_update_waits_and_show_and_list_name_it(db_url, tmp_path, capsys):
    assert run(db_url, "ingest", item(tmp_path, 1, "Storm shuts Bergen port", FIRST)) == 0
    services = open_services(db_url, editor="ana", settings=Settings())
    try:
        services.stories.edit_text(1, headline="Storm closes Bergen port")
    finally:
        services.close()
    capsys.readouterr()
    assert run(db_url, "ingest", item(tmp_path, 2, "Storm shuts Bergen port", SECOND)) == 0
    assert capsys.readouterr().err.strip().splitlines()[-1] == (
        "ingested 1 source: 1 updated (1 waiting for the editor's choice: deskapp versions 1)"
    )
    assert run(db_url, "show", "1") == 0
    assert (
        "wire version 2 waiting for your choice: deskapp versions 1 --take / --keep"
        in capsys.readouterr().out
    )
    assert run(db_url, "show", "1", "--json") == 0
    assert json.loads(capsys.readouterr().out)["wire_pending"] == 2
    assert run(db_url, "list", "--json") == 0
    [listed] = json.loads(capsys.readouterr().out)
    assert listed["wire_pending"] == 2


def test_the_same_version_taken_in_again_after_a_revert_is_kept_once(services):
    _, sid = take_in(services, wire(1))
    take_in(services, wire(2, lead="Rain closed the port for a second day."))
    [update] = [e for e in services.history.entries(sid) if e.action == "wire-update"]
    services.history.revert(sid, update.id)  # back to the wire's first version
    assert services.stories.get(sid).wire_version == 1
    again = wire(2, lead="Rain closed the port for a second day.")
    again.fingerprint = "sha256:read-from-another-file"  # so not a duplicate by content
    assert take_in(services, again)[0] == "updated"
    timeline = services.versions.timeline(sid)
    assert [(v.n, v.wire_version) for v in timeline.versions] == [(1, 1), (2, 2)]
    assert timeline.base == 2 and services.stories.get(sid).body.startswith("Rain closed the")


def test_an_update_stored_meanwhile_by_another_desk_is_a_duplicate(services):
    from deskapp.services.ingest import _update_from_wire

    sid = edited_then_updated(services)  # version 2 stored, waiting
    late = wire(2, background="The port handles half of the region's freight.")
    late.fingerprint = late.content_fingerprint()
    with services.ctx.db.write() as session:  # as a desk that read the row before v2 came
        assert _update_from_wire(session, services.ctx, sid, late) is None
    assert [v.n for v in services.versions.timeline(sid).versions] == [1, 2]
    assert [e.action for e in services.stories.history(sid)].count("wire-update") == 1


def test_take_with_the_version_seen_refuses_when_a_newer_update_came(db_url, tmp_path, capsys):
    assert run(db_url, "ingest", item(tmp_path, 1, "Storm shuts Bergen port", FIRST)) == 0
    services = open_services(db_url, editor="ana", settings=Settings())
    try:
        services.stories.edit_text(1, headline="Storm closes Bergen port")
    finally:
        services.close()
    assert run(db_url, "ingest", item(tmp_path, 2, "Storm shuts Bergen port", SECOND)) == 0
    capsys.readouterr()
    assert run(db_url, "show", "1", "--json") == 0
    seen = json.loads(capsys.readouterr().out)["version"]
    third = SECOND.replace("second", "third")
    assert run(db_url, "ingest", item(tmp_path, 3, "Storm shuts Bergen port", third)) == 0
    capsys.readouterr()
    assert run(db_url, "versions", "1", "--take", "--expect-version", str(seen)) == 3
    assert "changed since version" in capsys.readouterr().err
    assert run(db_url, "versions", "1", "--take") == 0
    capsys.readouterr()
    assert run(db_url, "show", "1", "--json") == 0
    assert "third day" in json.loads(capsys.readouterr().out)["body"]
