"""Plain-text wire copy (decoded) into a Story.

The shape: a headline line; optional header lines (section, date, byline,
agency, advisories, bullets); optional photo caption; the story paragraphs,
the first opening with a dateline; then credit, contributed or sign-off lines
and page furniture. Paragraphs are separated by blank lines; lines inside one
are joined with a space (hard-wrapped copy). Text is data: "[bold]" stays.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from deskapp.core.credit_line import (
    is_agency_byline,
    is_byline_start,
    normalise_name,
    parse_agency_credit,
    parse_byline,
    parse_contributed_line,
    parse_credit_line,
    parse_signoff,
)
from deskapp.core.dateline import canonical_agency, parse_dateline, resolve_dateline_date
from deskapp.core.gazetteer import PLACES, place_key, suggest_desk
from deskapp.core.person_names import AGENCY_NAMES, SECTION_WORDS, is_outlet, is_title
from deskapp.core.story import Credit, Photo, Role, Story, join_paragraphs
from deskapp.ingest.boilerplate import (
    END,
    NOTICE_STARTS,
    classify_line,
    is_agency_notice,
    parse_advisory,
    parse_caption,
)
from deskapp.ingest.closing import finish_credits, split_tail
from deskapp.ingest.date_lines import parse_date_line
from deskapp.ingest.embargo import is_embargo_line
from deskapp.ingest.errors import IngestError
from deskapp.ingest.wire_flags import (
    STORY_NOTE_STARTS,
    apply_take_key,
    eds_note,
    headline_tag_flags,
    story_note,
    take_key,
)

MAX_HEADLINE = 300

# --- headline -------------------------------------------------------------------

_TAGS = (
    "UPDATE|UPDATES|UPDATED|CORRECTED|CORRECTION|REFILE|REFILED|RPT|REPEAT|EXCLUSIVE|WRAPUP|KILL"
    "|WRAP|ANALYSIS|FACTBOX|INSIGHT|BREAKINGVIEWS|COLUMN|PREVIEW|TIMELINE|EXPLAINER|GRAPHIC"
    "|INTERVIEW|FEATURE|SPECIAL REPORT|FOCUS|POLL|BRIEF|BUZZ|URGENT|FLASH|ADVISORY|HIGHLIGHTS"
    "|DIARY|OBITUARY|SNAPSHOT|QUOTEBOX|FEATURE|WITHDRAWN"
)
# "UPDATE 2-", "CORRECTED (OFFICIAL)-", "WRAPUP 1-": a known tag, or any CAPS tag with a
# number; never "US-China" (no number, not a tag) nor "COVID-19" (digit after the dash).
_VERSION_PREFIX = re.compile(
    rf"^(?:(?P<tag>{_TAGS})(?:\s+\((?P<reason>[A-Za-z0-9 ,.'/]+)\))?(?:\s+(?P<num>\d{{1,3}}))?"
    rf"|[A-Z]{{2,}}(?:\s[A-Z]{{2,}})*\s+(?P<num2>\d{{1,3}}))-(?=[^\s\d-])"
)
_HAS_WORD = re.compile(r"\w")
_BY_FIRST = "BbVvAaPpDd"  # what a byline's first letter can be (By, Von, Av, Af, Par, Door)


def read_headline(line: str) -> tuple[str, int | None, list[tuple[str, str]]]:
    """The headline, the update number and the tags taken off it ([("REFILE", ""), ...]).

    The "=" that ends an IPTC 7901 or dpa headline line is not part of it.
    """
    headline = " ".join(line.split())  # blanks folded, as `\s+` -> " " and a strip
    if headline.endswith("="):
        headline = headline.rstrip("= ")
    version: int | None = None
    tags: list[tuple[str, str]] = []
    while (match := _VERSION_PREFIX.match(headline)) is not None:
        number = match.group("num") or match.group("num2")
        if number and (version is None or match.group().startswith("UPDATE")):
            version = int(number)
        if match.group("tag"):
            tags.append((match.group("tag"), match.group("reason") or ""))
        headline = headline[match.end() :]
    return headline, version, tags


def version_label(line: str, headline: str) -> str:
    """The version tags as the agency wrote them before `headline` ("REFILE-UPDATE 1"),
    or "" when `read_headline` took none off `line`."""
    folded = " ".join(line.split()).rstrip("= ")
    if not headline or not folded.endswith(headline) or len(folded) == len(headline):
        return ""
    return folded[: len(folded) - len(headline)].rstrip("- ")[:80]


# --- header lines ---------------------------------------------------------------

_BULLET = re.compile(r"^[\u2022\u00b7\u25aa\u2023\u25e6*\u2013\u2014-]\s+(?P<text>.+)$")
# "World", "Middle East", "Science & Technology": 1-3 capitalised words, no full stop.
_SECTION = re.compile(r"^[A-Z][\w&'\u2019-]*(?:\s+(?:[A-Z][\w&'\u2019-]*|&|and|of)){0,2}$")
_AGENCY_LINE = re.compile(
    r"^(?:the\s+)?(?P<agency>associated press|ap|reuters|afp|agence france-presse)"
    r"(?:\s+(?:[a-z]+\s+)?(?:writers?|correspondents?|reporters?))?$",
    re.IGNORECASE,
)
# --- the parser -----------------------------------------------------------------


class _Draft:
    __slots__ = ("city", "ended", "paragraphs", "region", "story")

    def __init__(self, story: Story) -> None:
        self.story = story
        self.paragraphs: list[str] = []
        self.ended = False  # a credit, contributed or sign-off line closed the story
        self.city = ""  # the dateline's city and its country or state, for the desk
        self.region = ""


def parse_plaintext(text: str, *, source_ref: str = "") -> Story:
    """Parse decoded plain-text wire copy; raise IngestError if it holds no story."""
    lines = text.split("\n")
    start = next((i for i, line in enumerate(lines) if line.strip()), None)
    if start is None:
        raise IngestError("empty file")
    flags: list[str] = []
    while (key := take_key(lines[start])) is not None and (
        following := _next_line(lines, start)
    ) is not None:
        flags.append(key)  # IPTC 7901 / dpa take keys ("EILT", "URGENT") above the headline
        start = following
    first = lines[start].strip()
    headline, version, tags = read_headline(first)
    if (
        not _HAS_WORD.search(headline)
        or len(headline) > MAX_HEADLINE
        or parse_dateline(headline) is not None
    ):
        raise IngestError("no recognisable headline")
    story = Story(
        headline=headline, wire_version=version, source_format="text",
        source_ref=source_ref, raw_text=text,
    )  # fmt: skip
    if tags or version is not None:
        story.version_label = version_label(first, headline)
    for key in flags:
        apply_take_key(story, key)
    for tag, reason in tags:
        headline_tag_flags(story, tag, reason)
    draft = _Draft(story)
    body_start = _read_header(draft, lines, start + 1)
    _read_body(draft, lines, body_start)
    if draft.paragraphs and not draft.ended:
        _closing_tail(draft)
    if not draft.paragraphs:
        raise IngestError("no story text after the headline")
    story.body = join_paragraphs(draft.paragraphs)
    if draft.city:
        story.suggested_desk = suggest_desk(draft.city, draft.region)
    finish_credits(story)
    return story


def _next_line(lines: list[str], i: int) -> int | None:
    return next((j for j in range(i + 1, min(len(lines), i + 4)) if lines[j].strip()), None)


def _closing_tail(draft: _Draft) -> None:
    """A credit line or sign-off after the last sentence, in the same paragraph."""
    text, credits, signoff = split_tail(draft.paragraphs[-1])
    if credits is None and not signoff:
        return
    story = draft.story
    if credits:
        story.credits.extend(c for c in credits if c not in story.credits)
    if signoff:
        story.signoff = signoff
    if text.strip():
        draft.paragraphs[-1] = text
    else:
        draft.paragraphs.pop()


def _read_header(draft: _Draft, lines: list[str], i: int) -> int:
    """Read section, date, byline, agency and advisory lines; return where copy starts."""
    n = len(lines)
    while i < n:
        line = lines[i].strip()
        if not line:
            i += 1
            continue
        bullet = _BULLET.match(line)
        item = bullet.group("text").strip() if bullet else line
        next_blank = i + 1 >= n or not lines[i + 1].strip() or _BULLET.match(lines[i + 1].strip())
        if (
            not next_blank
            and bullet is None
            and (writers := _name_over_agency(line, lines[i + 1])) is not None
        ):
            draft.story.credits.extend(w for w in writers if w not in draft.story.credits)
            if not draft.story.agency:  # the line under the name is the agency's
                draft.story.agency = canonical_agency(lines[i + 1].strip().strip("()"))
            i += 2  # AAP's "Kate Moss" / "(AAP)": a byline with no "By"
            continue
        if _header_line(draft, item, bool(bullet or next_blank)):
            i += 1
            continue
        if bullet is not None and len(item) <= 60:
            i += 1  # other bullet metadata ("3 min read", a tag): not story text
            continue
        break
    return i


def _header_line(draft: _Draft, item: str, alone: bool) -> bool:
    story = draft.story
    if story.published_at is None and (published := parse_date_line(item)) is not None:
        story.published_at = published
        return True
    if note := parse_advisory(item) or (item[:1] in "EeNn" and eds_note(item)):
        story.wire_notes.append(note)
        return True
    if item[:1] in "EeSs" and is_embargo_line(item):
        story.wire_notes.append(item)  # the embargo time is read from it once the date is
        return True
    if _agency_line(draft, item):
        return True
    if item[:1] in _BY_FIRST and is_byline_start(item):
        if writers := parse_byline(item):
            story.credits.extend(writers)
            if not story.agency:  # "By Tom Reed, PA Political Correspondent"
                story.agency = _agency_beside(item)
            return True
        if is_agency_byline(item):
            return True  # "By The Associated Press", "By PA Sport Staff": nobody
    if (outlet_writers := _outlet_byline(item)) is not None:
        story.credits.extend(w for w in outlet_writers if w not in story.credits)
        return True
    if classify_line(item) not in (None, END):
        return True
    if alone and not story.section and len(item) <= 30 and _SECTION.match(item):
        story.section = normalise_name(item)
        return True
    return False


def _outlet_byline(item: str) -> list[Credit] | None:
    """A byline with no "By" but an outlet beside the name: "Kari Nilsen / Factcheck.no",
    "Kate Moss, AAP"; a line that is only an agency ("STT") names nobody. None if neither."""
    if len(item) > 80:
        return None
    if " ".join(item.casefold().split()) in AGENCY_NAMES:
        return []  # "STT": the agency, nobody (a section such as "World News" is not this)
    if not ("/" in item or "," in item or " - " in item or "|" in item):
        return None
    for separator in (" / ", "/", ", ", " - ", " | "):
        name, sep, outlet = item.partition(separator)
        if sep and is_outlet(outlet.strip()) and _names_sized(name):
            writers = parse_byline(f"By {name.strip()}")
            return writers or None
    return None


def _agency_beside(byline: str) -> str:
    """The agency a byline's title or outlet names ("…, PA Arts Correspondent",
    "…, Press Association Political Correspondent", "… / AAP"), else ""."""
    for separator in (",", "/", " - ", "|"):
        _name, sep, beside = byline.partition(separator)
        if not sep:
            continue
        words = beside.split()
        for size in (3, 2, 1):  # the longest name first: "Press Association", "PA"
            for start in range(0, max(len(words) - size + 1, 0)):
                name = " ".join(words[start : start + size]).strip(".,")
                if " ".join(name.casefold().split()) in AGENCY_NAMES:
                    return canonical_agency(name)
    return ""


_NAME_JOIN = re.compile(r"\s+(?:and|og|och|und|ja|&)\s+|\s*,\s*", re.IGNORECASE)


def _names_sized(text: str) -> bool:
    """One to three names of 2-4 words each: "Tara Cosoleto and Dominic Giannini"."""
    names = _NAME_JOIN.split(text.strip())
    return len(names) <= 3 and all(2 <= len(name.split()) <= 4 for name in names)


def _name_over_agency(line: str, below: str) -> list[Credit] | None:
    """A name alone on its line over the agency's name ("Kate Moss" / "(AAP)"), else None."""
    agency = " ".join(below.strip().strip("()").casefold().split())
    if agency not in AGENCY_NAMES or len(line) > 80 or not _names_sized(line):
        return None
    if place_key(line) in PLACES or any(
        is_title(word) or word.casefold() in SECTION_WORDS for word in line.split()
    ):
        return None  # "Middle East" / "Reuters": a section over the agency
    return parse_byline(line) or parse_byline(f"By {line}") or None


