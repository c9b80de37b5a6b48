"""Who did what on a story, from the lines the wires put it in.

One parser for every source format: credit lines ("(Reporting by A in Tokyo;
Editing by B)"), bylines ("By JANE DOE and JOHN ROE"), "contributed to this
report" lines and AFP-style sign-offs ("jm/sst"). Precision first: anything that
does not read exactly like one of these returns None (or an empty list), so a
body paragraph that merely says "by" is never taken for a credit.
"""

from __future__ import annotations

import re

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
_HAS_PLACE_WORD = re.compile(r" (?:in|at|from) ")
_PLACE_SUFFIX = re.compile(r"^(.*?)\s+(?:in|at|from)\s+(.+)$")


def _split_names(text: str) -> list[str] | None:
    """Names in a list, "in CITY (and CITY)" dropped; None if any piece is not a name."""
    names: list[str] = []
    after_place = False
    for raw in _LIST_SPLIT.split(text):
        piece = raw.strip(" .")
        if not piece:
            continue
        if after_place and place_key(piece) in PLACES:
            continue  # "... in Tokyo and Seoul"
        match = _PLACE_SUFFIX.match(piece) if _HAS_PLACE_WORD.search(piece) else None
        if match is not None:
            piece, after_place = match.group(1), True
        else:
            after_place = False
        piece = normalise_name(piece)
        if not looks_like_name(piece):
            return None
        names.append(piece)
    return names


def _dedupe(credits: list[Credit]) -> list[Credit]:
    seen: set[Credit] = set()
    out = []
    for credit in credits:
        if credit not in seen:
            seen.add(credit)
            out.append(credit)
    return out


# --- credit lines: "(Reporting by A; Writing by B; Editing by C)" -------------

_ROLES: dict[str, tuple[Role, ...]] = {
    "reporting": (Role.REPORTER,),
    "reported": (Role.REPORTER,),
    "additional": (Role.CONTRIBUTOR,),
    "writing": (Role.WRITER,),
    "written": (Role.WRITER,),
    "compiled": (Role.WRITER,),
    "editing": (Role.EDITOR,),
    "edited": (Role.EDITOR,),
    "photo": (Role.PHOTOGRAPHER,),
    "photos": (Role.PHOTOGRAPHER,),
    "photograph": (Role.PHOTOGRAPHER,),
    "photographs": (Role.PHOTOGRAPHER,),
    "photography": (Role.PHOTOGRAPHER,),
}
# "Graphics by" and the like end the previous part, but nobody is credited for them.
_UNCREDITED = r"graphics?|video|research|translation|translated|production|produced|design"
_KEYWORD = re.compile(
    r"\b(reporting\s+and\s+writing|additional\s+reporting|reporting|reported|writing|written"
    rf"|compiled|editing|edited|photos?|photographs?|photography|{_UNCREDITED})\s+by\s+",
    re.IGNORECASE,
)
_WRAPPED = re.compile(r"^[(\[](.*)[)\]]$", re.DOTALL)
_CONTACT = re.compile(r"\s*\(\([^()]*\)\)$")  # Reuters' "((name@example.com; +44 ...))"


def _roles_for(keyword: str) -> tuple[Role, ...]:
    words = keyword.lower().split()
    if len(words) > 1 and words[0] == "reporting":  # "reporting and writing"
        return (Role.REPORTER, Role.WRITER)
    return _ROLES.get(words[0], ())


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


def parse_credit_line(text: str) -> list[Credit] | None:
    """Credits from an agency credit line, or None when the text is not one."""
    text = text.strip()
    if not text or len(text) > 600:
        return None
    if text.endswith("))"):
        text = _CONTACT.sub("", text)
    wrapped = _WRAPPED.match(text)
    inner = (wrapped.group(1) if wrapped else text).strip()
    if _KEYWORD.match(inner) is None:
        return None
    matches = list(_KEYWORD.finditer(inner))
    if wrapped is None and len(inner) > 300:
        return None
    credits: list[Credit] = []
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(inner)
        part = _strip_part(inner[match.end() : end])
        roles = _roles_for(match.group(1))
        if not part:
            return None
        names = _split_names(part)
        if not roles:
            continue
        if not names:
            return None
        credits.extend(Credit(role, name) for role in roles for name in names)
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
