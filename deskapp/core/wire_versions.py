"""A story's versions as the wire sent them, and what changed from one to another.

Plain data (no I/O): `deskapp.services.versions` reads and writes them, the
versions screen and `deskapp versions` show them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from deskapp.core.copy_diff import Piece, word_count, word_diff
from deskapp.core.story import Credit

CURRENT = 0  # a version number standing for the desk's copy as it is now


@dataclass(frozen=True, slots=True)
class WireVersion:
    """One version of the copy: n = 1, 2, 3 ... (CURRENT: the desk's copy now)."""

    n: int
    label: str
    headline: str
    body: str
    wire_version: int | None = None
    received_at: datetime | None = None
    subheadline: str = ""
    dateline_place: str = ""
    dateline_date: date | None = None
    credits: tuple[Credit, ...] = ()
    signoff: str = ""
    killed: bool = False
    withdrawn: bool = False
    corrected: bool = False

    @property
    def words(self) -> int:
        return word_count(self.headline) + word_count(self.body)

    @property
    def dateline(self) -> str:
        when = self.dateline_date.isoformat() if self.dateline_date else ""
        return ", ".join(part for part in (self.dateline_place, when) if part)

    @property
    def flags(self) -> str:
        names = ("killed", "withheld", "corrected")
        values = (self.killed, self.withdrawn, self.corrected)
        return ", ".join(n for n, on in zip(names, values, strict=True) if on)

    def to_json(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "label": self.label,
            "wire_version": self.wire_version,
            "received_at": self.received_at.isoformat() if self.received_at else None,
            "headline": self.headline,
            "words": self.words,
            "dateline": self.dateline,
            "credits": [[str(c.role), c.name] for c in self.credits],
            "killed": self.killed,
            "withdrawn": self.withdrawn,
            "corrected": self.corrected,
        }


def label_for(written: str, wire_version: int | None) -> str:
    """The agency's label as written ("UPDATE 1", "1stLd-Writethru"), else "v3", else ""."""
    if written.strip():
        return written.strip()[:80]
    return f"v{wire_version}" if wire_version is not None else ""


def waiting_name(label: str, corrected: bool, n: int) -> str:
    """How a version held for the editor's choice is named: "CORRECTION", "UPDATE 2"."""
    if corrected:
        return "CORRECTION"
    return label.strip() or f"version {n}"


def waiting_line(story_id: int, name: str) -> str:
    """What queueing, exporting or an alert says of a held version, and what to do."""
    return f"wire {name} waiting: deskapp versions {story_id} --take / --keep"


@dataclass(frozen=True, slots=True)
class Timeline:
    """Every version of one story, oldest first, and where the desk's copy stands."""

    story_id: int
    versions: tuple[WireVersion, ...]
    base: int  # the version the desk's copy is based on
    pending: int | None  # a newer wire version held back: the editor had changed the copy
    edited: bool  # the desk's copy differs from the base version's
    # the story's version when read (a choice made on it expects it); not the timeline
    story_version: int = field(default=0, compare=False)

    def get(self, n: int) -> WireVersion | None:
        return next((v for v in self.versions if v.n == n), None)

    def size_change(self, n: int) -> int:
        """Words gained (or lost) by version n against the one before it."""
        earlier = [v for v in self.versions if v.n < n]
        this = self.get(n)
        if this is None or not earlier:
            return 0
        return this.words - earlier[-1].words

    def to_json(self) -> dict[str, Any]:
        return {
            "story_id": self.story_id,
            "base": self.base,
            "pending": self.pending,
            "edited": self.edited,
            "story_version": self.story_version,
            "versions": [
                {**v.to_json(), "size_change": self.size_change(v.n)} for v in self.versions
            ],
        }


@dataclass(frozen=True, slots=True)
class VersionDiff:
    """What changed from version `old` to version `new`."""

    old: WireVersion
    new: WireVersion
    headline: list[Piece] = field(default_factory=list)
    body: list[Piece] = field(default_factory=list)
    credits_added: tuple[Credit, ...] = ()
    credits_removed: tuple[Credit, ...] = ()
    lines: tuple[str, ...] = ()  # "dateline: A → B", "signoff: ...", "flags: ..."

    def to_json(self) -> dict[str, Any]:
        return {
            "old": self.old.n,
            "new": self.new.n,
            "headline": [list(p) for p in self.headline],
            "body": [list(p) for p in self.body],
            "credits_added": [[str(c.role), c.name] for c in self.credits_added],
            "credits_removed": [[str(c.role), c.name] for c in self.credits_removed],
            "lines": list(self.lines),
        }


def compare(old: WireVersion, new: WireVersion) -> VersionDiff:
    lines = []
    for name, a, b in (
        ("dateline", old.dateline, new.dateline),
        ("subheadline", old.subheadline, new.subheadline),
        ("signoff", old.signoff, new.signoff),
        ("flags", old.flags, new.flags),
    ):
        if a != b:
            lines.append(f"{name}: {a or '(none)'} → {b or '(none)'}")
    return VersionDiff(
        old,
        new,
        word_diff(old.headline, new.headline),
        word_diff(old.body, new.body),
        tuple(c for c in new.credits if c not in old.credits),
        tuple(c for c in old.credits if c not in new.credits),
        tuple(lines),
    )
