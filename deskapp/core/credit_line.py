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
from deskapp.core.story import Credit, Role

# --- names -------------------------------------------------------------------

# Lower-case particles inside names and places ("Jan van der Berg", "Rio de Janeiro").
_PARTICLES = frozenset(
    {
        "van", "von", "der", "den", "de", "da", "di", "dos", "das", "do", "del", "della", "bin",
        "bint", "al", "el", "ter", "ten", "zu", "es", "au", "aux", "sur", "upon", "y",
    }
)
_ROMAN = frozenset({"II", "III", "IV", "VI", "VII", "VIII"})
# Lower-case words a credited "name" may hold ("Reuters staff").
_LOWER_OK = frozenset({"staff", "bureau", "bureaus", "team", "newsroom"})
_NOT_NAMES = frozenset(
    {
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today",
        "tomorrow", "yesterday", "january", "february", "march", "april", "may", "june", "july",
        "august", "september", "october", "november", "december", "comparison", "contrast", "then",
        "now",
    }
)
_SPACES = re.compile(r"\s+")
_BAD_NAME_CHARS = re.compile(r"[^\w\s.'\u2019\-]|\d|_")


def normalise_name(name: str) -> str:
    """Trim a name; Name-Case it when it is in ALL CAPS ("KEVIN MCDONALD" -> "Kevin McDonald")."""
    if "  " in name or "\t" in name or "\n" in name:
        name = _SPACES.sub(" ", name)
    name = name.strip(" \t,;")
    if not name or name != name.upper() or name == name.lower():
        return name
    return " ".join(_cap_word(word, i == 0) for i, word in enumerate(name.split(" ")))


def _cap_word(word: str, first: bool) -> str:
    parts = word.split("-")
    out = []
    for i, part in enumerate(parts):
        low = part.lower()
        if (i > 0 or not first) and low in _PARTICLES:
            out.append(low)
        else:
            out.append(_cap_part(part))
    return "-".join(out)


def _cap_part(part: str) -> str:
    if part in _ROMAN:
        return part
    low = part.lower()
    if low.startswith("mc") and len(low) > 3:
        return "Mc" + low[2].upper() + low[3:]
    for quote in ("'", "\u2019"):
        prefix, sep, rest = low.partition(quote)
        if sep and 1 <= len(prefix) <= 2 and rest:
            return prefix.capitalize() + sep + rest.capitalize()
    return low[:1].upper() + low[1:]


def looks_like_name(name: str) -> bool:
    """A credited name: 1-6 capitalised words, no digits, no sentence punctuation."""
    if not name or len(name) > 60 or _BAD_NAME_CHARS.search(name) is not None:
        return False
    words = name.split()
    if len(words) > 6 or not words[0][0].isupper() or name.casefold() in _NOT_NAMES:
        return False
    for word in words:
        if not word[0].isupper():
            head = word.split("-", 1)[0].rstrip(".")
            if head.lower() not in _PARTICLES and word not in _LOWER_OK:
                return False
    return True


# --- name lists: "A in Tokyo and B, C and D" ----------------------------------

_LIST_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b)\s*", re.IGNORECASE)
_PLACE_WORDS = (" in ", " at ", " from ")


def _split_names(text: str) -> list[str] | None:
    """Names in a list, "in CITY (and CITY)" dropped; None if any piece is not a name."""
    text = text.replace(" and ", ",").replace(" AND ", ",").replace(" And ", ",")
    text = text.replace("&", ",").replace(";", ",")
    names: list[str] = []
    after_place = False
    for raw in text.split(","):
        piece = raw.strip(" .")
        if not piece:
            continue
        if after_place and place_key(piece) in PLACES:
            continue  # "... in Tokyo and Seoul"
        after_place = False
        for word in _PLACE_WORDS:
            cut = piece.find(word)
            if cut > 0:
                piece, after_place = piece[:cut], True
                break
        name = _credited_name(piece)
        if name is None:
            return None
        names.append(name)
    return names


@lru_cache(maxsize=8192)
def _credited_name(piece: str) -> str | None:
    """The Name-Cased name, or None if the piece is not one. Cached: desks see the same
    reporters and editors all day."""
    name = normalise_name(piece)
    return name if looks_like_name(name) else None


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


def parse_credit_line(text: str) -> list[Credit] | None:
    """Credits from an agency credit line, or None when the text is not one."""
    text = text.strip()
    if not text or len(text) > 600:
        return None
    if text.endswith("))"):
        text = _CONTACT.sub("", text)
    wrapped = _WRAPPED.match(text)
    inner = (wrapped.group(1) if wrapped else text).strip()
    if wrapped is None and len(inner) > 300:
        return None
    parts = _credit_parts(inner)
    if parts is None:
        return None
    credits: list[Credit] = []
    for keyword, raw in parts:
        part = _strip_part(raw)
        if not part:
            return None
        roles = _ROLES[keyword]
        names = _split_names(part)
        if not roles:
            continue
        if not names:
            return None
        for role in roles:
            for name in names:
                credits.append(Credit(role, name))
    return _dedupe(credits) or None


# --- bylines: "By JANE DOE and JOHN ROE, Associated Press" ---------------------

_BYLINE = re.compile(r"^\s*by[:\s]\s*(.+?)[\s=]*$", re.IGNORECASE | re.DOTALL)
_BYLINE_CUT = re.compile(r"\s+[|\u2014\u2013-]\s+|\s*\|\s*")
_TITLE = re.compile(
    r"(?:(?:the|associated|press|ap|reuters|afp|staff|senior|chief|business|political|"
    r"sports|science|medical|economics|diplomatic|foreign|national|white|house|special|"
    r"reporters?|writers?|correspondents?|editors?|bureau|news|contributor|columnist|"
    r"analyst|to|for|of)\b\.?\s*)+",
    re.IGNORECASE,
)
_AGENCY_TAIL = re.compile(
    r"\s+(?:the\s+)?(?:associated press|AP|Reuters|AFP)(?:\s+[A-Za-z]+)*\s*$", re.IGNORECASE
)


def parse_byline(text: str) -> list[Credit]:
    """Writers from a byline ("By A, B and C"); empty when the text is not a byline."""
    match = _BYLINE.match(text)
    if match is None or len(text) > 200:
        return []
    body = _BYLINE_CUT.split(match.group(1), maxsplit=1)[0]
    pieces = [p.strip() for p in body.split(",")]
    kept = [pieces[0]]
    for piece in pieces[1:]:
        if piece and _TITLE.fullmatch(piece) is None:
            kept.append(piece)
    body = _AGENCY_TAIL.sub("", ", ".join(kept))
    names = _split_names(body)
    if not names:
        return []
    return _dedupe([Credit(Role.WRITER, name) for name in names])


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
    text = _SPACES.sub(" ", text.strip())
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


# --- AFP sign-offs: "jm/sst", "bur-jm/dl" --------------------------------------

_SIGNOFF = re.compile(
    r"^(?:[a-z]{2,8}(?:-[a-z]{2,8})*(?:/[a-z]{2,8}(?:-[a-z]{2,8})*)+|afp|bur(?:-[a-z]{2,8})+)$",
    re.IGNORECASE,
)
_NOT_SIGNOFFS = frozenset({"and/or", "either/or", "his/her", "he/she", "yes/no", "on/off"})


def parse_signoff(text: str) -> str | None:
    """The sign-off initials of a line such as "jm/sst", or None."""
    text = text.strip().rstrip(".")
    if len(text) > 40 or _SIGNOFF.match(text) is None or text.lower() in _NOT_SIGNOFFS:
        return None
    return text
