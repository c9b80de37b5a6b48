"""Search as you type (/), the filter (f) and escape, for the desk screen.

Mixed into the desk screen, which provides `stories`, `search_text`, `extra`,
`_search_timer`, `_search_box()` and `reload()`.
"""

from __future__ import annotations

from textual.widgets import Input

from deskapp.tui.screens.pickers import FilterDialog
from deskapp.tui.views import ListFilter

SEARCH_DEBOUNCE = 0.04  # seconds after the last keystroke before the search runs


class SearchKeys:
    """Mixed into the desk screen."""

    async def action_search(self) -> None:
        box = self._search_box()
        if box is None:
            box = Input(placeholder="search headlines, bodies and names — enter to browse "
                        "results, esc to clear", id="search")
            await self.query_one("#list-pane").mount(box, before="#list-header")
        box.display = True
        box.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "search":
            return
        if self._search_timer is not None:
            self._search_timer.stop()
        self._search_timer = self.set_timer(SEARCH_DEBOUNCE, lambda: self._run_search(event.value))

    def _run_search(self, value: str) -> None:
        if value.strip() != self.search_text:
            self.search_text = value.strip()
            self.reload(reset_cursor=True)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "search":
            self.stories.focus()

    def action_filter(self) -> None:
        def chosen(value: ListFilter | None) -> None:
            if value is not None:
                self.extra = value
                self.reload(reset_cursor=True)

        self.app.push_screen(FilterDialog(self.app.services.ctx.settings.desks,  # type: ignore
                                          self.extra), chosen)

    def action_escape(self) -> None:
        box = self._search_box()
        if self.stories.selected:
            self.stories.clear_selection()
        elif box is not None and (box.has_focus or self.search_text):
            box.value = ""
            self.search_text = ""
            box.display = False
            self.stories.focus()
            self.reload()
        elif self.extra.active:
            self.extra = ListFilter()
            self.reload()

