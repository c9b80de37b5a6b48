"""People's names as the wires write them, and what is not a person.

`normalise_name` Name-Cases a name sent in CAPS; `looks_like_name` says whether a
piece of a credit can be a person; `is_outlet` and `is_title` recognise what
bylines put beside a person and is never one: an agency or outlet ("Reuters",
"PA Media", "Factcheck.no") and a job title ("AP Business Writer",
"Political Correspondent").
"""

from __future__ import annotations

import re

# Lower-case particles inside names and places ("Jan van der Berg", "Rio de Janeiro").
PARTICLES = frozenset(
    {
        "van",
        "von",
        "der",
        "den",
        "de",
        "da",
        "di",
        "dos",
        "das",
        "do",
        "del",
        "della",
        "bin",
        "bint",
        "ibn",
        "al",
        "el",
        "ter",
        "ten",
        "zu",
        "es",
        "au",
        "aux",
        "sur",
        "upon",
        "y",
        "la",
        "le",
        "du",
        "des",
        "dei",
        "degli",
        "af",
        "av",
        "vom",
        "zum",
        "zur",
        "op",
        "het",
        "ap",  # Welsh "son of": "Dafydd ap Gwilym"
    }
)
# Elided particles before an apostrophe, written lower case inside a name ("Jean d'Arcy").
_ELIDED = frozenset({"d", "l", "dell", "dall", "degl"})
_ROMAN = frozenset({"II", "III", "IV", "VI", "VII", "VIII"})
# Lower-case words a credited "name" may hold ("Reuters staff").
_LOWER_OK = frozenset({"staff", "bureau", "bureaus", "team", "newsroom"})
_NOT_NAMES = frozenset(
    {
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "today",
        "tomorrow",
        "yesterday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "comparison",
        "contrast",
        "then",
        "now",
    }
)
_SPACES = re.compile(r"\s+")
_BAD_NAME_CHARS = re.compile(r"[^\w\s.'\u2019\-]|\d|_")

# Agencies and outlets, casefolded: a credit that names only one of them names nobody.
AGENCY_NAMES = frozenset(
    {
        "reuters",
        "thomson reuters",
        "ap",
        "associated press",
        "the associated press",
        "afp",
        "agence france-presse",
        "agence france presse",
        "dpa",
        "deutsche presse-agentur",
        "pa",
        "pa media",
        "press association",
        "the press association",
        "pa news agency",
        "aap",
        "australian associated press",
        "ansa",
        "ntb",
        "norsk telegrambyra",
        "stt",
        "stt-fnb",
        "stt fnb",
        "tt",
        "ritzau",
        "efe",
        "xinhua",
        "kyodo",
        "yonhap",
        "bloomberg",
        "upi",
        "tass",
        "ria",
        "ria novosti",
        "anadolu",
        "cp",
        "the canadian press",
        "canadian press",
        "press trust of india",
        "al jazeera",
        "apa",
        "sda",
        "keystone-sda",
        "anp",
        "belga",
        "lusa",
        "epa",
        "epa-efe",
        "getty images",
        "sports network",
        "the sports network",
        "bloomberg news",
        "reuters staff",
        "afp staff",
        "ap staff",
        "dpa staff",
        "staff",
        "wire services",
        "agencies",
        "news agencies",
        "nzpa",
        "ians",
        "pti",
        "dpa-afx",
        "kna",
        "epd",
    }
)
_OUTLET_WORDS = frozenset(
    {
        "news",
        "media",
        "press",
        "agency",
        "times",
        "post",
        "journal",
        "herald",
        "tribune",
        "telegraph",
        "guardian",
        "gazette",
        "network",
        "radio",
        "television",
        "tv",
        "online",
        "magazine",
        "newspaper",
        "daily",
        "weekly",
        "wire",
        "service",
        "services",
        "group",
        "broadcasting",
        "corporation",
        "channel",
        "newsroom",
        "desk",
        "bureau",
        "staff",
    }
)
# Outlet words that are also surnames: an outlet only after a place ("Bangkok Post").
_SURNAME_OUTLET_WORDS = frozenset(
    {"post", "press", "daily", "wire", "service", "group", "times", "herald", "guardian"}
)
_DOMAIN = re.compile(r"\w\.(?:[a-z]{2,6})$", re.IGNORECASE)
# The words job titles in bylines are made of; a title holds at least one head word.
TITLE_HEADS = frozenset(
    {
        "writer",
        "writers",
        "correspondent",
        "correspondents",
        "reporter",
        "reporters",
        "editor",
        "editors",
        "columnist",
        "columnists",
        "analyst",
        "contributor",
        "critic",
        "photographer",
        "journalist",
        "journalists",
        "producer",
        "commentator",
        "specialist",
        "staff",
        "bureau",
        "chief",
        "intern",
        "stringer",
        "videographer",
        "freelance",
        "freelancer",
        "director",
    }
)
_TITLE_WORDS = TITLE_HEADS | {
    "the",
    "associated",
    "press",
    "ap",
    "reuters",
    "afp",
    "dpa",
    "pa",
    "aap",
    "senior",
    "deputy",
    "business",
    "political",
    "politics",
    "sports",
    "sport",
    "science",
    "medical",
    "health",
    "economics",
    "economic",
    "economy",
    "diplomatic",
    "foreign",
    "national",
    "international",
    "white",
    "house",
    "special",
    "news",
    "contributing",
    "for",
    "of",
    "to",
    "and",
    "at",
    "in",
    "&",
    "technology",
    "tech",
    "markets",
    "energy",
    "legal",
    "courts",
    "environment",
    "climate",
    "entertainment",
    "arts",
    "culture",
    "education",
    "religion",
    "defence",
    "defense",
    "security",
    "investigative",
    "global",
    "european",
    "europe",
    "africa",
    "asia",
    "middle",
    "east",
    "america",
    "americas",
    "latin",
    "regional",
    "state",
    "city",
    "local",
    "media",
    "wire",
    "staff",
    "north",
    "south",
    "west",
    "chief",
    "correspondent",
    "crime",
    "home",
    "affairs",
    "industry",
    "transport",
    "travel",
    "food",
    "fashion",
    "motoring",
    "royal",
    "parliamentary",
    "lobby",
    "westminster",
    "data",
    "visual",
    "video",
    "photo",
    "turkey",
    "tokyo",
    "london",
    "paris",
    "berlin",
    "washington",
    "moscow",
    "beijing",
    "brussels",
    "agence",
    "france-presse",
    "association",
    "ansa",
    "ntb",
    "stt",
    "bloomberg",
    "xinhua",
}


