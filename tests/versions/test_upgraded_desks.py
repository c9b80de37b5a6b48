"""Stories edited before versions were kept (desks upgraded from migration 0009):
their wire copy is rebuilt from history, so a wire update never overwrites the
editor's text nor files it as the wire's.

Runs on SQLite and PostgreSQL (`services`)."""

from __future__ import annotations

from sqlalchemy import delete, func, select
from sqlmodel import col

from deskapp.store.tables import StoryVersionRow
from tests.versions.test_version_service import BACKGROUND, LEAD, QUOTE, take_in, wire


def forget_versions(services, sid: int) -> None:
    """The story as a desk upgraded from 0009 holds it: no version rows."""
    with services.ctx.db.write() as session:
        session.execute(delete(StoryVersionRow).where(col(StoryVersionRow.story_id) == sid))


def version_rows(services, sid: int) -> int:
    with services.ctx.db.read() as session:
        return session.execute(
            select(func.count()).where(col(StoryVersionRow.story_id) == sid)
        ).scalar_one()


def test_an_update_of_copy_edited_before_the_upgrade_waits(services):
    _, sid = take_in(services, wire(1))
    services.stories.edit_text(sid, headline="Storm closes Bergen port")
    forget_versions(services, sid)
    status, _ = take_in(services, wire(2, background="The port handles half of its freight."))
    assert status == "updated"
    story = services.stories.get(sid)
    assert story.headline == "Storm closes Bergen port"  # the editor's, not overwritten
    assert story.wire_pending == 2
    timeline = services.versions.timeline(sid)
    assert timeline.versions[0].headline == "Storm shuts Bergen port"  # the wire's, rebuilt
    assert timeline.versions[0].body == "\n\n".join([LEAD, QUOTE, BACKGROUND])
    assert (timeline.base, timeline.pending, timeline.edited) == (1, 2, True)


def test_the_timeline_of_an_upgraded_edited_story_shows_the_wires_copy(services):
    _, sid = take_in(services, wire(1))
    services.stories.edit_text(sid, body="Editor's lead.")
    forget_versions(services, sid)
    timeline = services.versions.timeline(sid)
    assert timeline.versions[0].body.startswith(LEAD)
    assert timeline.edited
    services.stories.edit_text(sid, headline="Storm closes Bergen port")  # a second edit
    assert version_rows(services, sid) == 1
    first = services.versions.timeline(sid).versions[0]
    assert (first.headline, first.body[: len(LEAD)]) == ("Storm shuts Bergen port", LEAD)


def test_an_unedited_story_updated_before_the_upgrade_takes_the_next_update(services):
    _, sid = take_in(services, wire(1))
    take_in(services, wire(2, lead="Rain closed the port for a second day."))
    forget_versions(services, sid)  # updated by the old code: no versions kept
    take_in(services, wire(3, lead="Rain closed the port for a third day."))
    story = services.stories.get(sid)
    assert story.body.startswith("Rain closed the port for a third day.")
    assert story.wire_pending is None
    first = services.versions.timeline(sid).versions[0]
    assert first.body.startswith("Rain closed the port for a second day.")
    assert first.wire_version == 2
