"""What in scraped or wired copy is not the story: named rules, checked line by line.

`classify_line` names the rule a short line falls under (or None for story
text); `END` rules mean the story is over and everything after is page furniture.
`parse_advisory` reads the wire's "(Adds comment ...)" notes, and `parse_caption`
a photo caption with its agency credit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from deskapp.core.credit_line import looks_like_name

END = "end-marker"
MAX_RULE_LINE = 200  # every rule below is for short lines; longer ones are copy

# Ordered: the first rule that matches names the line.
_RULES: tuple[tuple[str, str], ...] = (
    (
        END,
        r"(?:next in\s+\S.{0,40}|read more|others also read|also read|related"
        r"(?: stories| coverage| articles| news| content| topics)?"
        r"|recommended(?: for you| stories| reading| articles| videos)?|more from\s+\S.{0,40}"
        r"|more (?:stories|news|on this story|coverage)|trending(?: now| stories| news| topics)?"
        r"|most (?:read|popular|viewed)|you (?:may|might) also like|top stories"
        r"|latest (?:news|stories)|editor'?s picks|what to read next|further reading"
        r"|(?:\(|-+\s*)?ends?(?:\)|\s*-+)?)\s*:?",  # PA "ENDS", "(END)", "-ends-"
    ),
    ("rule-line", r"(?:[_\-*=~#\u2022\u00b7\u2013\u2014]\s*){3,}"),
    (
        "sharing-prompt",
        r"(?:follow (?:us|reuters|ap|afp|the associated press|@\w+)\b.*"
        r"|follow\s+(?:[\w'.\u2019-]+\s+){1,4}(?:on|at)\s+(?:x|twitter|facebook|instagram"
        r"|bluesky|threads|mastodon|linkedin|tiktok|https?://)\b.*"
        r"|find ap['\u2019]s standards for working with philanthropies\b.*"
        r"|sign up (?:for|to|here|now)\b.*|subscribe (?:to|for|now|here)\b.*"
        r"|share (?:this (?:article|story|page|post)|on \w+|via \w+)\b.*|share"
        r"|click here\b.*|(?:download|get) (?:the|our)\b.{0,40}\bapp\b.*"
        r"|join (?:us|our)\b.{0,60}\b(?:channel|newsletter|community|whatsapp|telegram)\b.*"
        r"|like us on\b.*|listen to (?:this|the) (?:article|story)\b.*"
        r"|tweet|email|print|save|comments?|copy link|facebook|twitter|linkedin|whatsapp|reddit"
        r"|\d+\s*min(?:ute)?s?\s+read)",
    ),
    ("read-more-link", r"(?:read more|also read|see also|related|watch)\s*:\s*\S.*"),
    (
        "advertisement",
        r"(?:advertisement|advert|sponsored(?: content)?|story continues below(?: advertisement)?"
        r"|continue reading(?: below)?|scroll to continue(?: with content)?|skip advert\w*)",
    ),
    ("copyright", r"(?:\u00a9|\(c\)\s|copyright\b|all rights reserved\b).*"),
    ("trust-principles", r"our standards:.*"),
)
_LINE_RULES_TEXT = (
    "(?:" + "|".join(f"(?P<r{i}>{pattern})" for i, (_, pattern) in enumerate(_RULES)) + r")\Z"
)
_LINE_RULES = re.compile(_LINE_RULES_TEXT, re.IGNORECASE)
# The rules are written in lower case: an ASCII line, lowered, matches them case by case,
# which lets the engine pass over an alternative on its first letter (~40% quicker).
_LOWER_LINE_RULES = re.compile(_LINE_RULES_TEXT)
_RULE_NAMES = {f"r{i}": name for i, (name, _) in enumerate(_RULES)}
_ENDS_SENTENCE = (".", "!", "?", "\u201d", '"')


# AP's funding notice, up to a few hundred characters: after the story, never in it.
_SUPPORT_NOTICE = re.compile(
    r"^(?:the )?(?:associated press|ap)(?:['\u2019]s [\w ]{1,40}coverage)?\s+"
    r"(?:receives|is supported|gets)\b.{0,400}"
    r"\b(?:solely responsible|responsible for all content)\b.*$",
    re.IGNORECASE | re.DOTALL,
)


NOTICE_STARTS = (
    "The Associated Press",
    "THE ASSOCIATED PRESS",
    "Associated Press",
    "AP ",
    "AP\u2019s",
    "AP's",
    "The AP",
)


def is_agency_notice(text: str) -> bool:
    """AP's "The Associated Press receives support from ..." paragraph."""
    return (
        text.startswith(NOTICE_STARTS)
        and len(text) <= 600
        and _SUPPORT_NOTICE.match(text) is not None
    )


