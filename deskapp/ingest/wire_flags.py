"""What the wire says about a story rather than in it: kill, withhold, correct, refile.

Every format carries these somewhere: NewsML-G2, NINJS and NewsML 1.2 in a
publication status (`canceled` → killed, `withheld` → withdrawn); NITF, ANPA,
IPTC 7901 and plain text in advisory lines ("KILL", "ELIMINATION", "Eds: kill
...", "Withdrawn", "CORRECTS ...") and Reuters in headline prefixes
(`CORRECTED-`, `REFILE-`). The take-key flag lines IPTC 7901 and dpa put above
the headline (`EXTRA`, `URGENT`, `Eilt`) are recognised here too, so they are
neither headline nor body.
"""

from __future__ import annotations

import re

from deskapp.core.story import Story

_KILL = re.compile(
    r"^(?:(?:mandatory\s+|urgent\s+)?kill(?:ed)?\b.*|elimination\b.*|withdrawn\b.*"
    r"|withdrawal\b.*|story\s+withdrawn\b.*|eds?\s*:\s*(?:please\s+)?kill\b.*"
    r"|editors?\s*:\s*(?:please\s+)?kill\b.*|.*\bplease\s+kill\b.*"
    r"|.*\bkill\s+(?:this|the)\s+(?:story|item)\b.*|.*\bis\s+withdrawn\b.*"
    r"|.*\bwird\s+zur\u00fcckgezogen\b.*|annulation\b.*|trekkes\b.*|stoppes\b.*"
    r"|strykes\b.*|poistetaan\b.*|.*\buutinen\s+poistetaan\b.*|annull?er(?:t|et)\b.*"
    r"|annullato\b.*|stornier\w*\b.*|.*\bhas\s+been\s+(?:withdrawn|killed)\b.*)$",
    re.IGNORECASE,
)
_CORRECTS = re.compile(
    r"^(?:eds?\s*:\s*|editors?\s*:\s*)?(?:corrects?|corrected|correction|correcting"
    r"|berichtigung|korrektur|rectification|rettifica|oikaisu|korrigering|rettelse"
    r"|r\u00e4ttelse|korjaus|korjattu|correzione|this\s+(?:story|article|version)\s+"
    r"(?:has\s+been|was)\s+corrected)\b",
    re.IGNORECASE,
)
# The take-key flags above an IPTC 7901 / dpa headline.
TAKE_KEYS = frozenset(
    {
        "eilt",
        "eil",
        "blitz",
        "vorrang",
        "extra",
        "urgent",
        "flash",
        "bulletin",
        "priority",
        "alarm",
        "dringend",
        "achtung",
        "eilmeldung",
        "zusammenfassung",
        "korrektur",
        "berichtigung",
        "wiederholung",
        "correction",
        "kill",
        "elimination",
        "withdrawn",
        "urgente",
        "urgence",
        "kiire",
        "haster",
        "hast",
        "kiireellinen",
        "mandatory kill",
        "new lead",
        "trekkes",
        "poistetaan",
        "korjaus",
        "rettelse",
        "annullato",
        "correzione",
        "withdrawal",
        "killed",
        "kill kill kill",
    }
)
_CORRECTION_KEYS = frozenset(
    {"korrektur", "berichtigung", "correction", "korjaus", "rettelse", "correzione"}
)
_KILL_KEYS = frozenset(
    {
        "kill",
        "elimination",
        "withdrawn",
        "trekkes",
        "poistetaan",
        "annullato",
        "withdrawal",
        "killed",
        "kill kill kill",
    }
)


def note_flags(story: Story, note: str) -> None:
    """Set `killed` / `corrected` from a note the wire sent with the story."""
    text = note.strip()
    if not text:
        return
    if _KILL.match(text) is not None:
        story.killed = True
    elif _CORRECTS.match(text) is not None:
        story.corrected = True


def status_flags(story: Story, status: str) -> None:
    """A publication status: `canceled` → killed, `withheld` → withdrawn."""
    value = status.strip().lower().rsplit(":", 1)[-1]
    if value in ("canceled", "cancelled", "cancel", "killed", "deleted"):
        story.killed = True
    elif value in ("withheld", "withdrawn", "embargoed-withheld"):
        story.withdrawn = True


def take_key(line: str) -> str | None:
    """The take-key flag of a line such as "EILT" or "URGENT", lower case; None if not one."""
    if len(line) > 40:
        return None
    word = " ".join(line.strip().strip("*=-:. ").casefold().split())
    return word if word in TAKE_KEYS else None


def apply_take_key(story: Story, key: str) -> None:
    if key in _KILL_KEYS or key == "mandatory kill":
        story.killed = True
        story.wire_notes.append(key.upper())
    elif key in _CORRECTION_KEYS:
        story.corrected = True


def headline_tag_flags(story: Story, tag: str, reason: str) -> None:
    """A Reuters-style headline prefix: CORRECTED- sets corrected; REFILE- keeps its reason."""
    tag = tag.upper()
    if tag in ("CORRECTED", "CORRECTION", "CORRECTS"):
        story.corrected = True
    elif tag in ("KILL", "KILLED", "WITHDRAWN"):
        story.killed = True
    if reason and tag in ("REFILE", "REFILED", "CORRECTED", "CORRECTION", "RPT", "REPEAT"):
        note = f"{tag.capitalize()}: {reason.strip().capitalize()}"
        if note not in story.wire_notes:
            story.wire_notes.append(note)


_EDS = re.compile(
    r"^(?:eds?|editors?(?:['\u2019]s)?\s+note|note\s+to\s+editors)\s*[:_\-\u2013\u2014]+\s*"
    r"(?P<note>\S.*)$",
    re.IGNORECASE,
)
# "(This story has been corrected to fix the date in paragraph 2)", "(Refiled to ...)".
_STORY_NOTE = re.compile(
    r"^[(\[]?\s*(?P<note>this\s+(?:story|article|version|item)\s+(?:has\s+been|was|is)\s+"
    r"(?:corrected|refiled|updated|amended|withdrawn|killed)\b[^()\[\]]*?)\.?\s*[)\]]?\.?$",
    re.IGNORECASE,
)


def eds_note(text: str) -> str | None:
    """The note of an editors' line ("Eds: kill this story", "EDITOR'S NOTE _ ..."), or None."""
    if len(text) > 400:
        return None
    match = _EDS.match(text) or _STORY_NOTE.match(text)
    return match.group("note").strip() if match else None


STORY_NOTE_STARTS = (
    "(This",
    "(this",
    "[This",
    "This story",
    "This article",
    "This version",
    "This item",
    "( This",
)


def story_note(text: str) -> str | None:
    """The note of "(This story has been corrected to ...)", wherever it stands; else None."""
    if len(text) > 400 or not text.startswith(STORY_NOTE_STARTS):
        return None
    match = _STORY_NOTE.match(text)
    return match.group("note").strip() if match else None
