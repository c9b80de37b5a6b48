"""Keys every form dialog shares: tab and shift+tab move between its fields at once.

A terminal delivers keys typed ahead all together. Textual hands a key to the
focused field first and only then, a message later, to the screen's bindings, so
the letters typed after a tab were already queued to the field the tab was
leaving ("R", tab, "fri" gave "Rfri"). As priority bindings, tab and shift+tab are
handled before any key is handed on, and what follows them lands in the next field.
"""

from __future__ import annotations

from textual.binding import Binding

FIELD_KEYS = [
    Binding("tab", "app.focus_next", "Next field", show=False, priority=True),
    Binding("shift+tab", "app.focus_previous", "Previous field", show=False, priority=True),
]
