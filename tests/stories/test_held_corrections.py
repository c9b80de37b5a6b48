"""A correction held back because the editor changed the copy is never lost from sight:
the alert, queueing and export all name the version waiting, and export lists the
story until the editor's choice is made and it is exported again.

Runs on SQLite and PostgreSQL (`services`)."""

from __future__ import annotations

from pathlib import Path

from tests.stories.test_wire_alerts import alert_notes, exported, take_in, version

EDITED = "The harbour bridge reopened on Friday after two years of repair work."
FIXED = "The harbour bridge reopened on Saturday after two years of repairs."


def held_correction(services, site: Path) -> int:
    sid = exported(services, site)
    services.stories.edit_text(sid, body=EDITED)  # a typo fixed after export
    result = take_in(services, version(2, corrected=True, body=FIXED))
    assert result.status == "updated"
    assert services.stories.get(sid).wire_pending == 2
    return sid


def test_the_alert_of_a_held_correction_says_it_waits_and_how_to_decide(services, tmp_path):
    sid = held_correction(services, tmp_path / "site")
    [note] = alert_notes(services, sid)
    assert note.text == (
        "CORRECTION from the wire (version 2) after export: wire CORRECTION waiting: "
        f"deskapp versions {sid} --take / --keep; then republish the corrected story "
        "(queue it again and export)"
    )
    assert services.versions.waiting(sid) == (
        f"wire CORRECTION waiting: deskapp versions {sid} --take / --keep"
    )


def test_exported_again_before_the_choice_it_is_still_listed(services, tmp_path):
    site = tmp_path / "site"
    sid = held_correction(services, site)
    services.queue.add(sid)
    report = services.export.export(site)  # republished: still without the correction
    assert [e.story_id for e in report.exported] == [sid]
    [listed] = report.corrected
    assert listed.story_id == sid
    assert listed.waiting == f"wire CORRECTION waiting: deskapp versions {sid} --take / --keep"
    assert report.to_json()["corrected"][0]["waiting"] == listed.waiting
    services.versions.take(sid)  # the choice made, then exported again: no longer listed
    services.queue.add(sid)
    report = services.export.export(site)
    assert report.corrected == []
    assert "Saturday" in Path(listed.path).read_text()


def test_only_an_update_that_corrected_lists_the_file(services, tmp_path):
    site = tmp_path / "site"
    sid = exported(services, site)
    take_in(services, version(2, corrected=True, body=FIXED))
    services.queue.add(sid)
    services.export.export(site)  # the correction is on the site
    # a later update that is no correction: the site needs nothing
    later = take_in(services, version(3, body=FIXED + " Traffic is light."))
    assert later.status == "updated" and later.alert is None
    assert services.export.export(site, dry_run=True).corrected == []
