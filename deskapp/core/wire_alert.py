"""A kill, a hold or a correction from the wire for a story the desk has queued or exported.

Plain data and words: the services decide when a wire version raises an alert
(`deskapp.services.wire_alerts`), the desk and the CLI say it with these.

    alert_text("killed", "exported", 3)
    -> "KILLED by the wire (version 3) after export: take it down (deskapp export --take-down)"
"""

from __future__ import annotations

from dataclasses import dataclass

from deskapp.core.safe_text import one_line

# what the wire did -> how the alert starts
_WHAT = {
    "killed": "KILLED by the wire",
    "withheld": "WITHHELD by the wire",
    "corrected": "CORRECTION from the wire",
}
# (what, where) -> what the desk must do
_TO_DO = {
    ("killed", "queued"): "taken out of the queue: do not publish it",
    ("killed", "exported"): "take it down (deskapp export --take-down)",
    ("withheld", "queued"): "taken out of the queue: hold it until the wire releases it",
    ("withheld", "exported"): (
        "take it down until the wire releases it (deskapp export --take-down)"
    ),
    ("corrected", "queued"): "check the correction before publishing",
    ("corrected", "exported"): "republish the corrected story (queue it again and export)",
}
_WHERE = {"queued": "while queued", "exported": "after export"}


@dataclass(frozen=True, slots=True)
class WireAlert:
    """One alert raised on a story: the follow-up's text says what happened and what to do."""

    story_id: int
    headline: str
    what: str  # "killed" | "withheld" | "corrected"
    where: str  # "queued" | "exported"
    text: str

    @property
    def severe(self) -> bool:
        """A kill or a hold of published copy: the site shows what it must not."""
        return self.what != "corrected" and self.where == "exported"

    def notice(self, width: int = 70) -> str:
        """What a desk's notice says: 'Story 12 “Headline”: KILLED by the wire … take it down'."""
        return f"Story {self.story_id} “{one_line(self.headline, width)}”: {one_line(self.text)}"


def alert_kind(*, killed: bool, withheld: bool, corrected: bool) -> str | None:
    """What the wire did that the desk must hear of; a kill outweighs a hold, a hold a fix."""
    if killed:
        return "killed"
    if withheld:
        return "withheld"
    if corrected:
        return "corrected"
    return None


def alert_text(what: str, where: str, version: int | None = None, waiting: str = "") -> str:
    """The follow-up's text: what happened, when, and what to do. `waiting`: the
    corrected copy is held for the editor's choice (it did not replace theirs), and
    what that choice is, said first: republishing before it would not correct."""
    said = _WHAT[what] + (f" (version {version})" if version is not None else "")
    to_do = _TO_DO[(what, where)]
    if waiting:
        to_do = f"{waiting}; then {to_do}"
    return f"{said} {_WHERE[where]}: {to_do}"


def parse_alert(story_id: int, headline: str, text: str) -> WireAlert | None:
    """The alert whose follow-up reads `text` (as `alert_text` wrote it), or None."""
    for (what, where), _ in _TO_DO.items():
        if text.startswith(_WHAT[what]) and f" {_WHERE[where]}: " in text:
            return WireAlert(story_id, headline, what, where, text)
    return None


def alert_words(count: int, what: str, where: str) -> str:
    """For a summary line: '1 kill of an exported story', '2 corrections of queued stories'."""
    noun = {"killed": "kill", "withheld": "hold", "corrected": "correction"}[what]
    nouns = noun if count == 1 else noun + "s"
    story = {"queued": "a queued story", "exported": "an exported story"}[where]
    if count != 1:
        story = {"queued": "queued stories", "exported": "exported stories"}[where]
    return f"{count} {nouns} of {story}"
