"""The dates the screens and help suggest, read the same in the CLI and on the desk."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deskapp.core.when import FORMS_HELP, WhenError, is_past, parse_when

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)  # a Wednesday


def when(text: str) -> datetime:
    return parse_when(text, now=NOW)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("+2h", NOW + timedelta(hours=2)),
        ("+30m", NOW + timedelta(minutes=30)),
        ("+ 90 min", NOW + timedelta(minutes=90)),
        ("+2d", datetime(2026, 11, 27, 23, 59, 59, tzinfo=UTC)),  # a day: by its end
        ("+1w", datetime(2026, 12, 2, 23, 59, 59, tzinfo=UTC)),
        ("noon", datetime(2026, 11, 25, 12, 0, tzinfo=UTC)),
        ("at noon", datetime(2026, 11, 25, 12, 0, tzinfo=UTC)),
        ("fri noon", datetime(2026, 11, 27, 12, 0, tzinfo=UTC)),
        ("eod", datetime(2026, 11, 25, 23, 59, 59, tzinfo=UTC)),
        ("tomorrow eod", datetime(2026, 11, 26, 23, 59, 59, tzinfo=UTC)),
        ("next week", datetime(2026, 11, 30, 23, 59, 59, tzinfo=UTC)),  # Monday of next week
        ("monday 9:00", datetime(2026, 11, 30, 9, 0, tzinfo=UTC)),
        ("Mon 9:00", datetime(2026, 11, 30, 9, 0, tzinfo=UTC)),
        ("13/2", datetime(2027, 2, 13, 23, 59, 59, tzinfo=UTC)),
    ],
)
def test_the_suggested_forms_are_read(text, expected):
    assert when(text) == expected


@pytest.mark.parametrize("text", ["+2x", "+", "+-3h", "noon noon", "next year"])
def test_a_shortcut_that_cannot_be_read_is_one_clear_line(text):
    with pytest.raises(WhenError) as caught:
        when(text)
    assert "\n" not in str(caught.value)


def test_every_example_the_help_gives_is_accepted():
    for form in FORMS_HELP.replace("; add a time:", ",").split(","):
        assert when(form.strip()).tzinfo is not None, form


def test_is_past_knows_a_due_already_gone_by():
    assert is_past(when("2020-01-01"), NOW)
    assert not is_past(when("today"), NOW)  # by the end of today: not gone yet
    assert is_past(when("9:00"), NOW) and not is_past(when("+30m"), NOW)
    assert is_past(datetime(2026, 11, 25, 9, 0, tzinfo=UTC), NOW.replace(tzinfo=None))


@given(st.text(max_size=30))
def test_any_text_is_a_moment_or_one_clear_error(text):
    try:
        due = when(text)
    except WhenError as exc:
        assert str(exc) and "\n" not in str(exc)
    else:
        assert due.tzinfo is not None


@given(st.integers(min_value=1, max_value=9999), st.sampled_from(["m", "h", "d", "w"]))
def test_a_short_offset_matches_its_long_form(n, unit):
    long = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}[unit]
    assert when(f"+{n}{unit}") == when(f"in {n} {long}")


@pytest.mark.parametrize(
    ("now", "text", "expected"),
    [
        (
            datetime(2026, 11, 25, 9, 30, 41, 500_000, tzinfo=UTC),
            "+2h",
            datetime(2026, 11, 25, 11, 31, tzinfo=UTC),
        ),
        (
            datetime(2026, 11, 25, 9, 30, 12, 345_678, tzinfo=UTC),
            "+30m",
            datetime(2026, 11, 25, 10, 0, tzinfo=UTC),
        ),
        (
            datetime(2026, 11, 25, 9, 30, 12, 345_678, tzinfo=UTC),
            "in 2 hours",
            datetime(2026, 11, 25, 11, 30, tzinfo=UTC),
        ),
    ],
)
def test_relative_times_are_rounded_to_the_minute(now, text, expected):
    assert parse_when(text, now=now) == expected
