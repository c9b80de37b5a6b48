"""A one-line input whose edits can be taken back: ctrl+z undoes, ctrl+y redoes.

Textual's `Input` has no undo, and by default selects all its text when focus
arrives (shift+tab into the headline, then one key, and the headline is gone).
`UndoableInput` keeps the cursor where it was on focus and remembers each edit;
a run of typed characters is one step, so ctrl+z takes back a word, not a letter.
"""

from __future__ import annotations

import time
from typing import Any

from textual.binding import Binding
from textual.widgets import Input

RUN_GAP = 1.0  # seconds: typed characters closer than this are one undo step


class UndoableInput(Input):
    BINDINGS = [
        Binding("ctrl+z", "undo", "Undo", show=False),
        Binding("ctrl+y,ctrl+shift+z", "redo", "Redo", show=False),
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("select_on_focus", False)
        # set before Input.__init__, which sets the value (and so runs watch_value)
        self._undo: list[str] = []
        self._redo: list[str] = []
        self._restoring = False
        self._last_edit = 0.0
        super().__init__(*args, **kwargs)
        self.reset_history()  # the first value is where undo stops

    def reset_history(self) -> None:
        """Forget every step: the value now is where undo stops (after loading a story)."""
        self._undo.clear()
        self._redo.clear()
        self._last_edit = 0.0

    def watch_value(self, old: str, new: str) -> None:
        if self._restoring or old == new:
            return
        now = time.monotonic()
        typed_on = len(new) == len(old) + 1 and now - self._last_edit < RUN_GAP and bool(self._undo)
        if not typed_on:
            self._undo.append(old)
        self._redo.clear()
        self._last_edit = now

    def action_undo(self) -> None:
        if self._undo:
            self._restore(self._undo.pop(), self._redo)

    def action_redo(self) -> None:
        if self._redo:
            self._restore(self._redo.pop(), self._undo)

    def _restore(self, value: str, other: list[str]) -> None:
        other.append(self.value)
        current = self.value
        self._restoring = True
        try:
            self.value = value
        finally:
            self._restoring = False
        self._last_edit = 0.0
        self.cursor_position = _end_of_difference(current, value)


def _end_of_difference(before: str, after: str) -> int:
    """Where the cursor goes in `after`: at the end of what differs from `before`."""
    prefix = 0
    while prefix < min(len(before), len(after)) and before[prefix] == after[prefix]:
        prefix += 1
    suffix = 0
    while (
        suffix < min(len(before), len(after)) - prefix and before[-1 - suffix] == after[-1 - suffix]
    ):
        suffix += 1
    return len(after) - suffix
