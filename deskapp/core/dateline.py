"""The dateline that opens wire copy: "LONDON, March 3 (Reuters) - ...".

Handles the agency forms in use: `MOSCOW (Reuters) -`, `LONDON, March 3 (Reuters) -`,
`BOLOGNA, Italy (AP) —`, `Santiago (AFP) –`, `NEW YORK (AP) _` (AP's old
underscore dash), `PARIS, 4 mars (AFP) -`, `KYIV, Ukraine, Jan 5 (Reuters) -`,
`San Diego (tca/dpa) -` (a partner's copy through dpa), `Oslo (NTB): `, the
agency first as ANSA writes it (`(ANSA) - Rome, October 11 -`), a date and no
place (`Jan 3 (Reuters) -`), the agency alone (`(Sports Network) - `) and the
bracketed form `(New York, NY - October 21)`. A place keeps its region as
written beside it (`Dateline.written`: "Chatham, Mass.").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from deskapp.core.credit_line import normalise_name


# Datelines repeat all day ("MOSCOW", "WASHINGTON"): remember their Name Case.
@lru_cache(maxsize=4096)
def _place_name(place: str) -> str:
    if "/" in place:  # "CAIRO/JERUSALEM" -> "Cairo/Jerusalem"
        return "/".join(normalise_name(part) for part in place.split("/"))
    return normalise_name(place)


@dataclass(frozen=True, slots=True)
class Dateline:
    place: str  # the city, Name Case: "New York"
    agency: str  # canonical agency name: "Reuters", "AP", "AFP"
    date_text: str  # as written: "March 3", "" when none
    rest: str  # the paragraph with the dateline removed
    region: str = ""  # country or state when given: "Ukraine", "Italy", "Mass."

    @property
    def written(self) -> str:
        """The place with its region as the dateline wrote it: "Chatham, Mass."."""
        return f"{self.place}, {self.region}" if self.place and self.region else self.place


_DASH = r"(?:-{1,2}|[\u2013\u2014_]|:)"
_DATELINE = re.compile(
    r"^(?P<head>[^\W\d_][^()\n]{0,80}?)\s*\((?P<agency>[^\W\d_][\w .&'/-]{0,30}?)\)"
    rf"\s*{_DASH}\s*(?P<rest>\S.*)$",
    re.DOTALL,
)
# "(ANSA) - Rome, October 11 - ..." and "(Sports Network) - ...": the agency first.
_AGENCY_FIRST = re.compile(
    r"^\((?P<agency>[^\W\d_][\w .&'/-]{0,30}?)\)\s*(?:-{1,2}|[\u2013\u2014])\s*"
    r"(?:(?P<head>[^\W\d_][^()\n]{0,60}?)\s+(?:-{1,2}|[\u2013\u2014])\s+)?(?P<rest>\S.*)$",
    re.DOTALL,
)
# "(New York, NY - October 21) ..."
_BRACKETED = re.compile(
    r"^\((?P<head>[^\W\d_][^()\n]{0,60}?)\s+(?:-{1,2}|[\u2013\u2014])\s+"
    r"(?P<date>[^()\n]{3,20})\)\s*(?P<rest>\S.*)$",
    re.DOTALL,
)
_WEEKDAYS = frozenset(
    {
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "montag",
        "dienstag",
        "mittwoch",
        "donnerstag",
        "freitag",
        "samstag",
        "sonntag",
        "lundi",
        "mardi",
        "mercredi",
        "jeudi",
        "vendredi",
        "samedi",
        "dimanche",
    }
)
_PLACE_WORD = re.compile(r"^(?:[^\W\d_][\w.'\u2019-]*)$")
_LOWER_WORDS = frozenset(
    {
        "de",
        "da",
        "do",
        "dos",
        "das",
        "del",
        "la",
        "le",
        "es",
        "el",
        "al",
        "au",
        "sur",
        "upon",
        "on",
        "of",
        "the",
        "y",
    }
)

AGENCIES: dict[str, str] = {
    "reuters": "Reuters",
    "reuters breakingviews": "Reuters",
    "thomson reuters": "Reuters",
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
    "pa": "PA",
    "pa media": "PA",
    "press association": "PA",
    "ntb": "NTB",
    "stt": "STT",
    "stt-fnb": "STT",
    "apa": "APA",
    "sda": "SDA",
    "anp": "ANP",
    "belga": "Belga",
    "tt": "TT",
    "ritzau": "Ritzau",
    "lusa": "Lusa",
    "anadolu": "Anadolu",
    "epa": "EPA",
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
    if "/" in text:  # dpa's "Kairo/Tel Aviv": every place on the slash a place
        parts = text.split("/")
        return len(parts) <= 3 and all(_looks_like_place(p.strip()) for p in parts)
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


# AAP writes its name bare: "SYDNEY, Nov 27 AAP - ...", the place in CAPS.
_BARE_AGENCY = re.compile(
    r"^(?P<head>[^\W\d_][^()\n]{0,60}?)\s+(?P<agency>AAP)\s*(?:-{1,2}|[\u2013\u2014])\s+"
    r"(?P<rest>\S.*)$",
    re.DOTALL,
)


# AFP's "KYIV (Ukraine) (AFP) -": the country in brackets between the place and the agency.
_REGION_BRACKETED = re.compile(
    r"^(?P<place>[^\W\d_][^()\n,]{0,60}?)\s*\((?P<region>[^\W\d_][^()\n]{0,40}?)\)"
    r"(?P<after>,[^()\n]{1,30})?\s*(?=\([^\W\d_])"
)


def parse_dateline(paragraph: str) -> Dateline | None:
    """The dateline at the start of a paragraph, or None if it does not open with one."""
    if paragraph[:1] != "(" and (bracketed := _REGION_BRACKETED.match(paragraph)) is not None:
        place, region = bracketed.group("place").strip(), bracketed.group("region").strip()
        if _looks_like_place(place) and _looks_like_place(region):
            after = bracketed.group("after") or ""
            return parse_dateline(f"{place}, {region}{after} " + paragraph[bracketed.end() :])
    if " AAP" in paragraph[:80] and (bare := _bare_agency(paragraph.lstrip())) is not None:
        return bare
    if "(" not in paragraph[:160]:
        return None
    text = paragraph.lstrip()
    if text[:1] == "(":
        return _agency_first(text)
    match = _DATELINE.match(text)
    if match is None:
        return None
    agency = _agency_of(match.group("agency"))
    head = match.group("head")
    parsed = None if "," not in head and head[-1:].isdigit() else _place_and_date(head)
    if parsed is None:
        if _date_parts(head) is None or agency.casefold() not in _KNOWN_AGENCIES:
            return None
        return Dateline("", agency, head.strip(), match.group("rest").strip())  # "Jan 3 (..) -"
    place, region, date_text = parsed
    if agency.casefold() not in _KNOWN_AGENCIES and place != place.upper():
        return None  # "The United Nations (UN) - ...": an unknown agency needs a CAPS place
    return Dateline(
        place=_place_name(place),
        agency=agency,
        date_text=date_text,
        rest=match.group("rest").strip(),
        region=region,
    )


def _bare_agency(text: str) -> Dateline | None:
    match = _BARE_AGENCY.match(text)
    if match is None:
        return None
    parsed = _place_and_date(match.group("head"))
    if parsed is None or parsed[0] != parsed[0].upper():
        return None  # the bare form only with a CAPS place: "PERTH, June 4 AAP -"
    place, region, date_text = parsed
    return Dateline(
        _place_name(place),
        canonical_agency(match.group("agency")),
        date_text,
        match.group("rest").strip(),
        region,
    )


def _agency_of(text: str) -> str:
    """The canonical agency; of "tca/dpa" the one that sent it (dpa)."""
    if "/" in text:
        names = [canonical_agency(part) for part in text.split("/") if part.strip()]
        known = [name for name in names if name.casefold() in _KNOWN_AGENCIES]
        return known[-1] if known else canonical_agency(text)
    return canonical_agency(text)


def _place_and_date(head: str) -> tuple[str, str, str] | None:
    """("Chatham", "Mass.", "") of "CHATHAM, Mass.", or None if it is not a dateline head."""
    parts = [p.strip() for p in head.split(",")]
    place = parts[0]
    if not _looks_like_place(place):
        return None
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
        elif _fold(part).rstrip(".") in _WEEKDAYS:
            continue  # "MOSCOW, Monday (Reuters)"
        elif not region and not date_bits and _looks_like_place(part):
            # "Mass.", "N.H.", "ITALY" -> "Italy": an abbreviation keeps its case
            region = (
                part if part != part.upper() or len(part) <= 3 or "." in part else _place_name(part)
            )
        else:
            return None
    return place, region, ", ".join(date_bits)


def _agency_first(text: str) -> Dateline | None:
    """ "(ANSA) - Rome, October 11 - ...", "(Sports Network) - ...", "(New York - Oct 21) ..."."""
    match = _AGENCY_FIRST.match(text)
    if match is not None:
        agency = _agency_of(match.group("agency"))
        if len(agency.split()) > 3:
            return None
        head = match.group("head")
        parsed = _place_and_date(head) if head else None
        if parsed is not None:
            place, region, date_text = parsed
            return Dateline(
                _place_name(place), agency, date_text, match.group("rest").strip(), region
            )
        rest = text[match.start("head") :] if head else match.group("rest")
        if agency.casefold() in _KNOWN_AGENCIES or all(w[0].isupper() for w in agency.split()):
            return Dateline("", agency, "", rest.strip())
        return None
    match = _BRACKETED.match(text)
    if match is None or _date_parts(match.group("date")) is None:
        return None
    parsed = _place_and_date(match.group("head"))
    if parsed is None:
        return None
    place, region, _ = parsed
    return Dateline(
        _place_name(place), "", match.group("date").strip(), match.group("rest").strip(), region
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
