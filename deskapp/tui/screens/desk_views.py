"""Two desk views that own their keys: the Queue (J K P E v) and the Follow-ups board (x e).

Each is a widget the desk screen composes; its keys act through the screen's
`StoryActs`, so they run in key order, refuse stale versions and go on the undo
stack like every other story act.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, tzinfo
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from deskapp.core.followup import FollowUp
from deskapp.core.queue_rules import check_priority, priority_label
from deskapp.core.when import format_due
from deskapp.services.errors import InvalidInput
from deskapp.services.queue import QueueEntry
from deskapp.tui.app_handle import desk_app
from deskapp.tui.commands import BOARD, QUEUE, bindings_for
from deskapp.tui.role_keys import role_check
from deskapp.tui.screens.note import KEEP, NoteDialog
from deskapp.tui.screens.prompt import PromptDialog
from deskapp.tui.screens.story_actions import StoryActs
from deskapp.tui.views import View
from deskapp.tui.widgets.followup_table import FollowUpTable
from deskapp.tui.widgets.story_list import StoryList
from deskapp.tui.widgets.story_pane import StoryPane


def readiness(entry: QueueEntry, now: datetime) -> Text:
    """The status column of the queue view: ready, missing, forced or embargoed."""
    if entry.embargoed(now):
        return Text("embargo", style="cyan")
    if entry.forced and entry.missing:
        return Text("forced!", style="bold yellow")
    if entry.missing:
        return Text("missing", style="bold red")
    return Text("ready", style="green")


def queue_detail(entry: QueueEntry, now: datetime, zone: tzinfo) -> Text:
    """One line on the story under the cursor: place, priority, readiness, embargo."""
    text = Text(f" #{entry.position}  priority {priority_label(entry.priority)}  ")
    if entry.missing:
        text.append("needs " + ", ".join(entry.missing), style="bold red")
        if entry.forced:
            text.append("  (queued anyway)", style="yellow")
    else:
        text.append("ready to publish", style="green")
    if entry.embargo_until is not None:
        local = entry.embargo_until.astimezone(zone)
        held = entry.embargoed(now)
        text.append(
            f"  {'embargoed until' if held else 'embargo passed'} {local:%a %d %b %H:%M %Z}",
            style="cyan" if held else "dim",
        )
    return text


def read_priority(typed: str) -> int | None:
    if not typed:
        return None
    try:
        value = int(typed)
    except ValueError:
        raise InvalidInput(f"a priority is a number from 1 to 9, not {typed!r}") from None
    problem = check_priority(value)
    if problem:
        raise InvalidInput(problem)
    return value


class QueuePane(StoryPane):
    """The Queue view: the queue in order, each row's readiness, a detail line, J K P E v."""

    BINDINGS = bindings_for(QUEUE)

    def __init__(self, view: View, acts: StoryActs) -> None:
        super().__init__(view)
        self.acts = acts
        self.entries: dict[int, QueueEntry] = {}

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return role_check(self, action, parameters)  # J K P E x e: hidden unless allowed

    def compose(self) -> ComposeResult:
        yield from super().compose()
        yield Static(id="queue-detail")

    def on_mount(self) -> None:
        self.query_one("#queue-detail").display = True

    def show_entries(self, entries: list[QueueEntry]) -> None:
        now = desk_app(self).services.ctx.now()
        self.entries = {e.story_id: e for e in entries}
        self.stories.annotations = {e.story_id: readiness(e, now) for e in entries}
        self.show_detail()

    def show_detail(self) -> None:
        app = desk_app(self)
        entry = self.entries.get(self.stories.current_id or 0)
        self.query_one("#queue-detail", Static).update(
            queue_detail(entry, app.services.ctx.now(), app.zone) if entry else Text("")
        )

    def on_story_list_highlighted(self, event: StoryList.Highlighted) -> None:
        self.show_detail()

    def _queued_at_cursor(self) -> int | None:
        sid = self.stories.current_id
        if sid is None or sid not in self.entries:
            self.notify("Put the cursor on a queued story.", severity="warning", markup=False)
            return None
        return sid

    def action_queue_move(self, direction: str) -> None:
        sid = self._queued_at_cursor()
        if sid is not None:
            up = direction == "up"
            self.acts.apply_to(
                f"moved {direction} the queue",
                [sid],
                lambda s, i, v: s.queue.move(i, up=up, down=not up, expect_version=v),
            )

    def action_set_priority(self) -> None:
        sid = self._queued_at_cursor()
        if sid is None:
            return
        entry = self.entries[sid]

        def chosen(answer: tuple[Any] | None) -> None:
            if answer is not None:
                self.acts.apply_to(
                    "priority",
                    [sid],
                    lambda s, i, v: s.queue.set_priority(i, answer[0], expect_version=v),
                )

        self.app.push_screen(
            PromptDialog(
                "Priority",
                entry.summary.headline,
                read=read_priority,
                value="" if entry.priority is None else str(entry.priority),
                placeholder="1 flash, 2 bulletin, 3 urgent … 6 ordinary, 9 lowest",
                hint="enter save · empty clears it (ordinary) · esc cancel",
            ),
            chosen,
        )

    def action_set_embargo(self) -> None:
        sid = self._queued_at_cursor()
        if sid is None:
            return
        entry = self.entries[sid]
        app = desk_app(self)
        when = app.services.notes.when
        current = format_due(entry.embargo_until, app.zone) if entry.embargo_until else ""

        def read(typed: str) -> datetime | None:
            if not typed:
                return None
            if current and typed == current:
                return entry.embargo_until
            return when(typed)

        def chosen(answer: tuple[Any] | None) -> None:
            if answer is not None:
                self.acts.apply_to(
                    "embargo",
                    [sid],
                    lambda s, i, v: s.queue.set_embargo(i, answer[0], expect_version=v),
                )

        app.push_screen(
            PromptDialog(
                "Embargo until",
                entry.summary.headline,
                read=read,
                value=current,
                placeholder="fri 15:00, 13/2 09:00, tomorrow, +2h — your local time",
                hint="enter save · empty lifts the embargo · esc cancel",
            ),
            chosen,
        )

    def action_preview(self) -> None:
        sid = self._queued_at_cursor()
        if sid is not None:
            from deskapp.tui.screens.preview import show_preview

            show_preview(self, sid, self.entries[sid].summary.headline)


