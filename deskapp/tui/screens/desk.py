"""The desk: the five story views, search, filter, and the story actions on the list."""

from __future__ import annotations

from dataclasses import dataclass, replace

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Footer, Header, Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from deskapp.core.listing import DeskCount, StoryFilter
from deskapp.services.errors import ServiceError
from deskapp.tui.commands import BOARD, GLOBAL, LIST, NAV, QUEUE, STORY, bindings_for
from deskapp.tui.role_keys import RoleKeys
from deskapp.tui.screens.desk_search import SearchKeys
from deskapp.tui.screens.desk_views import DeskViewKeys, queue_detail, readiness
from deskapp.tui.screens.story_actions import Known, StoryActions, not_available
from deskapp.tui.views import BY_ID, VIEWS, ListFilter, View
from deskapp.tui.widgets.followup_table import FollowUpTable
from deskapp.tui.widgets.status_bar import StatusBar
from deskapp.tui.widgets.story_list import PAGE, StoryList
from deskapp.tui.widgets.story_row import header_line


@dataclass
class Loaded:
    """What one ids query brought back."""

    token: int
    ids: list[int]
    positions: dict[int, int]
    desks: list[DeskCount] | None = None
    followups: list | None = None
    queue: list | None = None  # QueueEntry items, in the queue view
    problem: str = ""
    desk: str | None = None  # the desk the desks view opened on
    first_page: dict | None = None  # summaries around the cursor, fetched with the ids
    partial: bool = False  # only the first rows: the rest of the ids are on their way


