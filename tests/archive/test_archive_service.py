"""Archiving through the services: what goes, what stays and why, and coming back."""

from __future__ import annotations

from datetime import timedelta

import pytest

from deskapp.core.listing import StoryFilter
from deskapp.core.story import Credit, Role, Status, Story
from deskapp.services.archive import parse_age
from deskapp.services.errors import BadValue, NotFound
from tests.archive.conftest import OldDesk

NINETY_DAYS = timedelta(days=90)
EVERY_LIVE = StoryFilter(include_spiked=True)


def _live_ids(services) -> set[int]:  # type: ignore[no-untyped-def]
    return set(services.stories.ids(EVERY_LIVE))


def test_spiked_and_published_stories_done_with_go_the_rest_stays(services, old_desk: OldDesk):
    run = services.archive.archive(NINETY_DAYS)
    assert sorted(c.id for c in run.moved) == sorted([old_desk.spiked, old_desk.published])
    kept = {c.id: c.kept_because for c in run.kept}
    assert kept == {
        old_desk.followup: "an open follow-up: resolve it first",
        old_desk.locked: "being edited by ana",
    }
    live = _live_ids(services)
    assert old_desk.spiked not in live and old_desk.published not in live
    assert {old_desk.followup, old_desk.locked, old_desk.recent, old_desk.inbox} <= live
    assert old_desk.touched in live  # its desk changed an hour ago: its last change is new
    with pytest.raises(NotFound):
        services.stories.get(old_desk.spiked)
    # the desk's lists and counts no longer see them
    assert old_desk.published not in services.stories.ids(StoryFilter(statuses=(Status.PUBLISHED,)))


def test_an_archived_story_keeps_everything_that_hung_off_it(services, old_desk: OldDesk):
    before = services.stories.get(old_desk.published)
    history_before = services.stories.history(old_desk.published)
    services.archive.archive(NINETY_DAYS)
    archived = services.archive.get(old_desk.published)
    story = archived.story
    assert archived.archived_by == "tester" and archived.archived_at is not None
    assert (story.headline, story.body, story.status) == (before.headline, before.body, "published")
    assert story.credits == before.credits
    assert [(n.text, n.resolved) for n in story.notes] == [("check the quay name", True)]
    assert story.version == before.version + 1
    history = services.archive.history(old_desk.published)
    assert [e.id for e in history[:-1]] == [e.id for e in history_before]
    assert history[-1].action == "archive" and history[-1].editor == "tester"


def test_restore_brings_the_story_back_as_it_was(services, old_desk: OldDesk):
    before = services.stories.get(old_desk.published)
    services.archive.archive(NINETY_DAYS)
    back = services.archive.restore(old_desk.published)
    assert back.story.id == old_desk.published == back.archive_id
    story = services.stories.get(old_desk.published)
    assert (story.headline, story.credits, story.status) == (
        before.headline,
        before.credits,
        before.status,
    )
    assert [n.text for n in story.notes] == ["check the quay name"]
    actions = [e.action for e in services.stories.history(old_desk.published)]
    assert actions[-2:] == ["archive", "restore"]
    assert story.version == before.version + 2
    # searchable on the desk again, and gone from the archive
    assert old_desk.published in services.stories.ids(
        StoryFilter(search="quay", include_spiked=True)
    )
    assert services.archive.list_stories(StoryFilter(search="quay")) == []
    with pytest.raises(NotFound):
        services.archive.get(old_desk.published)
    # restored, it was just changed: the next run leaves it be
    again = services.archive.archive(NINETY_DAYS)
    assert old_desk.published not in [c.id for c in again.moved]
    # an undo never takes an archiving or a restore back
    assert services.stories.last_own_change(old_desk.published).action not in (
        "archive",
        "restore",
    )


def test_restoring_a_story_that_is_not_archived_is_not_found(services, old_desk: OldDesk):
    with pytest.raises(NotFound, match="no archived story 999"):
        services.archive.restore(999)
    with pytest.raises(NotFound):
        services.archive.restore(old_desk.inbox)  # on the desk, not in the archive


def test_archived_stories_are_listed_and_searched_with_the_lists_filters(
    services, old_desk: OldDesk
):
    services.archive.archive(NINETY_DAYS)
    listed = services.archive.list_stories(StoryFilter())
    assert {a.summary.id for a in listed} == {old_desk.spiked, old_desk.published}
    found = services.archive.list_stories(StoryFilter(search="ferr"))  # a prefix, as you type
    assert [a.summary.id for a in found] == [old_desk.spiked]
    by_name = services.archive.list_stories(StoryFilter(search="Lima"))  # credit names
    assert {a.summary.id for a in by_name} == {old_desk.spiked, old_desk.published}
    only = services.archive.list_stories(StoryFilter(statuses=(Status.PUBLISHED,)))
    assert [a.summary.id for a in only] == [old_desk.published]
    assert services.archive.list_stories(StoryFilter(desk="world")) == []
    assert services.archive.list_stories(StoryFilter(search="budget")) == []
    # and the live search no longer finds them
    assert services.stories.ids(StoryFilter(search="ferry", include_spiked=True)) == []


