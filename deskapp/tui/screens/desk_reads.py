"""Reading a desk view on a worker thread: its first rows, then its count and its extras.

`read_view` reads what one view shows (the queue's entries, the board's follow-ups,
the desks' counts) and hands each result to `show`, which says False once a newer
read took over. A view shows its first keyset window of (rank, id) rows with the
summaries around the cursor at once, whatever the size of the view; the list reads
further windows itself as the cursor goes down (deskapp/tui/widgets/story_list.py).
What costs a pass over the view (its count, the desks' counts) comes in a second
message, after the rows are on screen. `place_changes` answers for a few changed
stories whether each is in the view and where: what a live change costs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from deskapp.core.followup import FollowUp
from deskapp.core.listing import DeskCount, StoryFilter, StorySummary
from deskapp.services import Services
from deskapp.services.errors import ServiceError
from deskapp.tui.widgets.story_list import PAGE, WINDOW, Rank

if TYPE_CHECKING:
    from deskapp.services.queue import QueueEntry

FirstLoad = Callable[[StoryFilter], "tuple[list[int], dict[int, StorySummary]] | None"]


@dataclass
class Loaded:
    """What one read of a view brought back."""

    token: int
    view_id: str
    rows: list[Rank] = field(default_factory=list)  # (rank, id) from the top
    complete: bool = True  # the rows are the whole view
    count: int | None = None  # stories in the view (None: not counted yet)
    exact: bool = True  # the count is exact (else an estimate)
    desks: list[DeskCount] | None = None
    followups: list[FollowUp] | None = None
    queue: list[QueueEntry] | None = None  # in the queue view
    problem: str = ""
    desk: str | None = None  # the desk the desks view opened on
    first_page: dict[int, StorySummary] | None = None  # rows around the cursor
    counted: bool = False  # a second message: only the count and the extras
    total: int | None = None  # every story, when the view is empty

    @property
    def ids(self) -> list[int]:
        return [sid for _, sid in self.rows]


@dataclass(frozen=True, slots=True)
class ReadRequest:
    token: int
    view_id: str
    flt: StoryFilter
    reset_cursor: bool
    keep: int | None  # the story the cursor is on, to read down to it
    pick_desk: bool  # the desks view opens on the first desk with stories
    board_desk: str | None = None  # the board's desk filter
    keep_rank: Rank | None = None  # (rank, id) of the story the cursor is on
    loaded: int = 0  # rows the list had loaded: a reload reads as many again


def read_view(
    services: Services,
    req: ReadRequest,
    *,
    first_load: FirstLoad,
    show: Callable[[Loaded, bool], bool],
) -> None:
    view_id, flt = req.view_id, req.flt
    result = Loaded(req.token, view_id)
    try:
        if view_id == "followups":
            result.followups = services.notes.board(desk=req.board_desk)
        elif view_id == "queue":
            result.queue = services.queue.list_entries()
        elif view_id == "desks" and req.pick_desk:
            # open on the first desk with stories rather than on an empty one
            result.desk = services.stories.first_desk(flt.statuses)
            flt = replace(flt, desk=result.desk)
        if view_id != "followups":
            _read_rows(services, req, flt, result, first_load)
    except ServiceError as exc:
        result.problem = str(exc)
    if not show(result, req.reset_cursor) or result.problem:
        return  # a newer read took over
    later = Loaded(req.token, view_id, counted=True, complete=result.complete)
    try:
        if view_id == "desks":
            later.desks = services.stories.desk_counts(flt.statuses)
        if not result.complete:  # kept counts or an estimate: no pass over the view
            later.count, later.exact = services.stories.estimate(flt)
        if not (result.rows or result.followups):
            later.total = services.stories.count(StoryFilter(include_spiked=True))
    except ServiceError as exc:
        later.problem = str(exc)
    if later.desks is not None or later.count is not None or later.total is not None:
        show(later, False)


def _read_rows(
    services: Services, req: ReadRequest, flt: StoryFilter, result: Loaded, first_load: FirstLoad
) -> None:
    """The view's first rows (down to the cursor's story on a reload), and their summaries."""
    first = first_load(flt) if req.reset_cursor else None
    if first is not None:  # the app's start-up read: ids and summaries, ranked here
        head, result.first_page = first
        placed = services.stories.placement(flt, head)
        result.rows = [placed[sid] for sid in head if sid in placed]
        result.complete = len(head) < PAGE
        result.count = len(result.rows) if result.complete else None
        return
    size = min(max(WINDOW, req.loaded), 64_000)  # as many rows as were loaded, in windows
    rows = services.stories.window(flt, None, size)
    result.complete = len(rows) < size
    keep = req.keep_rank
    while keep is not None and not result.complete and _sorts_after(flt, keep, rows[-1]):
        size = min(size * 2, 64_000)  # read on down to the cursor's story
        more = services.stories.window(flt, rows[-1], size)
        rows += more
        result.complete = len(more) < size
    result.rows = rows
    start = 0
    if req.keep is not None:
        start = next((i for i, (_, sid) in enumerate(rows) if sid == req.keep), 0) // PAGE * PAGE
    result.first_page = services.stories.summaries(
        [sid for _, sid in rows[max(start - PAGE, 0) : start + PAGE]]
    )
    if result.complete:
        result.count = len(rows)


def _sorts_after(flt: StoryFilter, key: Rank, last: Rank) -> bool:
    return key > last if flt.order == "queue" else key < last


def place_changes(
    services: Services, flt: StoryFilter, ids: list[int]
) -> tuple[dict[int, Rank], dict[int, StorySummary]]:
    """Of these changed stories, those the view holds now, each with its (rank, id), and
    their rows as they are now (read with them: the list redraws once, not twice).

    A list of one row a cluster: the other stories of a changed story's cluster are
    changed too (a new member takes the row of the one that stood for the cluster);
    `ids` gets them, so the caller takes the rows they no longer hold off the list."""
    placed = services.stories.placement(flt, ids)
    rows = services.stories.summaries(list(placed)) if placed else {}
    if flt.groups:
        # the changed stories' clusters, those that left the view included (a story
        # spiked as covered, say: another of its cluster now stands for it here)
        gone = [i for i in ids if i not in rows]
        changed = {**services.stories.summaries(gone), **rows} if gone else rows
        labels = sorted({r.cluster_id for r in changed.values() if r.cluster_id is not None})
        others = [i for i in services.clusters.member_ids(labels) if i not in set(ids)]
        if others:
            ids.extend(others)
            more = services.stories.placement(flt, others)
            placed.update(more)
            rows.update(services.stories.summaries(list(more)) if more else {})
    return placed, rows
