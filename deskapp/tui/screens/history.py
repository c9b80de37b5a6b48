"""`h`: a story's history — every change, who, when, before → after — and revert one.

Before and after come from `core.history_text.describe_change`, the same words as
the CLI's `history`: long text cut to the part that differs (with a little
context), notes as "note added: …" / "resolved", queue places as in or out of the
queue. A pair that does not fit on one line is shown on two, before above after.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import tzinfo

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from deskapp.core.history_text import describe_change, field_label
from deskapp.core.listing import HistoryEntry, StoryChange
from deskapp.core.safe_text import one_line
from deskapp.services.errors import ChangeSummary, Conflict, LaterChange, ServiceError
from deskapp.tui.app_handle import desk_app
from deskapp.tui.commands import HISTORY, bindings_for
from deskapp.tui.failures import guarded
from deskapp.tui.role_keys import role_check
from deskapp.tui.screens.confirm import ConfirmDialog
from deskapp.tui.screens.undo import Act
from deskapp.tui.wire_text import wire_line

LABEL_W = 16  # the field's name, and a gap, unless a longer name needs more
MAX_LABEL_W = 26
INDENT = 2
ARROW = " → "
MIN_W = 60  # prompts are laid out for at least this width


def label_width(entries: Sequence[HistoryEntry]) -> int:
    """One label column for every change shown: the longest field name and a gap."""
    longest = max((len(field_label(f)) for e in entries for f in e.changes), default=0)
    return max(LABEL_W, min(longest + 2, MAX_LABEL_W))


def field_pairs(
    entry: HistoryEntry,
    width: int,
    zone: tzinfo | None,
    label_w: int = LABEL_W,
) -> list[tuple[str, str, str]]:
    """(label, before, after) for each field of a change, fitted to `width` cells:
    on one line (before → after) when a short side leaves the other enough room."""
    room = max(width - INDENT - label_w, 20)
    out = []
    for name, pair in entry.changes.items():
        before, after = [*pair, None, None][:2] if isinstance(pair, list) else (None, pair)
        shown = describe_change(name, before, after, width=room - 2, zone=zone)
        short = min(len(shown[0]), len(shown[1]))
        if sum(map(len, shown)) + len(ARROW) > room and short <= room // 3:
            again = describe_change(name, before, after, width=room - len(ARROW) - short, zone=zone)
            if sum(map(len, again)) + len(ARROW) <= room:
                shown = again
        out.append((field_label(name), *shown))
    return out


def entry_prompt(
    entry: HistoryEntry, zone: tzinfo, width: int = 86, label_w: int | None = None
) -> Text:
    """One change: 'when  who  action  version N', then each field, before → after."""
    width = max(width, MIN_W)
    label_w = label_w or label_width([entry])
    text = Text()
    when = entry.at.astimezone(zone).strftime("%a %Y-%m-%d %H:%M") if entry.at else ""
    who_w = max(10, min(20, width // 5))
    text.append(f"{when:<22}")
    text.append(one_line(entry.editor, who_w).ljust(who_w + 2), style="bold")
    text.append(one_line(entry.action, 18), style="cyan")
    text.append(f"  version {entry.version}", style="dim")
    room = width - INDENT - label_w
    for label, before, after in field_pairs(entry, width, zone, label_w):
        text.append("\n" + " " * INDENT)
        text.append(one_line(label, label_w - 2).ljust(label_w), style="dim")
        shown_before, shown_after = emphasised(before, after)
        shown_before.stylize("red")
        shown_after.stylize("green")
        if len(before) + len(ARROW) + len(after) <= room:
            text.append_text(shown_before)
            text.append(ARROW, style="dim")
            text.append_text(shown_after)
        else:  # one line each: before, then after under it
            text.append("− ", style="red")
            text.append_text(shown_before)
            text.append("\n" + " " * (INDENT + label_w))
            text.append("+ ", style="green")
            text.append_text(shown_after)
    return text


def emphasised(before: str, after: str) -> tuple[Text, Text]:
    """Both sides as Text, the words that differ in bold (when they share some words)."""
    b, a = Text(before), Text(after)
    if before in ("", "—") or after in ("", "—"):
        return b, a
    prefix = 0
    while prefix < min(len(before), len(after)) and before[prefix] == after[prefix]:
        prefix += 1
    suffix = 0
    while (
        suffix < min(len(before), len(after)) - prefix and before[-1 - suffix] == after[-1 - suffix]
    ):
        suffix += 1
    while prefix > 0 and not before[prefix - 1].isspace():  # whole words
        prefix -= 1
    while suffix > 0 and not before[len(before) - suffix].isspace():
        suffix -= 1
    if prefix or suffix:
        b.stylize("bold underline", prefix, len(before) - suffix)
        a.stylize("bold underline", prefix, len(after) - suffix)
    return b, a


def describe_summary(change: ChangeSummary, *, me: str = "", zone: tzinfo | None = None) -> str:
    """A later change in words, once: "you (desk, Mon 09:30): desk none → europe"; the
    acting editor (`me`) is "you"."""
    if me and change.editor == me:
        change = replace(change, editor="you")
    return one_line(str(change.describe(zone=zone)), 200)


class HistoryScreen(ModalScreen[bool]):
    """Dismisses with True when a change was reverted (the story changed)."""

    HELP_SCOPES = (HISTORY,)
    BINDINGS = [*bindings_for(HISTORY), Binding("escape,q,h", "close", "Close")]

    def __init__(self, story_id: int, headline: str) -> None:
        super().__init__()
        self.story_id = story_id
        self.headline = headline
        self.entries: list[HistoryEntry] = []
        self.version: int | None = None
        self.reverted = False
        self._drawn_width = 0

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return role_check(self, action, parameters)  # r: hidden unless the role may revert

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="history"):
            yield Label(Text(f"History of story {self.story_id}"), classes="dialog-title")
            yield Label(wire_line(self.headline, "dim", 120), classes="one-line")
            yield OptionList(id="history-list")
            yield Label(Text("r or enter revert the highlighted change · esc close", style="dim"))

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self.load()

    @work(thread=True, exclusive=True, group="history-load")
    @guarded("history")
    def load(self) -> None:
        services = desk_app(self).services
        try:
            entries = services.history.entries(self.story_id)
            version = services.stories.get(self.story_id).version
        except ServiceError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", markup=False)
            return
        self.app.call_from_thread(self._show, entries, version)

    def _text_width(self) -> int:
        options = self.query_one(OptionList)
        # the option's own padding and the scrollbar
        return (options.content_region.width or 88) - 3

    def _show(self, entries: Sequence[HistoryEntry], version: int) -> None:
        self.entries = list(reversed(entries))  # newest first
        self.version = version
        self._draw()

    def _draw(self) -> None:
        options = self.query_one(OptionList)
        keep = options.highlighted
        options.clear_options()
        zone = desk_app(self).zone
        width = self._drawn_width = self._text_width()
        label_w = label_width(self.entries)
        options.add_options(
            [Option(entry_prompt(e, zone, width, label_w), id=str(e.id)) for e in self.entries]
        )
        if self.entries:
            options.highlighted = min(keep or 0, len(self.entries) - 1)

    def on_resize(self, event: events.Resize) -> None:
        if self.entries:
            self.call_after_refresh(self._redraw_if_resized)

    def _redraw_if_resized(self) -> None:
        if self._text_width() != self._drawn_width:
            self._draw()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_revert()

    def action_revert(self) -> None:
        index = self.query_one(OptionList).highlighted
        if index is None or not self.entries:
            return
        entry = self.entries[index]
        fields = ", ".join(dict.fromkeys(field_label(f) for f in entry.changes)) or "nothing"
        question = Text(f"Put back what this {entry.action} by ")
        question.append(one_line(entry.editor, 30))
        question.append(
            f" replaced ({fields})? Only what it changed goes back; it is recorded as a new change."
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self._revert(entry.id, self.version, False, desk_app(self).in_order.ticket())

        self.app.push_screen(
            ConfirmDialog("Revert a change", question, yes="Revert", no="Keep as is"), answered
        )

    @work(thread=True, group="history-revert")
    @guarded("revert")
    def _revert(self, event_id: int, version: int | None, force: bool, ticket: int) -> None:
        """Revert in the key's turn, behind the acts pressed before it; the revert goes on
        the undo stack like any act."""
        app = desk_app(self)
        try:
            app.in_order.wait(ticket)
            try:
                story = app.services.history.revert(
                    self.story_id, event_id, expect_version=version, force=force
                )
            except LaterChange as exc:
                app.call_from_thread(self._ask_force, exc, event_id, version)
                return
            except Conflict as exc:
                app.call_from_thread(self._problem, f"Not reverted — {exc}. History reloaded.")
                return
            except ServiceError as exc:
                app.call_from_thread(self._problem, str(exc))
                return
            if story.id is not None and story.version != version:
                app.undo.did(Act("reverted a change", ((story.id, story.version),), story.headline))
        finally:
            app.in_order.done(ticket)
        app.call_from_thread(self._reverted)

    def _ask_force(self, exc: LaterChange, event_id: int, version: int | None) -> None:
        app = desk_app(self)
        me = app.services.editor
        question = Text("A later change touched the same thing:\n", style="bold")
        for change in exc.later:
            question.append("  ")
            question.append(describe_summary(change, me=me, zone=app.zone))
            question.append("\n")
        question.append("\nReverting overwrites it.")

        def answered(yes: bool | None) -> None:
            if yes:
                self._revert(event_id, version, True, app.in_order.ticket())
            else:
                self.notify("Nothing reverted.", markup=False)

        self.app.push_screen(
            ConfirmDialog(
                "Revert over a later change?",
                question,
                yes="Revert anyway",
                no="Keep the later change",
                focus_no=True,
            ),
            answered,
        )

    def _problem(self, message: str) -> None:
        self.notify(message, severity="warning", markup=False, timeout=6)
        self.load()

    def _reverted(self) -> None:
        self.reverted = True
        self.notify(
            "Reverted: the values that change replaced are back · u on the desk undoes it",
            markup=False,
        )
        self.load()

    def live_update(self, changes: list[StoryChange]) -> None:
        if any(c.story_id == self.story_id for c in changes):
            self.load()

    def action_close(self) -> None:
        self.dismiss(self.reverted)
