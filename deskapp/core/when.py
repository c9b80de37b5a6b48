"""WHEN: the due dates editors type ("fri", "in 3 days", "13/2 15:00"), read exactly.

    parse_when("tomorrow 15:00", now=now, tz="Europe/London")  -> aware datetime
    parse_when("13/2", now=now, date_order="dmy")              -> 13 February
    parse_when("2/13", now=now, date_order="dmy")              -> WhenError (no month 13)

The rules (docs/followups.md shows them to editors):

- A day without a time means "by the end of that day": 23:59:59 in the desk's
  time zone. `is_all_day` recognises such a due; `format_due` shows it as a date.
- A time without a date ("15:00", "3pm") is today at that time.
- Weekday names (`fri`, `friday`, `next friday`) mean the first such day AFTER
  today: typed on a Friday, `fri` is a week ahead (use `today` for today).
- Month-and-day without a year (`feb 13`, `13 feb`, `13/2`) is the next such
  date, today included. With a year it is that date, even in the past.
- `13/2` and `2/13` follow `date_order`: "dmy" (day first, the default) or
  "mdy". A date that does not exist in that order is an error, never swapped.
- Naive times are in the desk's time zone (`tz`, default UTC); ISO times with
  an offset keep it. The result is always timezone-aware.
- Short offsets: `+30m`, `+2h` are that long from now, to the nearest minute
  (an embargo keeps no seconds); `+2d`, `+1w` name a day
  (by its end), like `in 2 days`, `in 1 week`.
- `noon` is 12:00 and `eod` the end of the day, alone (today) or after a day
  (`fri noon`, `tomorrow eod`); `next week` is Monday of next week (by its end).
- The same reading serves note dues and embargoes, in the CLI and on the desk.
  `is_past` tells whether a WHEN has already gone by (a due in the past asks
  for confirmation).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

END_OF_DAY = time(23, 59, 59)

MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "january jan",
        "february feb",
        "march mar",
        "april apr",
        "may",
        "june jun",
        "july jul",
        "august aug",
        "september sep sept",
        "october oct",
        "november nov",
        "december dec",
    ),
    start=1,
):
    for _name in _names.split():
        MONTHS[_name] = _number

WEEKDAYS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "monday mon",
        "tuesday tue tues",
        "wednesday wed",
        "thursday thu thur thurs",
        "friday fri",
        "saturday sat",
        "sunday sun",
    )
):
    for _name in _names.split():
        WEEKDAYS[_name] = _number

UNITS = {
    "minute": "minutes",
    "min": "minutes",
    "hour": "hours",
    "hr": "hours",
    "day": "days",
    "week": "weeks",
}

FORMS_HELP = (
    "today, tomorrow, fri, next monday, next week, in 3 days, +2d, +2h, +30m, "
    "feb 13, 13 feb, 13/2, 2026-03-02, 2026-03-02T15:00, noon, eod; add a time: "
    "tomorrow 15:00, fri 9am, monday 9:00, fri noon"
)


class WhenError(ValueError):
    """A WHEN that cannot be read. `str(exc)` is one line for the editor."""


def desk_zone(name: str | None) -> tzinfo:
    """The editor's time zone: the configured IANA name, else the system's.

    The one place a zone is decided: notes, the queue, export and the desk all
    read and show times through it. Raises WhenError (a ValueError) for an
    unknown name.
    """
    name = (name or "").strip()
    if not name:
        return datetime.now().astimezone().tzinfo or UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise WhenError(f"unknown time zone {name!r} (use a name like Europe/London)") from None


_TIME = re.compile(
    r"(?:^|\s)(?:at\s+)?(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?\s*(?P<ampm>am|pm|a\.m\.|p\.m\.)?$"
)
_IN = re.compile(r"^in\s+(?P<n>\d{1,4}|an?)\s+(?P<unit>[a-z]+?)s?$")
_NUMERIC = re.compile(r"^(?P<a>\d{1,2})[/.](?P<b>\d{1,2})(?:[/.](?P<y>\d{2}|\d{4}))?\.?$")
_NAMED = re.compile(
    r"^(?:(?P<d1>\d{1,2})(?:st|nd|rd|th)?\s+(?P<m1>[a-z]+)\.?"
    r"|(?P<m2>[a-z]+)\.?\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?)(?:,?\s+(?P<y>\d{4}))?$"
)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_OFFSET = re.compile(r"^\+\s*(?P<n>\d{1,4})\s*(?P<unit>m|min|mins|h|hr|hrs|d|w)$")
_OFFSET_UNITS = {
    "m": "min",
    "min": "min",
    "mins": "min",
    "h": "hour",
    "hr": "hour",
    "hrs": "hour",
    "d": "day",
    "w": "week",
}
_NAMED_TIMES = {"noon": time(12, 0), "midday": time(12, 0), "eod": END_OF_DAY}
_ISO_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[t ]\d{1,2}:\d{2}")


def parse_when(
    text: str, *, now: datetime, tz: tzinfo | str | None = None, date_order: str = "dmy"
) -> datetime:
    """The moment `text` names, as an aware datetime in `tz` (or its own ISO offset)."""
    zone = tz if isinstance(tz, tzinfo) else desk_zone(tz)
    if date_order not in ("dmy", "mdy"):
        raise WhenError(f"date_order must be dmy or mdy, not {date_order!r}")
    raw = " ".join(text.split())
    if not raw:
        raise WhenError(f"an empty date: use {FORMS_HELP}")
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    local_now = now.astimezone(zone)
    lowered = raw.lower()
    if _ISO_TIME.match(lowered) or _ISO_DATE.match(lowered):
        return _iso(raw, zone)
    offset = _OFFSET.match(lowered)
    if offset is not None:
        lowered = f"in {offset.group('n')} {_OFFSET_UNITS[offset.group('unit')]}"
    elif lowered.startswith("+"):
        raise WhenError(f"cannot read {raw!r}: say +30m, +2h, +2d or +1w")
    relative = _IN.match(lowered)
    if relative is not None:
        return _relative(relative, local_now, raw)
    day_text, clock = _split_named_time(lowered)
    if clock is None:
        day_text, clock = _split_time(lowered)
    today = local_now.date()
    day = _day(day_text, today, date_order, raw) if day_text else today
    if clock is None:
        return datetime.combine(day, END_OF_DAY, tzinfo=zone)
    return datetime.combine(day, clock, tzinfo=zone)


def _iso(raw: str, zone: tzinfo) -> datetime:
    try:
        if _ISO_DATE.match(raw):
            return datetime.combine(date.fromisoformat(raw), END_OF_DAY, tzinfo=zone)
        value = datetime.fromisoformat(raw.replace("t", "T").replace("z", "Z"))
    except ValueError:
        raise WhenError(f"{raw!r} is not a real date or time") from None
    return value if value.tzinfo else value.replace(tzinfo=zone)


def _relative(match: re.Match[str], local_now: datetime, raw: str) -> datetime:
    unit = UNITS.get(match.group("unit"))
    if unit is None:
        raise WhenError(f"cannot read {raw!r}: say in N minutes, hours, days or weeks")
    count = 1 if match.group("n") in ("a", "an") else int(match.group("n"))
    if unit in ("days", "weeks"):  # a day count names a day: due by its end
        day = local_now.date() + timedelta(**{unit: count})
        return datetime.combine(day, END_OF_DAY, tzinfo=local_now.tzinfo)
    return to_the_minute(local_now + timedelta(**{unit: count}))


def to_the_minute(moment: datetime) -> datetime:
    """`moment` rounded to the nearest whole minute: '+2h' typed at 09:30:41.5 is 11:31."""
    return (moment + timedelta(seconds=30)).replace(second=0, microsecond=0)


def _split_named_time(text: str) -> tuple[str, time | None]:
    """("fri", 12:00) from "fri noon"; ("", 23:59:59) from "eod"."""
    words = text.split()
    if words and words[-1] in _NAMED_TIMES:
        head = " ".join(words[:-1]).removesuffix(" at").strip()
        return head if head != "at" else "", _NAMED_TIMES[words[-1]]
    return text, None


def _split_time(text: str) -> tuple[str, time | None]:
    """("tomorrow", 15:00) from "tomorrow 15:00" / "tomorrow at 3pm"; the day part may be ""."""
    match = _TIME.search(text)
    if match is None:
        return text, None
    head = text[: match.start()].strip()
    if not head and match.group("m") is None and match.group("ampm") is None:
        return text, None  # a bare number ("13") is not a time
    if head and match.group("m") is None and match.group("ampm") is None:
        return text, None  # "feb 13": the 13 is the day, not 13 o'clock
    if _NUMERIC.match(text) or _NAMED.match(text):
        return text, None  # "13.2" is a date, not 13:02
    hour, minute = int(match.group("h")), int(match.group("m") or 0)
    ampm = (match.group("ampm") or "").replace(".", "")
    if ampm:
        if not 1 <= hour <= 12:
            raise WhenError(f"{hour}{ampm} is not a time")
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    if hour > 23 or minute > 59:
        raise WhenError(f"{match.group().strip()!r} is not a time of day")
    return head.removesuffix(" at").strip(), time(hour, minute)


def _day(text: str, today: date, date_order: str, raw: str) -> date:
    if text == "today":
        return today
    if text == "tomorrow":
        return today + timedelta(days=1)
    words = text.split()
    if words == ["next", "week"]:
        return today + timedelta(days=7 - today.weekday())  # Monday of next week
    if words and words[0] in ("next", "this") and len(words) == 2:
        words = words[1:]
    if len(words) == 1 and words[0].rstrip(".") in WEEKDAYS:
        ahead = (WEEKDAYS[words[0].rstrip(".")] - today.weekday() - 1) % 7 + 1
        return today + timedelta(days=ahead)
    numeric = _NUMERIC.match(text)
    if numeric is not None:
        first, second = int(numeric.group("a")), int(numeric.group("b"))
        day, month = (first, second) if date_order == "dmy" else (second, first)
        order = "day/month" if date_order == "dmy" else "month/day"
        return _calendar_day(
            day,
            month,
            numeric.group("y"),
            today,
            f"{raw!r} reads as {order} (date_order {date_order})",
        )
    named = _NAMED.match(text)
    if named is not None:
        name = (named.group("m1") or named.group("m2")).rstrip(".")
        named_month = MONTHS.get(name)
        if named_month is None:
            raise WhenError(f"cannot read {raw!r}: {name!r} is not a month")
        day = int(named.group("d1") or named.group("d2"))
        return _calendar_day(day, named_month, named.group("y"), today, repr(raw))
    raise WhenError(f"cannot read the date {raw!r}: use {FORMS_HELP}")


def _calendar_day(day: int, month: int, year_text: str | None, today: date, what: str) -> date:
    if not 1 <= month <= 12:
        raise WhenError(f"{what}: there is no month {month}")
    if year_text is not None:
        year = int(year_text) + (2000 if len(year_text) == 2 else 0)
        try:
            return date(year, month, day)
        except ValueError:
            raise WhenError(f"{what}: {year} has no day {day} in month {month}") from None
    for year in (today.year, today.year + 1, today.year + 2, today.year + 3, today.year + 4):
        try:
            found = date(year, month, day)
        except ValueError:  # Feb 29 outside a leap year: try the next one
            continue
        if found >= today:
            return found
    raise WhenError(f"{what}: month {month} has no day {day}")


def is_past(when: datetime, now: datetime) -> bool:
    """True when `when` has already gone by at `now` (a naive `now` is read as UTC)."""
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    return when < now


def is_all_day(due: datetime, tz: tzinfo) -> bool:
    """True for a due that names a whole day (stored as the end of that day)."""
    local = due.astimezone(tz)
    return local.time() == END_OF_DAY


def end_of_day(day: date, tz: tzinfo) -> datetime:
    """The due for "by `day`": its last second in the desk's time zone."""
    return datetime.combine(day, END_OF_DAY, tzinfo=tz)


def format_due(due: datetime, tz: tzinfo) -> str:
    """'Fri 2026-11-27' for a whole day, 'Fri 2026-11-27 15:00' for a time, in the desk zone."""
    local = due.astimezone(tz)
    if local.time() == END_OF_DAY:
        return f"{local:%a %Y-%m-%d}"
    return f"{local:%a %Y-%m-%d %H:%M}"
