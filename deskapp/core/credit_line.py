"""Who did what on a story, from the lines the wires put it in.

One parser for every source format: credit lines ("(Reporting by A in Tokyo;
Editing by B)"), bylines ("By JANE DOE and JOHN ROE"), "contributed to this
report" lines and AFP-style sign-offs ("jm/sst"). Precision first: anything that
does not read exactly like one of these returns None (or an empty list), so a
body paragraph that merely says "by" is never taken for a credit.
"""

from __future__ import annotations

import re
from functools import lru_cache

from deskapp.core.gazetteer import PLACES, place_key
from deskapp.core.person_names import (
    AGENCY_NAMES,
    is_outlet,
    is_title,
    looks_like_name,
    normalise_name,
    strip_title_tail,
)
from deskapp.core.story import Credit, Role

__all__ = [
    "is_agency_byline",
    "is_byline_start",
    "looks_like_name",
    "normalise_name",
    "parse_agency_credit",
    "parse_byline",
    "parse_contributed_line",
    "parse_credit_line",
    "parse_signoff",
]

# --- name lists: "A in Tokyo and B, C and D" ----------------------------------

_LIST_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b)\s*", re.IGNORECASE)
_PLACE_WORDS = (" in ", " at ", " from ")


def _split_names(text: str, *, lenient: bool = False) -> list[str] | None:
    """Names in a list, "in CITY (and CITY)" dropped; None if any piece is not a name.

    `lenient` keeps the plausible names and drops the rest (a credit line with one
    odd part still credits its people); it returns None only when a piece reads
    like a sentence rather than a slip.
    """
    text = text.replace(" and ", ",").replace(" AND ", ",").replace(" And ", ",")
    text = text.replace("&", ",").replace(";", ",")
    names: list[str] = []
    after_place = recognised = False
    for raw in text.split(","):
        piece = raw.strip(" .")
        if not piece:
            continue
        if after_place and (" " not in piece or place_key(piece) in PLACES or _is_city(piece)):
            continue  # "... in Tokyo and Seoul", "... in Kramatorsk and Sloviansk"
        after_place = False
        lowered = piece.lower()
        for word in _PLACE_WORDS:
            cut = lowered.find(word)
            if cut > 0:
                piece, after_place = piece[:cut], True
                break
        name = _credited_name(piece)
        if name is None:
            if not lenient or len(piece.split()) > 3:
                return None
            continue
        recognised = True
        if name:
            names.append(name)
    return names if recognised or not lenient else None


def _is_city(piece: str) -> bool:
    from deskapp.core.gazetteer import find_city  # the city table loads on first need

    return len(piece.split()) <= 3 and find_city(piece) is not None


@lru_cache(maxsize=8192)
def _credited_name(piece: str) -> str | None:
    """The Name-Cased name, "" for an agency or outlet (nobody), None if not a name.

    Cached: desks see the same reporters and editors all day."""
    name = normalise_name(piece)
    if is_outlet(name):
        return ""
    if not looks_like_name(name):
        return None
    return name


def _dedupe(credits: list[Credit]) -> list[Credit]:
    seen: set[tuple[str, str]] = set()
    out: list[Credit] = []
    for credit in credits:
        key = (credit.role.value, credit.name)
        if key not in seen:
            seen.add(key)
            out.append(credit)
    return out


# --- credit lines: "(Reporting by A; Writing by B; Editing by C)" -------------

_ROLES: dict[str, tuple[Role, ...]] = {
    "reporting": (Role.REPORTER,),
    "reported": (Role.REPORTER,),
    "additional reporting": (Role.CONTRIBUTOR,),
    "reporting and writing": (Role.REPORTER, Role.WRITER),
    "writing": (Role.WRITER,),
    "written": (Role.WRITER,),
    "compiled": (Role.WRITER,),
    "editing": (Role.EDITOR,),
    "edited": (Role.EDITOR,),
    "photo": (Role.PHOTOGRAPHER,),
    "photos": (Role.PHOTOGRAPHER,),
    "photographs": (Role.PHOTOGRAPHER,),
    "photography": (Role.PHOTOGRAPHER,),
    # these end the previous part, but nobody is credited for them
    "graphic": (),
    "graphics": (),
    "video": (),
    "research": (),
    "translation": (),
    "translated": (),
    "production": (),
    "produced": (),
    "design": (),
}
_WRAPPED = re.compile(r"^[(\[](.*)[)\]]$", re.DOTALL)
_CONTACT = re.compile(r"\s*\(\([^()]*\)\)$")  # Reuters' "((name@example.com; +44 ...))"


