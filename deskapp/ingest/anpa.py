"""ANPA-1312 (AP and others): SYN SYN SOH header, STX text, ETX trailer.

Maps the header line (selector and message number, priority letter, category,
keyword slug, version such as `1stLd-Writethru`, date, word count), the
`^`-prefixed header lines (the keyword line, the headline, `By A and B=`,
`Associated Press Writers=`, `Eds:` / `EDITOR'S NOTE _` → a note from the wire),
tab-indented paragraphs with the `CITY, State (AP) _` dateline, and the
`AP-NY-11-27-26 1015EST` trailer (→ publication time).

Same slug and date = same story: uid `anpa:<slug>:<mm-dd>`; the original is
wire version 1 and the Nth lead (or a writethru) version N+1.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from deskapp.core.credit_line import is_byline_start
from deskapp.core.person_names import is_title
from deskapp.core.story import Story
from deskapp.ingest.iptc7901 import split_transmission
from deskapp.ingest.wire_copy import add_credits, byline_credits, clean, finish_story
from deskapp.ingest.wire_flags import apply_take_key, take_key

_HEADER = re.compile(
    r"^(?P<sel>[a-z])(?P<num>\d{4})\s+(?P<pri>[a-z])\s+(?P<cat>[a-z])\s+(?P<slug>\S+)"
    r"(?:\s+(?P<version>[A-Za-z0-9-]+))?\s+(?P<mm>\d{2})-(?P<dd>\d{2})\s+(?P<words>\d{3,5})"
)
PRIORITIES = {"f": 1, "b": 2, "u": 3, "r": 5, "a": 6, "d": 7}
_LEAD = re.compile(r"(?P<n>\d+)(?:st|nd|rd|th)\s*Ld", re.I)
_TRAILER = re.compile(
    r"^[A-Z]{2,4}-[A-Z]{2,4}-(?P<mm>\d{2})-(?P<dd>\d{2})-(?P<yy>\d{2})\s+(?P<h>\d{2})(?P<mi>\d{2})"
    r"(?P<tz>[A-Z]{3})?$"
)
_ZONES = {
    "EST": -5,
    "EDT": -4,
    "CST": -6,
    "CDT": -5,
    "MST": -7,
    "MDT": -6,
    "PST": -8,
    "PDT": -7,
    "GMT": 0,
    "UTC": 0,
}
_NOTE = re.compile(r"^(?:eds?:|editor'?s note\s*(?:_|-|:))\s*", re.I)
_AGENCY = re.compile(r"^(?:the\s+)?associated press(?:\s+\w+)*$|^AP\s+\w+$", re.I)
_FURNITURE = re.compile(r"^(?:\(?end\)?|_+|\(story can end here.*|ap photos?\b.*)$", re.I)


def parse_anpa(data: bytes, ref: str = "") -> list[Story]:
    header, text, trailer = split_transmission(data)
    story = Story(headline="", source_format="anpa-1312", source_ref=ref)
    match = _HEADER.match(header)
    if match is not None:
        story.priority = PRIORITIES.get(match.group("pri"))
        slug = match.group("slug")
        story.slugline = slug[3:] if slug.upper().startswith("BC-") else slug
        story.uid = f"anpa:{slug.lower()}:{match.group('mm')}-{match.group('dd')}"
        story.wire_version = _version(match.group("version"))
        story.version_label = (match.group("version") or "")[:80]  # "1stLd-Writethru"
        for word in f"{slug}-{match.group('version') or ''}".lower().split("-"):
            if word in ("kill", "killed", "elimination", "withdrawn"):
                story.killed = True
            elif word in ("correction", "corrected", "corrects", "correctn"):
                story.corrected = True
    paragraphs: list[str] = []
    current: list[str] = []
    for raw in text.split("\n") + trailer.split("\n"):
        line = raw.rstrip().rstrip("<").rstrip()
        stripped = line.strip()
        if line.startswith("^"):
            _header_line(story, stripped[1:].strip())
            continue
        if (stamp := _TRAILER.match(stripped)) is not None:
            story.published_at = _trailer_time(stamp)
            continue
        if not stripped or _FURNITURE.match(stripped) or raw[:1] == "\t":
            if current:
                paragraphs.append(" ".join(current))
                current = []
            if not stripped or _FURNITURE.match(stripped):
                continue
        current.append(stripped)
    if current:
        paragraphs.append(" ".join(current))
    story.agency = story.agency or "AP"
    return [finish_story(story, paragraphs)]


def _version(text: str | None) -> int | None:
    if not text:
        return 1
    lead = _LEAD.search(text)
    if lead is not None:
        return int(lead.group("n")) + 1
    if "writethru" in text.lower():
        return 2
    return None


def _header_line(story: Story, line: str) -> None:
    line = line.rstrip("=").strip()
    if not line or line.upper().startswith("BC-"):
        return
    if (note := _NOTE.match(line)) is not None:
        story.wire_notes.append(clean(line[note.end() :]))
        return
    if is_byline_start(line):
        add_credits(story, byline_credits(line))
        return
    if _AGENCY.match(line):
        story.agency = "AP"
        return
    if is_title(line):
        return  # "AP Business Writer": the byline's title, not a person nor a headline
    if (key := take_key(line)) is not None:
        apply_take_key(story, key)
        return
    if not story.headline:
        story.headline = clean(line)
    elif not story.subheadline:
        story.subheadline = clean(line)


def _trailer_time(match: re.Match[str]) -> datetime | None:
    hours = _ZONES.get(match.group("tz") or "GMT", 0)
    try:
        local = datetime(
            2000 + int(match.group("yy")),
            int(match.group("mm")),
            int(match.group("dd")),
            int(match.group("h")),
            int(match.group("mi")),
            tzinfo=UTC,
        )
    except ValueError:
        return None
    return local - timedelta(hours=hours)
