"""A view's count without a pass over the view: SQLite's kept counts follow every
change of status and desk (ingest, tag, spike, queue, archive-style deletes); on
PostgreSQL a small view is counted exactly."""

from __future__ import annotations

from deskapp.core.listing import StoryFilter
from deskapp.core.story import Credit, Role, Status, Story

FILTERS = [
    StoryFilter(statuses=(Status.INBOX,)),
    StoryFilter(statuses=(Status.SPIKED,)),
    StoryFilter(statuses=(Status.QUEUED,), order="queue"),
    StoryFilter(statuses=(Status.INBOX, Status.EDITING, Status.QUEUED), desk="europe"),
    StoryFilter(statuses=(Status.INBOX, Status.EDITING), desk="none"),
    StoryFilter(include_spiked=True),
    StoryFilter(),
    StoryFilter(statuses=(Status.INBOX,), search="harbour"),
]


def stored(services, n: int) -> list[int]:  # type: ignore[no-untyped-def]
    batch = [
        (
            f"count:{i}",
            Story(
                headline=f"Harbour story {i}" if i % 2 else f"Rail story {i}",
                body="Officials said so.",
                agency="Meridian",
                credits=[Credit(Role.WRITER, "Ines Varga")],
            ),
        )
        for i in range(n)
    ]
    return [r.id for r in services.ingest.store(batch)]


def agree(services) -> None:  # type: ignore[no-untyped-def]
    for flt in FILTERS:
        assert services.stories.estimate(flt) == (services.stories.count(flt), True), flt


def test_counts_follow_ingest_tags_spikes_and_the_queue(services):  # type: ignore[no-untyped-def]
    ids = stored(services, 12)
    agree(services)
    services.stories.set_desk(ids[0], "europe")
    services.stories.set_desk_many(ids[1:4], "europe")
    services.stories.spike(ids[5])
    services.stories.spike(ids[0])
    services.queue.add(ids[2], force=True)
    services.stories.unspike(ids[5])
    services.stories.set_desk(ids[3], None)
    agree(services)
    assert services.stories.estimate(FILTERS[1]) == (1, True)
    counts = {c.code: c.count for c in services.stories.desk_counts()}
    assert counts["europe"] == 2 and counts["none"] == 9


def test_a_deleted_story_leaves_the_count(services):  # type: ignore[no-untyped-def]
    from sqlalchemy import text

    ids = stored(services, 3)
    with services.db.write() as session:
        for table in ("credit", "story_event"):
            session.execute(text(f"DELETE FROM {table} WHERE story_id = :i"), {"i": ids[0]})
        session.execute(text("DELETE FROM story WHERE id = :i"), {"i": ids[0]})
    agree(services)
    assert services.stories.estimate(FILTERS[0]) == (2, True)