def _strip_part(part: str) -> str:
    """A credit part's names without the separators around them: "A and B; " -> "A and B"."""
    while True:
        part = part.strip(" \t\n;,.")
        if part[-4:].lower() == " and":
            part = part[:-4]
        elif part[:4].lower() == "and ":
            part = part[4:]
        else:
            return part


def _trailing_keyword(chunk: str) -> tuple[str, str] | None:
    """Split "A and B; Additional reporting" into ("A and B;", "additional reporting")."""
    words = chunk.split()
    for size in (3, 2, 1):
        if len(words) >= size:
            keyword = " ".join(words[-size:]).lower()
            if keyword in _ROLES:
                return " ".join(words[:-size]), keyword
    return None


def _credit_parts(inner: str) -> list[tuple[str, str]] | None:
    """[(keyword, names), ...] of a credit line's text, or None if it does not read as one.

    Works by splitting on " by " (C-speed) rather than scanning with a regex.
    """
    inner = " ".join(inner.split())
    chunks = inner.replace(" By ", " by ").replace(" BY ", " by ").split(" by ")
    if len(chunks) < 2:
        return None
    keyword = chunks[0].lower()
    if keyword not in _ROLES:
        return None  # a credit line opens with its first keyword
    parts: list[tuple[str, str]] = []
    for chunk in chunks[1:-1]:
        split = _trailing_keyword(chunk)
        if split is None:
            return None  # "by" inside a part: not a credit line
        parts.append((keyword, split[0]))
        keyword = split[1]
    parts.append((keyword, chunks[-1]))
    return parts


_BY_COLON = re.compile(r"\s+by\s*:\s*", re.IGNORECASE)


def parse_credit_line(text: str) -> list[Credit] | None:
    """Credits from an agency credit line, or None when the text is not one.

    Every shape the wires use: "(Reporting by A; Editing by B)", lower case and
    comma-joined ("(reporting by A, editing by B)"), IPTC 7901's "Reporting by: A".
    A part that names nobody plausible is dropped, not the whole line.
    """
    credits = _credit_line(text)
    return None if credits is None else list(credits)


@lru_cache(maxsize=4096)
def _credit_line(text: str) -> tuple[Credit, ...] | None:
    """`parse_credit_line`, cached (kept for speed, `bench/kept_for_speed.py`): a desk's
    credit lines name the same reporters and editors all day; a `Credit` is immutable."""
    text = text.strip()
    if not text or len(text) > 600:
        return None
    if text.endswith("))"):
        text = _CONTACT.sub("", text)
    wrapped = _WRAPPED.match(text)
    inner = (wrapped.group(1) if wrapped else text).strip()
    if wrapped is None and len(inner) > 300:
        return None
    if ":" in inner:
        inner = _BY_COLON.sub(" by ", inner)
    parts = _credit_parts(inner)
    if parts is None:
        return None
    credits: list[Credit] = []
    plausible = 0
    for keyword, raw in parts:
        part = _strip_part(raw)
        if not part:
            return None
        roles = _ROLES[keyword]
        if not roles:
            continue
        names = _split_names(part, lenient=True)
        if names is None:
            if len(part.split()) > 3:
                return None  # a sentence, not a list of names
            continue
        plausible += 1
        for role in roles:
            for name in names:
                credits.append(Credit(role, name))
    if not plausible:
        return None
    return tuple(_dedupe(credits))


# --- bylines: "By JANE DOE and JOHN ROE, Associated Press" ---------------------

