"""`n`: a follow-up note on a story, with an optional due date."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, tzinfo

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from deskapp.tui.wire_text import wire_line

_RELATIVE = re.compile(r"^\+(\d+)\s*([dh])$")


class DueDateError(ValueError):
    """The due date cannot be read. One line, shown under the field."""


def parse_due(value: str, now: datetime, zone: tzinfo = UTC) -> datetime | None:
    """'' → None; 'today', 'tomorrow', '+2d', '+3h', '2026-03-02', '2026-03-02 15:00'.

    A date without a time is due at 09:00 in the desk's time zone.
    """
    value = value.strip().lower()
    if not value:
        return None
    local_now = now.astimezone(zone)
    nine = {"hour": 9, "minute": 0, "second": 0, "microsecond": 0}
    if value == "today":
        return local_now.replace(**nine).astimezone(UTC)
    if value == "tomorrow":
        return (local_now + timedelta(days=1)).replace(**nine).astimezone(UTC)
    if m := _RELATIVE.match(value):
        amount = int(m.group(1))
        delta = timedelta(days=amount) if m.group(2) == "d" else timedelta(hours=amount)
        return (now + delta).astimezone(UTC)
    try:
        due = datetime.fromisoformat(value.replace(" ", "T", 1) if " " in value else value)
    except ValueError:
        raise DueDateError(f"cannot read the date {value!r}: use 2026-03-02, "
                           "2026-03-02 15:00, tomorrow or +2d") from None
    if len(value) <= 10:  # a date alone
        due = due.replace(**nine)
    if due.tzinfo is None:
        due = due.replace(tzinfo=zone)
    return due.astimezone(UTC)


class NoteDialog(ModalScreen[tuple[str, datetime | None] | None]):
    """Dismisses with (text, due) or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, headline: str, *, now: datetime, zone: tzinfo = UTC) -> None:
        super().__init__()
        self.headline = headline
        self.now = now
        self.zone = zone

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Add a follow-up note", classes="dialog-title")
            yield Label(wire_line(self.headline, "dim", 70))
            yield Input(placeholder="what needs following up", id="note-text")
            yield Input(placeholder="due (optional): 2026-03-02 15:00, tomorrow, +2d",
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
        try:
            due = parse_due(self.query_one("#note-due", Input).value, self.now, self.zone)
        except DueDateError as exc:
            error.update(Text(str(exc)))
            self.query_one("#note-due", Input).focus()
            return
        self.dismiss((text, due))

    def action_cancel(self) -> None:
        self.dismiss(None)