class BoardPane(Vertical):
    """The Follow-ups board: open notes grouped by due, `x` resolves one, `e` edits it."""

    BINDINGS = bindings_for(BOARD)
    DEFAULT_CSS = """
    BoardPane { height: 1fr; }
    BoardPane #board-empty { height: 3; padding-top: 1; color: $foreground-muted; }
    """

    def __init__(self, view: View, acts: StoryActs) -> None:
        super().__init__(id="pane-followups")
        self.view = view
        self.acts = acts
        self.shown: int | None = None  # stories with open follow-ups on the board
        self.notes_shown = 0

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return role_check(self, action, parameters)  # J K P E x e: hidden unless allowed

    def compose(self) -> ComposeResult:
        yield Static(id="board-empty")
        yield FollowUpTable(id="followups")

    @property
    def table(self) -> FollowUpTable:
        return self.query_one(FollowUpTable)

    def show_items(self, items: list[FollowUp]) -> None:
        self.table.show(items, desk_app(self).zone)
        self.query_one("#board-empty").display = not items
        self.shown = len({i.story_id for i in items})
        self.notes_shown = len(items)

    # -- what the screen asks ------------------------------------------------------------
    def targets(self) -> list[int]:
        sid = self.table.story_id_at_cursor()
        return [sid] if sid is not None else []

    def cursor_id(self) -> int | None:
        return self.table.story_id_at_cursor()

    def known(self, story_id: int) -> None:
        return None  # the board holds notes, not story versions: acts apply to the latest

    def selected_count(self) -> int:
        return 0

    def clear_selection(self) -> None:
        """The board has no selection."""

    def invalidate(self, story_ids: Iterable[int]) -> None:
        """The board is read whole on every reload."""

    def focus_list(self) -> None:
        self.call_after_refresh(self.table.focus)

    def set_empty(self, message: str) -> None:
        self.query_one("#board-empty", Static).update(Text("  " + message, style="italic"))

    # -- its keys ------------------------------------------------------------------------
    def _followup_at_cursor(self) -> tuple[FollowUp, int] | None:
        """The follow-up under the cursor and its note's id (the board shows stored notes)."""
        item = self.table.item_at_cursor()
        if item is None or item.note.id is None:
            self.notify("Put the cursor on a follow-up.", severity="warning", markup=False)
            return None
        return item, item.note.id

    def action_resolve_note(self) -> None:
        found = self._followup_at_cursor()
        if found is not None:
            item, note_id = found
            self.acts.apply_to(
                "follow-up resolved",
                [item.story_id],
                lambda s, _i, v: s.notes.resolve(note_id, expect_version=v),
            )

    def action_edit_note(self) -> None:
        found = self._followup_at_cursor()
        if found is None:
            return
        item, note_id = found
        app = desk_app(self)
        note = item.note
        due_text = format_due(note.due, app.services.notes.zone()) if note.due else ""

        def chosen(result: tuple[str, Any] | None) -> None:
            if result is None:
                return
            text, due = result
            changes = {"text": text} if due is KEEP else {"text": text, "due": due}
            self.acts.apply_to(
                "follow-up edited",
                [item.story_id],
                lambda s, _i, v: s.notes.edit(note_id, expect_version=v, **changes),
            )

        app.push_screen(
            NoteDialog(
                item.headline,
                read_due=app.services.notes.when,
                text=note.text,
                due_text=due_text,
                title="Edit the follow-up",
            ),
            chosen,
        )
