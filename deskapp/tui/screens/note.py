"""`n` and `e` on the board: a follow-up note, its text and an optional due date.

The due date is read by `services.notes.when()`, so "fri", "13/2 15:00" and "+2d"
mean in the desk what they mean in the CLI.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from deskapp.services.errors import ServiceError
from deskapp.tui.wire_text import wire_line

KEEP = object()  # the due field was left as it was: keep the note's due
ReadDue = Callable[[str], datetime]


class NoteDialog(ModalScreen[tuple[str, object] | None]):
    """Dismisses with (text, due) — due a datetime, None (no due) or KEEP — or None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, headline: str, *, read_due: ReadDue, text: str = "",
                 due_text: str = "", title: str = "Add a follow-up note") -> None:
        super().__init__()
        self.headline = headline
        self.read_due = read_due
        self.text = text
        self.due_text = due_text
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self.title_text), classes="dialog-title")
            yield Label(wire_line(self.headline, "dim", 70))
            yield Input(self.text, placeholder="what needs following up", id="note-text")
            yield Input(self.due_text,
                        placeholder="due (optional): fri, 13/2 15:00, tomorrow, +2d",
                        id="note-due")
            yield Label("", id="note-error", classes="error")
            yield Label(Text("enter save · tab next field · esc cancel", style="dim"))

    def on_mount(self) -> None:
        self.query_one("#note-text", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = self.query_one("#note-text", Input).value.strip()
        error = self.query_one("#note-error", Label)
        if not text:
            error.update("A note needs some text.")
            self.query_one("#note-text", Input).focus()
            return
        typed = self.query_one("#note-due", Input).value.strip()
        due: object
        if self.due_text and typed == self.due_text.strip():
            due = KEEP
        elif not typed:
            due = None
        else:
            try:
                due = self.read_due(typed)
            except (ServiceError, ValueError) as exc:
                error.update(Text(str(exc)))
                self.query_one("#note-due", Input).focus()
                return
        self.dismiss((text, due))

    def action_cancel(self) -> None:
        self.dismiss(None)
