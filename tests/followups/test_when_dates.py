"""WHEN as editors type it, read against a fixed clock: Wednesday 25 Nov 2026, 10:00 UTC."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from deskapp.core.when import WhenError, format_due, is_all_day, parse_when

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)  # a Wednesday
EOD = (23, 59, 59)


def when(text: str, **kw) -> datetime:
    return parse_when(text, now=kw.pop("now", NOW), **kw)


def day_of(value: datetime) -> tuple[int, int, int]:
    return (value.year, value.month, value.day)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("today", (2026, 11, 25)),
        ("tomorrow", (2026, 11, 26)),
        ("Tomorrow", (2026, 11, 26)),
        ("fri", (2026, 11, 27)),
        ("friday", (2026, 11, 27)),
        ("Fri.", (2026, 11, 27)),
        ("mon", (2026, 11, 30)),
        ("next monday", (2026, 11, 30)),
        ("this thursday", (2026, 11, 26)),
        ("wed", (2026, 12, 2)),  # today is Wednesday: a weekday name means the next one
        ("in 3 days", (2026, 11, 28)),
        ("in 1 day", (2026, 11, 26)),
        ("in 2 weeks", (2026, 12, 9)),
        ("in a week", (2026, 12, 2)),
        ("feb 13", (2027, 2, 13)),  # already past this year: the next one
        ("13 feb", (2027, 2, 13)),
        ("February 13", (2027, 2, 13)),
        ("dec 1", (2026, 12, 1)),
        ("nov 25", (2026, 11, 25)),  # today counts for a month and day
        ("feb 13 2026", (2026, 2, 13)),  # a year given is kept, even in the past
        ("13 Feb, 2028", (2028, 2, 13)),
        ("2026-12-24", (2026, 12, 24)),
        ("13/2", (2027, 2, 13)),
        ("1/12", (2026, 12, 1)),
        ("13/2/2027", (2027, 2, 13)),
        ("13.2.27", (2027, 2, 13)),
    ],
)
def test_day_forms_are_due_by_the_end_of_that_day(text, day):
    due = when(text)
    assert day_of(due) == day
    assert (due.hour, due.minute, due.second) == EOD
    assert due.tzinfo is not None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tomorrow 15:00", datetime(2026, 11, 26, 15, 0, tzinfo=UTC)),
        ("tomorrow at 15:00", datetime(2026, 11, 26, 15, 0, tzinfo=UTC)),
        ("fri 9am", datetime(2026, 11, 27, 9, 0, tzinfo=UTC)),
        ("fri 9:30pm", datetime(2026, 11, 27, 21, 30, tzinfo=UTC)),
        ("feb 13 15:00", datetime(2027, 2, 13, 15, 0, tzinfo=UTC)),
        ("13/2 08:15", datetime(2027, 2, 13, 8, 15, tzinfo=UTC)),
        ("16:00", datetime(2026, 11, 25, 16, 0, tzinfo=UTC)),
        ("at 12pm", datetime(2026, 11, 25, 12, 0, tzinfo=UTC)),
        ("tomorrow 12am", datetime(2026, 11, 26, 0, 0, tzinfo=UTC)),
        ("in 3 hours", datetime(2026, 11, 25, 13, 0, tzinfo=UTC)),
        ("in 90 minutes", datetime(2026, 11, 25, 11, 30, tzinfo=UTC)),
        ("2026-12-24T15:00", datetime(2026, 12, 24, 15, 0, tzinfo=UTC)),
        ("2026-12-24 15:00", datetime(2026, 12, 24, 15, 0, tzinfo=UTC)),
    ],
)
def test_times(text, expected):
    assert when(text) == expected


def test_iso_offset_is_kept():
    due = when("2026-12-24T15:00+02:00")
    assert due == datetime(2026, 12, 24, 13, 0, tzinfo=UTC)


def test_day_order_follows_date_order_and_never_swaps():
    assert day_of(when("2/3", date_order="dmy")) == (2027, 3, 2)
    assert day_of(when("2/3", date_order="mdy")) == (2027, 2, 3)
    assert day_of(when("2/13", date_order="mdy")) == (2027, 2, 13)
    with pytest.raises(WhenError, match="no month 13"):
        when("2/13", date_order="dmy")
    with pytest.raises(WhenError, match="no month 13"):
        when("13/2", date_order="mdy")


def test_mdy_year_rolls_forward_from_today():
    assert day_of(when("12/24", date_order="mdy")) == (2026, 12, 24)
    assert day_of(when("11/24", date_order="mdy")) == (2027, 11, 24)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "someday",
        "feb 30",
        "31/4",
        "30 feb 2027",
        "2026-02-30",
        "in 3 fortnights",
        "25:00",
        "tomorrow 24:00",
        "13pm",
        "fri 9",
        "smarch 3",
        "next",
        "in days",
    ],
)
def test_unreadable_is_one_clear_line(text):
    with pytest.raises(WhenError) as caught:
        when(text)
    message = str(caught.value)
    assert message and "\n" not in message


def test_unknown_month_names_the_word():
    with pytest.raises(WhenError, match="'smarch' is not a month"):
        when("smarch 3")


def test_feb_29_without_a_year_finds_the_next_leap_year():
    assert day_of(when("29/2")) == (2028, 2, 29)


def test_relative_to_the_given_now_and_zone():
    tokyo = ZoneInfo("Asia/Tokyo")
    # 20:00 UTC on Wednesday is already Thursday 05:00 in Tokyo
    late = datetime(2026, 11, 25, 20, 0, tzinfo=UTC)
    due = when("today", now=late, tz=tokyo)
    assert due == datetime(2026, 11, 26, 23, 59, 59, tzinfo=tokyo)
    assert when("tomorrow 9:00", now=late, tz="Asia/Tokyo") == datetime(
        2026, 11, 27, 9, 0, tzinfo=tokyo
    )
    assert when("fri", now=late, tz=tokyo).date() == datetime(2026, 11, 27).date()
    assert when("2026-12-24 15:00", tz=tokyo).astimezone(UTC) == datetime(
        2026, 12, 24, 6, 0, tzinfo=UTC
    )


def test_naive_now_is_read_as_utc():
    assert day_of(when("tomorrow", now=NOW.replace(tzinfo=None))) == (2026, 11, 26)


def test_unknown_zone_is_an_error():
    with pytest.raises(WhenError, match="unknown time zone"):
        when("today", tz="Mars/Olympus")


def test_today_is_not_overdue_the_moment_it_is_set():
    assert when("today") > NOW
    assert when("in 0 days") > NOW


def test_format_and_all_day():
    zone = timezone(timedelta(hours=-5))
    whole = when("fri", tz=zone)
    timed = when("fri 15:00", tz=zone)
    assert is_all_day(whole, zone) and not is_all_day(timed, zone)
    assert format_due(whole, zone) == "Fri 2026-11-27"
    assert format_due(timed, zone) == "Fri 2026-11-27 15:00"
    # stored as UTC, the whole day still shows as that day in the desk's zone
    assert format_due(whole.astimezone(UTC), zone) == "Fri 2026-11-27"
