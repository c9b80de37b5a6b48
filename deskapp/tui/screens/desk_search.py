"""The desk's search box (`/`): search as you type, a few milliseconds after the last key.

A widget of its own: it waits `SEARCH_DEBOUNCE` after each keystroke and then
posts `SearchBox.Search` with the text; enter posts `SearchBox.Browse` (the
editor wants to move in the results). The desk screen reads the list again.
"""

from __future__ import annotations

from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input

SEARCH_DEBOUNCE = 0.04  # seconds after the last keystroke before the search runs


class SearchBox(Input):
    class Search(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Browse(Message):
        """Enter in the box: back to the list."""

    def __init__(self) -> None:
        super().__init__(
            placeholder="search headlines, bodies and names — enter to browse "
            "results, esc to clear",
            id="search",
        )
        self._timer: Timer | None = None

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        value = event.value.strip()
        self._timer = self.set_timer(SEARCH_DEBOUNCE, lambda: self.post_message(self.Search(value)))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Browse())

    def clear_search(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        with self.prevent(Input.Changed):
            self.value = ""
        self.display = False
