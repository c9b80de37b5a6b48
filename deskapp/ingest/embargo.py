"""Embargo lines as the wires write them in the copy, to an aware UTC time.

"EMBARGOED UNTIL 0001 GMT NOVEMBER 28", "Embargoed until 00:01 GMT, Friday 28
November 2026", "Eds: Embargoed until 12:01 a.m. EST Thursday, Nov. 28",
"Sperrfrist: 28. November, 00.01 Uhr", "EMBARGO: 00:01 CET 28.11.2026". A date
with no year takes the year of the reference (the copy's own date) that puts
it nearest; with no reference and no year, the line is not read.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

from deskapp.core.dateline import MONTHS

_LINE = re.compile(
    r"^(?:eds?\s*:\s*)?(?:strictly\s+)?(?:embargo(?:ed)?|sperrfrist|sperrvermerk)\b"
    r"\s*(?:until|till|to|for|bis)?\s*:?\s*(?P<rest>\S.{4,120})$",
    re.IGNORECASE,
)
_TIME = re.compile(
    r"\b(?P<h>\d{1,2})(?:[:.h](?P<mi>\d{2})|(?P<mi2>\d{2})(?=\s*(?:hrs\b|h\b|[A-Z]{2,5}\b"
    r"|(?:mon|tues|wednes|thurs|fri|satur|sun)day\b)))"  # PA: "0001 THURSDAY MARCH 5"
    r"\s*(?:(?P<ampm>[ap])\.?\s?m\.?|uhr|hrs|h)?(?:\s*(?P<tz>[A-Z]{2,5})\b)?",
    re.IGNORECASE,
)
_NUMERIC_DATE = re.compile(r"\b(?P<d>\d{1,2})[./](?P<m>\d{1,2})[./](?P<y>\d{4}|\d{2})?(?!\d)")
_DAY_MONTH = re.compile(
    r"\b(?P<d>\d{1,2})(?:st|nd|rd|th|\.)?\s+(?P<m>[^\W\d_]{3,9})\.?(?:,?\s+(?P<y>\d{4}))?\b"
)
_MONTH_DAY = re.compile(
    r"\b(?P<m>[^\W\d_]{3,9})\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y>\d{4}))?"
)
_ZONES = {
    "GMT": 0,
    "UTC": 0,
    "Z": 0,
    "BST": 60,
    "CET": 60,
    "MEZ": 60,
    "CEST": 120,
    "MESZ": 120,
    "EET": 120,
    "EEST": 180,
    "MSK": 180,
    "EST": -300,
    "EDT": -240,
    "CST": -360,
    "CDT": -300,
    "MST": -420,
    "MDT": -360,
    "PST": -480,
    "PDT": -420,
    "JST": 540,
    "KST": 540,
    "AEST": 600,
    "AEDT": 660,
    "IST": 330,
    "HKT": 480,
    "SGT": 480,
    "ET": -300,
    "PT": -480,
}


def is_embargo_line(text: str) -> bool:
    return len(text) <= 140 and _LINE.match(text.strip()) is not None


# An embargo line with no zone is in the sending agency's own time: PA's "EMBARGOED TO
# 0001 THURSDAY MARCH 5" is UK time (BST in summer), dpa's "00.01 Uhr" German time.
# Agencies not named here write the zone (Reuters and AP: GMT/ET), else UTC is assumed.
HOME_ZONES: dict[str, str] = {
    "pa": "Europe/London",
    "press association": "Europe/London",
    "dpa": "Europe/Berlin",
    "afp": "Europe/Paris",
    "ansa": "Europe/Rome",
    "ntb": "Europe/Oslo",
    "stt": "Europe/Helsinki",
    "aap": "Australia/Sydney",
}


def parse_embargo_line(text: str, reference: datetime | None, agency: str = "") -> datetime | None:
    """The embargo time of a line such as "EMBARGOED UNTIL 0001 GMT NOVEMBER 28", or None;
    with no zone written, the time is `agency`'s home time (`HOME_ZONES`), else UTC."""
    match = _LINE.match(text.strip())
    if match is None:
        return None
    rest = match.group("rest")
    day_month_year = _date(rest)
    time = _TIME.search(rest)
    if day_month_year is None or time is None:
        return None
    day, month, year = day_month_year
    hour = int(time.group("h"))
    minute = int(time.group("mi") or time.group("mi2") or 0)
    ampm = (time.group("ampm") or "").lower()
    if ampm == "p" and hour < 12:
        hour += 12
    elif ampm == "a" and hour == 12:
        hour = 0
    written = (time.group("tz") or "").upper()
    if written not in _ZONES:
        written = ""  # "0001 JULY 5": a month after the time, not a zone
    zone: tzinfo = timezone(timedelta(minutes=_ZONES.get(written, 0)))
    if not written:
        home = HOME_ZONES.get(agency.strip().casefold())
        if "uhr" in rest.casefold():
            home = "Europe/Berlin"  # "Sperrfrist: 5. März, 00.01 Uhr": German time
        if home:
            zone = ZoneInfo(home)
    years = (
        [year]
        if year
        else ([reference.year, reference.year + 1, reference.year - 1] if reference else [])
    )
    best: datetime | None = None
    for candidate in years:
        try:
            when = datetime(candidate, month, day, hour, minute, tzinfo=zone).astimezone(UTC)
        except ValueError:
            continue
        if reference is None or year:
            return when
        if best is None or abs(when - reference) < abs(best - reference):
            best = when
    return best


def _date(text: str) -> tuple[int, int, int | None] | None:
    numeric = _NUMERIC_DATE.search(text)
    if numeric is not None and not _looks_like_time(text, numeric):
        year = numeric.group("y")
        value = int(year) + 2000 if year and len(year) == 2 else (int(year) if year else None)
        day, month = int(numeric.group("d")), int(numeric.group("m"))
        if 1 <= month <= 12 and 1 <= day <= 31:
            return day, month, value
    for pattern in (_DAY_MONTH, _MONTH_DAY):
        for match in pattern.finditer(text):
            name = match.group("m").casefold().rstrip(".")
            named_month = MONTHS.get(name) or (
                MONTHS.get(_unaccented(name)) if not name.isascii() else None
            )  # "März"
            day = int(match.group("d"))
            if named_month is not None and 1 <= day <= 31:
                return day, named_month, int(match.group("y")) if match.group("y") else None
    return None


def _unaccented(text: str) -> str:
    return "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )


def _looks_like_time(text: str, match: re.Match[str]) -> bool:
    """ "00.01 Uhr" is a time, not the first of January."""
    after = text[match.end() : match.end() + 5].strip().casefold()
    return not match.group("y") and after.startswith(("uhr", "h", "gmt", "cet", "utc"))
