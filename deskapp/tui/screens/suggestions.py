"""`a`: the follow-ups a story's copy suggests. One key accepts the highlighted one."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from deskapp.core.followup_rules import Suggestion
from deskapp.core.safe_text import one_line
from deskapp.tui.commands import SUGGEST, bindings_for
from deskapp.tui.wire_text import wire_line


def suggestion_prompt(suggestion: Suggestion) -> Text:
    """'Fri 2026-12-04  text' then the sentence it came from, dim: all wire text as data."""
    text = Text()
    due = f"{suggestion.due:%a %Y-%m-%d}" if suggestion.due else "no date"
    text.append(f"{due:<15}", style="bold" if suggestion.due else "dim")
    text.append(one_line(suggestion.text, 60))
    if suggestion.tentative:
        text.append("  (tentative)", style="dim")
    if suggestion.evidence:
        text.append("\n" + " " * 15)
        text.append(one_line(suggestion.evidence, 66), style="dim italic")
    return text


class SuggestionsDialog(ModalScreen[Suggestion | None]):
    """Dismisses with the accepted Suggestion, or None when the editor ignores them."""

    HELP_SCOPES = (SUGGEST,)
    BINDINGS = [*bindings_for(SUGGEST), Binding("escape,q", "ignore", "Ignore")]

    def __init__(self, headline: str, suggestions: Sequence[Suggestion], zone: tzinfo) -> None:
        super().__init__()
        self.headline = headline
        self.suggestions = list(suggestions)
        self.zone = zone

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(Text("Suggested follow-ups"), classes="dialog-title")
            yield Label(wire_line(self.headline, "dim", 84))
            yield OptionList(
                *[Option(suggestion_prompt(s), id=str(i)) for i, s in enumerate(self.suggestions)],
                id="suggestions",
            )
            yield Label(Text("a or enter accept · ↑↓ choose · esc ignore", style="dim"))

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = 0
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.suggestions[int(event.option.id or 0)])

    def action_accept(self) -> None:
        index = self.query_one(OptionList).highlighted
        if index is not None:
            self.dismiss(self.suggestions[index])

    def action_ignore(self) -> None:
        self.dismiss(None)
