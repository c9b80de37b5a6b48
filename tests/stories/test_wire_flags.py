"""Killed, withheld and corrected copy: flags on the story, seen everywhere, never queued."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from deskapp.core.listing import StoryFilter
from deskapp.core.story import Credit, Role, Status, Story
from deskapp.services.errors import InvalidInput


def ready(headline: str, **kw) -> Story:
    return Story(
        headline=headline,
        body="A paragraph.",
        agency="Wire",
        credits=[Credit(Role.WRITER, "Ana Lima")],
        **kw,
    )


def store(services, *stories: Story) -> list[int]:
    results = services.ingest.store([(f"test:{s.headline}", s) for s in stories], desk="europe")
    return [r.id for r in results]


def test_the_wire_flags_are_stored_and_listed(services):
    killed, held, fixed, plain = store(
        services,
        ready("Minister resigns", killed=True),
        ready("Ceasefire talks", withdrawn=True),
        ready("Toll revised", corrected=True),
        ready("Markets calm"),
    )
    story = services.stories.get(killed)
    assert (story.killed, story.withdrawn, story.corrected) == (True, False, False)
    summaries = services.stories.summaries([killed, held, fixed, plain])
    assert [
        (s.killed, s.withdrawn, s.corrected)
        for s in (summaries[i] for i in (killed, held, fixed, plain))
    ] == [(True, False, False), (False, True, False), (False, False, True), (False, False, False)]
    listed = {s.id: s for s in services.stories.list_stories(StoryFilter())}
    assert listed[held].withdrawn and listed[fixed].corrected


def test_a_killed_story_cannot_be_queued_even_forced(services):
    [sid] = store(services, ready("Minister resigns", killed=True))
    with pytest.raises(InvalidInput, match="killed by the wire"):
        services.queue.add(sid)
    with pytest.raises(InvalidInput, match="killed by the wire"):
        services.queue.add(sid, force=True)
    story = services.stories.get(sid)
    assert story.status == Status.INBOX and story.queue_position is None
    assert [e.action for e in services.stories.history(sid)] == ["ingest"]


def test_a_withheld_story_cannot_be_queued_until_released(services):
    [sid] = store(services, ready("Ceasefire talks", uid="urn:w:1", wire_version=1, withdrawn=True))
    with pytest.raises(InvalidInput, match="withheld by the wire"):
        services.queue.add(sid, force=True)
    store(services, ready("Ceasefire talks resume", uid="urn:w:1", wire_version=2))
    assert services.queue.add(sid).status == Status.QUEUED


def test_bulk_queueing_refuses_killed_and_withheld_stories_and_says_why(services):
    ok, killed, held = store(
        services,
        ready("Markets calm"),
        ready("Minister resigns", killed=True),
        ready("Ceasefire talks", withdrawn=True),
    )
    result = services.queue.add_many([ok, killed, held], force=True)
    assert result.done_ids == [ok]
    assert {i.story_id: i.message for i in result.refused} == {
        killed: f"story {killed} was killed by the wire: it can never be queued",
        held: f"story {held} is withheld by the wire: it cannot be queued until the wire "
        "releases it",
    }
    assert [e.story_id for e in services.queue.list_entries()] == [ok]


def test_an_agency_kill_of_a_queued_story_takes_it_out_of_the_queue(services):
    [sid] = store(services, ready("Minister resigns", uid="urn:k:1", wire_version=1))
    services.queue.add(sid)
    store(services, ready("KILL Minister resigns", uid="urn:k:1", wire_version=2, killed=True))
    story = services.stories.get(sid)
    assert story.killed and story.status == Status.EDITING and story.queue_position is None
    assert services.queue.list_entries() == []
    last = services.stories.history(sid)[-1]
    assert last.action == "wire-update" and last.changes["killed"] == [False, True]


def test_a_database_from_before_the_flags_opens_with_them_unset(db_url):
    """A desk from before the flags, with history, upgrades in place."""
    from deskapp.config import Settings
    from deskapp.services import open_services
    from deskapp.store.engine import make_engine, normalise_url
    from deskapp.store.schema import SCHEMA_HEAD, current_revision, migrate

    engine = make_engine(normalise_url(db_url))
    migrate(engine, "0002")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO story (uid, fingerprint, version, headline, slugline, agency, section,"
                " subheadline, abstract, dateline_place, body, signoff, keywords, killed, status,"
                " queue_forced, source_format, source_ref, raw_text) VALUES ('urn:old:1', 'fp', 1,"
                " 'Old story', '', 'AP', '', '', '', 'Lima', 'Body.', '', '[]', false, 'inbox',"
                " false, 'text', '', '')"
            )
        )
        # history that points at the story: the upgrade must not rebuild `story` under it
        conn.execute(
            text(
                "INSERT INTO story_event (story_id, at, editor, action, version, changes)"
                " SELECT id, NULL, 'ana', 'desk', 1, '{}' FROM story"
            )
        )
    engine.dispose()
    services = open_services(db_url, editor="tester", settings=Settings())
    try:
        assert current_revision(services.db.engine) == SCHEMA_HEAD
        [sid] = services.stories.ids(StoryFilter())
        story = services.stories.get(sid)
        assert (story.killed, story.withdrawn, story.corrected) == (False, False, False)
        assert services.stories.set_desk(sid, "americas").version == 2
    finally:
        services.close()


def test_no_undo_or_revert_puts_a_killed_story_back_in_the_queue(services):
    [sid] = store(services, ready("Minister resigns", uid="urn:k:2", wire_version=1))
    queued = services.queue.add(sid)
    out = services.queue.remove(sid)
    store(services, ready("KILL Minister resigns", uid="urn:k:2", wire_version=2, killed=True))
    with pytest.raises(InvalidInput, match="killed by the wire"):
        services.stories.undo_change(sid, out.version, force=True)
    unqueue = services.stories.history(sid)[out.version - 1]
    with pytest.raises(InvalidInput, match="killed by the wire"):
        services.history.revert(sid, unqueue.id, force=True)
    assert services.queue.list_entries() == [] and queued.version == 2
