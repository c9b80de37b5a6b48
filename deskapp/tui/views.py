"""The five desk views: what each lists, in which order, and what its empty state teaches."""

from __future__ import annotations

from dataclasses import dataclass, replace

from deskapp.core.listing import StoryFilter
from deskapp.core.story import Status


@dataclass(frozen=True, slots=True)
class View:
    id: str
    key: str
    title: str
    base: StoryFilter
    empty: str

    def holds(self, status: Status, desk: str | None, *, shown_desk: str = "none") -> bool:
        """Whether a story with this status and desk belongs in the view (search aside)."""
        if self.id == "followups":
            return True
        if self.base.statuses and status not in self.base.statuses:
            return False
        return self.id != "desks" or (desk or "none") == shown_desk

    def story_filter(
        self, *, desk: str | None = None, search: str = "", extra: ListFilter | None = None
    ) -> StoryFilter:
        flt = replace(self.base, search=search)
        if self.id == "desks":
            flt = replace(flt, desk=desk or "none")
        if extra is not None:
            flt = extra.apply(flt)
        return flt


@dataclass(frozen=True, slots=True)
class ListFilter:
    """What `f` narrows a view to. Empty fields do not filter."""

    desk: str | None = None
    status: Status | None = None
    agency: str | None = None

    @property
    def active(self) -> bool:
        return bool(self.desk or self.status or self.agency)

    def apply(self, flt: StoryFilter) -> StoryFilter:
        if self.desk:
            flt = replace(flt, desk=self.desk)
        if self.status:
            flt = replace(flt, statuses=(self.status,))
        if self.agency:
            flt = replace(flt, agency=self.agency)
        return flt

    def describe(self) -> str:
        parts = [
            f"desk={self.desk}" if self.desk else "",
            f"status={self.status}" if self.status else "",
            f"agency={self.agency}" if self.agency else "",
        ]
        return " ".join(p for p in parts if p)


VIEWS: tuple[View, ...] = (
    View(
        "inbox",
        "1",
        "Inbox",
        StoryFilter(statuses=(Status.INBOX,), grouped=True),
        "No wire yet — press i to ingest, or run deskapp ingest PATH",
    ),
    View(
        "desks",
        "2",
        "Desks",
        StoryFilter(
            statuses=(Status.INBOX, Status.EDITING, Status.QUEUED, Status.PUBLISHED),
            grouped=True,
        ),
        "No stories on this desk — tag one from the inbox with t",
    ),
    View(
        "queue",
        "3",
        "Queue",
        StoryFilter(statuses=(Status.QUEUED,), order="queue"),
        "The queue is empty — press p on a story to queue it for publication",
    ),
    View(
        "followups",
        "4",
        "Follow-ups",
        StoryFilter(),
        "No open follow-ups — press n on a story to add a note with a due date",
    ),
    View(
        "spiked",
        "5",
        "Spiked",
        StoryFilter(statuses=(Status.SPIKED,)),
        "Nothing spiked — s spikes a story; s again here brings it back",
    ),
)

BY_ID: dict[str, View] = {v.id: v for v in VIEWS}
