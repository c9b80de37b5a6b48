"""What to do when the story changed under the editor: see what changed, then choose."""

from __future__ import annotations

from datetime import tzinfo

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from deskapp.core.history_text import describe_changes, shown_time
from deskapp.core.safe_text import one_line
from deskapp.services.errors import Conflict
from deskapp.tui.app_handle import desk_app
from deskapp.tui.screens.history import emphasised

RELOAD = "reload"
REAPPLY = "reapply"
KEEP_BOTH = "keep-both"
LABEL_W = 14


def conflict_text(conflict: Conflict, zone: tzinfo | None = None, width: int = 80) -> Text:
    """Change by change: who, what act, when; then each field in words, before → after.

    The words are `core.history_text`'s, as in the history dialog and the CLI: no
    stored names (`exported_at`, `note:10`), no raw values.
    """
    text = Text()
    if not conflict.since:
        text.append(
            f"The story is now at version {conflict.actual} "
            f"(you started from {conflict.expected}).\n"
        )
    room = max(width - 2 - LABEL_W, 24)
    for change in conflict.since:
        text.append(one_line(change.editor or "someone", 40), style="bold")
        text.append(f"  {one_line(change.action, 20)}  ", style="dim")
        text.append((shown_time(change.at, zone) if change.at else "") + "\n", style="dim")
        for label, before, after in describe_changes(change.changes, width=room - 2, zone=zone):
            text.append("  " + one_line(label, LABEL_W - 2).ljust(LABEL_W), style="italic")
            if label == "note" and before == "—":  # a note added: its words say it
                text.append(after + "\n", style="green")
                continue
            shown_before, shown_after = emphasised(before, after)
            shown_before.stylize("red")
            shown_after.stylize("green")
            if len(before) + 3 + len(after) <= room:
                text.append_text(shown_before)
                text.append(" → ")
            else:  # before above after
                text.append("− ", style="red")
                text.append_text(shown_before)
                text.append("\n" + " " * (2 + LABEL_W) + "+ ", style="green")
            text.append_text(shown_after)
            text.append("\n")
    return text


class ConflictDialog(ModalScreen[str | None]):
    """Dismisses with RELOAD, REAPPLY, KEEP_BOTH, or None (back to editing)."""

    BINDINGS = [Binding("escape", "cancel", "Back to my edit")]

    def __init__(self, conflict: Conflict, *, body_changed: bool) -> None:
        super().__init__()
        self.conflict = conflict
        self.body_changed = body_changed
        self._drawn_width: int | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label("Someone else changed this story", classes="dialog-title")
            yield Label(Text("Nothing was saved. What changed since you opened it:"))
            with VerticalScroll(id="conflict-changes"):
                yield Static(id="conflict-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Reload theirs", id=RELOAD)
                yield Button("Re-apply mine on top", variant="primary", id=REAPPLY)
                if self.body_changed:
                    yield Button("Keep both bodies", id=KEEP_BOTH)

    def on_mount(self) -> None:
        self.query_one(f"#{REAPPLY}", Button).focus()
        self._draw()
        self.call_after_refresh(self._draw)

    def on_resize(self) -> None:
        self.call_after_refresh(self._draw)

    def _draw(self) -> None:
        """The changes, fitted to the dialog's width (known once it is laid out)."""
        shown = self.query_one("#conflict-text", Static)
        width = shown.content_region.width or 80
        if self._drawn_width != width:
            self._drawn_width = width
            shown.update(conflict_text(self.conflict, desk_app(self).zone, width))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
