"""What every structured wire format does once its fields are read.

One set of copy rules for NITF, NewsML, ANPA, IPTC 7901, NINJS, feeds and web
pages, built on the plain-text parser's own credit and dateline parsers (one
credit parser, not six): the first paragraph's dateline, bylines, credit lines,
"contributed to this report" lines, sign-offs and wire advisories in the body,
the suggested desk; and the wire's date and urgency notations.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

from deskapp.core.credit_line import (
    is_agency_byline,
    is_byline_start,
    looks_like_name,
    normalise_name,
    parse_agency_credit,
    parse_byline,
    parse_contributed_line,
    parse_credit_line,
    parse_signoff,
)
from deskapp.core.dateline import (
    MONTHS,
    canonical_agency,
    parse_dateline,
    resolve_dateline_date,
)
from deskapp.core.gazetteer import suggest_desk
from deskapp.core.person_names import is_title
from deskapp.core.story import Credit, Role, Story, join_paragraphs
from deskapp.ingest.boilerplate import END, classify_line, parse_advisory
from deskapp.ingest.closing import finish_credits, split_tail
from deskapp.ingest.embargo import is_embargo_line
from deskapp.ingest.errors import IngestError, SkippedItem
from deskapp.ingest.plaintext import read_headline, version_label
from deskapp.ingest.wire_flags import (
    STORY_NOTE_STARTS,
    apply_take_key,
    eds_note,
    headline_tag_flags,
    story_note,
    take_key,
)

_WIRE_TIME = re.compile(
    r"^(?P<y>\d{4})-?(?P<mo>\d{2})-?(?P<d>\d{2})"
    r"(?:[T ](?P<h>\d{2}):?(?P<mi>\d{2})(?::?(?P<s>\d{2})(?:[.,]\d+)?)?)?"
    r"\s*(?P<tz>Z|[+-]\d{2}(?::?\d{2})?)?$"
)


def clean(text: str | None) -> str:
    """Whitespace folded to single spaces."""
    return " ".join(text.split()) if text else ""  # what `\s+` -> " " and a strip give


def parse_wire_time(text: str | None) -> datetime | None:
    """ISO 8601 or the compact wire form ("20261127T101500+0100") as aware UTC."""
    match = _WIRE_TIME.match((text or "").strip())
    if match is None:
        return None
    g = match.groupdict()
    tz = g["tz"]
    offset = 0
    if tz and tz != "Z":
        digits = tz[1:].replace(":", "")
        offset = int(digits[:2]) * 60 + int(digits[2:4] or 0)
        offset = offset if tz[0] == "+" else -offset
    try:
        local = datetime(
            int(g["y"]),
            int(g["mo"]),
            int(g["d"]),
            int(g["h"] or 0),
            int(g["mi"] or 0),
            int(g["s"] or 0),
            tzinfo=timezone(timedelta(minutes=offset)),
        )
    except ValueError:
        return None
    return local.astimezone(UTC)


def parse_priority(text: str | None) -> int | None:
    """A wire urgency 1 (flash) .. 9 (lowest), or None."""
    value = (text or "").strip()
    if value.isdigit() and 1 <= int(value) <= 9:
        return int(value)
    return None


def parse_version(text: str | None) -> int | None:
    value = (text or "").strip()
    return int(value) if value.isdigit() else None


def byline_credits(text: str, role: Role = Role.WRITER) -> list[Credit]:
    """Credits from a byline with or without its "By"; a bare name is taken as it is."""
    text = clean(text).rstrip("=").strip()
    if not text:
        return []
    if role == Role.WRITER and "by " in text.casefold() and (line := parse_credit_line(text)):
        return line  # a credit line in the byline field: "Reporting by A; Editing by B"
    credits = parse_byline(text) if is_byline_start(text) else parse_byline(f"By {text}")
    if credits:
        return [Credit(role, c.name) for c in credits]
    name = normalise_name(text)
    if is_title(name) or not looks_like_name(name):
        return []  # an agency ("Reuters", "Thomson Reuters") or a title is not a person
    return [Credit(role, name)]


def add_credits(story: Story, credits: list[Credit]) -> None:
    for credit in credits:
        if credit not in story.credits:
            story.credits.append(credit)


def apply_dateline_text(story: Story, text: str, region: str = "") -> None:
    """A dateline given as a field ("MOSCOW, Monday (Reuters)", "New York, NY").

    A field that holds only a time ("2026-11-27T10:15:00Z", "Jan 3") is not a place.
    """
    text = clean(text)
    if not text or story.dateline_place or _is_time_only(text):
        return
    parsed = parse_dateline(text if text.endswith(("-", "_")) else f"{text} - .")
    if parsed is not None:
        if not parsed.place:
            return
        story.dateline_place = parsed.written
        story.agency = story.agency or parsed.agency
        _set_dateline_date(story, parsed.date_text)
        story.suggested_desk = story.suggested_desk or suggest_desk(
            parsed.place, parsed.region or region
        )
        return
    head = text.split("(", 1)[0].strip(" ,-")
    parts = [p.strip() for p in head.split(",") if p.strip()]
    if parts and len(parts[0]) <= 40 and not parts[0][:1].isdigit():
        story.dateline_place = normalise_name(parts[0])
        written = parts[1] if len(parts) > 1 and not any(c.isdigit() for c in parts[1]) else ""
        if written and not region:
            story.dateline_place = f"{story.dateline_place}, {written}"
        story.suggested_desk = story.suggested_desk or suggest_desk(parts[0], region or written)


def _is_time_only(text: str) -> bool:
    """A timestamp or a bare date, with no place in it."""
    if text[:1].isdigit():
        return True
    if parse_wire_time(text) is not None:
        return True
    first = text.split(",", 1)[0].split("(", 1)[0].strip()
    return resolve_dateline_date(first, None) is not None or bool(
        first
        and first.split()[0].casefold().rstrip(".") in MONTHS
        and any(c.isdigit() for c in first)
    )


def _set_dateline_date(story: Story, date_text: str) -> None:
    if date_text and story.dateline_date is None:
        reference = story.published_at.date() if story.published_at else None
        story.dateline_date = resolve_dateline_date(date_text, reference)
        if story.dateline_date is None and reference is None:
            story.dateline_date_text = date_text


def finish_story(
    story: Story, paragraphs: list[str], *, region: str = "", skip_if_empty: bool = False
) -> Story:
    """Apply the plain-text rules to a structured story's paragraphs and set its body.

    The text dateline that opens the copy is where the story happened: it wins over
    a place from the metadata (which may name the agency's editing hub).
    Raises IngestError (SkippedItem when `skip_if_empty`) if no story text is left.
    """
    kept: list[str] = []
    ended = False
    headline_flags(story)
    summary = {clean(story.abstract), clean(story.subheadline)} - {""}
    for raw in paragraphs:
        text = clean(raw)
        if not text:
            continue
        if text.startswith(STORY_NOTE_STARTS) and (note := story_note(text)) is not None:
            story.wire_notes.append(note)
            continue
        if len(text) <= 600 and (rule := classify_line(text)) is not None:
            if rule == END and kept:
                ended = True
            continue  # a rule line, a sharing prompt, AP's funding notice: not the story
        if len(text) <= 80 and (credits := parse_agency_credit(text)) is not None:
            add_credits(story, credits)  # "STT–Laura Heikkinen": a byline on top, else the end
            ended = ended or bool(kept)
            continue
        if _closing_line(story, text):
            ended = True
            continue
        if ended:
            continue
        if (note := parse_advisory(text)) is not None:
            story.wire_notes.append(note)
            continue
        if not kept:
            if (note := eds_note(text)) is not None or is_embargo_line(text):
                story.wire_notes.append(note or text)
                continue
            if text in summary:
                continue  # the abstract or hl2 repeated in front of the body
            if is_byline_start(text) and (writers := parse_byline(text)):
                add_credits(story, writers)
                continue
            if is_byline_start(text) and is_agency_byline(text):
                continue  # "By The Associated Press": a byline that names nobody
            if take_key(text) is not None:
                apply_take_key(story, take_key(text) or "")
                continue
            text = _take_dateline(story, text, region)
            if not text:
                continue
        kept.append(text)
    if kept and not ended:
        last, credits, signoff = split_tail(kept[-1])
        if credits is not None or signoff:
            add_credits(story, credits or [])
            story.signoff = signoff or story.signoff
            kept[-1] = last
            if not last.strip():
                kept.pop()
    if not story.headline.strip():
        raise IngestError("no headline")
    if not kept:
        if skip_if_empty:
            raise SkippedItem("no story text")
        raise IngestError("no story text")
    story.body = join_paragraphs(kept)
    if story.agency:
        story.agency = canonical_agency(story.agency)
    if story.suggested_desk is None and story.dateline_place:
        story.suggested_desk = suggest_desk(story.dateline_place.split(",")[0], region)
    finish_credits(story)
    return story


def headline_flags(story: Story) -> None:
    """Reuters-style tags on a structured headline ("CORRECTED-", "REFILE-UPDATE 1-")."""
    headline = story.headline.strip()
    if headline.endswith("="):
        headline = headline.rstrip("= ")
    if headline[:1].isupper() and "-" in headline[:60]:
        bare, version, tags = read_headline(headline)
        if tags or version is not None:
            story.version_label = story.version_label or version_label(headline, bare)
            headline = bare
            story.wire_version = story.wire_version if story.wire_version else version
            for tag, reason in tags:
                headline_tag_flags(story, tag, reason)
    story.headline = headline


def _closing_line(story: Story, text: str) -> bool:
    """Credit, contributed and sign-off lines: recorded, and they close the story."""
    head = text[:24].lower()
    credits = None
    if head.startswith(("(", "[")) or " by " in head or head.startswith(("reporting", "editing")):
        credits = parse_credit_line(text)
    if credits is None and "contributed" in text:
        credits = parse_contributed_line(text)
    if credits is not None:
        add_credits(story, credits)
        return True
    if len(text) <= 40 and (signoff := parse_signoff(text)) is not None:
        story.signoff = signoff
        return True
    return False


def _take_dateline(story: Story, text: str, region: str) -> str:
    parsed = parse_dateline(text)
    if parsed is None:
        return text
    if parsed.place:
        story.dateline_place = parsed.written
        story.dateline_date = None
        _set_dateline_date(story, parsed.date_text)
        story.suggested_desk = suggest_desk(parsed.place, parsed.region or region) or (
            story.suggested_desk
        )
    elif parsed.date_text:
        _set_dateline_date(story, parsed.date_text)
    story.agency = story.agency or parsed.agency
    return parsed.rest
