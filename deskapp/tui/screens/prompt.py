"""A one-field question (priority, embargo): the answer is read and checked before it closes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from deskapp.services.errors import ServiceError
from deskapp.tui.wire_text import wire_line

Read = Callable[[str], Any]  # the typed text -> the value, or raise ServiceError/ValueError


class PromptDialog(ModalScreen[tuple[Any] | None]):
    """Dismisses with (value,) once `read` accepts the text, or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        title: str,
        about: str,
        *,
        read: Read,
        value: str = "",
        placeholder: str = "",
        hint: str = "",
    ) -> None:
        super().__init__()
        self.title_text = title
        self.about = about
        self.read = read
        self.value = value
        self.placeholder = placeholder
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self.title_text), classes="dialog-title")
            yield Label(wire_line(self.about, "dim", 70))
            yield Input(self.value, placeholder=self.placeholder, id="prompt-value")
            yield Label("", id="prompt-error", classes="error")
            yield Label(Text(self.hint or "enter save · esc cancel", style="dim"))

    def on_mount(self) -> None:
        self.query_one("#prompt-value", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            value = self.read(event.value.strip())
        except (ServiceError, ValueError) as exc:
            self.query_one("#prompt-error", Label).update(Text(str(exc)))
            return
        self.dismiss((value,))

    def action_cancel(self) -> None:
        self.dismiss(None)
