"""`m` on the versions screen: the waiting wire version merged with the desk's text.

Paragraphs only one side changed are taken from that side without asking; each
paragraph both changed (a conflict) is shown with the editor's text and the
wire's, one after the other: `y` keeps yours, `w` takes the wire's. After the last
choice (or at once, with no conflict) `enter` applies the merge as one act (`u`
on the story undoes it); `escape` leaves with nothing changed.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, Static

from deskapp.core.copy_diff import Conflict
from deskapp.services.errors import ServiceError
from deskapp.services.versions import Choice, PendingMerge
from deskapp.tui.app_handle import desk_app
from deskapp.tui.failures import guard
from deskapp.tui.screens.undo import Act
from deskapp.tui.wire_text import wire_line

MINE = "bold cyan"
WIRE = "bold green"


def start_merge(screen: Screen[bool], story_id: int, headline: str) -> None:
    """Read the merge (in a worker), then show it over `screen`."""
    app = desk_app(screen)

    def on_thread() -> None:
        try:
            plan = app.services.versions.merge_plan(story_id)
        except ServiceError as exc:
            app.call_from_thread(screen.notify, str(exc), severity="warning", markup=False)
            return

        def merged(applied: bool | None) -> None:
            if applied:
                screen.dismiss(True)  # back to the story, which shows the merged text
                return
            reload = getattr(screen, "load", None)  # the versions as they are now
            if callable(reload):
                reload()

        app.call_from_thread(app.push_screen, MergeScreen(plan, headline), merged)

    screen.run_worker(guard(app, "merge", on_thread), thread=True, group="versions")


def _block(text: Text, label: str, paragraphs: tuple[str, ...], style: str) -> None:
    text.append(f"{label}\n", style=style)
    if not paragraphs:
        text.append("  (nothing: this side took it out)\n", style="dim")
    for paragraph in paragraphs:
        text.append(paragraph)  # wire text: plain, never markup
        text.append("\n\n")


class MergeScreen(ModalScreen[bool]):
    BINDINGS = [
        Binding("y", "choose('mine')", "Yours"),
        Binding("w", "choose('wire')", "Wire's"),
        Binding("enter", "apply", "Apply"),
        Binding("escape", "close", "Cancel"),
    ]

    def __init__(self, plan: PendingMerge, headline: str = "") -> None:
        super().__init__()
        self.plan = plan
        self.headline = headline
        self.conflicts: list[tuple[str, Conflict]] = [
            ("headline", c) for c in plan.headline.conflicts
        ] + [("paragraph", c) for c in plan.body.conflicts]
        self.choices: list[Choice] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="version-merge"):
            yield Label(Text("Merge the wire's update with your text"), classes="dialog-title")
            yield Label(wire_line(self.headline, "dim", 72))
            with VerticalScroll(id="merge-scroll"):
                yield Static(id="merge-text", markup=False)
            yield Label(Text(""), id="merge-hint")

    def on_mount(self) -> None:
        self.query_one("#merge-scroll").focus()
        self.show()

    @property
    def done(self) -> bool:
        return len(self.choices) == len(self.conflicts)

    def show(self) -> None:
        text = Text()
        hint = self.query_one("#merge-hint", Label)
        if self.done:
            taken = sum(c == "wire" for c in self.choices)
            text.append(
                f"{len(self.conflicts)} conflict(s) decided: {taken} from the wire, "
                f"{len(self.conflicts) - taken} yours. What only one side changed is "
                "taken from that side.\n",
            )
            hint.update(Text("enter applies the merge · esc cancels", style="dim"))
        else:
            index = len(self.choices)
            kind, conflict = self.conflicts[index]
            text.append(f"Conflict {index + 1} of {len(self.conflicts)}: the {kind}\n\n")
            _block(text, "Yours", conflict.mine, MINE)
            _block(text, "The wire's", conflict.theirs, WIRE)
            hint.update(Text("y keep yours · w take the wire's · esc cancels", style="dim"))
        self.query_one("#merge-text", Static).update(text)

    def action_choose(self, which: str) -> None:
        if self.done:
            return
        self.choices.append("wire" if which == "wire" else "mine")
        self.show()

    def action_apply(self) -> None:
        if not self.done:
            self.notify("Choose yours (y) or the wire's (w) first.", severity="warning")
            return
        app = desk_app(self)
        plan, choices = self.plan, list(self.choices)
        story_id = plan.story_id

        def on_thread() -> None:
            try:  # the choices hold for this plan's conflicts only: refused if it moved
                story = app.services.versions.merge(
                    story_id,
                    choices,
                    expect_version=plan.version or None,
                    expect_pending=plan.pending.n,
                    expect_base=plan.base,
                )
            except ServiceError as exc:
                app.call_from_thread(self.refused, str(exc))
                return
            app.undo.did(Act("wire update merged", ((story_id, story.version),), story.headline))
            app.call_from_thread(self.applied)

        self.run_worker(guard(app, "merge", on_thread), thread=True, group="merge")

    def refused(self, message: str) -> None:
        """Nothing applied: the choices were for conflicts that may be others now."""
        self.notify(message + " · m merges again", severity="warning", markup=False, timeout=8)
        self.dismiss(False)

    def applied(self) -> None:
        self.notify("Wire update merged · u undoes it")
        self.dismiss(True)

    def action_close(self) -> None:
        self.dismiss(False)
