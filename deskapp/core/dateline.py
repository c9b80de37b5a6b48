"""The dateline that opens wire copy: "LONDON, March 3 (Reuters) - ...".

Handles the agency forms in use: `MOSCOW (Reuters) -`, `LONDON, March 3 (Reuters) -`,
`BOLOGNA, Italy (AP) —`, `Santiago (AFP) –`, `NEW YORK (AP) _` (AP's old
underscore dash), `PARIS, 4 mars (AFP) -`, `KYIV, Ukraine, Jan 5 (Reuters) -`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from deskapp.core.credit_line import normalise_name

# Datelines repeat all day ("MOSCOW", "WASHINGTON"): remember their Name Case.
_place_name = lru_cache(maxsize=4096)(normalise_name)


@dataclass(frozen=True, slots=True)
class Dateline:
    place: str  # the city, Name Case: "New York"
    agency: str  # canonical agency name: "Reuters", "AP", "AFP"
    date_text: str  # as written: "March 3", "" when none
    rest: str  # the paragraph with the dateline removed
    region: str = ""  # country or state when given: "Ukraine", "Italy"


_DATELINE = re.compile(
    r"^(?P<head>[^\W\d_][^()\n]{0,80}?)\s*\((?P<agency>[^\W\d_][\w .&'-]{0,30}?)\)"
    r"\s*(?:-{1,2}|[\u2013\u2014_])\s*(?P<rest>\S.*)$",
    re.DOTALL,
)
_PLACE_WORD = re.compile(r"^(?:[^\W\d_][\w.'\u2019-]*)$")
_LOWER_WORDS = frozenset(
    {
        "de", "da", "do", "dos", "das", "del", "la", "le", "es", "el", "al", "au", "sur", "upon",
        "on", "of", "the", "y",
    }
)

AGENCIES: dict[str, str] = {
    "reuters": "Reuters",
    "ap": "AP",
    "the associated press": "AP",
    "associated press": "AP",
    "afp": "AFP",
    "agence france-presse": "AFP",
    "dpa": "dpa",
    "bloomberg": "Bloomberg",
    "xinhua": "Xinhua",
    "upi": "UPI",
    "efe": "EFE",
    "ansa": "ANSA",
    "kyodo": "Kyodo",
    "yonhap": "Yonhap",
    "pti": "PTI",
    "ians": "IANS",
    "aap": "AAP",
    "tass": "TASS",
    "cp": "CP",
    "the canadian press": "CP",
}
_KNOWN_AGENCIES = frozenset(name.casefold() for name in AGENCIES.values())


def canonical_agency(name: str) -> str:
    """ "REUTERS" -> "Reuters", "Associated Press" -> "AP"; unknown names as written."""
    name = name.strip()
    return AGENCIES.get(name.casefold(), name)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()


_MONTH_NAMES: dict[int, str] = {
    1: "january jan janvier janv enero ene januar jaenner",
    2: "february feb fevrier fevr fev febrero febr februar",
    3: "march mar mars marzo marz",
    4: "april apr avril avr abril abr",
    5: "may mai mayo",
    6: "june jun juin junio juni",
    7: "july jul juillet juil julio juli",
    8: "august aug aout agosto ago",
    9: "september sept sep septembre septiembre setiembre",
    10: "october oct octobre octubre oktober okt",
    11: "november nov novembre noviembre",
    12: "december dec decembre diciembre dic dezember dez",
}
MONTHS: dict[str, int] = {
    name: number for number, names in _MONTH_NAMES.items() for name in names.split()
}
_DATE_TEXT = re.compile(
    r"^(?:(?P<d1>\d{1,2})(?:st|nd|rd|th|er)?\.?\s+(?P<m1>[^\W\d_]+)\.?"
    r"|(?P<m2>[^\W\d_]+)\.?\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?)"
    r"(?:,?\s+(?P<year>\d{4}))?$"
)


def _looks_like_place(text: str) -> bool:
    words = text.split()
    if not words or len(words) > 5 or not words[0][0].isupper():
        return False
    for word in words:
        if _PLACE_WORD.match(word) is None:
            return False
        if not word[0].isupper() and word.split("-", 1)[0].lower() not in _LOWER_WORDS:
            return False
    return True


def _date_parts(text: str) -> tuple[int, int, int | None] | None:
    match = _DATE_TEXT.match(text.strip())
    if match is None:
        return None
    month = MONTHS.get(_fold(match.group("m1") or match.group("m2")))
    day = int(match.group("d1") or match.group("d2"))
    if month is None or not 1 <= day <= 31:
        return None
    year = match.group("year")
    return month, day, int(year) if year else None


def parse_dateline(paragraph: str) -> Dateline | None:
    """The dateline at the start of a paragraph, or None if it does not open with one."""
    if "(" not in paragraph[:160]:
        return None
    match = _DATELINE.match(paragraph.lstrip())
    if match is None:
        return None
    parts = [p.strip() for p in match.group("head").split(",")]
    place = parts[0]
    if not _looks_like_place(place):
        return None
    agency = canonical_agency(match.group("agency"))
    if agency.casefold() not in _KNOWN_AGENCIES and place != place.upper():
        return None  # "The United Nations (UN) - ...": an unknown agency needs a CAPS place
    region = ""
    date_bits: list[str] = []
    for part in parts[1:]:
        if not part:
            return None
        if part.isdigit() and date_bits:  # "March 3, 2024"
            date_bits.append(part)
        elif any(ch.isdigit() for ch in part):
            if _date_parts(part) is None:
                return None
            date_bits.append(part)
        elif not region and not date_bits and _looks_like_place(part):
            region = _place_name(part)
        else:
            return None
    return Dateline(
        place=_place_name(place),
        agency=agency,
        date_text=", ".join(date_bits),
        rest=match.group("rest").strip(),
        region=region,
    )


def resolve_dateline_date(date_text: str, reference: date | None) -> date | None:
    """The date a dateline's "March 3" means, the year taken from the reference date.

    A date more than half a year after (before) the reference belongs to the
    year before (after): a "Dec 31" dateline on copy published on Jan 1.
    """
    if not date_text:
        return None
    parts = _date_parts(date_text)
    if parts is None:
        return None
    month, day, year = parts
    if year is None:
        if reference is None:
            return None
        year = reference.year
    try:
        resolved = date(year, month, day)
    except ValueError:
        return None
    if parts[2] is None and reference is not None:
        delta = (resolved - reference).days
        try:
            if delta > 183:
                resolved = resolved.replace(year=year - 1)
            elif delta < -183:
                resolved = resolved.replace(year=year + 1)
        except ValueError:  # Feb 29 in a year without one
            return None
    return resolved
