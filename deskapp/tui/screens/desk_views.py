"""The keys of two desk views: the queue (J K P E v) and the follow-ups board (x, e).

Mixed into the desk screen after `StoryActions`. The screen provides `view`,
`stories`, `followups`, `queue_entries` (story id -> QueueEntry, read with the
queue's ids) and `reload()`.
"""

from __future__ import annotations

from datetime import tzinfo
from typing import Any

from rich.text import Text
from textual import work

from deskapp.core.queue_rules import check_priority, priority_label
from deskapp.core.when import format_due
from deskapp.services.errors import Conflict, InvalidInput, ServiceError
from deskapp.tui.screens.note import KEEP, NoteDialog
from deskapp.tui.screens.prompt import PromptDialog

QUEUE_KEYS = {"queue_move", "set_priority", "set_embargo", "preview"}
BOARD_KEYS = {"resolve_note"}


def readiness(entry: Any, now: Any) -> Text:
    """The status column of the queue view: ready, missing, forced or embargoed."""
    if entry.embargoed(now):
        return Text("embargo", style="cyan")
    if entry.forced and entry.missing:
        return Text("forced!", style="bold yellow")
    if entry.missing:
        return Text("missing", style="bold red")
    return Text("ready", style="green")


def queue_detail(entry: Any, now: Any, zone: tzinfo) -> Text:
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
        text.append(f"  {'embargoed until' if held else 'embargo passed'} "
                    f"{local:%a %d %b %H:%M %Z}", style="cyan" if held else "dim")
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


class DeskViewKeys:
    """Mixed into the desk screen."""

    queue_entries: dict[int, Any]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        view = self.view.id  # type: ignore[attr-defined]
        if action in QUEUE_KEYS:
            return view == "queue"
        if action in BOARD_KEYS:
            return view == "followups"
        return True

    def _queued_at_cursor(self) -> int | None:
        sid = self.stories.current_id if self.view.id == "queue" else None  # type: ignore
        if sid is None or sid not in self.queue_entries:
            self.notify("Put the cursor on a queued story (view 3).",  # type: ignore
                        severity="warning", markup=False)
            return None
        return sid

    # -- the queue ----------------------------------------------------------------------
    def action_queue_move(self, direction: str) -> None:
        sid = self._queued_at_cursor()
        if sid is not None:
            up = direction == "up"
            self.apply_to("Move", [sid], lambda s, i, v: s.queue.move(  # type: ignore
                i, up=up, down=not up, expect_version=v))

    def action_set_priority(self) -> None:
        sid = self._queued_at_cursor()
        if sid is None:
            return
        entry = self.queue_entries[sid]

        def chosen(answer: tuple[Any] | None) -> None:
            if answer is not None:
                self.apply_to("Priority", [sid], lambda s, i, v: s.queue.set_priority(  # type: ignore
                    i, answer[0], expect_version=v))

        self.app.push_screen(PromptDialog(  # type: ignore[attr-defined]
            "Priority", entry.summary.headline, read=read_priority,
            value="" if entry.priority is None else str(entry.priority),
            placeholder="1 flash, 2 bulletin, 3 urgent … 6 ordinary, 9 lowest",
            hint="enter save · empty clears it (ordinary) · esc cancel"), chosen)

    def action_set_embargo(self) -> None:
        sid = self._queued_at_cursor()
        if sid is None:
            return
        entry = self.queue_entries[sid]
        app = self.app  # type: ignore[attr-defined]
        when = app.services.notes.when
        current = format_due(entry.embargo_until, app.zone) if entry.embargo_until else ""

        def read(typed: str) -> Any:
            if not typed:
                return None
            if current and typed == current:
                return entry.embargo_until
            return when(typed)

        def chosen(answer: tuple[Any] | None) -> None:
            if answer is not None:
                self.apply_to("Embargo", [sid], lambda s, i, v: s.queue.set_embargo(  # type: ignore
                    i, answer[0], expect_version=v))

        app.push_screen(PromptDialog(
            "Embargo until", entry.summary.headline, read=read, value=current,
            placeholder="fri 15:00, 13/2 09:00, tomorrow, +2h — your local time",
            hint="enter save · empty lifts the embargo · esc cancel"), chosen)

    def action_preview(self) -> None:
        sid = self._queued_at_cursor()
        if sid is not None:
            self._load_preview(sid, self.queue_entries[sid].summary.headline)

    @work(thread=True, group="preview")
    def _load_preview(self, story_id: int, headline: str) -> None:
        app = self.app  # type: ignore[attr-defined]
        try:
            markdown = app.services.export.preview(story_id)
        except ServiceError as exc:
            app.call_from_thread(self.notify, str(exc), severity="warning",  # type: ignore
                                 markup=False)
            return
        from deskapp.tui.screens.preview import PreviewScreen

        app.call_from_thread(app.push_screen, PreviewScreen(headline, markdown, story_id))

    # -- the follow-ups board ---------------------------------------------------------------
    def _followup_at_cursor(self) -> Any:
        item = self.followups.item_at_cursor()  # type: ignore[attr-defined]
        if item is None:
            self.notify("Put the cursor on a follow-up.", severity="warning")  # type: ignore
        return item

    def action_resolve_note(self) -> None:
        item = self._followup_at_cursor()
        if item is not None:
            self._note_change("Follow-up resolved", lambda s: s.notes.resolve(item.note.id))

    def edit_note(self) -> None:
        item = self._followup_at_cursor()
        if item is None:
            return
        app = self.app  # type: ignore[attr-defined]
        note = item.note
        due_text = format_due(note.due, app.services.notes.zone()) if note.due else ""

        def chosen(result: tuple[str, Any] | None) -> None:
            if result is None:
                return
            text, due = result
            changes = {"text": text} if due is KEEP else {"text": text, "due": due}
            self._note_change("Follow-up saved", lambda s: s.notes.edit(note.id, **changes))

        app.push_screen(NoteDialog(item.headline, read_due=app.services.notes.when,
                                   text=note.text, due_text=due_text,
                                   title="Edit the follow-up"), chosen)

    @work(thread=True, group="story-changes")
    def _note_change(self, label: str, op: Any) -> None:
        app = self.app  # type: ignore[attr-defined]
        try:
            op(app.services)
        except Conflict as exc:
            app.call_from_thread(self.notify, f"Not applied — {exc}.",  # type: ignore
                                 severity="warning", markup=False)
        except ServiceError as exc:
            app.call_from_thread(self.notify, str(exc), severity="warning",  # type: ignore
                                 markup=False)
        else:
            app.call_from_thread(self.notify, label, markup=False)  # type: ignore
        app.call_from_thread(self.reload)  # type: ignore[attr-defined]
