"""A story list that stays instant at 100,000 stories: lines rendered on demand.

The list holds only the ordered story ids (what `services.stories.ids` returns).
Summaries are fetched in pages of `PAGE` around the viewport by thread workers and
kept in an LRU cache; a row with no summary yet shows a placeholder until its page
arrives. The cursor and the selection are story ids, so they stay on the same
stories when the list is refreshed under them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime, tzinfo

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events, work
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from deskapp.core.listing import StorySummary
from deskapp.tui.commands import NAV, bindings_for
from deskapp.tui.widgets.story_row import placeholder_line, story_line

PAGE = 100
Fetch = Callable[[Sequence[int]], dict[int, StorySummary]]


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
        self.ids: list[int] = []
        self._pos: dict[int, int] = {}
        self.cursor = 0
        self.selected: set[int] = set()
        self.loaded = False
        self.empty_message = Text("Nothing here.")
        self.annotations: dict[int, Text] = {}  # story id -> what its status column shows
        self._summaries: LRUCache[int, StorySummary] = LRUCache(4000)
        self._strips: LRUCache[tuple, Strip] = LRUCache(400)
        self._pending: set[tuple[int, int]] = set()  # (generation, page)
        self._generation = 0

    # -- what the list shows ----------------------------------------------------
    @property
    def current_id(self) -> int | None:
        if 0 <= self.cursor < len(self.ids):
            return self.ids[self.cursor]
        return None

    def summary(self, story_id: int) -> StorySummary | None:
        return self._summaries.get(story_id)

    def targets(self) -> list[int]:
        """The selected stories in list order, else the one under the cursor."""
        if self.selected:
            return sorted(self.selected, key=lambda sid: self._pos.get(sid, 0))
        current = self.current_id
        return [current] if current is not None else []

    def set_ids(
        self,
        ids: list[int],
        positions: dict[int, int] | None = None,
        *,
        reset_cursor: bool = False,
        preload: dict[int, StorySummary] | None = None,
    ) -> None:
        """Show these ids (in order), keeping the cursor on the same story when it is still here.

        `preload`: summaries fetched along with the ids, so the first rows need no round trip.
        """
        for sid, summary in (preload or {}).items():
            self._summaries.set(sid, summary)
        current = None if reset_cursor else self.current_id
        self.ids = ids
        self._pos = positions if positions is not None else {s: i for i, s in enumerate(ids)}
        self._generation += 1
        self._pending.clear()
        if self.selected:
            self.selected = {s for s in self.selected if s in self._pos}
        if current is not None and current in self._pos:
            self.cursor = self._pos[current]
        else:
            self.cursor = 0 if reset_cursor else min(self.cursor, max(len(ids) - 1, 0))
        self.loaded = True
        self.virtual_size = Size(self.size.width, len(ids))
        self._strips.clear()
        self._scroll_to_cursor(center=reset_cursor)
        self.refresh()
        self.post_message(self.Highlighted(self, self.current_id))

    def invalidate(self, story_ids: Iterable[int]) -> None:
        """Forget these summaries; rows on screen fetch them again."""
        for sid in story_ids:
            self._summaries.discard(sid)
        self._strips.clear()
        self._pending.clear()
        self.refresh()

    def clear_selection(self) -> None:
        if self.selected:
            self.selected.clear()
            self._strips.clear()
            self.refresh()
            self.post_message(self.SelectionChanged(self, 0))

    # -- fetching ---------------------------------------------------------------
    def _request_pages(self, rows: Iterable[int]) -> None:
        for page in {row // PAGE for row in rows}:
            key = (self._generation, page)
            if key in self._pending:
                continue
            self._pending.add(key)
            window = self.ids[page * PAGE : (page + 1) * PAGE]
            self._load_page(self._generation, page, window)

    @work(thread=True, group="story-pages")
    def _load_page(self, generation: int, page: int, window: list[int]) -> None:
        found = self._fetch(window)
        self.app.call_from_thread(self._page_arrived, generation, page, found)

    def _page_arrived(self, generation: int, page: int, found: dict[int, StorySummary]) -> None:
        for sid, summary in found.items():
            self._summaries.set(sid, summary)
        self._pending.discard((generation, page))
        self._strips.clear()
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

    # -- drawing -----------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        width = self.size.width
        row = int(self.scroll_y) + y
        base = self.rich_style
        if not self.ids:
            return self._message_line(y, width, base)
        if row >= len(self.ids):
            return Strip.blank(width, base)
        sid = self.ids[row]
        summary = self._summaries.get(sid)
        if summary is None:
            self.call_later(self.prefetch)
            return self._strip(placeholder_line(width), width, base)
        is_cursor = row == self.cursor
        note = self.annotations.get(sid)
        key = (
            sid,
            id(summary),
            width,
            is_cursor,
            is_cursor and self.has_focus,
            sid in self.selected,
            id(note),
        )
        cached = self._strips.get(key)
        if cached is not None:
            return cached
        text = story_line(
            summary,
            width,
            now=self._clock(),
            zone=self._zone,
            selected=sid in self.selected,
            status=note,
            me=self._me,
        )
        if is_cursor:
            name = "story-list--cursor" if self.has_focus else "story-list--cursor-blur"
            text.stylize(self.get_component_rich_style(name))
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

    def notify_style_update(self) -> None:
        self._strips.clear()
        super().notify_style_update()

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, len(self.ids))
        self._strips.clear()

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

    def move_to_id(self, story_id: int) -> bool:
        if story_id in self._pos:
            self.move_to(self._pos[story_id])
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
        self._strips.clear()
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
