"""Two editors on one story: a conflict only where their changes meet, told in words."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from desk_processes import open_as

from deskapp.core.story import Credit, Role, Status
from deskapp.services.errors import ChangeSummary, Conflict, LaterChange


@pytest.fixture
def bo(services):
    other = open_as(services.db.url, "bo")
    yield other
    other.close()


def test_a_colleagues_note_does_not_block_my_body_save(services, bo, new_story):
    sid = new_story()
    opened = services.stories.get(sid).version  # the editor opens the story to edit
    bo.notes.add(sid, "check the ferry times")
    story = services.stories.edit_text(sid, body="New first paragraph.", expect_version=opened)
    assert story.body == "New first paragraph."
    assert [n.text for n in story.notes] == ["check the ferry times"]


def test_a_colleagues_headline_blocks_my_headline_save_and_says_who(services, bo, new_story):
    sid = new_story()
    opened = services.stories.get(sid).version
    bo.notes.add(sid, "check the ferry times")
    bo.stories.edit_text(sid, headline="Ferry timetable approved")
    with pytest.raises(Conflict) as caught:
        services.stories.edit_text(
            sid, headline="Board backs ferry plan", body="New.", expect_version=opened
        )
    conflict = caught.value
    assert [c.action for c in conflict.since] == ["edit"]  # only the change that met mine
    assert "changed by bo (headline" in str(conflict)
    assert services.stories.get(sid).body != "New."  # nothing of mine applied


def test_the_conflict_text_speaks_of_fields_not_storage(services, bo, new_story):
    sid = new_story()
    _story, note = services.notes.add(sid, "check the ferry times")
    opened = services.stories.get(sid).version
    bo.notes.edit(note.id, text="check the new ferry times")
    with pytest.raises(Conflict) as caught:
        services.notes.resolve(note.id, expect_version=opened)
    message = str(caught.value)
    assert "note:" not in message and "(note)" in message
    described = caught.value.since[0].describe(width=30, zone=UTC)
    assert described.startswith("bo (note-edit, ")
    assert "check the new ferry times" in described
    assert "{" not in described and "resolved_at" not in described


def test_describe_reads_like_a_sentence():
    change = ChangeSummary(
        7,
        "Ana Lima",
        "2026-03-02T09:30:00+00:00",
        "queue",
        {
            "status": ["editing", "queued"],
            "queue_position": [None, 3072],
            "exported_at": [None, "2026-03-02T10:00:00+00:00"],
            "note:10": [None, {"text": "call the ministry", "due": None, "resolved_at": None}],
        },
    )
    assert change.describe(zone=UTC) == (
        "Ana Lima (queue, Mon 2026-03-02 09:30): status editing → queued; "
        "queue place not in the queue → in the queue; exported — → Mon 2026-03-02 10:00; "
        "note added: call the ministry"
    )


def test_revert_asks_before_overwriting_a_later_change_then_forced_puts_it_back(
    services, bo, new_story
):
    sid = new_story()
    services.stories.set_desk(sid, "europe")
    tagged = services.history.entries(sid)[-1]
    bo.stories.set_desk(sid, "africa")
    with pytest.raises(LaterChange) as caught:
        services.history.revert(sid, tagged.id)
    assert caught.value.fields == ["desk"] and [c.editor for c in caught.value.later] == ["bo"]
    assert services.stories.get(sid).desk == "africa"
    story = services.history.revert(sid, tagged.id, force=True)
    assert story.desk is None and story.status == Status.INBOX


def test_revert_of_an_added_editor_credit_leaves_a_later_removal_alone(services, bo, new_story):
    sid = new_story()
    services.stories.update_credits(sid, add=[Credit(Role.CONTRIBUTOR, "Priya Raman")])
    services.stories.update_credits(sid, add=[Credit(Role.EDITOR, "Jo Doe")])
    added = services.history.entries(sid)[-1]
    bo.stories.update_credits(sid, remove=[Credit(Role.CONTRIBUTOR, "Priya Raman")])
    story = services.history.revert(sid, added.id)
    assert story.credits == [Credit(Role.WRITER, "Ana Lima")]


def test_revert_of_a_note_edit_keeps_a_due_a_colleague_set_since(services, bo, new_story):
    sid = new_story()
    _story, note = services.notes.add(sid, "call the ministry")
    services.notes.edit(note.id, text="call the ministry press office")
    edited = services.history.entries(sid)[-1]
    due = datetime(2030, 1, 15, 15, 0, tzinfo=UTC)
    bo.notes.edit(note.id, due=due)
    story = services.history.revert(sid, edited.id)
    assert story.notes[0].text == "call the ministry" and story.notes[0].due == due


def test_spiking_a_queued_story_says_where_it_was(services, new_story):
    first = new_story("Harbour board approves ferry timetable", desk="europe")
    second = new_story("Ferry fares frozen", desk="europe")
    services.stories.set_desk(first, "europe")
    services.stories.set_desk(second, "europe")
    services.queue.add(first)
    services.queue.add(second)
    assert services.queue.rank(second) == 2
    spiked = services.stories.spike_report(second)
    assert spiked.was_queued and spiked.queue_rank == 2
    assert spiked.story.status == Status.SPIKED and services.queue.rank(second) is None
    assert services.stories.spike_report(first).queue_rank == 1
    unqueued = new_story("Quiet day at the port")
    assert not services.stories.spike_report(unqueued).was_queued
