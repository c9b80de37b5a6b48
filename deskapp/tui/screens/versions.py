"""`V` on a story: its wire versions, what changed between two, and a held update settled.

The list shows each version as the wire sent it (n, the agency's label, when it came,
words gained or lost); `space` or `enter` marks two and shows what changed, word by
word (removed text struck and red, added underlined and green; credits and dateline
below). When the wire updated copy the editor had changed, the update waits: `d`
shows it against the desk's text, `t` takes the wire's text, `k` keeps the desk's,
`m` merges paragraph by paragraph (deskapp/tui/screens/version_merge.py). Each choice
is one act: `u` on the story undoes it. Wire text is data: every line is built as
rich Text, never markup.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label, Static

from deskapp.core.copy_diff import Piece
from deskapp.core.safe_text import one_line
from deskapp.core.wire_versions import CURRENT, Timeline, VersionDiff, WireVersion
from deskapp.services.errors import ServiceError
from deskapp.tui.app_handle import desk_app
from deskapp.tui.failures import guard
from deskapp.tui.screens.undo import Act
from deskapp.tui.wire_text import wire_line

REMOVED = "strike red"
ADDED = "underline green"


def pieces_text(pieces: list[Piece]) -> Text:
    """Word-diff pieces as Text: removed struck and red, added underlined and green."""
    text = Text()
    for op, part in pieces:
        text.append(part, style=REMOVED if op == "-" else ADDED if op == "+" else "")
    return text


def version_name(v: WireVersion) -> str:
    return "the desk's text" if v.n == CURRENT else f"{v.n} {v.label}".strip()


def diff_text(diff: VersionDiff) -> Text:
    """The whole comparison, top to bottom, as one Text."""
    text = Text()
    text.append("Headline  ", style="dim")
    text.append_text(pieces_text(diff.headline))
    text.append("\n\n")
    text.append_text(pieces_text(diff.body))
    text.append("\n")
    extra: list[tuple[str, str]] = [
        ("credit added", f"{c.role} {c.name}") for c in diff.credits_added
    ]
    extra += [("credit removed", f"{c.role} {c.name}") for c in diff.credits_removed]
    extra += [(line.split(":", 1)[0], line.split(":", 1)[1].strip()) for line in diff.lines]
    if extra:
        text.append("\n")
    for label, value in extra:
        text.append(f"{label}: ", style="dim")
        text.append(one_line(value, 200), style=ADDED if label == "credit added" else "")
        text.append("\n")
    return text


def pending_words(timeline: Timeline) -> str:
    """'wire UPDATE 2 waiting: V to compare', or "" when nothing waits."""
    pending = timeline.get(timeline.pending) if timeline.pending else None
    if pending is None:
        return ""
    return f"wire {pending.label or f'version {pending.n}'} waiting"


class VersionsScreen(ModalScreen[bool]):
    """The timeline of one story's wire versions."""

    BINDINGS = [
        Binding("escape,q", "close", "Close"),
        Binding("space", "mark", "Mark", show=False),  # enter: the table's RowSelected
        Binding("d", "pending_diff", "Diff waiting"),
        Binding("t", "settle('take')", "Take wire"),
        Binding("k", "settle('keep')", "Keep mine"),
        Binding("m", "merge", "Merge"),
    ]
    DEFAULT_CSS = """
    VersionsScreen #versions-table { height: auto; max-height: 12; }
    """

    def __init__(self, story_id: int, headline: str = "") -> None:
        super().__init__()
        self.story_id = story_id
        self.headline = headline
        self.timeline: Timeline | None = None
        self.marked: list[int] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="versions"):
            yield Label(Text("Wire versions"), classes="dialog-title")
            yield Label(wire_line(self.headline, "dim", 72))
            yield Label(Text(""), id="versions-pending")
            yield DataTable(id="versions-table", cursor_type="row", zebra_stripes=True)
            yield Label(Text("", style="dim"), id="versions-hint")

    def on_mount(self) -> None:
        table = self.query_one("#versions-table", DataTable)
        table.add_columns(*(Text(c) for c in ("", "n", "label", "received", "size", "headline")))
        table.focus()
        self.load()

    def load(self) -> None:
        app = desk_app(self)

        def on_thread() -> None:
            try:
                timeline = app.services.versions.timeline(self.story_id)
            except ServiceError as exc:
                app.call_from_thread(self.notify, str(exc), severity="warning", markup=False)
                return
            app.call_from_thread(self.show, timeline)

        self.run_worker(guard(app, "versions", on_thread), thread=True, group="versions")

    def show(self, timeline: Timeline) -> None:
        self.timeline = timeline
        zone = desk_app(self).zone
        table = self.query_one("#versions-table", DataTable)
        table.clear()
        for v in timeline.versions:
            size = f"{timeline.size_change(v.n):+d} words" if v.n > 1 else f"{v.words} words"
            when = v.received_at.astimezone(zone).strftime("%m-%d %H:%M") if v.received_at else ""
            mark = "●" if v.n in self.marked else ""
            if v.n == timeline.pending:
                mark += "!"
            table.add_row(
                Text(mark, style="bold"),
                Text(str(v.n)),
                Text(one_line(v.label, 18)),
                Text(when),
                Text(size),
                Text(one_line(v.headline, 40)),
                key=str(v.n),
            )
        waiting = pending_words(timeline)
        self.query_one("#versions-pending", Label).update(
            Text(
                f"{waiting}: d compare with yours · t take · k keep · m merge", style="bold yellow"
            )
            if waiting
            else Text("")
        )
        self.query_one("#versions-hint", Label).update(
            Text("space marks two versions to compare · esc close", style="dim")
        )

    def action_mark(self) -> None:
        if self.timeline is None:
            return
        table = self.query_one("#versions-table", DataTable)
        n = self.timeline.versions[table.cursor_row].n
        if n in self.marked:
            self.marked.remove(n)
        else:
            self.marked = [*self.marked[-1:], n]
        compared = sorted(self.marked) if len(self.marked) == 2 else None
        if compared:
            self.marked = []  # the comparison is shown: back from it, nothing is marked
        self.show(self.timeline)
        table.move_cursor(row=[v.n for v in self.timeline.versions].index(n))
        if compared:
            self.compare(*compared)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """`enter` on a version marks it, as `space` does (the table takes the key)."""
        event.stop()
        self.action_mark()

    def compare(self, old: int, new: int) -> None:
        app = desk_app(self)

        def on_thread() -> None:
            try:
                diff = app.services.versions.diff(self.story_id, old, new)
            except ServiceError as exc:
                app.call_from_thread(self.notify, str(exc), severity="warning", markup=False)
                return
            app.call_from_thread(app.push_screen, DiffScreen(diff, self.headline))

        self.run_worker(guard(app, "versions", on_thread), thread=True, group="versions")

    def _pending(self) -> int | None:
        if self.timeline is None or self.timeline.pending is None:
            self.notify("No wire version is waiting for your choice.", severity="warning")
            return None
        return self.timeline.pending

    def action_pending_diff(self) -> None:
        pending = self._pending()
        if pending is not None:
            self.compare(CURRENT, pending)

    def action_settle(self, how: str) -> None:
        pending = self._pending()
        if pending is None or self.timeline is None:
            return
        app = desk_app(self)
        what = "wire text taken" if how == "take" else "your text kept over the wire's"
        seen = self.timeline.story_version or None  # the text and version this screen showed

        def on_thread() -> None:
            try:
                settle = app.services.versions.take if how == "take" else app.services.versions.keep
                story = settle(self.story_id, expect_version=seen, expect_pending=pending)
            except ServiceError as exc:
                app.call_from_thread(self.refused, str(exc))
                return
            app.undo.did(Act(what, ((self.story_id, story.version),), story.headline))
            app.call_from_thread(self.settled, what)

        self.run_worker(guard(app, what, on_thread), thread=True, group="versions")

    def refused(self, message: str) -> None:
        """Nothing applied (the story moved since it was shown): show it as it is now."""
        self.notify(message, severity="warning", markup=False, timeout=8)
        self.load()

    def settled(self, what: str) -> None:
        self.notify(f"{what.capitalize()} · u undoes it", markup=False)
        self.dismiss(True)

    def action_merge(self) -> None:
        if self._pending() is None:
            return
        from deskapp.tui.screens.version_merge import start_merge

        start_merge(self, self.story_id, self.headline)

    def action_close(self) -> None:
        self.dismiss(False)


class DiffScreen(ModalScreen[None]):
    """What changed from one version to another, word by word."""

    BINDINGS = [Binding("escape,q", "close", "Close")]

    def __init__(self, diff: VersionDiff, headline: str = "") -> None:
        super().__init__()
        self.diff = diff
        self.headline = headline

    def compose(self) -> ComposeResult:
        title = Text("What changed: ")
        title.append(one_line(version_name(self.diff.old), 30))
        title.append(" → ")
        title.append(one_line(version_name(self.diff.new), 30))
        with Vertical(classes="dialog wide", id="version-diff"):
            yield Label(title, classes="dialog-title")
            with VerticalScroll(id="diff-scroll"):
                yield Static(diff_text(self.diff), id="diff-text", markup=False)
            legend = Text()
            legend.append("removed", style=REMOVED)
            legend.append(" · ")
            legend.append("added", style=ADDED)
            legend.append(" · ↑↓ scroll · esc back", style="dim")
            yield Label(legend)

    def on_mount(self) -> None:
        self.query_one("#diff-scroll").focus()

    def action_close(self) -> None:
        self.dismiss(None)