# "By" in the wires' languages: dpa "Von", NTB "Av", Ritzau "Af", AFP "Par", EFE "Por".
_BYLINE = re.compile(
    r"^\s*(?:by|von|av|af|par|por|door)[:\s]\s*(.+?)[\s=]*$", re.IGNORECASE | re.DOTALL
)
_BYLINE_JOIN = re.compile(r"\s+(?:with|avec|mit|og|och|und|ja|et|y)\s+", re.IGNORECASE)
_BYLINE_FOR = re.compile(r"\s+(?:for|für|pour)\s+(?:the\s+)?\S.*$", re.IGNORECASE)
_BYLINE_CUT = re.compile(r"\s+[|\u2014\u2013-]\s+|\s*[|/]\s*")
_AGENCY_TAIL = re.compile(
    r"\s+(?:the\s+)?(?:associated press|AP|Reuters|AFP)(?:\s+[A-Za-z]+)*\s*$", re.IGNORECASE
)


_BYLINE_STARTS = ("by ", "by\t", "by\n", "by:", "von ", "av ", "af ", "par ", "por ", "door ")


def is_byline_start(text: str) -> bool:
    """Whether a line opens like a byline ("By ", dpa "Von ", NTB "Av ", AFP "Par ")."""
    return text[:5].lower().startswith(_BYLINE_STARTS)


def is_agency_byline(text: str) -> bool:
    """A byline that names no person: "By The Associated Press", "By PA Sport Staff"."""
    match = _BYLINE.match(text) if len(text) <= 80 else None
    if match is None:
        return False
    body = match.group(1).strip()
    return is_outlet(body) or is_title(body)


def parse_byline(text: str) -> list[Credit]:
    """Writers from a byline ("By A, B and C"); empty when the text is not a byline.

    A title or outlet beside the names (after a comma, a slash, a dash or on the
    next line: "By MARIA LOPEZ / AP Business Writer", "By Tom Reed, Press
    Association Political Correspondent") is not a person; nor is an agency
    standing as the byline ("By Reuters").
    """
    match = _BYLINE.match(text)
    if match is None or len(text) > 200:
        return []
    body = match.group(1)
    if not any(mark in body for mark in "|/\u2014\u2013\n,") and (
        is_outlet(body) or is_title(body)
    ):
        return []  # "By Reuters", "By Thomson Reuters", "By Staff Writer": nobody
    if "\n" in body:
        lines = [line.strip() for line in body.split("\n") if line.strip()]
        if not lines:
            return []
        body = lines[0]
        for line in lines[1:]:  # "By Ana Ruiz and" / "Jean d'Arcy": the list goes on
            if not body.rstrip().lower().endswith((" and", "&", ",")):
                break
            body = f"{body} {line}"
    body = _BYLINE_CUT.split(body, maxsplit=1)[0]
    body = _BYLINE_JOIN.sub(" and ", body)  # AFP "by Jean Dupont with Marie Martin"
    pieces = [_BYLINE_FOR.sub("", p.strip()) for p in body.split(",")]
    kept = [pieces[0]]
    for piece in pieces[1:]:
        if piece and not is_title(piece) and not _acronym(piece):
            kept.append(piece)
    body = _AGENCY_TAIL.sub("", ", ".join(kept))
    body = body.replace(" and ", ",").replace(" AND ", ",").replace(" And ", ",")
    body = ", ".join(strip_title_tail(p.strip()) for p in body.replace("&", ",").split(","))
    names = _split_names(body)
    if not names:
        return []
    return _dedupe([Credit(Role.WRITER, name) for name in names])


def _acronym(piece: str) -> bool:
    """ "CNN", "BBC", "NHK": an outlet's initials after a comma, not a one-word name."""
    return " " not in piece and piece.isupper() and 2 <= len(piece) <= 5


# --- "Jane Doe in Paris contributed to this report." ----------------------------

_CONTRIBUTED = re.compile(
    r"^(?P<who>.+?)\s+(?:also\s+)?contributed(?:\s+reporting)?"
    r"(?:\s+to\s+(?:this|the)\s+(?:report|story|article|coverage))?"
    r"(?:\s+(?:from|in)\s+[^.]+)?\s*\.?\s*$",
    re.IGNORECASE | re.DOTALL,
)
_SENTENCE_BREAK = re.compile(r"[a-z]{3,}[.!?]\s")
_CONTRIBUTOR_TITLE = re.compile(
    r"^(?:the\s+)?(?:(?:associated\s+press|ap|reuters|afp)\s+)?(?:[a-z]+\s+)?"
    r"(?:staff\s+)?(?:writers?|reporters?|correspondents?|journalists?|photographers?|"
    r"videographers?|researchers?|staff)\s+",
    re.IGNORECASE,
)


