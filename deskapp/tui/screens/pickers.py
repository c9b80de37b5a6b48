"""Small choosers: the desk picker (`t`) and the list filter (`f`)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Select
from textual.widgets.option_list import Option

from deskapp.core.desks import DeskInfo
from deskapp.core.story import Status
from deskapp.tui.screens.form_keys import FIELD_KEYS
from deskapp.tui.views import ListFilter

CLEAR_DESK = "__clear__"
EACH = "__each__"  # each story its own suggested desk


class Tagged(Protocol):
    @property
    def desk(self) -> str | None: ...
    @property
    def suggested_desk(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class PickerChoice:
    """What the desk picker offers first for these stories."""

    preselect: str | None  # a desk code, EACH, or None: nothing, enter alone does nothing
    suggested: str | None  # marked "suggested" in the list
    each: str = ""  # when the suggestions differ: "europe 1, africa 2", offered first


def picker_choice(stories: Sequence[Tagged]) -> PickerChoice:
    """The suggestion first (even when a story already has a desk), else the current desk;
    with neither, nothing: `t` `enter` never tags a desk nobody chose."""
    suggestions = Counter(s.suggested_desk for s in stories)
    if len(suggestions) == 1:
        [suggested] = suggestions
        desks = {s.desk for s in stories}
        current = next(iter(desks)) if len(desks) == 1 else None
        return PickerChoice(suggested or current, suggested)
    each = ", ".join(f"{code} {n}" for code, n in suggestions.most_common() if code)
    none = suggestions.get(None, 0)
    if none:
        each += f"; {none} with none, left as they are"
    return PickerChoice(EACH, None, each)


class DeskPicker(ModalScreen[str | None]):
    """Desks to choose from, the editor's likely choice preselected (see `picker_choice`).

    Dismisses with a desk code, `CLEAR_DESK` to untag, `EACH` for each story's own
    suggestion, or None when cancelled.
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("down", "move(1)", show=False),
        Binding("up", "move(-1)", show=False),
    ]

    def __init__(
        self,
        desks: Sequence[DeskInfo],
        *,
        preselect: str | None,
        suggested: str | None,
        title: str,
        each: str = "",
    ) -> None:
        super().__init__()
        self.desks = list(desks)
        self.preselect = preselect
        self.suggested = suggested
        self.each = each
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self.title_text), classes="dialog-title", id="picker-title")
            yield Input(placeholder="type to filter desks", id="desk-filter")
            yield OptionList(id="desk-options")
            yield Label(Text("enter choose · esc cancel", style="dim"))

    def on_mount(self) -> None:
        self._fill("")
        self.query_one(Input).focus()

    def _fill(self, query: str) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        q = query.casefold().strip()
        ids: list[str | None] = []
        if self.each and not q:
            prompt = Text("Each story's own suggestion", style="bold")
            prompt.append(f"  ({self.each})", style="dim")
            options.add_option(Option(prompt, id=EACH))
            ids.append(EACH)
        wanted = [
            d for d in self.desks if not q or q in d.code.casefold() or q in d.name.casefold()
        ]
        for desk in wanted:
            prompt = Text(desk.name)
            prompt.append(f"  {desk.code}", style="dim")
            if desk.code == self.suggested:
                prompt.append("  suggested", style="italic")
            options.add_option(Option(prompt, id=desk.code))
        if not q or "clear".startswith(q) or "untagged".startswith(q):
            options.add_option(
                Option(Text("Untagged (clear the desk)", style="dim"), id=CLEAR_DESK)
            )
        ids += [d.code for d in wanted]
        if q and options.option_count:  # typing narrows: the first match is the choice
            options.highlighted = 0
        else:
            options.highlighted = ids.index(self.preselect) if self.preselect in ids else None

    def on_input_changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self.dismiss(options.get_option_at_index(options.highlighted).id)
        else:
            self.notify("No desk chosen yet: ↓ ↑ or type to pick one.", markup=False)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            current = options.highlighted
            if current is None:  # nothing preselected: the first move picks an end
                options.highlighted = 0 if step > 0 else options.option_count - 1
            else:
                options.highlighted = max(0, min(current + step, options.option_count - 1))

    def action_cancel(self) -> None:
        self.dismiss(None)


class FilterDialog(ModalScreen[ListFilter | None]):
    """Narrow the list by desk, status and agency. Dismisses with the new filter."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"), *FIELD_KEYS]

    def __init__(self, desks: Sequence[DeskInfo], current: ListFilter) -> None:
        super().__init__()
        self.desks = list(desks)
        self.current = current

    def compose(self) -> ComposeResult:
        desk_options = [(d.name, d.code) for d in self.desks] + [("Untagged", "none")]
        status_options = [(str(s), str(s)) for s in Status]
        with Vertical(classes="dialog"):
            yield Label("Filter the list", classes="dialog-title")
            yield Label("Desk")
            yield Select(
                desk_options,
                value=self.current.desk or Select.NULL,
                prompt="any desk",
                id="filter-desk",
            )
            yield Label("Status")
            yield Select(
                status_options,
                value=str(self.current.status) if self.current.status else Select.NULL,
                prompt="any status",
                id="filter-status",
            )
            yield Label("Agency")
            yield Input(self.current.agency or "", placeholder="any agency", id="filter-agency")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Apply", variant="primary", id="apply")
                yield Button("Clear", id="clear")

    def on_mount(self) -> None:
        self.query_one("#filter-desk", Select).focus()

    def _value(self) -> ListFilter:
        desk = self.query_one("#filter-desk", Select).value
        status = self.query_one("#filter-status", Select).value
        agency = self.query_one("#filter-agency", Input).value.strip()
        return ListFilter(
            desk=desk if isinstance(desk, str) else None,
            status=Status(status) if isinstance(status, str) else None,
            agency=agency or None,
        )

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(ListFilter() if event.button.id == "clear" else self._value())

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(self._value())

    def action_cancel(self) -> None:
        self.dismiss(None)
