"""A kill, a hold or a correction from the wire for a story the desk has queued or exported
is loud: a follow-up due now, an "alert" in the story's history, and export's lists."""

from __future__ import annotations

from pathlib import Path

from deskapp.core.story import Credit, Role, Story
from deskapp.services.changes import change_kinds

UID = "urn:newsml:fictwire.example:20261127:bridge"


def version(n: int, *, killed=False, withdrawn=False, corrected=False, body="") -> Story:
    return Story(
        uid=UID,
        wire_version=n,
        headline="Harbour bridge reopens after repairs",
        body=body or "The harbour bridge reopened on Friday after two years of repairs.",
        agency="Fictwire",
        credits=[Credit(Role.WRITER, "Amina Otieno")],
        killed=killed,
        withdrawn=withdrawn,
        corrected=corrected,
    )


def take_in(services, story: Story):
    [result] = services.ingest.store([("wire", story)])
    return result


def queued(services) -> int:
    sid = take_in(services, version(1)).id
    services.stories.set_desk(sid, "europe")
    services.queue.add(sid)
    return sid


def exported(services, site: Path) -> int:
    sid = queued(services)
    report = services.export.export(site)
    assert [e.story_id for e in report.exported] == [sid]
    return sid


def alert_notes(services, sid: int):
    return [n for n in services.stories.get(sid).notes if n.due is not None and n.from_wire]


def test_a_kill_of_a_queued_story_adds_an_overdue_follow_up_and_an_alert(services):
    sid = queued(services)
    result = take_in(services, version(2, killed=True))
    assert (result.status, result.left_queue) == ("updated", True)
    assert result.alert is not None
    assert (result.alert.what, result.alert.where) == ("killed", "queued")
    [note] = alert_notes(services, sid)
    assert note.text == (
        "KILLED by the wire (version 2) while queued: taken out of the queue: do not publish it"
    )
    assert note.author == "Fictwire" and note.resolved_at is None
    board = [item for item in services.notes.board(overdue=True) if item.story_id == sid]
    assert [item.note.id for item in board] == [note.id]  # overdue at once
    [event] = [e for e in services.history.entries(sid) if e.action == "wire-update"]
    assert event.changes["alert"] == [None, note.text]
    assert f"note:{note.id}" in event.changes
    assert "alert" in change_kinds(event.action, event.changes)  # what every desk hears
    [alert] = services.notes.wire_alerts([sid, 999])
    assert (alert.story_id, alert.text, alert.headline) == (sid, note.text, result.headline)
    # resolvable as any follow-up
    services.notes.resolve(note.id)
    assert not [i for i in services.notes.board() if i.story_id == sid]


def test_a_kill_of_an_exported_story_says_take_it_down_and_export_lists_it(services, tmp_path):
    site = tmp_path / "site"
    sid = exported(services, site)
    result = take_in(services, version(2, killed=True))
    assert result.alert is not None and result.alert.where == "exported"
    assert result.alert.severe
    [note] = alert_notes(services, sid)
    assert note.text.startswith("KILLED by the wire (version 2) after export: take it down")
    assert "export --take-down" in note.text
    report = services.export.export(site)
    assert [(t.story_id, t.done) for t in report.take_down] == [(sid, False)]
    assert report.corrected == []  # a kill is taken down, not re-exported
    report = services.export.export(site, take_down=True)
    assert [(t.story_id, t.done) for t in report.take_down] == [(sid, True)]
    assert not list(site.glob("*bridge*"))


def test_a_hold_of_a_queued_story_says_hold_it(services):
    sid = queued(services)
    result = take_in(services, version(2, withdrawn=True))
    assert result.alert is not None
    assert (result.alert.what, result.alert.where) == ("withheld", "queued")
    assert "until the wire releases it" in alert_notes(services, sid)[0].text


def test_a_correction_of_a_queued_story_asks_for_a_check_and_it_stays_queued(services):
    sid = queued(services)
    result = take_in(services, version(2, corrected=True, body="The bridge reopened on Saturday."))
    assert result.alert is not None
    assert (result.alert.what, result.alert.where) == ("corrected", "queued")
    assert not result.left_queue and services.stories.get(sid).status == "queued"
    [note] = alert_notes(services, sid)
    assert note.text == (
        "CORRECTION from the wire (version 2) while queued: check the correction before publishing"
    )


def test_a_correction_of_an_exported_story_is_listed_until_it_is_exported_again(services, tmp_path):
    site = tmp_path / "site"
    sid = exported(services, site)
    result = take_in(services, version(2, corrected=True, body="The bridge reopened on Saturday."))
    assert result.alert is not None
    assert (result.alert.what, result.alert.where) == ("corrected", "exported")
    assert "republish the corrected story" in alert_notes(services, sid)[0].text
    report = services.export.export(site, dry_run=True)
    [corrected] = report.corrected
    assert corrected.story_id == sid and corrected.path.startswith(str(site))
    assert report.to_json()["corrected"] == [{"id": sid, "file": corrected.path, "waiting": None}]
    # exported again (queued again, then export): no longer listed
    services.queue.add(sid)
    report = services.export.export(site)
    assert [e.story_id for e in report.exported] == [sid]
    assert report.corrected == []
    assert "Saturday" in Path(corrected.path).read_text()


def test_the_same_version_twice_adds_one_follow_up(services):
    sid = queued(services)
    take_in(services, version(2, killed=True))
    again = take_in(services, version(2, killed=True))
    assert again.status == "duplicate" and again.alert is None
    assert len(alert_notes(services, sid)) == 1
    # a later version that still says killed is not a new kill
    later = take_in(services, version(3, killed=True, body="Killed: the story was wrong."))
    assert later.status == "updated" and later.alert is None
    assert len(alert_notes(services, sid)) == 1


def test_a_story_neither_queued_nor_exported_raises_no_alert(services):
    sid = take_in(services, version(1)).id
    services.stories.set_desk(sid, "europe")
    killed = take_in(services, version(2, killed=True))
    assert killed.status == "updated" and killed.alert is None
    assert alert_notes(services, sid) == []
    assert services.notes.wire_alerts([sid]) == []
    [event] = [e for e in services.history.entries(sid) if e.action == "wire-update"]
    assert "alert" not in event.changes


def test_an_update_that_is_no_correction_raises_no_alert(services):
    sid = queued(services)
    result = take_in(
        services, version(2, body="The harbour bridge reopened on Friday, officials said.")
    )
    assert result.status == "updated" and result.alert is None
    assert alert_notes(services, sid) == []


def test_the_same_version_read_again_with_more_copy_adds_no_second_follow_up(services):
    """A watched file that grew after it was taken is read again: the same version."""
    sid = queued(services)
    fixed = version(2, corrected=True, body="The bridge reopened on Saturday.")
    first = services.ingest.replace_copy(sid, "wire", fixed)
    assert first.status == "updated" and first.alert is not None
    grown = version(2, corrected=True, body="The bridge reopened on Saturday.\n\nMore follows.")
    again = services.ingest.replace_copy(sid, "wire", grown)
    assert again.status == "updated" and again.alert is None
    assert len(alert_notes(services, sid)) == 1
