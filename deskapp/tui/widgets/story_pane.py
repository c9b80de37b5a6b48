"""A desk view that lists stories: its column header, its list, and what it knows of them.

The desk screen composes one pane per view (mounted on first use); a pane owns its
list's cursor and selection, and the keys that only make sense in it (the queue's
J/K/P/E/v, the desks view's [ and ]). The screen reads the ids and hands them over.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from deskapp.core.listing import DeskCount, StorySummary
from deskapp.tui.app_handle import desk_app
from deskapp.tui.commands import BY_ID, DESKS, NAV, actions_for, bindings_for
from deskapp.tui.views import View
from deskapp.tui.widgets.story_list import More, StoryList
from deskapp.tui.widgets.story_row import header_line


class StoryPane(Vertical):
    """Inbox, Spiked (and the base of Desks and Queue): a header line over a story list."""

    DEFAULT_CSS = """
    StoryPane { height: 1fr; }
    StoryPane .list-header { height: 1; color: $foreground-muted; background: $surface; }
    """

    def __init__(self, view: View) -> None:
        super().__init__(id=f"pane-{view.id}", classes="story-pane")
        self.view = view
        self.shown: int | None = None  # stories in the list once all ids are read

    def compose(self) -> ComposeResult:
        yield Static(classes="list-header")
        yield self._new_list()

    def _new_list(self) -> StoryList:
        app = desk_app(self)
        services = app.services
        return StoryList(
            services.stories.summaries,
            clock=services.ctx.now,
            zone=app.zone,
            me=services.editor,
            id=f"stories-{self.view.id}",
        )

    @property
    def stories(self) -> StoryList:
        return self.query_one(StoryList)

    def on_resize(self) -> None:
        self.call_after_refresh(self.draw_header)  # once the list has its new width

    def on_show(self) -> None:
        self.call_after_refresh(self.draw_header)

    def draw_header(self) -> None:
        width = self.stories.size.width or self.size.width
        self.query_one(".list-header", Static).update(header_line(width))

    # -- what the screen asks ------------------------------------------------------------
    def targets(self) -> list[int]:
        return self.stories.targets()

    def cursor_id(self) -> int | None:
        return self.stories.current_id

    def known(self, story_id: int) -> StorySummary | None:
        return self.stories.summary(story_id)

    def selected_count(self) -> int:
        return len(self.stories.selected)

    def clear_selection(self) -> None:
        self.stories.clear_selection()

    def invalidate(self, story_ids: Iterable[int]) -> None:
        self.stories.invalidate(story_ids)

    def focus_list(self) -> None:
        self.stories.focus()

    def set_empty(self, message: str) -> None:
        self.stories.empty_message = Text(message)

    def show_rows(
        self,
        rows: list[tuple[int, int]],
        *,
        reset_cursor: bool,
        preload: dict[int, StorySummary] | None,
        more: More | None,
        complete: bool,
        count: int | None,
    ) -> None:
        """Show a view's first (rank, id) rows; `more` reads the next windows."""
        self.stories.set_ids(
            rows,
            reset_cursor=reset_cursor,
            preload=preload,
            more=more,
            ascending=self.view.base.order == "queue",
            complete=complete,
            total=count,
        )
        self.shown = self.stories.total

    def on_story_list_counted(self, event: StoryList.Counted) -> None:
        self.shown = event.story_list.total


class DeskSide(OptionList):
    """The desks with their counts; moved with the same keys as every list."""

    BINDINGS = [
        a.binding()
        for a in actions_for([NAV])
        if a.action in ("cursor_down", "cursor_up", "page_down", "page_up")
    ]
    BINDINGS += [
        replace(BY_ID["cursor_top"].binding(), action="first"),
        replace(BY_ID["cursor_bottom"].binding(), action="last"),
    ]


class DesksPane(StoryPane):
    """The desks view: the desks with their counts on the left, `[` and `]` to change desk."""

    BINDINGS = bindings_for(DESKS)
    DEFAULT_CSS = "DesksPane #desks-row { height: 1fr; }"

    class DeskChosen(Message):
        def __init__(self, code: str) -> None:
            super().__init__()
            self.code = code

    def __init__(self, view: View) -> None:
        super().__init__(view)
        self.desk = "none"

    def compose(self) -> ComposeResult:
        with Horizontal(id="desks-row"):
            yield DeskSide(id="desk-side")
            with Vertical(id="desk-list"):
                yield Static(classes="list-header")
                yield self._new_list()

    @property
    def side(self) -> OptionList:
        return self.query_one("#desk-side", OptionList)

    def show_desks(self, counts: list[DeskCount]) -> None:
        side = self.side
        # filling the list is not the editor choosing a desk: its highlight posts nothing
        with side.prevent(OptionList.OptionHighlighted):
            side.clear_options()
            for count in counts:
                prompt = Text(count.name)
                prompt.append(f"  {count.count:,}", style="dim")
                side.add_option(Option(prompt, id=count.code))
            codes = [c.code for c in counts]
            if self.desk in codes:
                side.highlighted = codes.index(self.desk)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        code = event.option.id or "none"
        if code != self.desk:
            self.desk = code
            self.post_message(self.DeskChosen(code))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.focus_list()

    def action_desk(self, step: int) -> None:
        """The previous or next desk in the side list."""
        side = self.side
        if side.option_count:
            current = side.highlighted if side.highlighted is not None else 0
            side.highlighted = (current + step) % side.option_count