def _agency_line(draft: _Draft, item: str) -> bool:
    match = _AGENCY_LINE.match(item) if len(item) <= 60 else None
    if match is None:
        return False
    if not draft.story.agency:
        draft.story.agency = canonical_agency(match.group("agency"))
    return True


def _blocks(lines: list[str], start: int) -> Iterator[tuple[str, str | None]]:
    """Paragraphs (lines joined) and boilerplate lines with their rule name, lazily."""
    current: list[str] = []
    for raw in lines[start:]:
        line = raw.strip()
        if not line:
            if current:
                yield " ".join(current), None
                current = []
            continue
        rule = classify_line(line)
        if rule is None and line[0] == "(" and line[-1] == ")" and parse_advisory(line):
            rule = "advisory"
        if rule is None:
            current.append(line)
            continue
        if current:
            yield " ".join(current), None
            current = []
        yield line, rule
    if current:
        yield " ".join(current), None


def _read_body(draft: _Draft, lines: list[str], start: int) -> None:
    story = draft.story
    for text, rule in _blocks(lines, start):
        if rule == END:
            if draft.paragraphs:
                return  # the rest is the page, not the story
            continue
        if rule == "advisory":
            story.wire_notes.append(parse_advisory(text) or text)
            continue
        if rule is not None:
            continue
        if text.startswith(STORY_NOTE_STARTS) and (note := story_note(text)) is not None:
            story.wire_notes.append(note)
            continue
        if text.startswith(NOTICE_STARTS) and is_agency_notice(text):
            continue
        if _credits(draft, text):
            continue
        if draft.ended:
            continue
        if text[:1] == "(" and (note := parse_advisory(text)) is not None:  # "(Adds ...)"
            story.wire_notes.append(note)
            continue
        if (caption := parse_caption(text)) is not None:
            if story.photo is None:
                story.photo = Photo(caption=caption.caption, credit=caption.credit)
                if caption.photographer:
                    story.credits.append(Credit(Role.PHOTOGRAPHER, caption.photographer))
            continue
        if not draft.paragraphs and _pre_copy_line(draft, text):
            continue
        if not draft.paragraphs:
            text = _take_dateline(draft, text)
        draft.paragraphs.append(text)


