"""History as an editor reads it: the part that changed, in words, never two cut look-alikes."""

from __future__ import annotations

from datetime import UTC
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from deskapp.core.history_text import describe_change, describe_changes, field_label


def test_a_long_headline_shows_the_words_that_differ():
    before = "North Korean delegation to visit Seoul next week for talks on family reunions"
    after = before.replace("Seoul", "Pyongyang")
    shown_before, shown_after = describe_change("headline", before, after, width=34, zone=UTC)
    assert "Seoul" in shown_before and "Pyongyang" in shown_after
    assert "visit" in shown_before and shown_before.startswith("…")
    assert shown_before != shown_after
    assert len(shown_before) <= 34 and len(shown_after) <= 34


def test_short_text_is_shown_whole():
    assert describe_change("desk", None, "europe", width=30) == ("—", "europe")
    assert describe_change("headline", "Old", "New", width=30) == ("Old", "New")


def test_notes_read_as_added_resolved_reopened():
    note = {"text": "call the ministry", "due": None, "resolved_at": None}
    done = dict(note, resolved_at="2026-03-02T10:00:00+00:00")
    assert describe_change("note:10", None, note, width=40) == (
        "—",
        "note added: call the ministry",
    )
    assert describe_change("note:10", note, done, width=40) == ("open", "resolved")
    assert describe_change("note:10", done, note, width=40) == ("resolved", "reopened")
    by_day = dict(note, due="2026-03-05T23:59:59+00:00")  # "by Thursday": a whole day
    assert describe_change("note:10", note, by_day, width=40, zone=UTC) == (
        "due —",
        "due Thu 2026-03-05",
    )
    at_ten = dict(note, due="2026-03-05T10:00:00+00:00")
    assert describe_change("note:10", by_day, at_ten, width=40, zone=UTC) == (
        "due Thu 2026-03-05",
        "due Thu 2026-03-05 10:00",
    )


def test_queue_places_read_as_an_editor_sees_them():
    assert describe_change("queue_position", None, 2048, width=30) == (
        "not in the queue",
        "in the queue",
    )
    assert describe_change("queue_position", 4096, 1536, width=30) == ("in the queue", "moved up")
    assert describe_change("queue_position", 1024, None, width=30) == (
        "in the queue",
        "not in the queue",
    )


def test_times_are_in_the_editors_zone_with_the_year():
    shown = describe_change(
        "embargo_until", None, "2026-02-13T06:00:00+00:00", width=40, zone=ZoneInfo("Asia/Tokyo")
    )
    assert shown == ("—", "Fri 2026-02-13 15:00")


def test_credits_whole_when_short_and_as_went_and_came_when_long():
    before = [["writer", "Ana Lima"], ["contributor", "Priya Raman"]]
    after = [["writer", "Ana Lima"], ["editor", "Jo Doe"]]
    assert describe_change("credits", before, after, width=60) == (
        "writer Ana Lima, contributor Priya Raman",
        "writer Ana Lima, editor Jo Doe",
    )
    assert describe_change("credits", before, after, width=30) == (
        "removed contributor Priya Ram…",
        "added editor Jo Doe",
    )


def test_labels_are_words():
    assert field_label("queue_position") == "queue place"
    assert field_label("note:10") == "note"
    assert field_label("exported_at") == "exported"
    assert [
        label
        for label, _b, _a in describe_changes({"headline": ["a", "b"], "killed": [False, True]})
    ] == ["headline", "killed by the wire"]
    assert describe_changes({"killed": [False, True]})[0][1:] == ("no", "yes")


@given(
    st.text(min_size=1, max_size=200),
    st.text(max_size=20),
    st.text(max_size=20),
    st.integers(min_value=8, max_value=80),
)
def test_any_edit_shows_a_difference_within_the_width(common, old, new, width):
    before, after = common + old + common, common + new + common
    shown_before, shown_after = describe_change("body", before, after, width=width)
    assert len(shown_before) <= width and len(shown_after) <= width
    assert "\n" not in shown_before + shown_after
    if " ".join(before.split()) != " ".join(after.split()):
        assert shown_before != shown_after


def test_undo_and_redo_name_the_version_they_take_back_in_one_wording():
    from deskapp.core.history_text import action_words

    assert action_words("undo", 3) == "undo of version 3"
    assert action_words("redo", 5) == "redo of version 5"
    assert action_words("desk", None) == "desk"


def test_a_note_change_names_the_note_by_number_and_text():
    from deskapp.core.history_text import note_label

    before = {"text": "Putin visit date unclear", "due": None, "resolved_at": None}
    after = {**before, "resolved_at": "2026-03-02T09:30:00+00:00"}
    assert note_label("note:3", before, after) == "note 3 “Putin visit date unclear”"
    assert note_label("note:3", before, after, width=10) == "note 3 “Putin vis…”"
    assert note_label("desk", "a", "b") == "desk"


def test_credits_read_forwards_what_was_added_and_removed():
    from deskapp.core.history_text import credits_words

    writer, editor = ["writer", "Ana Lima"], ["editor", "Jo Doe"]
    contributor = ["contributor", "Lucia Ferrandi"]
    assert credits_words([writer], [writer, editor]) == "added editor Jo Doe"
    assert credits_words([writer, contributor], [writer]) == "removed contributor Lucia Ferrandi"
    assert credits_words([writer, contributor], [writer, editor]) == (
        "added editor Jo Doe; removed contributor Lucia Ferrandi"
    )
    assert credits_words([writer, editor], [editor, writer]) == (
        "same names, new order: editor Jo Doe, writer Ana Lima"
    )
    assert credits_words([], [writer]) == "added writer Ana Lima"
