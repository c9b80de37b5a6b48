"""A story list that stays instant at a million stories: ids read in windows, lines on demand.

The list never holds every id of its view. It holds the rows read so far, from
the top, as two compact arrays (`array('q')`: the story ids and each row's sort
rank, 16 bytes a row) and asks for the next keyset window (`more`, off the UI
thread) when the cursor or the viewport comes near the end of what is loaded;
`G` reads on to the end in growing windows. Its size is the view's count when
known (the scrollbar is true), else what is loaded.

Summaries are fetched in pages of `PAGE` around the viewport by thread workers and
kept in an LRU cache; a row with no summary yet shows a placeholder until its page
arrives. The cursor and the selection are story ids, so they stay on the same
stories when the list changes under them; `apply_changes` moves, inserts and
removes just the rows a change touched (bisecting on the ranks).
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime, tzinfo
from typing import TYPE_CHECKING, cast

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events, work
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from deskapp.core.listing import StorySummary
from deskapp.tui.commands import NAV, bindings_for
from deskapp.tui.widgets.story_row import placeholder_line, story_line

PAGE = 100
WINDOW = 1000  # ids read at a time as the cursor nears the end of what is loaded
LARGEST_WINDOW = 64_000
Fetch = Callable[[Sequence[int]], dict[int, StorySummary]]
Rank = tuple[int, int]  # (sort rank, story id), as the services give them
# the next window of (rank, id) after a row (None: from the top), at most so many
More = Callable[["Rank | None", int], "list[Rank]"]


if TYPE_CHECKING:
    _IdArray = array[int]
else:
    _IdArray = array  # array is generic only to type checkers on Python 3.11


class Ids(_IdArray):
    """Story ids in list order, 8 bytes each; equal to a list of the same ids."""

    def __new__(cls, values: Iterable[int] = ()) -> Ids:
        return cast(Ids, super().__new__(cls, "q", values))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, list):
            return len(self) == len(other) and self.tolist() == other
        return super().__eq__(other)

    __hash__ = None  # type: ignore[assignment,unused-ignore]


class StoryList(ScrollView, can_focus=True):
    """Story rows keyed by id; render_line draws just the rows on screen."""

    BINDINGS = bindings_for(NAV)
    COMPONENT_CLASSES = {"story-list--cursor", "story-list--cursor-blur", "story-list--empty"}
    DEFAULT_CSS = """
    StoryList { height: 1fr; overflow-x: hidden; }
    """

    class Highlighted(Message):
        def __init__(self, story_list: StoryList, story_id: int | None) -> None:
            super().__init__()
            self.story_list = story_list
            self.story_id = story_id

    class Opened(Message):
        def __init__(self, story_list: StoryList, story_id: int) -> None:
            super().__init__()
            self.story_list = story_list
            self.story_id = story_id

    class SelectionChanged(Message):
        def __init__(self, story_list: StoryList, count: int) -> None:
            super().__init__()
            self.story_list = story_list
            self.count = count

    class Counted(Message):
        """The list's count changed (a diff, or a count read after the rows)."""

        def __init__(self, story_list: StoryList) -> None:
            super().__init__()
            self.story_list = story_list

    def __init__(
        self,
        fetch: Fetch,
        *,
        clock: Callable[[], datetime] | None = None,
        zone: tzinfo = UTC,
        me: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._fetch = fetch
        self._clock = clock or (lambda: datetime.now(UTC))
        self._zone = zone
        self._me = me  # this editor: their own soft lock is not marked
        self.ids = Ids()
        self._ranks = array("q")  # each row's sort rank, in display order
        self._ascending = False  # newest-first lists: ranks and ids fall down the list
        self.complete = True  # every row of the view is loaded
        self.total: int | None = 0  # rows in the view (None: not counted yet)
        self.exact = True  # the total is exact, not an estimate
        self._more: More | None = None
        self._more_pending = False
        self._to_end = False  # G: read on until the end, then move there
        self.cursor = 0
        self.selected: set[int] = set()
        self.loaded = False
        self.empty_message = Text("Nothing here.")
        self.annotations: dict[int, Text] = {}  # story id -> what its status column shows
        self._summaries: LRUCache[int, StorySummary] = LRUCache(4000)
        self._strips: LRUCache[tuple[object, ...], Strip] = LRUCache(400)
        self._pending: set[tuple[int, int]] = set()  # (generation, page)
        self._generation = 0
        self._base: Style | None = None  # the list's style while a frame draws its lines
        self._now: datetime | None = None  # the clock while a frame draws its lines

    # -- what the list shows ----------------------------------------------------
    @property
    def current_id(self) -> int | None:
        if 0 <= self.cursor < len(self.ids):
            return self.ids[self.cursor]
        return None

    @property
    def rows(self) -> int:
        """Rows the list spans: the view's count while not all are loaded."""
        if self.complete or self.total is None:
            return len(self.ids)
        return max(self.total, len(self.ids))

    def summary(self, story_id: int) -> StorySummary | None:
        return self._summaries.get(story_id)

    def position(self, story_id: int) -> int | None:
        """Where a loaded story is in the list (None: not loaded)."""
        summary = self._summaries.get(story_id)
        if summary is not None and self.ids:
            # bisect on the rank the summary gives, then check: no scan of the list
            for rank in self._ranks_of(summary):
                row = self._bisect((rank, story_id))
                if row < len(self.ids) and self.ids[row] == story_id:
                    return row
        try:
            return self.ids.index(story_id)
        except ValueError:
            return None

    def _ranks_of(self, summary: StorySummary) -> list[int]:
        if self._ascending:
            return [summary.queue_position] if summary.queue_position is not None else []
        when = summary.published_at or summary.ingested_at
        if when is None:
            return []
        delta = when - datetime(1970, 1, 1, tzinfo=UTC)
        return [(delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds]

    def _bisect(self, key: Rank) -> int:
        """The row where (rank, id) sorts in the loaded rows."""
        ranks, ids = self._ranks, self.ids
        if self._ascending:
            return bisect_left(range(len(ids)), key, key=lambda i: (ranks[i], ids[i]))
        rank, sid = key
        return bisect_left(range(len(ids)), (-rank, -sid), key=lambda i: (-ranks[i], -ids[i]))

    def targets(self) -> list[int]:
        """The selected stories in list order, else the one under the cursor."""
        if self.selected:
            places = {sid: self.position(sid) for sid in self.selected}
            return sorted(self.selected, key=lambda sid: places[sid] or 0)
        current = self.current_id
        return [current] if current is not None else []

    def set_ids(
        self,
        ids: Sequence[int] | Sequence[Rank],
        *,
        reset_cursor: bool = False,
        preload: dict[int, StorySummary] | None = None,
        more: More | None = None,
        ascending: bool = False,
        complete: bool = True,
        total: int | None = None,
    ) -> None:
        """Show these rows (in order), keeping the cursor on the same story when it is still here.

        Rows are (rank, id) pairs; plain ids (a complete list) are ranked by position.
        `more` reads the windows after the last row while `complete` is False.
        `preload`: summaries fetched along with the rows, so the first ones need no round trip.
        """
        for sid, summary in (preload or {}).items():
            self._summaries.set(sid, summary)
        current = None if reset_cursor else self.current_id
        pairs: list[Rank] = [
            row if isinstance(row, tuple) else (-n if not ascending else n, row)
            for n, row in enumerate(ids)
        ]
        self.ids = Ids(sid for _, sid in pairs)
        self._ranks = array("q", (rank for rank, _ in pairs))
        self._ascending = ascending
        self._more = more
        self.complete = complete or more is None
        self.total = len(self.ids) if self.complete else total
        self.exact = True
        self._more_pending = False
        self._to_end = False
        self._restructured()
        if self.selected:
            self.selected = {s for s in self.selected if self.position(s) is not None}
        place = self.position(current) if current is not None else None
        if place is not None:
            self.cursor = place
        else:
            self.cursor = 0 if reset_cursor else min(self.cursor, max(len(self.ids) - 1, 0))
        self.loaded = True
        self._scroll_to_cursor(center=reset_cursor)
        self.post_message(self.Highlighted(self, self.current_id))
        self._want_more()

    def set_total(self, total: int, *, exact: bool = True) -> None:
        """The view's count (or an estimate), read after its first rows."""
        if not self.complete:
            self.total = total
            self.exact = exact
            self._resize()
            self.post_message(self.Counted(self))

    def apply_changes(
        self,
        changed: Iterable[int],
        placed: dict[int, Rank],
        rows: dict[int, StorySummary] | None = None,
    ) -> bool | None:
        """These stories changed; `placed` holds those still in the view with their (rank, id),
        `rows` their summaries as they are now, when read with them.

        Moves, inserts and removes just those rows; the cursor stays on its story (or,
        if its story left, on the row where it was). Returns whether the count is
        still right (None: a changed story beyond the loaded rows may have come or
        gone: the caller counts again)."""
        changed = list(dict.fromkeys(changed))
        current, was = self.current_id, self.cursor
        exact: bool | None = True
        delta = 0
        last: Rank | None = (self._ranks[-1], self.ids[-1]) if self.ids else None
        for sid in changed:
            row = self.position(sid)  # before its summary goes: it gives the old rank
            self._summaries.discard(sid)
            if row is not None:
                del self.ids[row]
                del self._ranks[row]
                delta -= 1
            elif not self.complete:
                exact = None  # it may have been in the view, beyond the loaded rows
            key = placed.get(sid)
            if key is None:
                continue
            if not self.complete and last is not None and self._after(key, last):
                exact = None  # in the view, but beyond what is loaded: read in its window
                continue
            row = self._bisect(key)
            self.ids.insert(row, sid)
            self._ranks.insert(row, key[0])
            delta += 1
        for sid, summary in (rows or {}).items():
            self._summaries.set(sid, summary)
        self.selected = {s for s in self.selected if s not in changed or s in placed}
        place = self.position(current) if current is not None else None
        self.cursor = place if place is not None else min(was, max(len(self.ids) - 1, 0))
        if self.complete:
            self.total = len(self.ids)
            self.exact = True
        elif exact and self.total is not None:
            self.total += delta
        self._restructured()
        self._scroll_to_cursor()
        if self.current_id != current:
            self.post_message(self.Highlighted(self, self.current_id))
        self.post_message(self.Counted(self))
        self._want_more()
        return exact

    def _after(self, key: Rank, last: Rank) -> bool:
        """Whether (rank, id) sorts after the row `last`."""
        if self._ascending:
            return key > last
        return key < last

    def _restructured(self) -> None:
        # drawn lines are kept: a line's key is its story and state, not its row
        self._generation += 1
        self._pending.clear()
        self._resize()

    def _resize(self) -> None:
        size = Size(self.size.width, self.rows)
        was, seen = self.virtual_size, self.size.height
        if size.width == was.width and (size.height > seen) == (was.height > seen):
            # only the number of rows changed, and the scrollbar stays as it is: no
            # layout of the whole screen (setting the reactive `virtual_size` asks for
            # one), only the scrollbar's window and this list are redrawn
            self.set_reactive(StoryList.virtual_size, size)
            self._scroll_update(size)
        else:
            self.virtual_size = size
        self.refresh()

    def invalidate(self, story_ids: Iterable[int]) -> None:
        """Forget these summaries; rows on screen fetch them again."""
        for sid in story_ids:
            self._summaries.discard(sid)
        self._pending.clear()
        self.refresh()

    def clear_selection(self) -> None:
        if self.selected:
            self.selected.clear()
            self.refresh()
            self.post_message(self.SelectionChanged(self, 0))

    def rank_of(self, story_id: int) -> Rank | None:
        """(rank, id) of a loaded story (None: not loaded)."""
        row = self.position(story_id)
        return None if row is None else (self._ranks[row], story_id)

    # -- reading more rows ---------------------------------------------------------
    def _want_more(self) -> None:
        """Read the next window when the cursor or the viewport nears the loaded end."""
        if self.complete or self._more is None or self._more_pending:
            return
        near = max(int(self.scroll_y) + max(self.size.height, 1), self.cursor) + 2 * PAGE
        if not self._to_end and near < len(self.ids):
            return
        size = WINDOW
        if self._to_end:
            size = min(max(len(self.ids), WINDOW), LARGEST_WINDOW)
        elif near - len(self.ids) > WINDOW:  # scrolled far past the loaded rows
            size = min(near - len(self.ids), LARGEST_WINDOW)
        after = (self._ranks[-1], self.ids[-1]) if self.ids else None
        self._more_pending = True
        self._load_more(self._generation, self._more, after, size)

    @work(thread=True, group="story-windows")
    def _load_more(self, generation: int, more: More, after: Rank | None, size: int) -> None:
        rows = more(after, size)
        self.app.call_from_thread(self._more_arrived, generation, more, after, size, rows)

    def _more_arrived(
        self, generation: int, more: More, after: Rank | None, size: int, rows: list[Rank]
    ) -> None:
        if more is not self._more:
            return  # the list shows another view now
        self._more_pending = False
        now = (self._ranks[-1], self.ids[-1]) if self.ids else None
        if now != after:
            self._want_more()  # the end moved (a change): read again from the new end
            return
        self.ids.extend(sid for _, sid in rows)
        self._ranks.extend(rank for rank, _ in rows)
        if len(rows) < size:
            self.complete = True
            self.total = len(self.ids)
            self.exact = True
            self.post_message(self.Counted(self))
        elif self.total is not None and len(self.ids) > self.total:
            self.total = len(self.ids)
            self.exact = False
        self._resize()
        if self.complete and self._to_end:
            self._to_end = False
            self.move_to(len(self.ids) - 1)
        self._want_more()
        self.call_later(self.prefetch)

    # -- fetching summaries -------------------------------------------------------
    def _request_pages(self, rows: Iterable[int]) -> None:
        for page in {row // PAGE for row in rows}:
            key = (self._generation, page)
            if key in self._pending:
                continue
            self._pending.add(key)
            # only the rows of the page not known yet: after a change, the changed ones
            window = [
                sid
                for sid in self.ids[page * PAGE : (page + 1) * PAGE].tolist()
                if sid not in self._summaries
            ]
            if window:
                self._load_page(self._generation, page, window)
            else:
                self._pending.discard(key)

    @work(thread=True, group="story-pages")
    def _load_page(self, generation: int, page: int, window: list[int]) -> None:
        found = self._fetch(window)
        self.app.call_from_thread(self._page_arrived, generation, page, found)

    def _page_arrived(self, generation: int, page: int, found: dict[int, StorySummary]) -> None:
        for sid, summary in found.items():
            self._summaries.set(sid, summary)
        self._pending.discard((generation, page))
        self.refresh()

    def prefetch(self) -> None:
        top = int(self.scroll_y)
        height = max(self.size.height, 1)
        rows = [
            r
            for r in range(max(top - PAGE // 2, 0), min(top + height + PAGE // 2, len(self.ids)))
            if self.ids[r] not in self._summaries
        ]
        if rows:
            self._request_pages(rows)
        self._want_more()

    # -- drawing -----------------------------------------------------------------
    def render_lines(self, crop: Region) -> list[Strip]:
        self._base = self.rich_style  # once a frame: it walks up the DOM for the background
        self._now = self._clock()  # and the time every row of the frame is shown against
        try:
            return super().render_lines(crop)
        finally:
            self._base = self._now = None

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        row = int(self.scroll_y) + y
        base = self._base or self.rich_style
        if not self.ids:
            return self._message_line(y, width, base)
        if row >= len(self.ids):
            if row < self.rows:  # counted but not read yet: its window is on its way
                self.call_later(self._want_more)
                return self._strip(placeholder_line(width), width, base)
            return Strip.blank(width, base)
        sid = self.ids[row]
        summary = self._summaries.get(sid)
        if summary is None:
            self.call_later(self.prefetch)
            return self._strip(placeholder_line(width), width, base)
        cursor_style = None
        if row == self.cursor:
            name = "story-list--cursor" if self.has_focus else "story-list--cursor-blur"
            cursor_style = self.get_component_rich_style(name)
        note = self.annotations.get(sid)
        now = self._now or self._clock()
        # the line's whole state, by value: a line drawn before is drawn again only if
        # its story, width, styles, cursor, selection, note or the day (times show as
        # hh:mm today, dated before) changed, whatever its row, reads and restyles
        key = (
            summary,
            width,
            base,
            cursor_style,
            sid in self.selected,
            None if note is None else note.markup,
            now.astimezone(self._zone).date(),
        )
        cached = self._strips.get(key)
        if cached is not None:
            return cached
        text = story_line(
            summary,
            width,
            now=now,
            zone=self._zone,
            selected=sid in self.selected,
            status=note,
            me=self._me,
        )
        if cursor_style is not None:
            text.stylize(cursor_style)
        strip = self._strip(text, width, base)
        self._strips.set(key, strip)
        return strip

    def _strip(self, text: Text, width: int, base: Style) -> Strip:
        segments = [s for s in text.render(self.app.console) if s.text != "\n"]
        return Strip(Segment.apply_style(segments, base), text.cell_len).crop_extend(0, width, base)

    def _message_line(self, y: int, width: int, base: Style) -> Strip:
        if y != 1:
            return Strip.blank(width, base)
        text = Text("  ") + (self.empty_message if self.loaded else Text("Loading…"))
        text.stylize(self.get_component_rich_style("story-list--empty"))
        text.truncate(width, pad=True)
        return self._strip(text, width, base)

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, self.rows)  # lines are keyed by width

    def on_focus(self) -> None:
        self.refresh_line(self.cursor)

    def on_blur(self) -> None:
        self.refresh_line(self.cursor)

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self.call_later(self.prefetch)

    # -- moving -------------------------------------------------------------------
    def move_to(self, row: int) -> None:
        if not self.ids:
            return
        row = max(0, min(row, len(self.ids) - 1))
        if row == self.cursor:
            return
        old, self.cursor = self.cursor, row
        self.refresh_line(old)
        self.refresh_line(row)
        self._scroll_to_cursor()
        self.post_message(self.Highlighted(self, self.current_id))
        self._want_more()

    def move_to_id(self, story_id: int) -> bool:
        row = self.position(story_id)
        if row is not None:
            self.move_to(row)
            return True
        return False

    def _scroll_to_cursor(self, center: bool = False) -> None:
        height = max(self.size.height, 1)
        top = int(self.scroll_y)
        if center:
            self.scroll_to(y=max(self.cursor - height // 2, 0), animate=False, immediate=True)
        elif self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False, immediate=True)

    def action_cursor_down(self) -> None:
        self.move_to(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self.move_to(self.cursor - 1)

    def action_cursor_top(self) -> None:
        self.move_to(0)

    def action_cursor_bottom(self) -> None:
        if not self.complete:  # read on to the end (growing windows), then go there
            self._to_end = True
            self._want_more()
        self.move_to(len(self.ids) - 1)

    def action_page_down(self) -> None:
        self.move_to(self.cursor + max(self.size.height - 1, 1))

    def action_page_up(self) -> None:
        self.move_to(self.cursor - max(self.size.height - 1, 1))

    def action_toggle_select(self) -> None:
        sid = self.current_id
        if sid is None:
            return
        self.selected.symmetric_difference_update({sid})
        self.refresh_line(self.cursor)
        self.post_message(self.SelectionChanged(self, len(self.selected)))
        self.move_to(self.cursor + 1)

    def action_open_story(self) -> None:
        if self.current_id is not None:
            self.post_message(self.Opened(self, self.current_id))

    def on_click(self, event: events.Click) -> None:
        row = int(self.scroll_y) + event.y
        if 0 <= row < len(self.ids):
            self.move_to(row)
            if event.chain >= 2:
                self.action_open_story()
