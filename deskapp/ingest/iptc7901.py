"""IPTC 7901 (dpa and others): SOH header, STX text, ETX, in any 8-bit charset.

Maps the header (source and message number, priority digit, category, word
count), the take-key flag lines (`EILT`, `URGENT`: flags, not the headline), the
slug line (`Politik/Wahlen/`), the headline ending in `=` (not part of it), the body,
the not-for-publication block (`Reporting by:` / `Editing by:` / `Writing by:` →
credits, the rest → a note from the wire), the sign-off line (`dpa ab yy cd`) and
the `ddhhmm Mon yy` transmission time. `split_transmission` is the SOH/STX/ETX
framing that ANPA-1312 shares.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from deskapp.core.credit_line import parse_credit_line, parse_signoff
from deskapp.core.dateline import MONTHS
from deskapp.core.story import Credit, Role, Story
from deskapp.ingest.decode import decode_bytes
from deskapp.ingest.errors import IngestError
from deskapp.ingest.wire_copy import add_credits, byline_credits, clean, finish_story
from deskapp.ingest.wire_flags import apply_take_key, take_key

SOH, STX, ETX = b"\x01", b"\x02", b"\x03"
_HEADER = re.compile(
    r"^(?P<src>[A-Za-z]{1,8})\s?(?P<num>\d{1,6})\s+(?P<pri>\d)\s+(?P<cat>[A-Za-z]{1,3})"
    r"(?:\s+(?P<words>\d{1,5}))?"
)
_SIGNOFF = re.compile(r"^[a-z]{2,6}(?:[ /][a-z]{1,6}){1,5}$")
_TIMESTAMP = re.compile(
    r"^(?P<d>\d{2})(?P<h>\d{2})(?P<mi>\d{2})\s+(?P<mon>[^\W\d_]{3})\s+"
    r"(?P<y>\d{2}|\d{4})$"
)
_NOT_FOR_PUBLICATION = re.compile(r"not for publication|notizblock|^\*\s*\*\s*\*", re.I)
_CREDIT = re.compile(
    r"^[-*\u2022\u2013]?\s*(?P<role>additional\s+reporting|reporting|editing"
    r"|writing|photos?)\s+by\s*:?\s*(?P<names>.+)$",
    re.I,
)
_ROLES = {
    "reporting": Role.REPORTER,
    "editing": Role.EDITOR,
    "writing": Role.WRITER,
    "photo": Role.PHOTOGRAPHER,
    "photos": Role.PHOTOGRAPHER,
    "additional reporting": Role.CONTRIBUTOR,
}


def split_transmission(data: bytes) -> tuple[str, str, str]:
    """The header line (SOH .. STX), the text (STX .. ETX) and the trailer, decoded."""
    start = data.find(SOH)
    text_start = data.find(STX)
    if start == -1 or text_start == -1 or text_start < start:
        raise IngestError("no SOH/STX framing")
    end = data.find(ETX, text_start)
    header = data[start + 1 : text_start].strip(b"\r\n \x16")
    text = data[text_start + 1 : end if end != -1 else len(data)]
    trailer = data[end + 1 :] if end != -1 else b""
    header_text = decode_bytes(header) if header.strip() else ""
    trailer_text = decode_bytes(trailer) if trailer.strip() else ""
    return header_text.strip(), decode_bytes(text), trailer_text


def parse_iptc7901(data: bytes, ref: str = "") -> list[Story]:
    header, text, trailer = split_transmission(data)
    story = Story(headline="", source_format="iptc-7901", source_ref=ref)
    match = _HEADER.match(header)
    source = number = ""
    if match is not None:
        source, number = match.group("src"), match.group("num")
        story.priority = int(match.group("pri")) or None
        story.agency = source
    lines = [line.rstrip() for line in text.split("\n")]
    index = _read_top(story, lines)
    body: list[str] = []
    current: list[str] = []
    notes: list[str] = []
    in_block = False
    for raw in lines[index:] + trailer.split("\n"):
        line = raw.strip()
        if not line:
            if current:
                body.append(" ".join(current))
                current = []
            continue
        if (stamp := _TIMESTAMP.match(line)) is not None:
            story.published_at = _stamp_time(stamp)
            continue
        if _NOT_FOR_PUBLICATION.search(line):
            in_block = True
            continue
        if (
            _CREDIT.match(line) is not None
            and (found := parse_credit_line(line.lstrip("-*\u2022\u2013 "))) is not None
        ):
            add_credits(story, found)  # "- Reporting by: A, B; Editing by: C" on one line
            continue
        credit = _CREDIT.match(line)
        if credit is not None:
            role = _ROLES[" ".join(credit.group("role").lower().split())]
            add_credits(story, _names(credit.group("names"), role))
            continue
        if _is_signoff(line, source):
            story.signoff = line
            continue
        if in_block:
            notes.append(line)
            continue
        if raw[:1] in (" ", "\t") and current:  # an indented line opens a paragraph
            body.append(" ".join(current))
            current = []
        current.append(line)
    if current:
        body.append(" ".join(current))
    if notes:
        story.wire_notes.append("Not for publication: " + " / ".join(notes))
    if source and number and story.published_at is not None:
        story.uid = f"{source}:{number}:{story.published_at:%Y%m%d}"
    return [finish_story(story, body)]


def _read_top(story: Story, lines: list[str]) -> int:
    """Slug line(s) and the headline ending in "="; returns where the body starts."""
    for i, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            continue
        if (key := take_key(line)) is not None and not story.headline:
            apply_take_key(story, key)  # "EILT", "URGENT": a flag, not the headline
            continue
        if line.endswith("=") and not story.headline:
            story.headline = clean(line.rstrip("= "))
            return i + 1
        if line.endswith("/") or (
            not story.slugline and i < 3 and len(line) <= 60 and "/" in line and " " not in line
        ):
            story.slugline = line.rstrip("/")
            continue
        if not story.headline:
            story.headline = clean(line)  # a headline with no "=": the first line
            return i + 1
    raise IngestError("no headline")


def _names(text: str, role: Role) -> list[Credit]:
    return [Credit(role, c.name) for c in byline_credits(text.rstrip(";. "))]


def _is_signoff(line: str, source: str) -> bool:
    if len(line) > 40:
        return False
    if parse_signoff(line) is not None:
        return True
    return _SIGNOFF.match(line) is not None and (
        not source or line.lower().startswith(source.lower())
    )


def _stamp_time(match: re.Match[str]) -> datetime | None:
    name = match.group("mon").lower()
    month = MONTHS.get(name) or MONTHS.get(name.replace("\u00e4", "a"))  # dpa's "Mär"
    year = int(match.group("y"))
    if month is None:
        return None
    try:
        return datetime(
            year + 2000 if year < 100 else year,
            month,
            int(match.group("d")),
            int(match.group("h")),
            int(match.group("mi")),
            tzinfo=UTC,
        )
    except ValueError:
        return None