def _credits(draft: _Draft, text: str) -> bool:
    """Credit, contributed and sign-off lines: recorded, and they close the story."""
    story = draft.story
    head = text[:24].lower()
    credits = None
    if head.startswith(("(", "[")) or " by " in head:
        credits = parse_credit_line(text)
    if credits is None and "contributed" in text:
        credits = parse_contributed_line(text)
    if credits is None and len(text) <= 80:
        credits = parse_agency_credit(text)  # "STT–Laura Heikkinen": a byline on top
        if credits is not None and not draft.paragraphs:
            story.credits.extend(c for c in credits if c not in story.credits)
            return True
    if credits is not None:
        story.credits.extend(c for c in credits if c not in story.credits)
        draft.ended = True
        return True
    if len(text) <= 40 and (signoff := parse_signoff(text)) is not None:
        story.signoff = signoff
        draft.ended = True
        return True
    return False


def _pre_copy_line(draft: _Draft, text: str) -> bool:
    """Bylines and agency lines that come after a caption, before the first paragraph."""
    if text[:1] in _BY_FIRST and is_byline_start(text) and (writers := parse_byline(text)):
        draft.story.credits.extend(writers)
        return True
    return _agency_line(draft, text)


def _take_dateline(draft: _Draft, text: str) -> str:
    dateline = parse_dateline(text)
    if dateline is None:
        return text
    story = draft.story
    story.dateline_place = dateline.written
    story.agency = dateline.agency or story.agency
    published = story.published_at.date() if story.published_at else None
    story.dateline_date = resolve_dateline_date(dateline.date_text, published)
    if story.dateline_date is None and published is None:
        story.dateline_date_text = dateline.date_text
    draft.city, draft.region = dateline.place, dateline.region
    return dateline.rest
