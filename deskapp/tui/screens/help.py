"""`?`: every key on the current screen, from the same action objects as the bindings.

Each row: the key, what it does, and the action id that `[keys]` in the config
file remaps (e.g. `spike = "ctrl+d"`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from deskapp.tui.commands import DeskAction, shown_key


def help_table(actions: Sequence[DeskAction], keymap: Mapping[str, str]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column(ratio=1)
    table.add_column(style="dim", no_wrap=True)
    table.add_row(Text("key", style="dim"), Text("what it does", style="dim"),
                  Text("id for [keys]"))
    for action in actions:
        table.add_row(Text(shown_key(action, keymap)), Text(f"{action.label} — {action.help}"),
                      Text(action.id))
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close")]

    def __init__(self, title: str, actions: Sequence[DeskAction], keymap: Mapping[str, str],
                 footer: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.actions = actions
        self.keymap = keymap
        self.footer_text = footer

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(Text(self.title_text), classes="dialog-title")
            with VerticalScroll():
                yield Static(help_table(self.actions, self.keymap))
            yield Label(Text(self.footer_text or "ctrl+p: every action by name · esc close",
                             style="dim"))

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)