# Words of section names ("Middle East", "World News"), never a name on a line of its own.
SECTION_WORDS = frozenset(
    {
        "world",
        "news",
        "middle",
        "east",
        "west",
        "north",
        "south",
        "business",
        "sport",
        "sports",
        "politics",
        "markets",
        "europe",
        "asia",
        "africa",
        "americas",
        "technology",
        "science",
        "health",
        "entertainment",
        "lifestyle",
        "opinion",
        "breakingviews",
        "economy",
        "finance",
        "environment",
        "culture",
        "arts",
        "travel",
        "national",
        "local",
        "international",
        "breaking",
        "latest",
        "top",
        "stories",
        "live",
        "updates",
        "nation",
    }
)


def normalise_name(name: str) -> str:
    """Trim a name; Name-Case it when it is in ALL CAPS ("KEVIN MCDONALD" -> "Kevin McDonald")."""
    if "  " in name or "\t" in name or "\n" in name:
        name = _SPACES.sub(" ", name)
    name = name.strip(" \t,;")
    if not name or name == name.lower():
        return name
    words = name.split(" ")
    if name != name.upper():
        # AFP writes the surname in CAPS ("Jean DUPONT"), AP keeps a prefix's case in a
        # CAPS byline ("ERIN McALLISTER", "DeSANTIS"): Name-Case those words only
        if not (any(_caps_word(w) for w in words[1:]) or any(_prefixed_caps(w) for w in words)):
            return name  # AP datelines too: "McALLEN", "DeKALB"
        return " ".join(
            _cap_word(w, i == 0) if _caps_word(w) else _cap_prefixed(w) for i, w in enumerate(words)
        )
    return " ".join(_cap_word(word, i == 0) for i, word in enumerate(words))


# "McALLISTER", "MacDONALD", "DeSANTIS", "LaGUARDIA": a Name-Cased prefix, then CAPS.
_CAPS_AFTER_PREFIX = re.compile(r"^(Mc|Mac|De|Di|Da|La|Le|Van|Von|Du)([A-Z]{3,}[A-Z'\u2019-]*)$")


def _prefixed_caps(word: str) -> bool:
    """ "McALLISTER", "O'DONNELL-McGRATH": CAPS but for a prefix's lower-case letters."""
    parts = word.split("-")
    return any(_CAPS_AFTER_PREFIX.match(p) for p in parts) and all(
        p.isupper() or _CAPS_AFTER_PREFIX.match(p) for p in parts
    )


