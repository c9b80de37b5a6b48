"""Reading a desk view on a worker thread: its ids, the rows around the cursor, its extras.

`read_view` reads what one view shows (the queue's entries, the board's follow-ups,
the desks' counts) and hands each result to `show`, which says False once a newer
read took over. A view opened afresh first shows its head (the first `PAGE` rows),
then every id, so it paints at once even at 100,000 stories.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from deskapp.core.followup import FollowUp
from deskapp.core.listing import DeskCount, StoryFilter, StorySummary
from deskapp.services import Services
from deskapp.services.errors import ServiceError
from deskapp.tui.widgets.story_list import PAGE

if TYPE_CHECKING:
    from deskapp.services.queue import QueueEntry

FirstLoad = Callable[[StoryFilter], "tuple[list[int], dict[int, StorySummary]] | None"]


@dataclass
class Loaded:
    """What one read of a view brought back."""

    token: int
    view_id: str
    ids: list[int]
    positions: dict[int, int]
    desks: list[DeskCount] | None = None
    followups: list[FollowUp] | None = None
    queue: list[QueueEntry] | None = None  # in the queue view
    problem: str = ""
    desk: str | None = None  # the desk the desks view opened on
    first_page: dict[int, StorySummary] | None = None  # rows around the cursor
    partial: bool = False  # only the first rows: the rest of the ids are on their way
    total: int | None = None  # every story, when the view is empty


@dataclass(frozen=True, slots=True)
class ReadRequest:
    token: int
    view_id: str
    flt: StoryFilter
    reset_cursor: bool
    keep: int | None  # the story the cursor is on, to read the rows around it first
    pick_desk: bool  # the desks view opens on the first desk with stories
    board_desk: str | None = None  # the board's desk filter


def read_view(
    services: Services,
    req: ReadRequest,
    *,
    first_load: FirstLoad,
    show: Callable[[Loaded, bool], bool],
) -> None:
    view_id, flt = req.view_id, req.flt
    result = Loaded(req.token, view_id, [], {})
    head_shown = False
    try:
        if view_id == "followups":
            result.followups = services.notes.board(desk=req.board_desk)
        elif view_id == "queue":
            result.queue = services.queue.list_entries()
        elif view_id == "desks" and req.pick_desk:
            # open on the first desk with stories rather than on an empty one
            counts = services.stories.desk_counts(flt.statuses)
            result.desk = next((c.code for c in counts if c.count), "none")
            flt = replace(flt, desk=result.desk)
        if view_id != "followups":
            head_shown = req.reset_cursor and view_id != "queue"
            if head_shown and not _head_first(services, result, flt, first_load, show):
                return  # the whole list was the head: nothing more to read
            result.ids = services.stories.ids(flt)
            result.positions = {sid: i for i, sid in enumerate(result.ids)}
            # the rows around the cursor come with the ids: one round trip
            keep = req.keep
            start = result.positions.get(keep, 0) // PAGE * PAGE if keep else 0
            result.first_page = services.stories.summaries(
                result.ids[max(start - PAGE, 0) : start + PAGE]
            )
        if view_id == "desks":
            result.desks = services.stories.desk_counts(flt.statuses)
        if not (result.ids or result.followups):
            result.total = services.stories.count(StoryFilter(include_spiked=True))
    except ServiceError as exc:
        result.problem = str(exc)
    # the head (if any) already put the cursor at the top: the full list keeps it where it is
    show(result, req.reset_cursor and not head_shown)


def _head_first(
    services: Services,
    result: Loaded,
    flt: StoryFilter,
    first_load: FirstLoad,
    show: Callable[[Loaded, bool], bool],
) -> bool:
    """Show the first rows before reading every id: a view or a search paints at once.

    Returns False when the head is the whole list (then it is final)."""
    first = first_load(flt)
    if first is not None:
        head, page = first
    else:
        head = services.stories.ids(flt, limit=PAGE)
        page = services.stories.summaries(head)
    partial = Loaded(
        result.token,
        result.view_id,
        head,
        {sid: i for i, sid in enumerate(head)},
        desk=result.desk,
        first_page=page,
        partial=len(head) >= PAGE,
    )
    if result.view_id == "desks":
        partial.desks = services.stories.desk_counts(flt.statuses)
    if not head:
        partial.total = services.stories.count(StoryFilter(include_spiked=True))
    return show(partial, True) and partial.partial  # False: a newer read took over
