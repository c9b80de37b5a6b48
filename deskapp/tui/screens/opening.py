"""The desk's first screen, drawn while its services open behind it (SQLite only).

Opening the services imports SQLAlchemy and SQLModel and checks the schema: most
of a second on a small machine. So `deskapp` reads the inbox's first page through
the sqlite3 driver (deskapp/services/first_page.py) and this screen draws what the
desk screen draws on opening (the header, the view tabs, the inbox's first rows,
the status bar, the footer), importing neither the ORM nor the desk screen. Once
the frame is on screen the app opens the services on a worker thread, then puts
the desk screen in this one's place; keys pressed meanwhile wait for it
(`DeskApp.on_event`, `DeskApp.opened`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from deskapp.core.listing import StorySummary
from deskapp.tui.app_handle import desk_app
from deskapp.tui.commands import GLOBAL, LIST, STORY, bindings_for
from deskapp.tui.views import VIEWS
from deskapp.tui.widgets.status_bar import StatusBar
from deskapp.tui.widgets.story_list import PAGE, StoryList
from deskapp.tui.widgets.story_pane import StoryPane

if TYPE_CHECKING:
    from deskapp.config import Settings
    from deskapp.services import Services


OPENING_LIST = "opening-list"  # this screen's list (the app waits for the desk screen's)


@dataclass(frozen=True)
class Opening:
    """What the desk knows before its services are open."""

    settings: Settings
    editor: str
    database: str  # its URL, as the status bar names it
    ids: list[int]  # the inbox's first page: ids in order, and their rows
    page: dict[int, StorySummary]
    open_services: Callable[[], Services]  # run on a worker thread, after the first frame
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)  # the services' clock


def view_tabs(current: str) -> Text:
    """The tab line of the desk screen (DeskScreen._draw_tabs draws the same)."""
    tabs = Text(" ")
    for view in VIEWS:
        here = view.id == current
        tabs.append(f" {view.key} ", style="reverse" if here else "dim")
        tabs.append(f" {view.title}  ", style="bold" if here else "")
    return tabs


def _nothing(_ids: Sequence[int]) -> dict[int, StorySummary]:
    return {}  # every id shown came with its row: there is nothing to fetch


class OpeningPane(StoryPane):
    """The inbox's pane, its rows from the first page rather than from the services."""

    def __init__(self, opening: Opening) -> None:
        super().__init__(VIEWS[0])
        self.opening = opening

    def _new_list(self) -> StoryList:
        return StoryList(
            _nothing,
            clock=self.opening.clock,
            zone=desk_app(self).zone,
            me=self.opening.editor,
            id=f"stories-{self.view.id}",
            classes=OPENING_LIST,
        )


class OpeningScreen(Screen[None]):
    # the desk screen's keys, for the footer: pressed now, they wait for that screen
    BINDINGS = bindings_for(LIST, STORY, GLOBAL)

    def __init__(self, opening: Opening) -> None:
        super().__init__()
        self.opening = opening

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="view-tabs")
        with Horizontal(id="desk-body"), Vertical(id="list-pane"):
            yield OpeningPane(self.opening)
        yield StatusBar(id="status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        view, opening = VIEWS[0], self.opening
        self.app.sub_title = view.title
        self.query_one("#view-tabs", Static).update(view_tabs(view.id))
        pane = self.query_one(OpeningPane)
        if opening.ids:  # an empty inbox says why once the desk screen knows (Loading… till then)
            pane.stories.set_ids(opening.ids, reset_cursor=True, preload=opening.page)
            pane.shown = None if len(opening.ids) >= PAGE else len(opening.ids)
        pane.focus_list()
        self.query_one(StatusBar).show(
            database=opening.database, editor=opening.editor, view=view.title, shown=pane.shown
        )
        # the services open once this frame is drawn, not while it is being drawn
        self.call_after_refresh(desk_app(self).open_behind)