def _cap_prefixed(word: str) -> str:
    if not _prefixed_caps(word):
        return word
    out = []
    for part in word.split("-"):
        match = _CAPS_AFTER_PREFIX.match(part)
        out.append(
            match.group(1) + _cap_word(match.group(2), True) if match else _cap_word(part, True)
        )
    return "-".join(out)


def _caps_word(word: str) -> bool:
    letters = [ch for ch in word if ch.isalpha()]
    return len(letters) >= 3 and word.isupper() and word.upper() not in _ROMAN


def _cap_word(word: str, first: bool) -> str:
    parts = word.split("-")
    out = []
    for i, part in enumerate(parts):
        low = part.lower()
        if (i > 0 or not first) and low in PARTICLES:
            out.append(low)
        else:
            out.append(_cap_part(part, first and i == 0))
    return "-".join(out)


def _cap_part(part: str, first: bool) -> str:
    if part in _ROMAN:
        return part
    low = part.lower()
    if low.startswith("mc") and len(low) > 3:
        return "Mc" + low[2].upper() + low[3:]
    for quote in ("'", "\u2019"):
        prefix, sep, rest = low.partition(quote)
        if sep and 1 <= len(prefix) <= 4 and rest:
            head = prefix if (not first and prefix in _ELIDED) else prefix.capitalize()
            if len(prefix) <= 2 or prefix in _ELIDED:
                return head + sep + _cap_part(rest, False)
    return low[:1].upper() + low[1:]


def _lower_word_ok(word: str) -> bool:
    head = word.split("-", 1)[0].rstrip(".")
    low = head.lower()
    if low in PARTICLES or word in _LOWER_OK:
        return True
    for quote in ("'", "\u2019"):
        prefix, sep, rest = word.partition(quote)
        if sep and prefix in _ELIDED and rest[:1].isupper():
            return True  # "d'Arcy", "dell'Orto"
    return False


def looks_like_name(name: str) -> bool:
    """A credited name: 1-6 capitalised words, no digits, no sentence punctuation."""
    if not name or len(name) > 60 or _BAD_NAME_CHARS.search(name) is not None:
        return False
    words = name.split()
    if len(words) > 6 or not words[0][0].isupper() or name.casefold() in _NOT_NAMES:
        return False
    return all(word[0].isupper() or _lower_word_ok(word) for word in words)


def is_outlet(text: str) -> bool:
    """An agency or outlet rather than a person: "Reuters", "PA Media", "Factcheck.no"."""
    folded = " ".join(text.casefold().replace("\u2019", "'").split()).strip(" .,;")
    if not folded:
        return False
    if folded in AGENCY_NAMES or _DOMAIN.search(folded) is not None:
        return True
    words = folded.split()
    if words[0] in AGENCY_NAMES and all(w in _TITLE_WORDS or w in AGENCY_NAMES for w in words):
        return True  # "Reuters staff", "AFP bureau"
    if "," in folded or " and " in folded or "&" in folded:
        return False  # a list: "Kevin McDonald, Associated Press" names a person first
    if len(words) < 2 or words[-1] not in _OUTLET_WORDS or words[-2] in PARTICLES:
        return False
    if words[-1] in _SURNAME_OUTLET_WORDS:  # "Jane Post" is a person, "Jerusalem Post" not
        from deskapp.core.gazetteer import PLACES, place_key

        head = " ".join(words[:-1])
        return words[0] in ("the", "new") or place_key(head) in PLACES
    return True


def is_title(text: str) -> bool:
    """A job title or an outlet, never a person ("AP Business Writer", "Staff Reporter")."""
    words = [w.strip(".,") for w in text.casefold().split()]
    if not words:
        return False
    if all(w in _TITLE_WORDS or w in AGENCY_NAMES for w in words) and any(
        w in TITLE_HEADS or w in AGENCY_NAMES for w in words
    ):
        return True
    if 3 <= len(words) <= 6 and words[0] in AGENCY_NAMES and words[-1] in TITLE_HEADS:
        return True  # the agency, a region or beat, the job: "PA Wales Correspondent"
    return is_outlet(text)


def strip_title_tail(name: str) -> str:
    """ "Tom Reed Press Association Political Correspondent" -> "Tom Reed" (two words kept)."""
    words = name.split()
    if len(words) <= 2:
        return name
    for cut in range(1, len(words)):
        tail = words[cut:]
        folded = [w.casefold().strip(".,") for w in tail]
        if (
            all(w in _TITLE_WORDS for w in folded)
            and any(w in TITLE_HEADS or w in AGENCY_NAMES for w in folded)
            and (cut >= 2 or len(tail) >= 2)
        ):
            return " ".join(words[:cut])
    return name
