"""A bulk act refuses the stories a colleague changed (in what it sets) since the editor looked."""

from __future__ import annotations

import pytest

from deskapp.config import Settings
from deskapp.core.story import Credit, Role, Status, Story
from deskapp.services import open_services


def story(
    services,
    headline: str,
    *,
    desk: str | None = "europe",
    writer: str = "Ana Lima",
    killed: bool = False,
) -> int:
    s = Story(
        headline=headline,
        body="A paragraph.",
        agency="Wire",
        killed=killed,
        credits=[Credit(Role.WRITER, writer)] if writer else [],
    )
    [result] = services.ingest.store([(f"test:{headline}", s)], desk=desk)
    return result.id


@pytest.fixture
def ana(db_url: str):  # type: ignore[no-untyped-def]
    svc = open_services(db_url, editor="ana", settings=Settings())
    yield svc
    svc.close()


def seen(services, ids: list[int]) -> dict[int, int]:
    return {sid: services.stories.get(sid).version for sid in ids}


def test_bulk_desk_keeps_a_desk_a_colleague_set_after_the_editor_looked(services, ana):
    ids = [story(services, f"Story {n}", desk=None) for n in range(3)]
    looked = seen(services, ids)
    ana.stories.set_desk(ids[1], "africa")  # ana moved it after the editor looked
    ana.notes.add(ids[2], "call the embassy")  # a note: not what a desk act sets
    result = services.stories.set_desk_many(ids, "europe", expect_versions=looked)
    assert [(i.story_id, i.outcome) for i in result.items] == [
        (ids[0], "done"),
        (ids[1], "refused"),
        (ids[2], "done"),
    ]
    assert result.refused[0].message == f"story {ids[1]} was changed by ana since you looked"
    assert [services.stories.get(i).desk for i in ids] == ["europe", "africa", "europe"]
    assert result.summary() == (
        f"Desk europe: 2 of 3 stories (1 refused: story {ids[1]} "
        "was changed by ana since you looked)"
    )


def test_without_versions_a_bulk_desk_goes_ahead_as_before(services, ana):
    ids = [story(services, f"Story {n}", desk=None) for n in range(2)]
    ana.stories.set_desk(ids[1], "africa")
    assert services.stories.set_desk_many(ids, "europe").done_ids == ids


def test_bulk_queue_refuses_a_story_a_colleague_unqueued_and_queues_the_rest(services, ana):
    ids = [story(services, f"Story {n}") for n in range(3)]
    ana.queue.add(ids[0])
    looked = seen(services, ids)
    ana.queue.remove(ids[0])  # ana took it out on purpose after the editor looked
    ana.notes.add(ids[1], "check the figures")  # not what queueing sets
    result = services.queue.add_many(ids, expect_versions=looked)
    assert [i.outcome for i in result.items] == ["refused", "done", "done"]
    assert "changed by ana since you looked" in result.refused[0].message
    assert services.stories.get(ids[0]).status == Status.EDITING
    assert [e.story_id for e in services.queue.list_entries()] == ids[1:]


def test_bulk_unqueue_refuses_a_story_a_colleague_requeued(services, ana):
    ids = [story(services, f"Story {n}") for n in range(2)]
    services.queue.add_many(ids)
    looked = seen(services, ids)
    ana.queue.remove(ids[0])
    ana.queue.add(ids[0])  # back in, by ana, after the editor looked
    result = services.queue.remove_many(ids, expect_versions=looked)
    assert [i.outcome for i in result.items] == ["refused", "done"]
    assert result.refused[0].reason == "changed by ana since you looked"
    assert [e.story_id for e in services.queue.list_entries()] == [ids[0]]


def test_the_summary_counts_every_reason_and_force_never_queues_a_kill(services):
    ids = [
        story(services, "Ready", writer="Ana Lima"),
        story(services, "No author 1", writer=""),
        story(services, "No author 2", writer=""),
        story(services, "Killed", killed=True),
        story(services, "Gone", writer=""),
    ]
    services.stories.spike(ids[4])
    result = services.queue.add_many(ids)
    assert result.summary() == (
        "Queued 1 of 5 (4 refused: 2 need an author credit (writer or reporter), "
        "1 killed by the wire, 1 spiked)"
    )
    forced = services.queue.add_many(ids, force=True)
    assert forced.summary() == (
        "Queued 2 of 5 (1 already queued, 2 refused: 1 killed by the wire, 1 spiked)"
    )
    assert [e.story_id for e in services.queue.list_entries()] == ids[:3]
    assert services.stories.get(ids[3]).status != Status.QUEUED
    entries = {e.story_id: e for e in services.queue.list_entries()}
    assert entries[ids[1]].forced and not entries[ids[0]].forced


def test_one_reason_for_one_story_is_counted_in_the_singular(services):
    ids = [
        story(services, "No author", writer=""),
        story(services, "No desk", desk=None),
        story(services, "No desk either", desk=None),
    ]
    result = services.queue.add_many(ids)
    assert result.summary() == (
        "Queued 0 of 3 (3 refused: 1 needs an author credit (writer or reporter), 2 need a desk)"
    )
