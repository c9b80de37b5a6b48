"""The story store and the everyday desk changes, on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from deskapp.core.listing import StoryFilter
from deskapp.core.story import Credit, Photo, Role, Status, Story
from deskapp.services.errors import Conflict, InvalidInput, NotFound, ServiceError


def wire(headline: str, body: str = "First paragraph.\n\nSecond paragraph.", **kw) -> Story:
    return Story(headline=headline, body=body, agency=kw.pop("agency", "Reuters"), **kw)


def store(services, *stories: Story, desk: str | None = None):
    return services.ingest.store([(f"test:{s.headline}", s) for s in stories], desk=desk)


def test_new_story_lands_in_the_inbox_with_its_copy(services):
    [result] = store(
        services,
        wire(
            "Delegation to visit capital",
            dateline_place="Moscow",
            suggested_desk="europe",
            credits=[Credit(Role.WRITER, "Ana Lima"), Credit(Role.EDITOR, "Bo Yu")],
            photo=Photo("A view of the square.", "REUTERS/Jo Doe/File Photo"),
            published_at=datetime(2024, 2, 1, tzinfo=UTC),
        ),
    )
    assert result.status == "new"
    story = services.stories.get(result.id)
    assert story.status == Status.INBOX
    assert story.version == 1
    assert story.names(Role.WRITER) == ["Ana Lima"]
    assert story.names(Role.EDITOR) == ["Bo Yu"]
    assert story.photo == Photo("A view of the square.", "REUTERS/Jo Doe/File Photo")
    assert story.published_at == datetime(2024, 2, 1, tzinfo=UTC)
    assert story.suggested_desk == "europe" and story.desk is None
    assert story.uid.startswith("sha256:")
    assert [e.action for e in services.stories.history(story.id)] == ["ingest"]


def test_same_text_twice_is_a_duplicate_and_stores_nothing(services):
    first = store(services, wire("Floods close schools"))
    again = store(services, wire("Floods close schools"))
    assert again[0].status == "duplicate"
    assert again[0].id == first[0].id
    assert services.stories.count(StoryFilter()) == 1


def test_duplicates_inside_one_batch_are_caught(services):
    results = store(services, wire("Same story"), wire("Same story"))
    assert [r.status for r in results] == ["new", "duplicate"]
    assert results[1].id == results[0].id


def test_newer_wire_version_updates_in_place_and_keeps_desk_work(services):
    [first] = store(services, wire("Quake hits coast", uid="urn:wire:1", wire_version=1))
    services.stories.set_desk(first.id, "asia-pacific")
    services.notes.add(first.id, "check toll")
    [update] = store(
        services,
        wire(
            "Quake hits coast, toll rises",
            uid="urn:wire:1",
            wire_version=2,
            body="Toll now 40.\n\nRescue goes on.",
        ),
    )
    assert update.status == "updated" and update.id == first.id
    story = services.stories.get(first.id)
    assert story.headline == "Quake hits coast, toll rises"
    assert story.desk == "asia-pacific"
    assert [n.text for n in story.notes] == ["check toll"]
    assert services.stories.history(first.id)[-1].action == "wire-update"
    [old] = store(
        services, wire("Quake hits coast", uid="urn:wire:1", wire_version=1, body="Something else")
    )
    assert old.status == "duplicate"


def test_set_desk_moves_inbox_story_to_editing_and_records_history(services):
    [r] = store(services, wire("Summit opens"))
    story = services.stories.set_desk(r.id, "europe", expect_version=1)
    assert story.desk == "europe" and story.status == Status.EDITING and story.version == 2
    last = services.stories.history(r.id)[-1]
    assert last.action == "desk" and last.editor == "tester"
    assert last.changes["desk"] == [None, "europe"]


def test_unknown_desk_is_refused(services):
    [r] = store(services, wire("Summit opens"))
    with pytest.raises(InvalidInput, match="unknown desk"):
        services.stories.set_desk(r.id, "mars")


def test_stale_version_is_a_conflict_and_changes_nothing(services):
    [r] = store(services, wire("Summit opens"))
    services.stories.set_desk(r.id, "europe", expect_version=1)
    with pytest.raises(Conflict) as info:
        services.stories.set_desk(r.id, "africa", expect_version=1)
    assert "changed by tester" in str(info.value) and "desk" in str(info.value)
    assert services.stories.get(r.id).desk == "europe"
    assert services.stories.get(r.id).version == 2


def test_missing_story_is_not_found(services):
    with pytest.raises(NotFound):
        services.stories.set_desk(999, "europe")
    with pytest.raises(NotFound):
        services.stories.get(999)


def test_credits_clear_and_add_by_role(services):
    [r] = store(
        services,
        wire(
            "Talks stall", credits=[Credit(Role.WRITER, "Ana Lima"), Credit(Role.EDITOR, "Bo Yu")]
        ),
    )
    story = services.stories.update_credits(
        r.id,
        clear=[Role.EDITOR],
        add=[Credit(Role.EDITOR, "Cy Ode"), Credit(Role.PHOTOGRAPHER, "Di Eng")],
    )
    assert [(c.role, c.name) for c in story.credits] == [
        (Role.WRITER, "Ana Lima"),
        (Role.EDITOR, "Cy Ode"),
        (Role.PHOTOGRAPHER, "Di Eng"),
    ]
    assert services.stories.history(r.id)[-1].changes["credits"][0] == [
        ["writer", "Ana Lima"],
        ["editor", "Bo Yu"],
    ]


def test_spike_is_soft_and_unspike_brings_it_back(services):
    [r] = store(services, wire("Minor story"))
    services.stories.spike(r.id)
    assert services.stories.count(StoryFilter()) == 0
    assert services.stories.count(StoryFilter(statuses=(Status.SPIKED,))) == 1
    with pytest.raises(InvalidInput):
        services.stories.spike(r.id)
    assert services.stories.unspike(r.id).status == Status.INBOX


def test_undo_restores_own_last_change(services):
    [r] = store(services, wire("Summit opens"))
    services.stories.set_desk(r.id, "europe")
    story = services.stories.undo(r.id)
    assert story.desk is None and story.status == Status.INBOX
    assert services.stories.history(r.id)[-1].action == "undo"


def test_undo_of_my_desk_asks_when_a_colleague_changed_the_desk_since(services, db_url):
    from deskapp.config import Settings
    from deskapp.services import open_services
    from deskapp.services.errors import LaterChange

    [r] = store(services, wire("Summit opens"))
    services.stories.set_desk(r.id, "europe")
    other = open_services(db_url, editor="ana", settings=Settings())
    try:
        other.stories.set_desk(r.id, "africa")
        with pytest.raises(LaterChange, match="ana changed the desk"):
            services.stories.undo(r.id)
        with pytest.raises(ServiceError, match="made by tester, not you"):
            other.stories.undo_change(r.id, 2)  # never someone else's change
    finally:
        other.close()
    assert services.stories.get(r.id).desk == "africa"


def test_undo_of_a_note_resolves_it_never_deletes(services):
    [r] = store(services, wire("Summit opens"))
    services.notes.add(r.id, "visit date unclear")
    story = services.stories.undo(r.id)
    assert len(story.notes) == 1 and story.notes[0].resolved


def test_search_finds_headline_body_and_credit_names_as_you_type(services):
    store(
        services,
        wire("Delegation to visit Moscow", body="Lawmakers met on Thursday."),
        wire(
            "Floods in the north",
            body="Rivers burst their banks.",
            credits=[Credit(Role.WRITER, "Felipa Quintero")],
        ),
        wire("Markets rally", body="Stocks rose after the delegation left."),
    )

    def found(q: str) -> set[str]:
        ids = services.stories.ids(StoryFilter(search=q))
        return {s.headline for s in services.stories.summaries(ids).values()}

    assert found("delegation") == {"Delegation to visit Moscow", "Markets rally"}
    assert found("quinter") == {"Floods in the north"}
    assert found("delegation mosc") == {"Delegation to visit Moscow"}
    assert found("[bold]") == set()  # punctuation only: no words, no crash
    assert found("rivers burst") == {"Floods in the north"}


def test_search_follows_edits(services):
    [r] = store(services, wire("Old headline"))
    services.stories.edit_text(r.id, headline="Fresh zebra headline")
    assert services.stories.ids(StoryFilter(search="zebra")) == [r.id]
    assert services.stories.ids(StoryFilter(search="old")) == []


def test_list_is_newest_first_with_keyset_pages(services):
    ids = []
    for n in range(7):
        services.ctx.clock = lambda n=n: datetime(2026, 1, 1, 12, n, tzinfo=UTC)
        ids.append(store(services, wire(f"Story {n}"))[0].id)
    first = services.stories.list_stories(StoryFilter(), limit=3)
    assert [s.headline for s in first] == ["Story 6", "Story 5", "Story 4"]
    last = first[-1]
    after = (last.ingested_at, last.id)
    second = services.stories.list_stories(StoryFilter(), limit=3, after=after)
    assert [s.headline for s in second] == ["Story 3", "Story 2", "Story 1"]


def test_summaries_carry_credits_short_and_note_markers(services):
    [r] = store(
        services,
        wire(
            "Talks stall", credits=[Credit(Role.WRITER, "Ana Lima"), Credit(Role.EDITOR, "Bo Yu")]
        ),
    )
    services.notes.add(r.id, "call back", due=datetime(2020, 1, 1, tzinfo=UTC))
    s = services.stories.summaries([r.id])[r.id]
    assert s.credits_short == "Lima / ed. Yu"
    assert s.open_notes == 1 and s.overdue_notes == 1


def test_desk_counts(services):
    a, b, _c = store(services, wire("A"), wire("B"), wire("C"))
    services.stories.set_desk(a.id, "europe")
    services.stories.set_desk(b.id, "europe")
    counts = {d.code: d.count for d in services.stories.desk_counts()}
    assert counts["europe"] == 2 and counts["none"] == 1 and counts["africa"] == 0


def test_text_with_markup_is_stored_verbatim_and_terminal_controls_never(services):
    headline = "[bold]Not markup[/bold] \x1b[31mred\x1b[0m [link=http://x]y[/link] \u202eok"
    [r] = store(services, wire(headline))
    assert services.stories.get(r.id).headline == (
        "[bold]Not markup[/bold] red [link=http://x]y[/link] ok"
    )


def test_older_and_newer_version_in_one_batch_store_then_update(services):
    results = store(
        services,
        wire("Quake hits coast", uid="urn:wire:9", wire_version=1),
        wire("Quake hits coast, toll rises", uid="urn:wire:9", wire_version=2, body="Toll now 40."),
        wire("Quake hits coast", uid="urn:wire:9", wire_version=1),
    )
    assert [r.status for r in results] == ["new", "updated", "duplicate"]
    assert len({r.id for r in results}) == 1
    story = services.stories.get(results[0].id)
    assert story.headline == "Quake hits coast, toll rises" and story.version == 2
    assert [e.action for e in services.stories.history(story.id)] == ["ingest", "wire-update"]
