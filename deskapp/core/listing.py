"""What story lists show and how they are filtered: plain data for the CLI and the TUI."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from deskapp.core.story import Role, Status


@dataclass(frozen=True, slots=True)
class StoryFilter:
    """Which stories a list shows. Empty fields do not filter."""

    statuses: tuple[Status, ...] = ()
    desk: str | None = None  # a desk code, or "none" for untagged stories
    agency: str | None = None
    search: str = ""
    include_spiked: bool = False  # only matters when statuses is empty
    order: str = "newest"  # "newest" (the story's time: the wire's, else ingest) or "queue"
    # one row a cluster (its newest story in the view stands for it); newest-first
    # lists without a search only
    grouped: bool = False

    @property
    def groups(self) -> bool:
        """Whether this list shows one row a cluster."""
        return self.grouped and self.order == "newest" and not self.search


@dataclass(frozen=True, slots=True)
class StorySummary:
    """One row of a story list."""

    id: int
    version: int
    headline: str
    agency: str
    desk: str | None
    suggested_desk: str | None
    status: Status
    priority: int | None
    published_at: datetime | None
    ingested_at: datetime | None
    embargo_until: datetime | None = None
    queue_position: int | None = None
    credits_short: str = ""
    open_notes: int = 0
    overdue_notes: int = 0
    locked_by: str | None = None
    killed: bool = False  # the wire withdrew (cancelled) this story
    withdrawn: bool = False  # the wire withheld it for now
    corrected: bool = False  # the wire flagged this version as a correction
    wire_pending: int | None = None  # a wire update waiting for the editor's choice (V)
    cluster_id: int | None = None  # the cluster it is in (None: alone)
    cluster_marker: str = ""  # its cluster's agencies, `R·AP·AFP` (core.cluster_marker)
    cluster_size: int = 0  # its cluster's stories not spiked


def short_credits(credits: list[tuple[str, str]]) -> str:
    """'Light / ed. Faulconbridge': writers (else reporters) by surname, then editors.

    `credits` are (role, name) pairs in the story's order: a summary's `credits_short`."""
    writers = [n for r, n in credits if r == Role.WRITER] or [
        n for r, n in credits if r == Role.REPORTER
    ]
    editors = [n for r, n in credits if r == Role.EDITOR]
    parts = [", ".join(_surname(n) for n in writers[:2])] if writers else []
    if editors:
        parts.append("ed. " + ", ".join(_surname(n) for n in editors[:2]))
    return " / ".join(parts)


def _surname(name: str) -> str:
    words = name.split()
    return words[-1] if words else name


@dataclass(frozen=True, slots=True)
class DeskCount:
    code: str
    name: str
    count: int


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    id: int
    story_id: int
    at: datetime | None
    editor: str
    action: str
    version: int
    changes: dict[str, Any] = field(default_factory=dict)
    undoes: int | None = None  # an undo or redo: the version whose change it took back


@dataclass(frozen=True, slots=True)
class StoryChange:
    """One story changed by someone: what an open desk needs to update just that row.

    `what` names what changed, in the words of `CHANGE_KINDS`; an empty set means
    "something, not known what" (the desk then treats every kind as changed).
    """

    story_id: int
    what: frozenset[str] = frozenset()


# What a change can touch, as `StoryChange.what` names it.
# "new": the story was just taken in; "gone": it is no longer in the working tables
# (archived); "status", "desk", "queue": where it is listed; "copy": headline, body,
# times, agency; "credits", "notes", "lock": what its row shows beside the copy;
# "alert": the wire killed, withheld or corrected it after the desk queued or exported
# it (every desk shows a notice: deskapp.services.wire_alerts);
# "cluster": the cluster it is in (a list shows one row a cluster).
CHANGE_KINDS = frozenset(
    {
        "new",
        "gone",
        "status",
        "desk",
        "queue",
        "copy",
        "credits",
        "notes",
        "lock",
        "alert",
        "cluster",
    }
)
