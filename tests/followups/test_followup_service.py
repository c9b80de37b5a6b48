"""Notes, the board and suggestions through the services, on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from deskapp.core.story import Story
from deskapp.services.errors import Conflict, InvalidInput, NotFound

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)  # a Wednesday


@pytest.fixture
def desk(services):
    """The services with the clock stopped at NOW."""
    services.ctx.clock = lambda: NOW
    return services


def add_story(
    services, headline: str, body: str = "First.\n\nSecond.", *, desk: str | None = None, **kw
) -> int:
    story = Story(headline=headline, body=body, agency=kw.pop("agency", "Reuters"), **kw)
    [result] = services.ingest.store([(f"test:{headline}", story)], desk=desk)
    return result.id


# -- notes ----------------------------------------------------------------------------


def test_note_with_a_typed_due_keeps_author_and_time(desk):
    sid = add_story(desk, "Port strike spreads")
    story, note = desk.notes.add(sid, "call the union back", due=desk.notes.when("fri"))
    assert note.author == "tester" and note.created_at == NOW
    assert note.due == datetime(2026, 11, 27, 23, 59, 59, tzinfo=UTC)
    assert story.notes[0].id == note.id and story.version == 2


def test_an_unreadable_when_is_refused_before_anything_is_saved(desk):
    sid = add_story(desk, "Port strike spreads")
    with pytest.raises(InvalidInput, match="cannot read the date 'someday'"):
        desk.notes.add(sid, "call back", due=desk.notes.when("someday"))
    assert desk.stories.get(sid).notes == []
    assert [e.action for e in desk.stories.history(sid)] == ["ingest"]


def test_when_follows_the_configured_day_order_and_zone(desk):
    desk.ctx.settings.date_order = "mdy"
    desk.ctx.settings.timezone = "America/New_York"
    due = desk.notes.when("2/13")
    assert due.astimezone(desk.notes.zone()).date() == date(2027, 2, 13)
    with pytest.raises(InvalidInput, match="no month 13"):
        desk.notes.when("13/2")


def test_edit_resolve_reopen_are_recorded_in_history_and_nothing_is_deleted(desk):
    sid = add_story(desk, "Bridge closed after storm")
    _, note = desk.notes.add(sid, "check reopening date")
    desk.notes.edit(
        note.id, text="check reopening date with the council", due=desk.notes.when("mon")
    )
    desk.notes.resolve(note.id)
    story, reopened = desk.notes.reopen(note.id)
    assert reopened.resolved_at is None and reopened.text.endswith("with the council")
    history = desk.stories.history(sid)
    assert [e.action for e in history] == [
        "ingest",
        "note-add",
        "note-edit",
        "note-resolve",
        "note-reopen",
    ]
    key = f"note:{note.id}"
    before, after = history[2].changes[key]
    assert before["text"] == "check reopening date" and before["due"] is None
    assert after["text"] == "check reopening date with the council"
    assert after["due"].startswith("2026-11-30T23:59:59")
    assert history[3].changes[key][1]["resolved_at"].startswith("2026-11-25T10:00")
    assert history[4].changes[key][1]["resolved_at"] is None
    assert all(e.editor == "tester" for e in history[1:])
    assert [n.id for n in story.notes] == [note.id] and story.version == 5


def test_resolved_note_stays_on_the_story_and_leaves_the_board(desk):
    sid = add_story(desk, "Bridge closed after storm")
    _, note = desk.notes.add(sid, "check reopening date")
    desk.notes.resolve(note.id)
    assert desk.notes.board() == []
    [kept] = desk.stories.get(sid).notes
    assert kept.resolved and kept.resolved_at == NOW


def test_edit_can_clear_a_due_and_an_unchanged_edit_records_nothing(desk):
    sid = add_story(desk, "Bridge closed after storm")
    _, note = desk.notes.add(sid, "check", due=desk.notes.when("tomorrow"))
    _, cleared = desk.notes.edit(note.id, due=None)
    assert cleared.due is None
    story, same = desk.notes.edit(note.id, text="check")
    assert same.text == "check" and story.version == 3
    assert [e.action for e in desk.stories.history(sid)][-1] == "note-edit"
    assert len(desk.stories.history(sid)) == 3


def test_refusals_are_clear(desk):
    sid = add_story(desk, "Bridge closed after storm")
    _, note = desk.notes.add(sid, "check")
    with pytest.raises(InvalidInput, match="is open, not resolved"):
        desk.notes.reopen(note.id)
    desk.notes.resolve(note.id)
    with pytest.raises(InvalidInput, match="already resolved"):
        desk.notes.resolve(note.id)
    with pytest.raises(InvalidInput, match="needs some text"):
        desk.notes.edit(note.id, text="   ")
    with pytest.raises(NotFound, match="no note 999"):
        desk.notes.resolve(999)
    with pytest.raises(NotFound):
        desk.notes.add(999, "a note on nothing")


def test_a_stale_version_changes_nothing_when_the_note_itself_changed_since(desk):
    sid = add_story(desk, "Bridge closed after storm")
    _, note = desk.notes.add(sid, "check")
    desk.notes.edit(note.id, text="check the bridge reopening time")
    with pytest.raises(Conflict) as caught:
        desk.notes.resolve(note.id, expect_version=2)
    assert caught.value.actual == 3 and "(note)" in str(caught.value)
    assert not desk.notes.get(note.id).resolved


def test_a_desk_change_since_does_not_block_resolving_a_note(desk):
    sid = add_story(desk, "Bridge closed after storm")
    _, note = desk.notes.add(sid, "check")
    desk.stories.set_desk(sid, "europe")  # version 3: a field the resolve does not touch
    story, resolved = desk.notes.resolve(note.id, expect_version=2)
    assert resolved.resolved and story.version == 4 and story.desk == "europe"


def test_wire_notes_arrive_as_notes_by_the_agency(desk):
    sid = add_story(
        desk, "Quake toll rises", agency="AP", wire_notes=["Eds: updates toll in paragraph 2"]
    )
    [item] = desk.notes.board()
    assert item.note.text == "Eds: updates toll in paragraph 2"
    assert item.note.author == "AP" and item.note.from_wire
    assert item.story_id == sid


# -- the board ----------------------------------------------------------------------------


def test_board_is_sorted_by_due_with_undated_last(desk):
    a = add_story(desk, "Alpha story", desk="europe")
    b = add_story(desk, "Bravo story")
    desk.notes.add(a, "undated one")
    desk.notes.add(b, "next week", due=desk.notes.when("in 1 week"))
    desk.notes.add(a, "overdue", due=NOW - timedelta(days=2))
    desk.notes.add(b, "this afternoon", due=desk.notes.when("15:00"))
    desk.notes.add(b, "undated two")
    desk.notes.add(a, "tomorrow", due=desk.notes.when("tomorrow"))
    board = desk.notes.board()
    assert [f.note.text for f in board] == [
        "overdue",
        "this afternoon",
        "tomorrow",
        "next week",
        "undated one",
        "undated two",
    ]
    first = board[0]
    assert first.overdue and first.headline == "Alpha story" and first.desk == "europe"
    assert [f.due_today for f in board] == [False, True, False, False, False, False]
    assert not board[1].all_day and board[2].all_day
    assert board[4].note.due is None and not board[4].overdue


def test_board_filters(desk):
    a = add_story(desk, "Alpha story", desk="europe")
    b = add_story(desk, "Bravo story")
    desk.notes.add(a, "late", due=NOW - timedelta(hours=1))
    desk.notes.add(b, "friday", due=desk.notes.when("fri"))
    desk.notes.add(b, "next month", due=desk.notes.when("dec 28"), author="Ana Lima")
    desk.notes.add(a, "undated")
    assert [f.note.text for f in desk.notes.board(overdue=True)] == ["late"]
    assert [f.note.text for f in desk.notes.board(due_before=desk.notes.when("fri"))] == [
        "late",
        "friday",
    ]
    assert [f.note.text for f in desk.notes.board(desk="europe")] == ["late", "undated"]
    assert [f.note.text for f in desk.notes.board(desk="none")] == ["friday", "next month"]
    assert [f.note.text for f in desk.notes.board(author="ana lima")] == ["next month"]
    with pytest.raises(InvalidInput, match="unknown desk 'sprot'"):
        desk.notes.board(desk="sprot")


def test_board_leaves_out_spiked_stories(desk):
    sid = add_story(desk, "Gone story")
    desk.notes.add(sid, "check")
    desk.stories.spike(sid)
    assert desk.notes.board() == []
    desk.stories.unspike(sid)
    assert [f.note.text for f in desk.notes.board()] == ["check"]


# -- suggestions ----------------------------------------------------------------------------

REFERENCE_SHAPED_BODY = (
    "An Icelandic geothermal delegation will visit the lower house of Kenya's parliament on "
    "Jun 4, a state broadcaster quoted a deputy as saying on Monday.\n\n"
    "The deputy also said that a Kenyan energy delegation planned to travel to Iceland in "
    "August.\n\n"
    "Kenyan President Amani Odera last year accepted an invitation to visit Reykjavik, though "
    "the date of the trip is still unclear."
)


def test_suggestions_accept_and_they_are_not_suggested_again(desk):
    sid = add_story(
        desk,
        "Icelandic delegation to visit Nairobi",
        REFERENCE_SHAPED_BODY,
        published_at=datetime(2025, 5, 26, 7, 0, tzinfo=UTC),
    )
    found = desk.notes.suggestions(sid)
    assert [(s.rule, s.due) for s in found] == [
        ("dated-event", date(2025, 6, 4)),
        ("date-unclear", None),
    ]
    assert (
        found[0].text == "Icelandic geothermal delegation visit to the lower house of "
        "Kenya's parliament"
    )
    _story, note = desk.notes.accept_suggestion(sid, found[0])
    assert note.author == "tester" and note.text == found[0].text
    assert note.due == datetime(2025, 6, 4, 23, 59, 59, tzinfo=UTC)
    assert desk.stories.history(sid)[-1].action == "note-accept"
    assert [s.rule for s in desk.notes.suggestions(sid)] == ["date-unclear"]
    with pytest.raises(InvalidInput, match="already has the note"):
        desk.notes.accept_suggestion(sid, found[0])
    assert [s.rule for s in desk.notes.suggestions(sid, tentative=True)] == [
        "month-plan",
        "date-unclear",
    ]


def test_accepting_all_is_one_change(desk):
    sid = add_story(
        desk,
        "Icelandic delegation to visit Nairobi",
        REFERENCE_SHAPED_BODY,
        published_at=datetime(2025, 5, 26, 7, 0, tzinfo=UTC),
    )
    accepted = desk.notes.accept_suggestions(sid, desk.notes.suggestions(sid, tentative=True))
    assert [n.due for _s, n in accepted] == [
        datetime(2025, 6, 4, 23, 59, 59, tzinfo=UTC),
        datetime(2025, 8, 1, 23, 59, 59, tzinfo=UTC),
        None,
    ]
    assert [e.action for e in desk.stories.history(sid)] == ["ingest", "note-accept"]
    assert desk.notes.suggestions(sid, tentative=True) == []


def test_a_resolved_suggestion_is_not_suggested_again(desk):
    sid = add_story(
        desk,
        "Icelandic delegation to visit Nairobi",
        REFERENCE_SHAPED_BODY,
        published_at=datetime(2025, 5, 26, 7, 0, tzinfo=UTC),
    )
    _, note = desk.notes.accept_suggestion(sid, desk.notes.suggestions(sid)[1])
    desk.notes.resolve(note.id)
    assert [s.rule for s in desk.notes.suggestions(sid)] == ["dated-event"]


def test_suggestions_for_a_missing_story(desk):
    with pytest.raises(NotFound):
        desk.notes.suggestions(404)


def test_an_advisory_in_wire_copy_reaches_the_board_as_the_agency_s_note(desk):
    from pathlib import Path

    sample = Path(__file__).resolve().parents[2] / "samples" / "reuters-update2-tokyo.txt"
    if not sample.is_file():
        pytest.skip("sample not in this checkout")
    [result] = list(desk.ingest.ingest([str(sample)]))
    [item] = desk.notes.board()
    assert item.story_id == result.id
    assert item.note.from_wire and item.note.author == "Reuters"
    assert "paragraph 5" in item.note.text
