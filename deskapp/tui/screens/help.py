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
    table.add_row(
        Text("key", style="dim"), Text("what it does", style="dim"), Text("id for [keys]")
    )
    for action in actions:
        table.add_row(
            Text(shown_key(action, keymap)),
            Text(f"{action.label} — {action.help}"),
            Text(action.id),
        )
    return table


CHROME_ROWS = 6  # the dialog's border, its title (and margin), its two last lines


class HelpScreen(ModalScreen[None]):
    """Fits the screen at any size (80×24 too): the table scrolls between the title and
    the last line (j/k, arrows, page keys), which both stay in view."""

    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close"),
        Binding("j", "scroll('down')", show=False),
        Binding("k", "scroll('up')", show=False),
    ]

    def __init__(
        self, title: str, actions: Sequence[DeskAction], keymap: Mapping[str, str], footer: str = ""
    ) -> None:
        super().__init__()
        self.title_text = title
        self.actions = actions
        self.keymap = keymap
        self.footer_text = footer

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="help"):
            yield Label(Text(self.title_text), classes="dialog-title")
            with VerticalScroll(id="help-keys"):
                yield Static(help_table(self.actions, self.keymap))
            yield Label(Text("esc close · ctrl+p: every action by name", style="dim"))
            if self.footer_text:  # where the desk is: one line, cut at the dialog's edge
                yield Label(
                    Text(self.footer_text, style="dim", no_wrap=True, overflow="ellipsis"),
                    id="help-where",
                )

    def on_mount(self) -> None:
        self._fit()
        self.query_one("#help-keys").focus()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        self.query_one("#help-keys").styles.max_height = max(3, self.size.height - CHROME_ROWS)

    def action_scroll(self, where: str) -> None:
        keys = self.query_one("#help-keys", VerticalScroll)
        (keys.scroll_down if where == "down" else keys.scroll_up)(animate=False)

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)