def parse_contributed_line(text: str) -> list[Credit] | None:
    """Contributors from a "... contributed to this report." paragraph, else None."""
    text = " ".join(text.split())  # blanks folded to single spaces
    if len(text) > 400:
        return None
    match = _CONTRIBUTED.match(text)
    if match is None:
        return None
    who = match.group("who")
    if _SENTENCE_BREAK.search(who) is not None:
        return None
    pieces = [_CONTRIBUTOR_TITLE.sub("", p.strip()) for p in _LIST_SPLIT.split(who)]
    names = _split_names(", ".join(p for p in pieces if p))
    if not names:
        return None
    return _dedupe([Credit(Role.CONTRIBUTOR, name) for name in names])


# --- "STT–Laura Heikkinen": the agency, a dash, the writer ---------------------

_AGENCY_DASH = re.compile(r"^(?P<agency>[A-Za-z]{2,5})\s?[\u2013\u2014-]\s?(?P<names>\S.{2,70})$")


def parse_agency_credit(text: str) -> list[Credit] | None:
    """Writers of a line "STT–Laura Heikkinen" (the agency, a dash, names), else None."""
    head = text[:8]
    if len(text) > 80 or not ("\u2013" in head or "-" in head or "\u2014" in head):
        return None
    match = _AGENCY_DASH.match(text.strip().rstrip("."))
    if match is None or match.group("agency").casefold() not in AGENCY_NAMES:
        return None
    names = _split_names(normalise_name(match.group("names")))
    if not names:
        return None
    return _dedupe([Credit(Role.WRITER, name) for name in names])


# --- sign-offs: AFP "jm/sst", dpa "dpa abc def", AAP "AAP RTV ar", NTB "(©NTB)" ---------

_SIGNOFF = re.compile(
    r"^(?:[a-z]{2,8}(?:-[a-z]{2,8})*(?:/[a-z]{2,8}(?:-[a-z]{2,8})*)+|afp|bur(?:-[a-z]{2,8})+)$",
    re.IGNORECASE,
)
_AGENCY_SIGNOFF = re.compile(
    r"^(?:dpa|aap|afp|ansa|apa|sda|anp|ntb|stt|lusa|efe|kna|epd|pa|tt|ritzau)"
    r"(?:[ /]+[A-Za-z][A-Za-z0-9]{0,3}){0,6}$|^\(?\u00a9\s?(?:NTB|NPK|STT|TT|ANSA|APA|dpa)\)?$",
    re.IGNORECASE,
)
_SIGNOFF_DASHES = ("-", "\u2013", "\u2014")
_NOT_SIGNOFFS = frozenset({"and/or", "either/or", "his/her", "he/she", "yes/no", "on/off"})
_NOT_INITIALS = frozenset(
    {
        "is",
        "on",
        "it",
        "the",
        "and",
        "to",
        "in",
        "of",
        "a",
        "at",
        "by",
        "for",
        "has",
        "was",
        "are",
        "said",
        "says",
        "will",
        "had",
        "its",
        "as",
        "an",
        "or",
        "not",
        "but",
        "be",
        "did",
        "got",
        "new",
        "also",
        "news",
        "all",
        "no",
        "yes",
        "so",
        "if",
        "we",
        "he",
        "she",
        "they",
        "his",
        "her",
        "who",
        "now",
        "then",
        "one",
        "two",
        "with",
        "from",
        "more",
        "this",
    }
)


def parse_signoff(text: str) -> str | None:
    """The sign-off of a line such as "jm/sst", "dpa abc def" or "AAP RTV ar", or None."""
    text = text.strip().rstrip(".")
    if len(text) > 40:
        return None
    if text[:1] in _SIGNOFF_DASHES:  # "-- dpa ms xx", "— jm/sst": the dash sets it off
        text = text.lstrip("".join(_SIGNOFF_DASHES) + " ")
    if _SIGNOFF.match(text) is not None:
        return None if text.lower() in _NOT_SIGNOFFS else text
    if _AGENCY_SIGNOFF.match(text) is None:
        return None
    words = text.replace("/", " ").split()[1:]
    if any(w.lower() in _NOT_INITIALS for w in words):
        return None
    return text
