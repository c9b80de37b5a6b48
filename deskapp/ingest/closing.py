"""The end of a story, shared by every format: what closes the copy and who wrote it.

A credit line or a sign-off often shares the last paragraph with the story: a
line break inside the same `<p>`, or hard-wrapped plain text, puts
"(Reporting by A; Editing by B)" or "dpa abc def" after the last sentence.
`split_tail` takes it off. `finish_credits` reads, once every note from the
wire is in, the kill or correction flag or the embargo time a note may carry.
"""

from __future__ import annotations

import re

from deskapp.core.credit_line import parse_credit_line, parse_signoff
from deskapp.core.story import Credit, Story
from deskapp.ingest.embargo import is_embargo_line, parse_embargo_line
from deskapp.ingest.wire_flags import note_flags

_TAIL_CREDIT = re.compile(
    r"[.!?\"\u201d\u2019')\]]\s*(?=[(\[]?\s*(?:additional\s+reporting|reporting|writing|editing"
    r"|compiled|written|edited|reported)\s+by\b)",
    re.IGNORECASE,
)
_SENTENCE_END = (".", "!", "?", '"', "\u201d", "\u2019", "'", ")")


def split_tail(text: str) -> tuple[str, list[Credit] | None, str]:
    """(the text, the credits of a credit line at its end or None, a sign-off at its end)."""
    signoff = ""
    last = text[-16:].rsplit(None, 1)[-1] if text else ""
    if 0 < len(last) <= 12 and not last.endswith(_SENTENCE_END[:3]):
        for size in (4, 3, 2, 1):
            parts = text.rsplit(None, size)
            if len(parts) != size + 1 or not parts[0].endswith(_SENTENCE_END):
                continue
            candidate = " ".join(parts[1:])
            if parse_signoff(candidate) is not None:
                text, signoff = parts[0].rstrip(), candidate
                break
    tail_from = max(0, len(text) - 400)
    for match in _TAIL_CREDIT.finditer(text, tail_from):
        credits = parse_credit_line(text[match.end() :])
        if credits is not None:
            return text[: match.end()].rstrip(), credits, signoff
    return text, None, signoff


def finish_credits(story: Story) -> None:
    """Flags and an embargo time from the notes the wire sent (see the module doc)."""
    for note in story.wire_notes:
        note_flags(story, note)
        if story.embargo_until is None and is_embargo_line(note):
            story.embargo_until = parse_embargo_line(note, story.published_at, story.agency)
