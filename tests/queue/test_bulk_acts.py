"""A bulk act does one thing to every selected story, and says what it did."""

from __future__ import annotations

import pytest

from deskapp.core.story import Credit, Role, Status, Story
from deskapp.services.errors import InvalidInput
from deskapp.services.stories import EACH_SUGGESTION


def story(
    services,
    headline: str,
    *,
    desk: str | None = "europe",
    writer: str = "Ana Lima",
    suggested: str | None = None,
) -> int:
    s = Story(
        headline=headline,
        body="A paragraph.",
        agency="Wire",
        suggested_desk=suggested,
        credits=[Credit(Role.WRITER, writer)] if writer else [],
    )
    [result] = services.ingest.store([(f"test:{headline}", s)], desk=desk)
    return result.id


def order(services) -> list[int]:
    return [e.story_id for e in services.queue.list_entries()]


def test_p_on_four_with_one_already_queued_queues_three_and_keeps_the_fourth(services):
    ids = [story(services, f"Story {n}") for n in range(4)]
    services.queue.add(ids[2])
    result = services.queue.add_many(ids)
    assert result.summary() == "Queued 3 of 4 (1 already queued)"
    assert [i.outcome for i in result.items] == ["done", "done", "unchanged", "done"]
    assert sorted(order(services)) == sorted(ids)
    assert all(services.stories.get(i).status == Status.QUEUED for i in ids)
    # each queued story's version is the one its own undo takes back
    for item in result.done:
        assert services.stories.get(item.story_id).version == item.version
        services.stories.undo_change(item.story_id, item.version)
    assert order(services) == [ids[2]]


def test_unqueueing_a_selection_takes_out_the_queued_and_leaves_the_rest(services):
    ids = [story(services, f"Story {n}") for n in range(3)]
    services.queue.add(ids[0])
    services.queue.add(ids[1])
    result = services.queue.remove_many(ids)
    assert result.summary() == "Unqueued 2 of 3 (1 not queued)"
    assert result.done_ids == ids[:2] and order(services) == []
    assert services.stories.get(ids[2]).version == 1  # untouched: no change recorded
    again = services.queue.remove_many(ids)
    assert again.done == [] and again.summary() == "Unqueued 0 of 3 (3 not queued)"


def test_desk_for_a_selection_tags_all_and_names_the_desk(services):
    ids = [story(services, f"Story {n}", desk=None) for n in range(3)]
    services.stories.set_desk(ids[0], "africa")
    result = services.stories.set_desk_many(ids, "africa")
    assert result.summary() == "Desk africa: 2 of 3 stories (1 already there)"
    assert {services.stories.get(i).desk for i in ids} == {"africa"}
    everywhere = services.stories.set_desk_many(ids, "europe")
    assert everywhere.summary() == "Desk europe: 3 stories"
    with pytest.raises(InvalidInput, match="unknown desk"):
        services.stories.set_desk_many(ids, "mars")


def test_each_storys_own_suggestion_tags_each_differently(services):
    eu = story(services, "Moscow talks", desk=None, suggested="europe")
    af1 = story(services, "Nairobi floods", desk=None, suggested="africa")
    af2 = story(services, "Lagos vote", desk=None, suggested="africa")
    none = story(services, "Somewhere", desk=None)
    result = services.stories.set_desk_many([eu, af1, af2, none], EACH_SUGGESTION)
    assert [services.stories.get(i).desk for i in (eu, af1, af2, none)] == [
        "europe",
        "africa",
        "africa",
        None,
    ]
    assert result.refused[0].story_id == none
    assert "no suggested desk" in result.refused[0].message
    assert result.summary() == (
        "Desk by each story's suggestion: 3 of 4 stories (europe 1, "
        f"africa 2, 1 refused: story {none} has no suggested desk)"
    )
    assert services.stories.get(af1).status == Status.EDITING


def test_a_story_gone_from_the_selection_is_refused_by_name_and_the_rest_done(services):
    sid = story(services, "Story 1", desk=None)
    desk = services.stories.set_desk_many([999, sid], "africa")
    assert [(i.story_id, i.outcome) for i in desk.items] == [(999, "refused"), (sid, "done")]
    assert desk.refused[0].message == "no story 999"
    queued = services.queue.add_many([sid, 999])
    assert queued.summary() == "Queued 1 of 2 (1 refused: no story 999)"
    assert services.queue.remove_many([999, sid]).done_ids == [sid]
