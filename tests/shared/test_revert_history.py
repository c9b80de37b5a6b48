"""Reverting one past change as a new change, and undo refused across editors."""

from __future__ import annotations

import pytest
from desk_processes import deskapp, open_as

from deskapp.core.story import Credit, Role, Status
from deskapp.services.errors import Conflict, InvalidInput, NotFound, ServiceError


def test_revert_puts_back_the_values_a_change_replaced(services, new_story):
    sid = new_story()
    services.stories.set_desk(sid, "europe")
    services.stories.update_credits(sid, add=[Credit(Role.EDITOR, "Bo Yu")])
    desk_event = services.history.entries(sid)[1]
    story = services.history.revert(sid, desk_event.id)
    assert story.desk is None and story.status == Status.INBOX
    assert [c.name for c in story.credits] == ["Ana Lima", "Bo Yu"]  # later work kept
    last = services.history.entries(sid)[-1]
    assert last.action == "revert" and last.version == story.version == 4
    assert last.changes == {"desk": ["europe", None], "status": ["editing", "inbox"]}


def test_revert_of_one_field_leaves_the_others(services, new_story):
    sid = new_story()
    services.stories.set_desk(sid, "africa")
    event = services.history.entries(sid)[-1]
    story = services.history.revert(sid, event.id, fields=["desk"])
    assert story.desk is None and story.status == Status.EDITING
    with pytest.raises(InvalidInput, match="did not touch headline"):
        services.history.revert(sid, event.id, fields=["headline"])


def test_revert_credits_and_text(services, new_story):
    sid = new_story()
    services.stories.edit_text(sid, headline="Board approves ferry timetable, fares frozen")
    services.stories.set_credits(sid, [Credit(Role.WRITER, "Cy Ode")])
    events = services.history.entries(sid)
    services.history.revert(sid, events[2].id)
    story = services.history.revert(sid, events[1].id, fields=["headline"])
    assert story.headline == "Harbour board approves ferry timetable"
    assert [c.name for c in story.credits] == ["Ana Lima"]


def test_revert_refuses_what_it_cannot_do(services, new_story):
    sid = new_story()
    other = new_story("Library extends opening hours")
    services.stories.set_desk(sid, "europe")
    ingest, desk = services.history.entries(sid)
    with pytest.raises(InvalidInput, match="nothing to revert"):
        services.history.revert(sid, ingest.id)
    with pytest.raises(NotFound):
        services.history.revert(other, desk.id)  # not this story's change
    with pytest.raises(NotFound):
        services.history.revert(999, desk.id)
    with pytest.raises(Conflict):
        services.history.revert(sid, desk.id, expect_version=1)
    assert services.stories.get(sid).desk == "europe"


def test_undo_takes_back_my_change_and_leaves_a_colleagues_later_credit(services, new_story):
    sid = new_story()
    services.ctx.editor = "ana"
    services.stories.set_desk(sid, "europe")
    bo = open_as(services.db.url, "bo")
    try:
        bo.stories.update_credits(sid, add=[Credit(Role.EDITOR, "Bo Yu")])
        story = services.stories.undo(sid)  # ana's desk, not bo's credit (the last change)
        assert story.desk is None
        assert story.credits == [Credit(Role.WRITER, "Ana Lima"), Credit(Role.EDITOR, "Bo Yu")]
        assert bo.stories.undo(sid).credits == [Credit(Role.WRITER, "Ana Lima")]
        with pytest.raises(ServiceError, match="no change of yours"):
            bo.stories.undo(sid)  # bo's only change is undone already
    finally:
        bo.close()


def test_cli_revert_and_undo_across_processes(services, new_story):
    sid = new_story()
    url = services.db.url
    assert deskapp(url, "desk", str(sid), "europe", editor="ana").returncode == 0
    assert deskapp(url, "desk", str(sid), "asia-pacific", editor="bo").returncode == 0
    refused = deskapp(url, "undo", str(sid), editor="ana")
    assert refused.returncode == 3
    assert "bo changed the desk" in refused.stderr and refused.stderr.count("\n") == 1
    first_desk = services.history.entries(sid)[1]
    stale = deskapp(
        url, "revert", str(sid), str(first_desk.id), "--expect-version", "2", editor="ana"
    )
    assert stale.returncode == 3 and "bo changed the desk" in stale.stderr
    asks = deskapp(
        url,
        "revert",
        str(sid),
        str(first_desk.id),
        "--field",
        "desk",
        "--expect-version",
        "3",
        editor="ana",
    )
    assert asks.returncode == 3 and "bo changed the desk" in asks.stderr
    done = deskapp(
        url,
        "revert",
        str(sid),
        str(first_desk.id),
        "--field",
        "desk",
        "--expect-version",
        "3",
        "--force",
        editor="ana",
    )
    assert done.returncode == 0, done.stderr
    assert services.stories.get(sid).desk is None
    missing = deskapp(url, "revert", str(sid), "99999", editor="ana")
    assert missing.returncode == 4 and missing.stderr.count("\n") == 1
    assert deskapp(url, "revert", str(sid), "x", editor="ana").returncode == 2
