"""The desks a story can be tagged with. Configurable; these are the defaults."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class DeskInfo:
    code: str
    name: str


DEFAULT_DESKS: tuple[DeskInfo, ...] = (
    DeskInfo("world", "World"),
    DeskInfo("europe", "Europe"),
    DeskInfo("americas", "Americas"),
    DeskInfo("asia-pacific", "Asia-Pacific"),
    DeskInfo("middle-east", "Middle East"),
    DeskInfo("africa", "Africa"),
)