class DeskScreen(RoleKeys, SearchKeys, DeskViewKeys, StoryActions, Screen):
    HELP_SCOPES = (NAV, LIST, STORY, QUEUE, BOARD, GLOBAL)
    BINDINGS = [*bindings_for(LIST, STORY, QUEUE, BOARD, GLOBAL),
                Binding("escape", "escape", "Clear", show=False)]

    def __init__(self) -> None:
        super().__init__()
        self.view: View = VIEWS[0]
        self.desk = "none"
        self.search_text = ""
        self.extra = ListFilter()
        self._token = 0
        self._search_timer: Timer | None = None
        self._desks_ready = False
        self._desk_picked = False
        self._used_first_load = False
        self.queue_entries: dict = {}

    # -- layout --------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        app = self.app
        yield Header()
        yield Static(id="view-tabs")
        # the search box, the desk side list and the follow-ups table are mounted on
        # first use: fewer widgets to style makes the first paint faster
        with Horizontal(id="desk-body"), Vertical(id="list-pane"):
            yield Static(id="list-header")
            yield StoryList(app.services.stories.summaries,  # type: ignore[attr-defined]
                            clock=app.services.ctx.now,  # type: ignore[attr-defined]
                            zone=app.zone,  # type: ignore[attr-defined]
                            me=app.services.editor, id="stories")  # type: ignore[attr-defined]
            yield Static(id="queue-detail")
        yield StatusBar(id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.show_view(self.view.id)

    def on_screen_resume(self) -> None:
        self.app.sub_title = self.view.title

    @property
    def stories(self) -> StoryList:
        return self.query_one(StoryList)

    @property
    def followups(self) -> FollowUpTable:
        found = self.query(FollowUpTable)
        if found:
            return found.first()
        table = FollowUpTable(id="followups")
        self.query_one("#list-pane").mount(table)
        return table

    @property
    def side(self) -> OptionList:
        found = self.query("#desk-side")
        if found:
            return found.first(OptionList)
        side = OptionList(id="desk-side")
        self.query_one("#desk-body").mount(side, before=0)
        return side

    def _search_box(self) -> Input | None:
        found = self.query("#search")
        return found.first(Input) if found else None

    def on_resize(self) -> None:
        self._draw_header()

    def _draw_header(self) -> None:
        width = self.stories.size.width or self.size.width
        self.query_one("#list-header", Static).update(header_line(width))

    def _draw_tabs(self) -> None:
        tabs = Text(" ")
        for view in VIEWS:
            current = view.id == self.view.id
            tabs.append(f" {view.key} ", style="reverse" if current else "dim")
            tabs.append(f" {view.title}  ", style="bold" if current else "")
        self.query_one("#view-tabs", Static).update(tabs)

    # -- views -----------------------------------------------------------------------
    def action_view(self, view_id: str) -> None:
        self.show_view(view_id)

    def show_view(self, view_id: str) -> None:
        self.view = BY_ID[view_id]
        self.app.sub_title = self.view.title
        is_followups = view_id == "followups"
        if view_id == "desks" or self.query("#desk-side"):
            self.side.display = view_id == "desks"
        self.query_one("#list-header").display = not is_followups
        self.stories.display = not is_followups
        self.query_one("#queue-detail").display = view_id == "queue"
        self.refresh_bindings()
        if is_followups or self.query(FollowUpTable):
            self.followups.display = is_followups
        self.stories.empty_message = Text(self.view.empty)
        self.stories.clear_selection()
        self._draw_tabs()
        self._draw_header()
        if is_followups:
            self.call_after_refresh(self.followups.focus)
        else:
            self.stories.focus()
        self.reload(reset_cursor=True)

    def story_filter(self) -> StoryFilter:
        return self.view.story_filter(desk=self.desk, search=self.search_text, extra=self.extra)

    def reload(self, *, reset_cursor: bool = False) -> None:
        self._token += 1
        self._update_status()
        keep = None if reset_cursor else self.stories.current_id
        self._load(self._token, self.view.id, self.story_filter(), reset_cursor, keep)

    @work(thread=True, exclusive=True, group="ids")
    def _load(self, token: int, view_id: str, flt: StoryFilter, reset_cursor: bool,
              keep: int | None) -> None:
        services = self.app.services  # type: ignore[attr-defined]
        result = Loaded(token, [], {})
        try:
            if view_id == "followups":
                result.followups = services.notes.board(desk=self.extra.desk)
            elif view_id == "queue":
                result.queue = services.queue.list()
            elif view_id == "desks" and not self._desk_picked:
                # open on the first desk with stories rather than on an empty one
                counts = services.stories.desk_counts(flt.statuses)
                result.desk = next((c.code for c in counts if c.count), "none")
                flt = replace(flt, desk=result.desk)
            if view_id != "followups":
                head_first = reset_cursor and view_id != "queue"
                if head_first and not self._head_first(token, flt, services, result):
                    return  # the whole list was the head: nothing more to read
                result.ids = services.stories.ids(flt)
                result.positions = {sid: i for i, sid in enumerate(result.ids)}
                # the rows around the cursor come with the ids: one round trip
                start = result.positions.get(keep, 0) // PAGE * PAGE if keep else 0
                result.first_page = services.stories.summaries(
                    result.ids[max(start - PAGE, 0):start + PAGE])
            if view_id == "desks":
                result.desks = services.stories.desk_counts(flt.statuses)
        except AttributeError:
            result.problem = "The follow-ups board is not available yet in this version."
        except ModuleNotFoundError as exc:
            if not not_available(exc):
                raise
            result.problem = "This view is not available yet in this version."
        except ServiceError as exc:
            result.problem = str(exc)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._loaded, result, False)

    def _head_first(self, token: int, flt: StoryFilter, services, result: Loaded) -> bool:  # type: ignore[no-untyped-def]
        """Show the first rows before reading every id: a view or a search paints at once.

        Returns False when the head is the whole list (then it is final)."""
        first = self._first_load(flt)
        if first is not None:
            head, page = first
        else:
            head = services.stories.ids(flt, limit=PAGE)
            page = services.stories.summaries(head)
        partial = Loaded(token, head, {sid: i for i, sid in enumerate(head)},
                         desk=result.desk, first_page=page, partial=len(head) >= PAGE)
        if self.view.id == "desks":
            partial.desks = services.stories.desk_counts(flt.statuses)
        if get_current_worker().is_cancelled:
            return False
        self.app.call_from_thread(self._loaded, partial, True)
        return partial.partial

    def _first_load(self, flt: StoryFilter) -> tuple[list[int], dict] | None:
        """The app's start-up read of the inbox, used once if it is what this view shows."""
        future = getattr(self.app, "first_load", None)
        if future is None or self._used_first_load or flt != VIEWS[0].story_filter():
            return None
        self._used_first_load = True
        try:
            return future.result(timeout=30)
        except Exception:
            return None

    def _loaded(self, result: Loaded, reset_cursor: bool) -> None:
        if result.token != self._token:
            return  # a newer query is on its way
        if result.problem:
            self.notify(result.problem, severity="warning", markup=False)
        if result.desk is not None:
            self.desk = result.desk
            self._desk_picked = True
        if result.desks is not None:
            self._show_desks(result.desks)
        if result.queue is not None:
            now = self.app.services.ctx.now()  # type: ignore[attr-defined]
            self.queue_entries = {e.story_id: e for e in result.queue}
            self.stories.annotations = {e.story_id: readiness(e, now) for e in result.queue}
        elif not result.partial:
            self.queue_entries, self.stories.annotations = {}, {}
        if result.followups is not None:
            self.followups.show(result.followups, self.app.zone)  # type: ignore[attr-defined]
            self._shown = len(result.followups)
        else:
            self.stories.set_ids(result.ids, result.positions, reset_cursor=reset_cursor,
                                 preload=result.first_page)
            self._shown = None if result.partial else len(result.ids)
        self._update_status()
        self._show_queue_detail()

    def _show_queue_detail(self) -> None:
        entry = self.queue_entries.get(self.stories.current_id or 0)
        app = self.app
        self.query_one("#queue-detail", Static).update(
            queue_detail(entry, app.services.ctx.now(), app.zone)  # type: ignore[attr-defined]
            if entry else Text(""))

    def on_story_list_highlighted(self) -> None:
        if self.view.id == "queue":
            self._show_queue_detail()

    def _show_desks(self, counts: list[DeskCount]) -> None:
        side = self.side
        highlighted = self.desk
        side.clear_options()
        for count in counts:
            prompt = Text(count.name)
            prompt.append(f"  {count.count:,}", style="dim")
            side.add_option(Option(prompt, id=count.code))
        codes = [c.code for c in counts]
        if highlighted in codes:
            self._desks_ready = False
            side.highlighted = codes.index(highlighted)
        self._desks_ready = True

    @on(OptionList.OptionHighlighted, "#desk-side")
    def _desk_chosen(self, event: OptionList.OptionHighlighted) -> None:
        if not self._desks_ready or event.option.id == self.desk:
            return
        self.desk = event.option.id or "none"
        self._desk_picked = True
        self.reload(reset_cursor=True)

    @on(OptionList.OptionSelected, "#desk-side")
    def _desk_selected(self) -> None:
        self.stories.focus()

    # -- status ---------------------------------------------------------------------
    _shown: int | None = None

    def _update_status(self) -> None:
        services = self.app.services  # type: ignore[attr-defined]
        title = self.view.title
        if self.view.id == "desks":
            title = f"Desks › {self.desk}"
        self.query_one(StatusBar).show(
            database=services.db.display_name(), editor=services.editor, view=title,
            shown=self._shown, selected=len(self.stories.selected),
            search=self.search_text, filter_text=self.extra.describe())

    def on_story_list_selection_changed(self) -> None:
        self._update_status()

    # -- the rest ----------------------------------------------------------------------
    def action_refresh(self) -> None:
        self.stories.invalidate(list(self.stories.ids))
        self.reload()

    def action_ingest(self) -> None:
        from deskapp.tui.screens.ingest import IngestDialog

        self.app.push_screen(IngestDialog())

    def action_help(self) -> None:
        self.app.show_help(self)  # type: ignore[attr-defined]

    def action_back(self) -> None:
        self.app.exit(0)

    def action_open_story(self) -> None:
        story_id = self._cursor_id()
        if story_id is not None:
            self.open_story(story_id, at_notes=self.view.id == "followups")

    def on_story_list_opened(self, event: StoryList.Opened) -> None:
        self.open_story(event.story_id)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        story_id = self.followups.story_ids.get(event.row_key.value or "")
        if story_id is not None:
            self.open_story(story_id, at_notes=True)

    def open_story(self, story_id: int, *, at_notes: bool = False) -> None:
        from deskapp.tui.screens.story import StoryScreen

        self.app.push_screen(StoryScreen(story_id, at_notes=at_notes))

    def action_edit_story(self) -> None:
        if self.view.id == "followups":
            self.edit_note()  # on the board, `e` edits the follow-up
        else:
            super().action_edit_story()

    def _cursor_id(self) -> int | None:
        if self.view.id == "followups":
            return self.followups.story_id_at_cursor()
        return self.stories.current_id

    # -- StoryActions -------------------------------------------------------------------
    def target_ids(self) -> list[int]:
        if self.view.id == "followups":
            sid = self.followups.story_id_at_cursor()
            return [sid] if sid is not None else []
        return self.stories.targets()

    def known(self, story_id: int) -> Known | None:
        return self.stories.summary(story_id)  # type: ignore[return-value]

    def stories_changed(self, story_ids: list[int]) -> None:
        self.stories.invalidate(story_ids)
        self.reload()

    def after_bulk(self, done: list[int]) -> None:
        self.stories.clear_selection()

    def live_update(self, story_ids: set[int]) -> None:
        """Others changed these stories: refresh them and the list's membership."""
        self.stories.invalidate(story_ids)
        self.reload()
