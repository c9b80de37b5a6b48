"""Undo and revert of queue changes never give two stories one position."""

from __future__ import annotations

from deskapp.core.story import Credit, Role, Status, Story


def ready_story(services, headline: str) -> int:
    story = Story(
        headline=headline,
        body="A paragraph.",
        agency="Wire",
        credits=[Credit(Role.WRITER, "Ana Lima")],
    )
    [result] = services.ingest.store([(f"test:{headline}", story)], desk="europe")
    return result.id


def order(services) -> list[int]:
    return [e.story_id for e in services.queue.list_entries()]


def positions(services) -> list[int]:
    return [
        s.queue_position
        for s in (services.stories.get(e.story_id) for e in services.queue.list_entries())
    ]


def test_undo_of_a_move_after_another_queueing_keeps_positions_unique(services):
    a = ready_story(services, "Alpha")
    b = ready_story(services, "Bravo")
    services.queue.add(a)
    services.queue.add(b)
    services.queue.move(b, to=1)
    c = ready_story(services, "Charlie")
    services.queue.add(c)
    services.stories.undo(b)  # B's old key may now belong to C
    keys = positions(services)
    assert len(keys) == len(set(keys)) == 3
    assert order(services) == [a, b, c]


def test_undo_of_unqueue_puts_the_story_back_in_its_place(services):
    a, b, c = (ready_story(services, name) for name in ("Alpha", "Bravo", "Charlie"))
    for sid in (a, b, c):
        services.queue.add(sid)
    services.queue.remove(b)
    story = services.stories.undo(b)
    assert story.status == Status.QUEUED
    assert order(services) == [a, b, c]


def test_revert_of_a_queue_move_reuses_a_free_key_or_sorts_next_to_it(services):
    a, b = ready_story(services, "Alpha"), ready_story(services, "Bravo")
    services.queue.add(a)
    services.queue.add(b)
    services.queue.move(b, up=True)
    move = services.stories.history(b)[-1]
    services.history.revert(b, move.id)
    assert order(services) == [a, b]
    keys = positions(services)
    assert len(keys) == len(set(keys))
