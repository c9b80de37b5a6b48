"""A reporter who may edit a story may also decide on a wire update of it: take, keep or
merge, under PostgreSQL's row rules as through the services."""

from __future__ import annotations

import uuid

import pytest

from deskapp.core.permissions import DeskRole
from deskapp.core.story import Credit, Role, Story
from deskapp.services.guard import NotPermitted

pytestmark = pytest.mark.postgres

REPORTER, EDITOR, CHIEF, ADMIN = DeskRole


def wire(uid: str, version: int, body: str) -> Story:
    return Story(
        headline="Ferry board meets",
        agency="Fictional Wire",
        body=body,
        uid=uid,
        wire_version=version,
        credits=[Credit(Role.WRITER, "Cy Wire")],
    )


def held_update(room) -> int:  # type: ignore[no-untyped-def]
    uid = f"urn:fictional:{uuid.uuid4().hex[:8]}"
    owner = room.services(None, "wire")
    [first] = owner.ingest.store([("v1", wire(uid, 1, "The board met.\n\nIt voted."))])
    owner.stories.set_desk(first.id, "europe")  # inbox -> editing: a reporter may edit
    owner.stories.edit_text(first.id, body="The board met on Monday.\n\nIt voted.")
    editor = room.services(EDITOR)
    [update] = editor.ingest.store([("v2", wire(uid, 2, "The board met.\n\nIt voted 5-2."))])
    assert update.status == "updated"
    assert owner.stories.get(first.id).wire_pending == 2
    return first.id


@pytest.mark.parametrize("choice", ["take", "keep", "merge"])
def test_a_reporter_decides_on_a_wire_update_of_a_story_they_may_edit(room, choice):
    sid = held_update(room)
    rep = room.services(REPORTER)
    if choice == "merge":
        story = rep.versions.merge(sid, [])
        assert story.body == "The board met on Monday.\n\nIt voted 5-2."
    else:
        story = getattr(rep.versions, choice)(sid)
    assert story.wire_pending is None and story.wire_base == 2
    assert rep.history.entries(sid)[-1].editor == room.logins[REPORTER]


def test_a_reporter_still_cannot_decide_on_a_story_they_may_not_edit(room):
    sid = held_update(room)
    room.services(EDITOR).queue.add(sid, force=True)  # queued: no longer theirs to edit
    rep = room.services(REPORTER)
    with pytest.raises(NotPermitted):
        rep.versions.keep(sid)
