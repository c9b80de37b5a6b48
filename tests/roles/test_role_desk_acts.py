"""Undo, field-by-field revert, bulk acts and the wire's flags on a desk with roles.

Each role may take back what it could do: a reporter undoes their own headline
edit, an editor their own desk or queue act; a bulk act the role may not do is
refused as a whole before any story is touched; the wire's flags (killed,
withheld, correction) come only with ingest.
"""

from __future__ import annotations

import pytest

from deskapp.core.permissions import DeskRole
from deskapp.core.story import Credit, Role, Status
from deskapp.services.guard import NotPermitted
from deskapp.services.stories import EACH_SUGGESTION

pytestmark = pytest.mark.postgres

REPORTER, EDITOR, CHIEF, ADMIN = DeskRole


def _versions(svc, ids: list[int]) -> list[int]:  # type: ignore[no-untyped-def]
    return [svc.stories.get(i).version for i in ids]


def test_a_reporter_undoes_their_own_headline_edit(room, make_story):
    story_id = make_story(credits=[Credit(Role.REPORTER, room.displays[REPORTER])])
    rep = room.services(REPORTER)
    before = rep.stories.get(story_id)
    edited = rep.stories.edit_text(story_id, headline="The reporter's headline")
    assert edited.status == Status.EDITING  # the edit took it out of the inbox
    mine = rep.stories.last_own_change(story_id)
    assert mine is not None and mine.version == edited.version
    undone = rep.stories.undo_change(story_id, mine.version)
    assert (undone.headline, undone.status) == (before.headline, before.status)
    last = rep.history.entries(story_id)[-1]
    assert (last.action, last.editor, last.undoes) == (
        "undo",
        room.logins[REPORTER],
        edited.version,
    )
    redone = rep.stories.undo_change(story_id, last.version)  # undoing the undo: a redo
    assert redone.headline == "The reporter's headline"
    assert rep.history.entries(story_id)[-1].action == "redo"


def test_a_reporters_undo_of_an_edit_in_editing_keeps_the_story_in_editing(room, make_story):
    story_id = make_story()
    room.services(EDITOR).stories.set_desk(story_id, "europe")
    rep = room.services(REPORTER)
    edited = rep.stories.edit_text(story_id, body="A reporter's body.")
    undone = rep.stories.undo(story_id)
    assert undone.body != "A reporter's body." and undone.status == Status.EDITING
    assert undone.version == edited.version + 1


def test_an_editor_undoes_their_own_desk_and_queue_acts(room, make_story):
    story_id = make_story()
    ed = room.services(EDITOR)
    ed.stories.set_desk(story_id, "europe")
    ed.queue.add(story_id, force=True)
    assert ed.stories.undo(story_id).status == Status.EDITING  # out of the queue again
    assert ed.stories.undo(story_id).desk is None
    assert [e.editor for e in ed.history.entries(story_id)[-2:]] == [room.logins[EDITOR]] * 2


def test_nobody_undoes_a_colleagues_change_by_naming_its_version(room, make_story):
    story_id = make_story()
    ed = room.services(EDITOR)
    desked = ed.stories.set_desk(story_id, "europe")
    from deskapp.services.errors import InvalidInput

    with pytest.raises(InvalidInput, match="not you"):
        room.services(REPORTER).stories.undo_change(story_id, desked.version)
    assert ed.stories.get(story_id).desk == "europe"


def test_a_reporters_bulk_acts_are_refused_before_any_story_is_touched(room, make_story):
    ids = [make_story(), make_story()]
    ed = room.services(EDITOR)
    ed.stories.set_desk(ids[0], "europe")
    ed.queue.add(ids[0], force=True)
    rep = room.services(REPORTER)
    versions = _versions(rep, ids)
    attempts = [
        (lambda: rep.stories.set_desk_many(ids, "europe"), "setting the desk"),
        (lambda: rep.stories.set_desk_many(ids, EACH_SUGGESTION), "setting the desk"),
        (lambda: rep.queue.add_many(ids, force=True), "queueing"),
        (lambda: rep.queue.remove_many(ids), "queueing"),
        (lambda: rep.stories.spike_report(ids[1]), "spiking"),
    ]
    for attempt, doing in attempts:
        with pytest.raises(NotPermitted, match=f"not allowed: {doing} needs the editor role"):
            attempt()
    assert _versions(rep, ids) == versions
    assert rep.queue.rank(ids[0]) is not None  # a read: every role may ask


