"""One row of the follow-ups board: an open note with the story it belongs to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from deskapp.core.story import Note


@dataclass(frozen=True, slots=True)
class FollowUp:
    """An open note on the board. `overdue` and `due_today` are as of the board's `now`,
    `due_today` in the desk's time zone, so a view can group "today" without knowing it.
    """

    note: Note
    story_id: int
    headline: str
    desk: str | None
    overdue: bool = False
    due_today: bool = False
    all_day: bool = False  # the due names a whole day ("fri"), not a time

    @property
    def due(self) -> datetime | None:
        return self.note.due


_NEVER = datetime.max.replace(tzinfo=UTC)


def board_order(item: FollowUp) -> tuple[int, datetime, int]:
    """Sort key of the board: by due time, undated last, then oldest note first."""
    if item.note.due is None:
        return (1, _NEVER, item.note.id or 0)
    return (0, item.note.due, item.note.id or 0)
