"""The desk: five views of the stories, search, filter, and the story keys on the lists.

The screen composes one pane per view (`StoryPane`, `DesksPane`, `QueuePane`,
`BoardPane`, mounted on first use); each pane owns its list, cursor, selection and
its own keys. The screen reads each view's ids on a worker thread, hands them to
the pane, and runs the story keys through one `StoryActs`, which applies them to
the selection or the story under the cursor *when the key is pressed*.
"""

from __future__ import annotations

from dataclasses import replace

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static
from textual.worker import get_current_worker

from deskapp.core.listing import DeskCount, StoryChange, StoryFilter, StorySummary
from deskapp.core.story import Status, Story
from deskapp.tui.app_handle import desk_app
from deskapp.tui.commands import GLOBAL, LIST, STORY, bindings_for
from deskapp.tui.failures import guarded
from deskapp.tui.role_keys import role_check
from deskapp.tui.screens.desk_reads import Loaded, ReadRequest, place_changes, read_view
from deskapp.tui.screens.desk_search import SearchBox
from deskapp.tui.screens.desk_views import BoardPane, QueuePane
from deskapp.tui.screens.pickers import FilterDialog
from deskapp.tui.screens.story_actions import StoryActs
from deskapp.tui.views import BY_ID, VIEWS, ListFilter, View
from deskapp.tui.widgets.key_footer import KeyFooter
from deskapp.tui.widgets.status_bar import StatusBar
from deskapp.tui.widgets.story_list import StoryList
from deskapp.tui.widgets.story_pane import DesksPane, StoryPane

Pane = StoryPane | BoardPane


