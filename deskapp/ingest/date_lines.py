"""Header date lines of plain-text copy ("Thursday, 01 Feb 2024", "2024-02-01 10:15 GMT").

`parse_date_line` turns the date line a scraped or wired story carries under its
headline into an aware UTC time; it is precise on purpose (a 60-character line
with a digit, in one of the shapes below), so body text is never taken for one.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from functools import lru_cache

from deskapp.core.dateline import MONTHS

_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_TIME = (
    r"(?:,?\s+(?:at\s+)?(?P<h>\d{1,2})[:.](?P<mi>\d{2})(?::(?P<s>\d{2}))?\s*"
    r"(?P<ampm>[ap]\.?m\.?)?)?(?:\s*(?P<tz>(?:GMT|UTC)[+-]\d{1,2}(?::?\d{2})?|[A-Z]{1,5}"
    r"|[+-]\d{2}:?\d{2}))?"
)
_DATE_LINES = (
    re.compile(
        r"^(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})(?:[T ](?P<h>\d{2}):(?P<mi>\d{2})"
        r"(?::(?P<s>\d{2})(?:\.\d+)?)?)?\s*(?P<tz>Z|[A-Z]{3,5}|[+-]\d{2}:?\d{2})?$"
    ),
    re.compile(
        rf"^{_WEEKDAY}(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mon>[a-z]+)\.?,?\s+(?P<y>\d{{4}})"
        rf"{_TIME}$",
        re.IGNORECASE,
    ),
    re.compile(
        rf"^{_WEEKDAY}(?P<mon>[a-z]+)\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})"
        rf"{_TIME}$",
        re.IGNORECASE,
    ),
)
_HAS_DIGIT = re.compile(r"\d")
_DATE_LABEL = re.compile(r"^(?:published|updated|posted|last updated|date)\s*:?\s*", re.I)
_ZONES = {
    "Z": 0, "UTC": 0, "GMT": 0, "BST": 60, "CET": 60, "CEST": 120, "EET": 120, "EEST": 180,
    "MSK": 180, "EST": -300, "EDT": -240, "CST": -360, "CDT": -300, "MST": -420, "MDT": -360,
    "PST": -480, "PDT": -420, "JST": 540, "KST": 540, "HKT": 480, "SGT": 480, "AEST": 600,
    "AEDT": 660, "IST": 330, "WIB": 420,
}  # fmt: skip


@lru_cache(maxsize=1024)
def parse_date_line(line: str) -> datetime | None:
    """A header date line ("Thursday, 01 Feb 2024", "2024-02-01", ...) as aware UTC.

    Cached (kept for speed, `bench/kept_for_speed.py`): a day's copy carries the same
    date lines, and a `datetime` is immutable."""
    line = line.strip()
    if len(line) > 60 or _HAS_DIGIT.search(line) is None:
        return None
    line = _DATE_LABEL.sub("", line)
    if not line or not line[0].isalnum():
        return None
    for pattern in _DATE_LINES:
        match = pattern.match(line)
        if match is not None:
            return _to_utc(match)
    return None


def _to_utc(match: re.Match[str]) -> datetime | None:
    groups = match.groupdict()
    month = int(groups["mo"]) if groups.get("mo") else MONTHS.get((groups["mon"] or "").lower())
    if month is None:
        return None
    hour = int(groups["h"] or 0)
    ampm = (groups.get("ampm") or "").lower()
    if ampm.startswith("p") and hour < 12:
        hour += 12
    elif ampm.startswith("a") and hour == 12:
        hour = 0
    offset = _zone_offset(groups["tz"])
    try:
        local = datetime(
            int(groups["y"]), month, int(groups["d"]), hour, int(groups["mi"] or 0),
            int(groups["s"] or 0), tzinfo=timezone(timedelta(minutes=offset)) if offset else UTC,
        )  # fmt: skip
    except ValueError:
        return None
    return local.astimezone(UTC) if offset else local  # a UTC time is one already


def _zone_offset(tz: str | None) -> int:
    if not tz:
        return 0
    if tz[:3] in ("GMT", "UTC") and len(tz) > 3:  # "GMT+1", "UTC+05:30"
        hours, _, minutes = tz[4:].partition(":")
        if not minutes and len(hours) > 2:
            hours, minutes = hours[:-2], hours[-2:]
        offset = int(hours) * 60 + int(minutes or 0)
        return offset if tz[3] == "+" else -offset
    if tz[0] in "+-":
        digits = tz[1:].replace(":", "")
        offset = int(digits[:2]) * 60 + int(digits[2:])
        return offset if tz[0] == "+" else -offset
    return _ZONES.get(tz.upper(), 0)
