"""`c`: credits by role. Names are comma-separated and complete from names in the store."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, Label

from deskapp.core.story import Credit, Role, Story
from deskapp.tui.screens.form_keys import FIELD_KEYS
from deskapp.tui.wire_text import wire_line


class KnownNameSuggester(Suggester):
    """Completes the last name being typed from names already credited in the store."""

    def __init__(self, lookup: Callable[[str], list[str]]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.lookup = lookup

    async def get_suggestion(self, value: str) -> str | None:
        head, _, last = value.rpartition(",")
        typed = last.lstrip()
        if len(typed) < 2:
            return None
        names = await asyncio.to_thread(self.lookup, typed)
        for name in names:
            if name.casefold().startswith(typed.casefold()) and name != typed:
                lead = last[: len(last) - len(typed)]
                return (head + "," if head or value.startswith(",") else "") + lead + name
        return None


def split_names(value: str) -> list[str]:
    return [n.strip() for n in value.split(",") if n.strip()]


class CreditsEditor(ModalScreen[list[Credit] | None]):
    """One field per role; dismisses with the full new credit list, or None."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
        *FIELD_KEYS,
    ]

    def __init__(self, story: Story, lookup: Callable[[str], list[str]]) -> None:
        super().__init__()
        self.story = story
        self.lookup = lookup

    def compose(self) -> ComposeResult:
        suggester = KnownNameSuggester(self.lookup)
        with Vertical(classes="dialog"):
            yield Label("Credits", classes="dialog-title")
            yield Label(wire_line(self.story.headline, "dim", 70))
            for role in Role:
                with Horizontal(classes="credit-row"):
                    yield Label(role.value.capitalize())
                    yield Input(
                        ", ".join(self.story.names(role)),
                        id=f"role-{role.value}",
                        placeholder="names, comma-separated",
                        suggester=suggester,
                    )
            yield Label(Text("→ accept completion · enter save · esc cancel", style="dim"))

    def on_mount(self) -> None:
        self.query_one(f"#role-{Role.WRITER.value}", Input).focus()

    def credits(self) -> list[Credit]:
        out: list[Credit] = []
        for role in Role:
            value = self.query_one(f"#role-{role.value}", Input).value
            out.extend(Credit(role, name) for name in split_names(value))
        # keep the stored order for credits that stay, so an untouched form changes nothing
        kept = [c for c in self.story.credits if c in out]
        return kept + [c for c in out if c not in kept]

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        self.dismiss(self.credits())

    def action_cancel(self) -> None:
        self.dismiss(None)