class DeskScreen(Screen[None]):
    BINDINGS = [
        *bindings_for(LIST, STORY, GLOBAL),
        Binding("escape", "escape", "Clear", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.view: View = VIEWS[0]
        self.search_text = ""
        self.extra = ListFilter()
        self.panes: dict[str, Pane] = {}
        self.acts = StoryActs(self, self)
        self._token = 0
        self._shown_token = 0  # the read whose rows the pane shows
        self._used_first_load = False
        self._desk_picked = False

    # -- layout --------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="view-tabs")
        with Horizontal(id="desk-body"), Vertical(id="list-pane"):
            yield self._new_pane(self.view)  # the other views mount on first use
        yield StatusBar(id="status")
        yield KeyFooter(compact=True)

    def _new_pane(self, view: View) -> Pane:
        pane: Pane
        if view.id == "desks":
            pane = DesksPane(view)
        elif view.id == "queue":
            pane = QueuePane(view, self.acts)
        elif view.id == "followups":
            pane = BoardPane(view, self.acts)
        else:
            pane = StoryPane(view)
        self.panes[view.id] = pane
        return pane

    async def on_mount(self) -> None:
        await self.show_view(self.view.id)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return role_check(self, action, parameters)  # keys the login's role may not use: hidden

    def on_screen_resume(self) -> None:
        self.app.sub_title = self.view.title

    @property
    def pane(self) -> Pane:
        return self.panes[self.view.id]

    @property
    def stories(self) -> StoryList:
        """The story list of the view on screen (the board has none)."""
        pane = self.pane
        if not isinstance(pane, StoryPane):
            raise LookupError("the follow-ups board lists notes, not stories")
        return pane.stories

    def _draw_tabs(self) -> None:
        tabs = Text(" ")
        for view in VIEWS:
            current = view.id == self.view.id
            tabs.append(f" {view.key} ", style="reverse" if current else "dim")
            tabs.append(f" {view.title}  ", style="bold" if current else "")
        self.query_one("#view-tabs", Static).update(tabs)

    # -- views ---------------------------------------------------------------------------
    async def action_view(self, view_id: str) -> None:
        await self.show_view(view_id)

    async def show_view(self, view_id: str) -> None:
        self.query_one(KeyFooter).hold()  # until the view's rows are on screen
        if view_id not in self.panes:
            await self.query_one("#list-pane").mount(self._new_pane(BY_ID[view_id]))
        self.view = BY_ID[view_id]
        for pane in self.panes.values():
            pane.display = pane.view.id == view_id
        if view_id == "desks" and self.extra.desk:  # the desk filter *is* the desk shown
            self._show_desk(self.extra.desk)
            self.extra = replace(self.extra, desk=None)
        self.app.sub_title = self.view.title
        self.pane.clear_selection()
        self.pane.focus_list()
        self._draw_tabs()
        self.refresh_bindings()
        self.reload(reset_cursor=True)

    def _show_desk(self, code: str) -> None:
        pane = self.panes.get("desks")
        if isinstance(pane, DesksPane):
            pane.desk = code
        self._desk_picked = True

    @property
    def desk(self) -> str:
        """The desk the desks view shows."""
        pane = self.panes.get("desks")
        return pane.desk if isinstance(pane, DesksPane) else "none"

    def on_desks_pane_desk_chosen(self, event: DesksPane.DeskChosen) -> None:
        self._desk_picked = True
        self.reload(reset_cursor=True)

    @property
    def reading(self) -> bool:
        """A read of the view is on its way: the rows on screen are from before it."""
        return self._shown_token != self._token

    def story_filter(self) -> StoryFilter:
        return self.view.story_filter(desk=self.desk, search=self.search_text, extra=self.extra)

    def reload(self, *, reset_cursor: bool = False) -> None:
        self._token += 1
        self._update_status()
        keep = None if reset_cursor else self.pane.cursor_id()
        keep_rank, loaded = None, 0
        pane = self.pane
        if not reset_cursor and isinstance(pane, StoryPane):
            loaded = len(pane.stories.ids)
            keep_rank = pane.stories.rank_of(keep) if keep is not None else None
        request = ReadRequest(
            self._token,
            self.view.id,
            self.story_filter(),
            reset_cursor,
            keep,
            not self._desk_picked,
            board_desk=self.extra.desk,
            keep_rank=keep_rank,
            loaded=loaded,
        )
        self._load(request)

    @work(thread=True, exclusive=True, group="ids")
    @guarded("reading the list")
    def _load(self, request: ReadRequest) -> None:
        worker = get_current_worker()

        def show(result: Loaded, reset: bool) -> bool:
            if worker.is_cancelled:
                return False
            self.app.call_from_thread(self._loaded, result, reset)
            return True

        read_view(desk_app(self).services, request, first_load=self._first_load, show=show)

    def _first_load(self, flt: StoryFilter) -> tuple[list[int], dict[int, StorySummary]] | None:
        """The app's start-up read of the inbox, used once if it is what this view shows."""
        future = desk_app(self).first_load
        if self._used_first_load or flt != VIEWS[0].story_filter():
            return None
        self._used_first_load = True
        try:
            return future.result(timeout=30)
        except Exception:  # the start-up read failed: this screen reads (and reports) itself
            return None

    def _loaded(self, result: Loaded, reset_cursor: bool) -> None:
        if result.token != self._token:
            return  # a newer query is on its way
        pane = self.panes[result.view_id]
        if result.problem:
            self.notify(result.problem, severity="warning", markup=False)
        if result.desk is not None:
            self._show_desk(result.desk)
        if isinstance(pane, DesksPane) and result.desks is not None:
            pane.show_desks(result.desks)
        if result.counted:  # the count and the extras, after the rows
            if result.total is not None:
                pane.set_empty(self.empty_text(result.total))
                if isinstance(pane, StoryPane):
                    pane.stories.refresh()
            if isinstance(pane, StoryPane) and result.count is not None:
                pane.stories.set_total(result.count, exact=result.exact)
                pane.shown = pane.stories.total
            self._update_status()
            return
        pane.set_empty(self.empty_text(result.total))
        if isinstance(pane, BoardPane):
            pane.show_items(result.followups or [])
        else:
            if isinstance(pane, QueuePane) and result.queue is not None:
                pane.show_entries(result.queue)
            flt = self.story_filter()
            services = desk_app(self).services
            pane.show_rows(
                result.rows,
                reset_cursor=reset_cursor,
                preload=result.first_page,
                more=lambda after, size: services.stories.window(flt, after, size),
                complete=result.complete,
                count=result.count,
            )
            if isinstance(pane, QueuePane):
                pane.show_detail()
        self._shown_token = result.token
        self._update_status()
        self.call_after_refresh(self.query_one(KeyFooter).release)  # the view's keys, next

    def on_story_list_counted(self) -> None:
        self._update_status()

    def empty_text(self, total: int | None) -> str:
        """What an empty view says: why it is empty, and what to do."""
        if self.search_text:
            return (
                f"No stories match “{self.search_text}” in {self.view.title} "
                "— esc clears the search"
            )
        if self.extra.active:
            return f"No stories match the filter ({self.extra.describe()}) — esc clears it"
        if self.view.id == "inbox" and total:
            return (
                f"The inbox is empty: all {total:,} stories are on desks (2), in the "
                "queue (3) or spiked (5)"
            )
        return self.view.empty

    # -- status --------------------------------------------------------------------------
    def _update_status(self) -> None:
        services = desk_app(self).services
        pane = self.pane
        title = self.view.title
        if self.view.id == "desks":
            names = {d.code: d.name for d in services.ctx.settings.desks}
            title = f"Desks › {names.get(self.desk, 'Untagged')}"
        extras = []
        if isinstance(pane, BoardPane) and pane.shown is not None:
            extras.append(f"{pane.notes_shown} open follow-ups")
        undo = desk_app(self).undo
        if undo.done:  # what `u` would take back
            extras.append(f"u: {undo.done[-1].on_what()}")
        extra = "  ·  ".join(extras)
        self.query_one(StatusBar).show(
            database=services.db.display_name(),
            editor=services.editor,
            view=title,
            shown=pane.shown,
            approximate=isinstance(pane, StoryPane) and not pane.stories.exact,
            selected=pane.selected_count(),
            search=self.search_text,
            filter_text=self.extra.describe(),
            extra=extra,
        )

    def on_story_list_selection_changed(self) -> None:
        self._update_status()

    # -- search, filter, escape ------------------------------------------------------------
    async def action_search(self) -> None:
        found = self.query(SearchBox)
        box = found.first() if found else SearchBox()
        if not found:
            await self.query_one("#list-pane").mount(box, before=0)
        box.display = True
        box.focus()

    def on_search_box_search(self, event: SearchBox.Search) -> None:
        if event.text != self.search_text:
            self.search_text = event.text
            self.reload(reset_cursor=True)

    def on_search_box_browse(self) -> None:
        self.pane.focus_list()

    def action_filter(self) -> None:
        current = self.extra
        if self.view.id == "desks":
            current = replace(current, desk=self.desk)

        def chosen(value: ListFilter | None) -> None:
            if value is None:
                return
            if self.view.id == "desks" and value.desk:  # in the desks view: change desk
                self._show_desk(value.desk)
                value = replace(value, desk=None)
            self.extra = value
            self.reload(reset_cursor=True)

        self.app.push_screen(
            FilterDialog(desk_app(self).services.ctx.settings.desks, current), chosen
        )

    def action_escape(self) -> None:
        found = self.query(SearchBox)
        box = found.first() if found else None
        if self.pane.selected_count():
            self.pane.clear_selection()
        elif box is not None and (box.has_focus or self.search_text):
            box.clear_search()
            self.search_text = ""
            self.pane.focus_list()
            self.reload()
        elif self.extra.active:
            self.extra = ListFilter()
            self.reload()

    # -- the rest ------------------------------------------------------------------------
    def action_refresh(self) -> None:
        if isinstance(self.pane, StoryPane):
            self.pane.invalidate(self.pane.stories.ids.tolist())
        self.reload()

    def action_ingest(self) -> None:
        from deskapp.tui.screens.ingest import IngestDialog

        self.app.push_screen(IngestDialog())

    def action_help(self) -> None:
        desk_app(self).show_help(self)

    def action_back(self) -> None:
        self.app.exit(0)

    def action_open_story(self) -> None:
        story_id = self.pane.cursor_id()
        if story_id is not None:
            self.open_story(story_id, at_notes=self.view.id == "followups")

    def on_story_list_opened(self, event: StoryList.Opened) -> None:
        self.open_story(event.story_id)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        pane = self.pane
        if isinstance(pane, BoardPane):
            story_id = pane.table.story_ids.get(event.row_key.value or "")
            if story_id is not None:
                self.open_story(story_id, at_notes=True)

    def open_story(self, story_id: int, *, at_notes: bool = False) -> None:
        from deskapp.tui.screens.story import StoryScreen

        self.app.push_screen(StoryScreen(story_id, at_notes=at_notes))

    # -- the story keys ------------------------------------------------------------------
    def action_story(self, key: str) -> None:
        self.acts.press(key)  # t c n p o s u U e a h: STORY_KEYS in story_actions.py

    # -- what StoryActs asks (StoryHost) ----------------------------------------------------
    def target_ids(self) -> list[int]:
        return self.pane.targets()

    def known(self, story_id: int) -> StorySummary | None:
        return self.pane.known(story_id)

    def stories_changed(
        self, story_ids: list[int], changed: list[Story], *, done: bool = False
    ) -> None:
        if len(story_ids) > 1 and done:  # a bulk act went through: the selection is done
            self.pane.clear_selection()
        self.apply_changes([StoryChange(sid) for sid in story_ids])

    def went(self, story: Story) -> str:
        """Where a story the editor just acted on went, when it left this view ("" if not)."""
        if self.view.holds(story.status, story.desk, shown_desk=self.desk):
            return ""
        names = {d.code: d.name for d in desk_app(self).services.ctx.settings.desks}
        if story.status == Status.SPIKED:
            return ""  # "Spiked" says it
        if story.status == Status.QUEUED:
            return "→ Queue"
        if story.desk:
            return f"→ {names.get(story.desk, story.desk)} desk · {story.status}"
        return f"→ Inbox · {story.status}"

    def live_update(self, changes: list[StoryChange]) -> None:
        """Others changed these stories: update just their rows (nothing named: read again)."""
        if not changes:
            self.reload()
            return
        self.apply_changes(changes)

    def apply_changes(self, changes: list[StoryChange]) -> None:
        """Update the rows these changes touch: one query for where each story is now.

        The queue (its entries and readiness) and the board are read again whole:
        they hold a few hundred rows, not the year's wire."""
        pane = self.pane
        if not isinstance(pane, StoryPane) or isinstance(pane, QueuePane):
            pane.invalidate([c.story_id for c in changes])
            self.reload()
            return
        if self.view.id == "desks":
            self._recount_desks()
        self._place(self._token, self.view.id, self.story_filter(), [c.story_id for c in changes])

    @work(thread=True, group="changes")
    @guarded("reading the changed stories")
    def _place(self, token: int, view_id: str, flt: StoryFilter, ids: list[int]) -> None:
        placed, rows = place_changes(desk_app(self).services, flt, ids)
        self.app.call_from_thread(self._placed, token, view_id, flt, ids, placed, rows)

    def _placed(
        self,
        token: int,
        view_id: str,
        flt: StoryFilter,
        ids: list[int],
        placed: dict[int, tuple[int, int]],
        rows: dict[int, StorySummary],
    ) -> None:
        pane = self.panes.get(view_id)
        if token != self._token or not isinstance(pane, StoryPane):
            return  # the view was read again since: it has these changes
        exact = pane.stories.apply_changes(ids, placed, rows)
        pane.shown = pane.stories.total
        if exact is None:
            self._recount(token, view_id, flt)
        self._update_status()

    @work(thread=True, exclusive=True, group="recount")
    @guarded("counting the list")
    def _recount(self, token: int, view_id: str, flt: StoryFilter) -> None:
        count, exact = desk_app(self).services.stories.estimate(flt)
        self.app.call_from_thread(self._recounted, token, view_id, count, exact)

    def _recounted(self, token: int, view_id: str, count: int, exact: bool) -> None:
        pane = self.panes.get(view_id)
        if token == self._token and isinstance(pane, StoryPane):
            pane.stories.set_total(count, exact=exact)
            pane.shown = pane.stories.total
            self._update_status()

    @work(thread=True, exclusive=True, group="desk-counts")
    @guarded("counting the desks")
    def _recount_desks(self) -> None:
        counts = desk_app(self).services.stories.desk_counts(self.view.base.statuses)
        self.app.call_from_thread(self._desks_recounted, counts)

    def _desks_recounted(self, counts: list[DeskCount]) -> None:
        pane = self.panes.get("desks")
        if isinstance(pane, DesksPane):
            pane.show_desks(counts)
