"""What to do when the story changed under the editor: see what changed, then choose."""

from __future__ import annotations

import json
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from deskapp.core.safe_text import one_line
from deskapp.services.errors import Conflict

RELOAD = "reload"
REAPPLY = "reapply"
KEEP_BOTH = "keep-both"


def describe_value(value: Any, width: int = 60) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return one_line(value, width) or "(empty)"
    return one_line(json.dumps(value, ensure_ascii=False, default=str), width)


def conflict_text(conflict: Conflict) -> Text:
    """Field by field: who changed what, when, from what to what."""
    text = Text()
    if not conflict.since:
        text.append(f"The story is now at version {conflict.actual} "
                    f"(you started from {conflict.expected}).\n")
    for change in conflict.since:
        text.append(f"{change.editor}", style="bold")
        text.append(f"  {change.action}  ", style="dim")
        text.append(f"{change.at[:16].replace('T', ' ')}\n", style="dim")
        for name, pair in change.changes.items():
            before, after = ([*pair, None, None])[:2] if isinstance(pair, list) else (None, pair)
            text.append(f"  {name}: ", style="italic")
            text.append(describe_value(before), style="red")
            text.append(" → ")
            text.append(describe_value(after) + "\n", style="green")
    return text


class ConflictDialog(ModalScreen[str | None]):
    """Dismisses with RELOAD, REAPPLY, KEEP_BOTH, or None (back to editing)."""

    BINDINGS = [Binding("escape", "cancel", "Back to my edit")]

    def __init__(self, conflict: Conflict, *, body_changed: bool) -> None:
        super().__init__()
        self.conflict = conflict
        self.body_changed = body_changed

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label("Someone else changed this story", classes="dialog-title")
            yield Label(Text("Nothing was saved. What changed since you opened it:"))
            with VerticalScroll(id="conflict-changes"):
                yield Static(conflict_text(self.conflict))
            with Horizontal(classes="dialog-buttons"):
                yield Button("Reload theirs", id=RELOAD)
                yield Button("Re-apply mine on top", variant="primary", id=REAPPLY)
                if self.body_changed:
                    yield Button("Keep both bodies", id=KEEP_BOTH)

    def on_mount(self) -> None:
        self.query_one(f"#{REAPPLY}", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