def test_a_dry_run_says_what_would_move_and_moves_nothing(services, old_desk: OldDesk):
    live = _live_ids(services)
    plan = services.archive.plan(NINETY_DAYS)
    assert sorted(c.id for c in plan.moved) == sorted([old_desk.spiked, old_desk.published])
    assert {c.id for c in plan.kept} == {old_desk.followup, old_desk.locked}
    assert plan.to_json()["would_archive"][0]["id"] == min(old_desk.spiked, old_desk.published)
    assert _live_ids(services) == live
    assert services.archive.count() == 0


def test_resolving_the_follow_up_lets_the_next_run_archive_it(services, old_desk: OldDesk):
    from tests.archive.conftest import LONG_AGO, at

    [note] = services.stories.get(old_desk.followup).notes
    at(services, LONG_AGO, lambda: services.notes.resolve(note.id))
    run = services.archive.archive(NINETY_DAYS)
    assert old_desk.followup in [c.id for c in run.moved]


def test_a_duplicate_of_an_archived_story_is_still_a_duplicate(services, old_desk: OldDesk):
    services.archive.archive(NINETY_DAYS)
    same_uid = Story(headline="Ferry strike ends (again)", body="Other words.", uid="w-ferry")
    same_copy = Story(
        headline="Harbour board opens new quay", body="The quay opened.", uid="other-id"
    )
    results = services.ingest.store([("again:1", same_uid), ("again:2", same_copy)])
    assert [(r.status, r.id) for r in results] == [
        ("duplicate", old_desk.spiked),
        ("duplicate", old_desk.published),
    ]
    assert services.archive.count() == 2


def test_a_new_story_never_takes_an_archived_story_number(services, old_desk: OldDesk):
    # the newest story on this desk is archived: its number must not be given again
    newest = Story(headline="Old wire", body="Long ago.", uid="w-newest")
    from tests.archive.conftest import LONG_AGO, at

    [r] = at(services, LONG_AGO, lambda: services.ingest.store([("n", newest)]))
    at(services, LONG_AGO, lambda: services.stories.spike(r.id))
    services.archive.archive(NINETY_DAYS)
    [fresh] = services.ingest.store([("f", Story(headline="Fresh", body="New.", uid="w-fresh"))])
    assert fresh.status == "new" and fresh.id > r.id
    assert services.archive.restore(r.id).story.id == r.id


def test_restore_is_refused_when_the_wire_id_came_in_again_meanwhile(services, old_desk):
    services.archive.archive(NINETY_DAYS)
    from sqlalchemy import text

    with services.db.write() as session:  # as a desk from before the archive would have
        session.execute(
            text("UPDATE story SET uid = 'w-ferry' WHERE id = :i"), {"i": old_desk.inbox}
        )
    from deskapp.services.errors import InvalidInput

    with pytest.raises(InvalidInput, match=f"story {old_desk.inbox} has its wire id"):
        services.archive.restore(old_desk.spiked)
    assert services.archive.get(old_desk.spiked).story.uid == "w-ferry"


@pytest.mark.parametrize(("given", "days"), [("90d", 90), ("12w", 84), ("36h", 1.5), (" 7D ", 7)])
def test_ages_in_hours_days_and_weeks(given: str, days: float):
    assert parse_age(given) == timedelta(days=days)


@pytest.mark.parametrize("given", ["90", "d", "0d", "-3d", "1.5d", "3m", "90 days", ""])
def test_a_bad_age_is_a_usage_error(given: str):
    with pytest.raises(BadValue, match="like 36h, 90d or 12w") as caught:
        parse_age(given)
    assert caught.value.exit_code == 2


def test_restore_after_the_desk_moved_on_keeps_both_histories(services, old_desk: OldDesk):
    before = [(e.action, e.version) for e in services.stories.history(old_desk.published)]
    services.archive.archive(NINETY_DAYS)
    # the desk goes on: new history, notes and credits (on SQLite these may take the
    # numbers the archived rows had)
    services.notes.add(old_desk.inbox, "call the harbour master")
    services.stories.update_credits(old_desk.inbox, add=[Credit(Role.REPORTER, "Cy Wire")])
    services.stories.set_desk(old_desk.inbox, "world")
    theirs = [(e.id, e.action) for e in services.stories.history(old_desk.inbox)]
    back = services.archive.restore(old_desk.published).story
    after = [(e.action, e.version) for e in services.stories.history(back.id)]
    assert after == [*before, ("archive", before[-1][1] + 1), ("restore", before[-1][1] + 2)]
    assert [n.text for n in back.notes] == ["check the quay name"]
    assert [(e.id, e.action) for e in services.stories.history(old_desk.inbox)] == theirs
    assert [n.text for n in services.stories.get(old_desk.inbox).notes] == [
        "call the harbour master"
    ]
