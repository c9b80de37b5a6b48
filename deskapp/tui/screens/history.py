"""`h`: a story's history — every change, who, when, before → after — and revert one."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo
from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from deskapp.core.safe_text import one_line
from deskapp.services.errors import Conflict, ServiceError
from deskapp.tui.commands import HISTORY, bindings_for
from deskapp.tui.role_keys import RoleKeys
from deskapp.tui.screens.confirm import ConfirmDialog
from deskapp.tui.wire_text import wire_line

VALUE_W = 32  # cells for each of before and after
# Field names as an editor says them; any other is shown with spaces for underscores.
FIELD_LABELS = {
    "queue_position": "queue place", "queue_forced": "queued anyway",
    "embargo_until": "embargo", "exported_at": "exported", "published_at": "wire time",
    "dateline_place": "dateline", "dateline_date": "dateline date",
    "suggested_desk": "suggested desk", "wire_version": "wire version",
}


def field_label(name: str) -> str:
    return FIELD_LABELS.get(name, name.replace("_", " "))


def field_values(name: str, before: Any, after: Any, zone: tzinfo | None = None,
                 ) -> tuple[str, str]:
    """Before and after as `shown_value` shows them, except that a stored queue key
    (1024, 2048 ...) is no place an editor knows: it shows whether the story was in
    the queue, and which way a move took it (a lower key is higher up)."""
    if name != "queue_position":
        return shown_value(before, zone), shown_value(after, zone)
    if before is not None and after is not None and before != after:
        return "in the queue", "moved up" if after < before else "moved down"
    return ("—" if before is None else "in the queue"), ("—" if after is None else "in the queue")


def shown_value(value: Any, zone: tzinfo | None = None) -> str:
    """A stored before/after value as one line: names for credits, text for notes,
    times in the editor's zone."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str) and zone is not None and len(value) >= 19 and value[10:11] == "T":
        try:
            return f"{datetime.fromisoformat(value).astimezone(zone):%a %Y-%m-%d %H:%M}"
        except ValueError:
            return value
    if isinstance(value, dict):  # a note
        parts = [str(value.get("text", ""))]
        if value.get("due"):
            parts.append(f"due {shown_value(value['due'], zone)}")
        if value.get("resolved_at"):
            parts.append("resolved")
        return " · ".join(p for p in parts if p)
    if isinstance(value, list):  # credits: [[role, name], ...]
        return ", ".join(" ".join(str(x) for x in item) if isinstance(item, list) else str(item)
                         for item in value)
    return str(value)


def entry_prompt(entry: Any, zone: tzinfo) -> Text:
    """One change: '#id  when  who  action' then a line per field, before → after."""
    text = Text()
    when = entry.at.astimezone(zone).strftime("%Y-%m-%d %H:%M") if entry.at else ""
    text.append(f"#{entry.id:<6}", style="dim")
    text.append(f"{when:<17}")
    text.append(one_line(entry.editor, 16).ljust(17), style="bold")
    text.append(one_line(entry.action, 16), style="cyan")
    text.append(f"  v{entry.version}", style="dim")
    for name, pair in entry.changes.items():
        before, after = [*pair, None, None][:2] if isinstance(pair, list) else (None, pair)
        if isinstance(before, list) and isinstance(after, list):  # credits: what changed
            before, after = ([c for c in before if c not in after] or None,
                             [c for c in after if c not in before] or None)
        text.append("\n  ")
        text.append(one_line(field_label(name), 14).ljust(15), style="dim")
        shown_before, shown_after = field_values(name, before, after, zone)
        text.append(one_line(shown_before, VALUE_W), style="red")
        text.append(" → ", style="dim")
        text.append(one_line(shown_after, VALUE_W), style="green")
    return text


class HistoryScreen(RoleKeys, ModalScreen[bool]):
    """Dismisses with True when a change was reverted (the story changed)."""

    HELP_SCOPES = (HISTORY,)
    BINDINGS = [*bindings_for(HISTORY), Binding("escape,q,h", "close", "Close")]

    def __init__(self, story_id: int, headline: str) -> None:
        super().__init__()
        self.story_id = story_id
        self.headline = headline
        self.entries: list[Any] = []
        self.version: int | None = None
        self.reverted = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="history"):
            yield Label(Text(f"History of story {self.story_id}"), classes="dialog-title")
            yield Label(wire_line(self.headline, "dim", 84))
            yield OptionList(id="history-list")
            yield Label(Text("r or enter revert the highlighted change · esc close",
                             style="dim"))

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self.load()

    @work(thread=True, exclusive=True, group="history-load")
    def load(self) -> None:
        services = self.app.services  # type: ignore[attr-defined]
        try:
            entries = services.history.entries(self.story_id)
            version = services.stories.get(self.story_id).version
        except ServiceError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", markup=False)
            return
        self.app.call_from_thread(self._show, entries, version)

    def _show(self, entries: Sequence[Any], version: int) -> None:
        self.entries = list(reversed(entries))  # newest first
        self.version = version
        options = self.query_one(OptionList)
        keep = options.highlighted
        options.clear_options()
        zone = self.app.zone  # type: ignore[attr-defined]
        options.add_options([Option(entry_prompt(e, zone), id=str(e.id)) for e in self.entries])
        if self.entries:
            options.highlighted = min(keep or 0, len(self.entries) - 1)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_revert()

    def action_revert(self) -> None:
        index = self.query_one(OptionList).highlighted
        if index is None or not self.entries:
            return
        entry = self.entries[index]
        fields = ", ".join(entry.changes) or "nothing"
        question = Text(f"Put back what change #{entry.id} ({entry.action} by ")
        question.append(one_line(entry.editor, 30))
        question.append(f") replaced: {fields}? It is recorded as a new change.")

        def answered(yes: bool | None) -> None:
            if yes:
                self._revert(entry.id, self.version)

        self.app.push_screen(ConfirmDialog("Revert a change", question, yes="Revert",
                                           no="Keep as is"), answered)

    @work(thread=True, group="history-revert")
    def _revert(self, event_id: int, version: int | None) -> None:
        services = self.app.services  # type: ignore[attr-defined]
        try:
            services.history.revert(self.story_id, event_id, expect_version=version)
        except Conflict as exc:
            self.app.call_from_thread(self._problem, f"Not reverted — {exc}. History reloaded.")
            return
        except ServiceError as exc:
            self.app.call_from_thread(self._problem, str(exc))
            return
        self.app.call_from_thread(self._reverted, event_id)

    def _problem(self, message: str) -> None:
        self.notify(message, severity="warning", markup=False, timeout=6)
        self.load()

    def _reverted(self, event_id: int) -> None:
        self.reverted = True
        self.notify(f"Change #{event_id} reverted", markup=False)
        self.load()

    def live_update(self, story_ids: set[int]) -> None:
        if self.story_id in story_ids:
            self.load()

    def action_close(self) -> None:
        self.dismiss(self.reverted)
