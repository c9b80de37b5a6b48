"""`i`: take in a file, folder, glob or URL in a worker, with progress as it goes.

Each run starts clean: the log and the counts are of this run only.
"""

from __future__ import annotations

from collections import Counter

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Log

from deskapp.core.safe_text import one_line
from deskapp.core.wire_alert import WireAlert
from deskapp.tui.app_handle import desk_app
from deskapp.tui.failures import guarded


class IngestDialog(ModalScreen[int]):
    """Dismisses with the number of new or updated stories (0 when nothing came in)."""

    BINDINGS = [Binding("escape", "close", "Close")]

    class Progress(Message):
        def __init__(self, line: str, counts: Counter[str]) -> None:
            super().__init__()
            self.line = line
            self.counts = counts

    class Finished(Message):
        def __init__(
            self, counts: Counter[str], error: str = "", alerts: list[WireAlert] | None = None
        ) -> None:
            super().__init__()
            self.counts = counts
            self.error = error
            self.alerts = alerts or []

    def __init__(self, initial: str = "") -> None:
        super().__init__()
        self.initial = initial
        self.running = False
        self.changed = 0

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label("Ingest wire copy", classes="dialog-title")
            yield Input(self.initial, placeholder="a file, folder, glob or URL", id="ingest-path")
            yield Label("", id="ingest-status")
            yield Log(id="ingest-log", max_lines=500)
            yield Label(Text("enter start · esc close", style="dim"))

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        ref = event.value.strip()
        if not ref or self.running:
            return
        self.running = True
        self.changed = 0
        self.query_one(Log).clear()
        self.query_one("#ingest-status", Label).update(Text(f"Ingesting {one_line(ref, 60)}…"))
        self.run_ingest(ref)

    @work(thread=True, exclusive=True, group="ingest")
    @guarded("ingest")
    def run_ingest(self, ref: str) -> None:
        counts: Counter[str] = Counter()
        alerts: list[WireAlert] = []
        services = desk_app(self).services
        try:
            for result in services.ingest.ingest([ref]):
                counts[result.status] += 1
                detail = result.error or result.headline
                said = ""
                if result.left_queue:  # a kill or a hold took it out
                    counts[LEFT_QUEUE] += 1
                    said = "left the queue (the wire killed or withheld it) · "
                if result.alert is not None:  # a kill, hold or fix of copy let out
                    counts[ALERTS] += 1
                    alerts.append(result.alert)
                    detail = result.alert.notice()
                line = (
                    f"{result.status:<9} {said}{one_line(result.source, 40)}  "
                    f"{one_line(detail, 80)}"
                )
                self.post_message(self.Progress(line, Counter(counts)))
        except Exception as exc:  # a bad path or URL: one line, never a traceback
            why = one_line(str(exc), 200) or type(exc).__name__
            self.post_message(self.Finished(counts, why, alerts))
            return
        self.post_message(self.Finished(counts, alerts=alerts))

    def on_ingest_dialog_progress(self, message: Progress) -> None:
        self.query_one(Log).write_line(message.line)
        self.query_one("#ingest-status", Label).update(Text(summary(message.counts)))

    def on_ingest_dialog_finished(self, message: Finished) -> None:
        self.running = False
        self.changed = message.counts["new"] + message.counts["updated"]
        status = self.query_one("#ingest-status", Label)
        if message.error:
            status.update(Text(f"Failed: {message.error}", style="bold red"))
        else:
            status.update(Text("Done: " + summary(message.counts, done=True)))
        self.app.post_message(
            IngestFinished(self.changed, changed_words(message.counts), message.alerts)
        )

    def action_close(self) -> None:
        self.dismiss(self.changed)


class IngestFinished(Message):
    """Posted to the app when an ingest ends, so lists show the new stories."""

    def __init__(
        self, changed: int, summary: str = "", alerts: list[WireAlert] | None = None
    ) -> None:
        super().__init__()
        self.changed = changed
        self.summary = summary or plural(changed, "new or updated story", "new or updated stories")
        self.alerts = alerts or []  # kills, holds, corrections of queued or exported copy


LEFT_QUEUE = "left_queue"  # counted apart: an update that took a queued story out
ALERTS = "alerts"  # counted apart: a kill, hold or fix of queued or exported copy


def summary(counts: Counter[str], *, done: bool = False) -> str:
    """'1 new, 2 duplicates, 1 error' for the dialog's status line."""
    words = (
        ("new", "new", "new"),
        ("updated", "updated", "updated"),
        ("duplicate", "duplicate", "duplicates"),
        ("skipped", "skipped", "skipped"),
        ("error", "error", "errors"),
    )
    parts = [
        f"{counts[k]:,} {one if counts[k] == 1 else many}" for k, one, many in words if counts[k]
    ]
    if counts[LEFT_QUEUE]:
        parts.append(
            f"{counts[LEFT_QUEUE]:,} left the queue: the wire killed or withheld "
            f"{'it' if counts[LEFT_QUEUE] == 1 else 'them'}"
        )
    if counts[ALERTS]:
        parts.append(
            f"{plural(counts[ALERTS], 'wire alert', 'wire alerts')} on queued or exported "
            "copy: follow-up added"
        )
    if parts:
        return ", ".join(parts)
    return "nothing found" if done else "nothing found yet"


def plural(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def changed_words(counts: Counter[str]) -> str:
    """What a run changed, for the notice: '1 new story', '3 new, 2 updated', 'nothing new';
    '… (1 left the queue)' when a kill or a hold took a queued story out."""
    new, updated = counts["new"], counts["updated"]
    if new and updated:
        words = f"{new:,} new, {updated:,} updated"
    elif new:
        words = plural(new, "new story", "new stories")
    elif updated:
        words = plural(updated, "updated story", "updated stories")
    else:
        return "nothing new or updated"
    if counts[LEFT_QUEUE]:
        words += f" ({counts[LEFT_QUEUE]:,} left the queue)"
    return words