def classify_line(line: str) -> str | None:
    """The name of the boilerplate rule a stripped line falls under, or None if it is copy."""
    if len(line) > MAX_RULE_LINE:
        return "agency-notice" if is_agency_notice(line) else None
    return _classify_short(line)


@lru_cache(maxsize=2048)
def _classify_short(line: str) -> str | None:
    """`classify_line` of a line of up to MAX_RULE_LINE characters. Cached (kept for
    speed, `bench/kept_for_speed.py`): boilerplate is the same lines story after story."""
    match = _LOWER_LINE_RULES.match(line.lower()) if line.isascii() else _LINE_RULES.match(line)
    if match is None:
        if line[:1] in "TA" and line.startswith(NOTICE_STARTS) and is_agency_notice(line):
            return "agency-notice"
        return None
    name = _RULE_NAMES[match.lastgroup or ""]
    if name == END and line.endswith(_ENDS_SENTENCE):
        return None  # "More from the minister later." is a sentence, not a marker
    return name


_ADVISORY = re.compile(
    r"^\(\s*((?:adds?|updates?|corrects?|recasts?|refiles?|rewrites?|changes?|fixes|repeats?"
    r"|removes?|inserts?|deletes?|amends?|clarifies|moves?|advances?|edits?|overwrites?"
    r"|releases?|tops?|writes through|writethru|replaces?|restores?|includes?)\b[^\n]*)\)$",
    re.IGNORECASE,
)


def parse_advisory(text: str) -> str | None:
    """The note of a wire advisory line "(Adds comment from minister in paragraph 5)"."""
    if len(text) > 300 or not text.startswith("("):
        return None
    match = _ADVISORY.match(text)
    return match.group(1).strip() if match else None


@dataclass(frozen=True, slots=True)
class Caption:
    caption: str
    credit: str  # verbatim: "REUTERS/Evgenia Novozhenina/File Photo"
    photographer: str  # "" when the credit names nobody ("REUTERS/Stringer")


_CAPTION_LABEL = re.compile(
    r"^(?:file photo|photo|file|picture|image|pictured)\s*:\s*", re.IGNORECASE
)
_LABEL_FIRST = "FfPpIi"
_CREDIT_AGENCIES = (
    "REUTERS", "Reuters", "AP Photo", "AP", "AFP Photo", "AFP", "EPA-EFE", "EPA",
    "Getty Images", "Xinhua", "ANSA", "AAP Image", "Bloomberg",
)  # fmt: skip
_CREDIT_PREFIXES = tuple(f"{agency}/" for agency in _CREDIT_AGENCIES)
_PHOTO_CREDIT = re.compile(
    r"(?:^|\s|(?=\())(?P<credit>\(?(?:"
    + "|".join(re.escape(agency) for agency in _CREDIT_AGENCIES)
    + r")/(?P<who>[^/()\n]+?)(?:/[^/()\n]+?)*\)?)\s*$"
)
_WHO_TAIL = re.compile(r",\s*(?:file|pool)$", re.IGNORECASE)
_NOBODY = frozenset({"stringer", "file", "file photo", "handout", "pool", "staff", "via"})


def parse_caption(text: str) -> Caption | None:
    """A photo caption: labelled "FILE PHOTO:" or ending in an agency photo credit."""
    # the label opens with F, P or I in either case (or a non-ASCII letter that folds to one)
    first = text[:1]
    label = _CAPTION_LABEL.match(text) if first in _LABEL_FIRST or not first.isascii() else None
    credit_match = None
    if "/" in text[-120:]:
        start = max(text.rfind(prefix) for prefix in _CREDIT_PREFIXES)
        if start >= 0:
            credit_match = _PHOTO_CREDIT.match(text, max(0, start - 1))
    if label is None and credit_match is None:
        return None
    caption, credit, photographer = text, "", ""
    if credit_match is not None:
        who = _WHO_TAIL.sub("", credit_match.group("who").strip())
        if who.casefold() in _NOBODY:
            pass
        elif looks_like_name(who):
            photographer = who
        elif label is None:
            return None  # "AP/x is fine": a slash, not a photo credit
        caption = text[: credit_match.start()].strip()
        credit = credit_match.group("credit").strip()
        if credit.startswith("(") and credit.endswith(")"):
            credit = credit[1:-1]
    if label is not None:
        caption = caption[label.end() :].strip() if caption.startswith(label.group()) else caption
    if not caption and label is None:
        return None
    return Caption(caption=caption, credit=credit, photographer=photographer)
