"""`n` and `e` on the board: a follow-up note, its text and an optional due date.

The due date is read by `services.notes.when()`, so every example the dialog
shows ("fri", "13/2 15:00", "+2d", "noon", "eod", "next week", "monday 9:00")
means in the desk what it means in the CLI. A due date already past is not taken
silently: the dialog asks whether that is what the editor meant.
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

from deskapp.core.when import format_due
from deskapp.services.errors import ServiceError
from deskapp.tui.app_handle import desk_app
from deskapp.tui.screens.confirm import ConfirmDialog
from deskapp.tui.screens.form_keys import FIELD_KEYS
from deskapp.tui.wire_text import wire_line

KEEP = object()  # the due field was left as it was: keep the note's due
ReadDue = Callable[[str], datetime]
# What the dialog offers as due dates; a test types each one into the dialog.
DUE_EXAMPLES = (
    "fri",
    "13/2 15:00",
    "tomorrow",
    "+2d",
    "+2h",
    "noon",
    "eod",
    "next week",
    "monday 9:00",
)


def due_hint() -> str:
    return "due: " + " · ".join(DUE_EXAMPLES) + " — or leave it empty"


class NoteDialog(ModalScreen[tuple[str, object] | None]):
    """Dismisses with (text, due) — due a datetime, None (no due) or KEEP — or None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"), *FIELD_KEYS]

    def __init__(
        self,
        headline: str,
        *,
        read_due: ReadDue,
        text: str = "",
        due_text: str = "",
        title: str = "Add a follow-up note",
    ) -> None:
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
            yield Input(
                self.due_text,
                placeholder="due (optional): fri, +2d, eod, monday 9:00",
                id="note-due",
            )
            yield Label(Text(due_hint(), style="dim"), id="note-due-hint")
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
        error.update("")  # what was wrong before is right now
        if isinstance(due, datetime) and self._is_past(due):
            self._confirm_past(text, due)
            return
        self.dismiss((text, due))

    def _is_past(self, due: datetime) -> bool:
        from deskapp.core.when import is_past

        return is_past(due, desk_app(self).services.ctx.now())

    def _confirm_past(self, text: str, due: datetime) -> None:
        zone = desk_app(self).zone
        question = Text(
            f"Due {format_due(due, zone)} is already past: the note will show as overdue at once."
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self.dismiss((text, due))
            else:
                self.query_one("#note-due", Input).focus()

        self.app.push_screen(
            ConfirmDialog(
                "A due date in the past?",
                question,
                yes="Keep the past date",
                no="Change it",
                focus_no=True,
            ),
            answered,
        )

    def action_cancel(self) -> None:
        self.dismiss(None)
