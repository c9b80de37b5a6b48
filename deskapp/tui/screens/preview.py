"""`v` in the queue: the exact Markdown export will write, shown as plain text."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from deskapp.tui.wire_text import wire_block, wire_line


class PreviewScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,v", "close", "Close")]

    def __init__(self, headline: str, markdown: str) -> None:
        super().__init__()
        self.headline = headline
        self.markdown = markdown

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="preview"):
            yield Label(Text("Markdown export preview"), classes="dialog-title")
            yield Label(wire_line(self.headline, "dim", 84))
            with VerticalScroll(id="preview-scroll"):
                # the file's text as is: never read as markup, never rendered
                yield Static(wire_block(self.markdown), id="preview-text", markup=False)
            yield Label(Text("↑↓ scroll · esc close", style="dim"))

    def on_mount(self) -> None:
        self.query_one("#preview-scroll").focus()

    def action_close(self) -> None:
        self.dismiss(None)