def test_an_editors_bulk_acts_and_spike_report(room, make_story):
    ids = [make_story(), make_story()]
    ed = room.services(EDITOR)
    desked = ed.stories.set_desk_many(ids, "europe")
    assert sorted(desked.done_ids) == sorted(ids)
    ed.stories.update_credits(ids[0], add=[Credit(Role.WRITER, "Ana Lima")])
    queued = ed.queue.add_many(ids, force=True)
    assert sorted(queued.done_ids) == sorted(ids)
    out = ed.queue.remove_many([ids[1]])
    assert out.done_ids == [ids[1]]
    spiked = ed.stories.spike_report(ids[0])
    assert spiked.was_queued and spiked.queue_rank is not None  # other tests queue too
    assert {e.editor for i in ids for e in ed.history.entries(i)[1:]} == {room.logins[EDITOR]}


def test_revert_field_by_field_and_forced_needs_the_chief(room, make_story):
    story_id = make_story()
    ed = room.services(EDITOR)
    change = ed.stories.update_credits(story_id, add=[Credit(Role.WRITER, "Ana Lima")])
    ed.stories.set_desk(story_id, "europe")
    event = next(e for e in ed.history.entries(story_id) if e.version == change.version)
    with pytest.raises(NotPermitted, match="reverting needs the chief role"):
        ed.history.revert(story_id, event.id, fields=["credits"], force=True)
    chief = room.services(CHIEF)
    reverted = chief.history.revert(story_id, event.id, fields=["credits"], force=True)
    assert "Ana Lima" not in {c.name for c in reverted.credits}
    assert reverted.desk == "europe"  # only the field asked for
    assert chief.history.entries(story_id)[-1].editor == room.logins[CHIEF]


def _wire_version(headline: str, **flags: bool):  # type: ignore[no-untyped-def]
    from deskapp.core.story import Story

    return Story(
        headline=headline,
        agency="Fictional Wire",
        body="PORT ALDER, Nov 27 - The wire takes this story back.\n\nDo not use.",
        credits=[Credit(Role.WRITER, "Cy Wire")],
        **flags,
    )


def test_an_editor_ingests_the_wires_kill_and_it_leaves_the_queue(room, make_story):
    story_id = make_story()
    ed = room.services(EDITOR)
    ed.stories.set_desk(story_id, "europe")
    ed.queue.add(story_id, force=True)
    result = ed.ingest.replace_copy(story_id, "test:kill", _wire_version("KILL", killed=True))
    assert result.status == "updated"
    story = ed.stories.get(story_id)
    assert story.killed and story.status == Status.EDITING
    assert ed.history.entries(story_id)[-1].action == "wire-update"


def test_the_wire_flags_come_only_with_ingest(room, make_story):
    story_id = make_story()
    rep = room.services(REPORTER)
    with pytest.raises(NotPermitted, match="ingesting needs the editor role"):
        rep.ingest.replace_copy(story_id, "test:hold", _wire_version("HOLD", withdrawn=True))
    assert not rep.stories.get(story_id).withdrawn


def test_a_reporter_undoes_their_own_note(room, make_story):
    story_id = make_story()
    rep = room.services(REPORTER)
    rep.notes.add(story_id, "call the harbour master")
    assert [n for n in rep.notes.board() if n.story_id == story_id]
    undone = rep.stories.undo(story_id)  # an added note is withdrawn by resolving it
    last = rep.history.entries(story_id)[-1]
    assert (last.action, last.editor) == ("undo", room.logins[REPORTER])
    assert undone.version == last.version
    assert not [n for n in rep.notes.board() if n.story_id == story_id]
