"""Small choosers: the desk picker (`t`) and the list filter (`f`)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Select
from textual.widgets.option_list import Option

from deskapp.core.desks import DeskInfo
from deskapp.core.story import Status
from deskapp.tui.views import ListFilter

CLEAR_DESK = "__clear__"


class DeskPicker(ModalScreen[str | None]):
    """Desks to choose from; the suggested (or current) desk is preselected, so enter accepts it.

    Dismisses with a desk code, `CLEAR_DESK` to untag, or None when cancelled.
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("down", "move(1)", show=False),
        Binding("up", "move(-1)", show=False),
    ]

    def __init__(self, desks: Sequence[DeskInfo], *, preselect: str | None,
                 suggested: str | None, title: str) -> None:
        super().__init__()
        self.desks = list(desks)
        self.preselect = preselect
        self.suggested = suggested
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self.title_text), classes="dialog-title")
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
        wanted = [d for d in self.desks
                  if not q or q in d.code.casefold() or q in d.name.casefold()]
        for desk in wanted:
            prompt = Text(desk.name)
            prompt.append(f"  {desk.code}", style="dim")
            if desk.code == self.suggested:
                prompt.append("  suggested", style="italic")
            options.add_option(Option(prompt, id=desk.code))
        if not q or "clear".startswith(q) or "untagged".startswith(q):
            options.add_option(Option(Text("Untagged (clear the desk)", style="dim"),
                                      id=CLEAR_DESK))
        codes = [d.code for d in wanted]
        start = codes.index(self.preselect) if self.preselect in codes else 0
        if options.option_count:
            options.highlighted = start

    def on_input_changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self.dismiss(options.get_option_at_index(options.highlighted).id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            current = options.highlighted or 0
            options.highlighted = max(0, min(current + step, options.option_count - 1))

    def action_cancel(self) -> None:
        self.dismiss(None)


class FilterDialog(ModalScreen[ListFilter | None]):
    """Narrow the list by desk, status and agency. Dismisses with the new filter."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

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
            yield Select(desk_options, value=self.current.desk or Select.NULL,
                         prompt="any desk", id="filter-desk")
            yield Label("Status")
            yield Select(status_options,
                         value=str(self.current.status) if self.current.status
                         else Select.NULL, prompt="any status", id="filter-status")
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
