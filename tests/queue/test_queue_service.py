"""The publication queue on SQLite and PostgreSQL: readiness, order, moves, history."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest

from deskapp.core.story import Credit, Role, Status, Story
from deskapp.services.errors import Conflict, InvalidInput
from deskapp.services.queue import NotReady


def ready_story(
    services,
    headline: str,
    *,
    priority: int | None = None,
    desk: str = "europe",
    writer: str = "Ana Lima",
    body: str = "A paragraph.",
) -> int:
    story = Story(
        headline=headline,
        body=body,
        agency="Wire",
        priority=priority,
        credits=[Credit(Role.WRITER, writer)] if writer else [],
    )
    [result] = services.ingest.store([(f"test:{headline}", story)], desk=desk or None)
    return result.id


def order(services) -> list[int]:
    return [e.story_id for e in services.queue.list_entries()]


def test_queueing_a_ready_story_records_it_in_history(services):
    sid = ready_story(services, "Summit opens")
    story = services.queue.add(sid, expect_version=1)
    assert story.status == Status.QUEUED and story.version == 2 and not story.queue_forced
    [entry] = services.queue.list_entries()
    assert (entry.position, entry.story_id, entry.ready) == (1, sid, True)
    last = services.stories.history(sid)[-1]
    assert last.action == "queue" and last.changes["status"] == ["inbox", "queued"]


def test_not_ready_says_exactly_what_is_missing_and_changes_nothing(services):
    sid = ready_story(services, "Talks stall", desk="", writer="", body="")
    with pytest.raises(NotReady) as info:
        services.queue.add(sid)
    message = str(info.value)
    assert "a desk, a body and an author credit (writer or reporter)" in message
    assert "nothing changed" in message
    assert "\n" not in message
    assert info.value.missing == ["a desk", "a body", "an author credit (writer or reporter)"]
    story = services.stories.get(sid)
    assert story.status == Status.INBOX and story.version == 1
    assert [e.action for e in services.stories.history(sid)] == ["ingest"]


def test_force_queues_a_story_flagged_not_ready(services):
    sid = ready_story(services, "Talks stall", writer="")
    story = services.queue.add(sid, force=True)
    assert story.status == Status.QUEUED and story.queue_forced
    [entry] = services.queue.list_entries()
    assert not entry.ready and entry.forced
    assert entry.missing == ("an author credit (writer or reporter)",)


def test_new_entries_go_after_their_priority_and_below_higher_ones(services):
    a = ready_story(services, "Ordinary one")
    b = ready_story(services, "Ordinary two")
    flash = ready_story(services, "Flash", priority=1)
    urgent = ready_story(services, "Urgent", priority=3)
    flash2 = ready_story(services, "Second flash", priority=1)
    for sid in (a, b, flash, urgent, flash2):
        services.queue.add(sid)
    assert order(services) == [flash, flash2, urgent, a, b]
    assert [e.position for e in services.queue.list_entries()] == [1, 2, 3, 4, 5]


def test_move_to_up_and_down(services):
    ids = [ready_story(services, f"Story {n}") for n in range(4)]
    for sid in ids:
        services.queue.add(sid)
    services.queue.move(ids[3], to=1)
    assert order(services) == [ids[3], ids[0], ids[1], ids[2]]
    services.queue.move(ids[0], down=True)
    assert order(services) == [ids[3], ids[1], ids[0], ids[2]]
    services.queue.move(ids[2], up=True)
    assert order(services) == [ids[3], ids[1], ids[2], ids[0]]
    services.queue.move(ids[1], to=99)  # past the end: the bottom
    assert order(services) == [ids[3], ids[2], ids[0], ids[1]]
    assert services.stories.history(ids[1])[-1].action == "queue-move"


def test_moving_to_where_it_is_records_nothing(services):
    a, b = ready_story(services, "A"), ready_story(services, "B")
    services.queue.add(a)
    services.queue.add(b)
    before = services.stories.get(a).version
    services.queue.move(a, up=True)
    assert services.stories.get(a).version == before


def test_many_moves_into_one_gap_keep_the_order_and_unique_positions(services):
    ids = [ready_story(services, f"Story {n}") for n in range(3)]
    for sid in ids:
        services.queue.add(sid)
    # moving the last one to position 2 again and again halves one gap until it
    # runs out, which renumbers the queue: the order must survive that
    for _ in range(14):
        services.queue.move(ids[2], to=2)
        services.queue.move(ids[1], to=2)
    assert order(services) == [ids[0], ids[1], ids[2]]
    positions = [services.stories.get(s).queue_position for s in ids]
    assert len(set(positions)) == 3 and positions == sorted(positions)


def test_stale_version_conflicts_and_changes_nothing(services):
    a, b = ready_story(services, "A"), ready_story(services, "B")
    services.queue.add(a)
    services.queue.add(b)
    with pytest.raises(Conflict):
        services.queue.move(b, to=1, expect_version=1)
    assert order(services) == [a, b]


def test_unqueue_sends_the_story_back_to_editing(services):
    sid = ready_story(services, "Summit opens")
    services.queue.add(sid)
    story = services.queue.remove(sid)
    assert story.status == Status.EDITING and story.queue_position is None
    assert services.queue.list_entries() == []
    with pytest.raises(InvalidInput, match="not queued"):
        services.queue.remove(sid)


def test_spiked_and_already_queued_stories_are_refused(services):
    a, b = ready_story(services, "A"), ready_story(services, "B")
    services.queue.add(a)
    with pytest.raises(InvalidInput, match="already queued"):
        services.queue.add(a)
    services.stories.spike(b)
    with pytest.raises(InvalidInput, match="spiked"):
        services.queue.add(b)


def test_priority_and_embargo_are_recorded_and_checked(services):
    sid = ready_story(services, "Results due")
    services.queue.add(sid)
    when = datetime(2026, 12, 1, 6, 0, tzinfo=UTC)
    services.queue.set_embargo(sid, when)
    services.queue.set_priority(sid, 2)
    [entry] = services.queue.list_entries()
    assert entry.embargo_until == when and entry.priority == 2
    assert entry.embargoed(when - timedelta(seconds=1)) and not entry.embargoed(when)
    assert services.stories.history(sid)[-1].changes["priority"] == [None, 2]
    with pytest.raises(InvalidInput, match="priority"):
        services.queue.set_priority(sid, 0)
    with pytest.raises(InvalidInput, match="time zone"):
        services.queue.set_embargo(sid, datetime(2026, 12, 1, 6, 0))
    assert services.queue.set_embargo(sid, None).embargo_until is None


def test_queueing_a_queued_story_with_a_priority_sets_it_in_place(services):
    a, b = ready_story(services, "A"), ready_story(services, "B")
    services.queue.add(a)
    services.queue.add(b)
    story = services.queue.add(b, priority=1)
    assert story.priority == 1 and order(services) == [a, b]


def test_concurrent_editors_never_share_a_position(services, db_url):
    from deskapp.config import Settings
    from deskapp.services import open_services

    ids = [ready_story(services, f"Story {n}") for n in range(12)]
    for sid in ids[:4]:
        services.queue.add(sid)
    errors: list[Exception] = []

    def worker(mine: list[int], editor: str) -> None:
        svc = open_services(db_url, editor=editor, settings=Settings())
        try:
            for sid in mine:
                svc.queue.add(sid)
                svc.queue.move(sid, to=2)
                svc.queue.move(ids[0], down=True)
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            svc.close()

    threads = [threading.Thread(target=worker, args=(ids[4 + n :: 4], f"ed{n}")) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not [e for e in errors if not isinstance(e, Conflict)], errors
    positions = [services.stories.get(s).queue_position for s in ids]
    assert len(set(positions)) == len(ids)
    assert sorted(order(services)) == sorted(ids)


def test_add_many_queues_ready_stories_and_refuses_the_rest_saying_why(services):
    ready = [ready_story(services, f"Ready {n}") for n in range(3)]
    unready = ready_story(services, "No writer", writer="")
    result = services.queue.add_many([*ready, unready])
    assert result.done_ids == ready and order(services) == ready
    [refused] = result.refused
    assert refused.story_id == unready and "author credit (writer or reporter)" in refused.message
    assert services.stories.get(unready).status == Status.INBOX
    assert result.summary() == "Queued 3 of 4 (1 refused: " + refused.message + ")"


def test_add_many_orders_like_adding_one_by_one(services):
    priorities = [None, 3, 6, 1, 3, None, 2, 6, 1, 9]
    first = [
        ready_story(services, f"Queued first {n}", priority=p) for n, p in enumerate(priorities[:4])
    ]
    for sid in first:
        services.queue.add(sid)
    services.queue.move(first[0], to=1)  # an editor's own order must be kept
    later = [
        ready_story(services, f"Queued later {n}", priority=p) for n, p in enumerate(priorities[4:])
    ]
    services.queue.add_many(later)
    bulk = order(services)
    for sid in later:  # the same stories, unqueued and queued again one at a time
        services.queue.remove(sid)
    for sid in later:
        services.queue.add(sid)
    assert order(services) == bulk
    assert [e.action for e in services.stories.history(later[0])][:2] == ["ingest", "queue"]
