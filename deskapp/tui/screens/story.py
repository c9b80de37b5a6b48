"""`enter`: one story — headline, dateline, credits by role, desk, status, notes, source, body.

A story the wire killed, withdrew or corrected says so above its headline (a killed
headline is struck through); a queued story shows its place as the Queue view
numbers it (#1 is next out). The keys are the desk's story keys (`StoryActs`),
acting on this story only.
"""

from __future__ import annotations

from datetime import tzinfo
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Markdown, Static
from textual.worker import Worker, get_current_worker

from deskapp.core.listing import StoryChange
from deskapp.core.safe_text import one_line
from deskapp.core.story import Role, Status, Story
from deskapp.core.when import format_due
from deskapp.services.errors import ServiceError
from deskapp.tui.app_handle import desk_app
from deskapp.tui.commands import GLOBAL, READ, STORY, bindings_for
from deskapp.tui.failures import guarded
from deskapp.tui.role_keys import role_check
from deskapp.tui.screens.story_actions import Known, StoryActs
from deskapp.tui.wire_text import body_markdown, wire_block

if TYPE_CHECKING:
    from deskapp.services.clusters import Cluster

LABEL_W = 15  # the label column: the longest label ("Photographers") and a gap
BANNERS = {
    "killed": ("KILLED by the wire — do not publish; it cannot be queued", "bold white on red"),
    "withdrawn": (
        "WITHDRAWN by the wire for now — hold it; it cannot be queued",
        "bold black on yellow",
    ),
    "corrected": ("CORRECTED — the wire flagged this version as a correction", "bold cyan"),
}


def wire_flags(story: Story) -> list[str]:
    """The wire's flags on a story, strongest first: killed, withdrawn, corrected."""
    return [
        flag
        for flag, on in (
            ("killed", story.killed),
            ("withdrawn", story.withdrawn),
            ("corrected", story.corrected),
        )
        if on
    ]


def story_header(
    story: Story,
    zone: tzinfo,
    locked_by: str | None,
    editor: str,
    *,
    rank: int | None = None,
    waiting: str = "",
) -> Text:
    """Everything above the body, as one Text built from wire data. `waiting`: the label
    of a wire version held back because the desk changed the copy ("UPDATE 2")."""
    text = Text()
    flags = wire_flags(story)
    for flag in flags:
        words, style = BANNERS[flag]
        text.append(f" {words} ", style=style)
        text.append("\n")
    if story.wire_pending:
        text.append(" wire ", style="bold black on yellow")
        text.append(
            one_line(waiting or f"version {story.wire_pending}", 40), "bold black on yellow"
        )
        text.append(" waiting: V to compare, take, keep or merge ", style="bold black on yellow")
        text.append("\n")
    if flags or story.wire_pending:
        text.append("\n")
    text.append_text(wire_block(story.headline, "bold strike" if "killed" in flags else "bold"))
    text.append("\n")
    if story.subheadline:
        text.append_text(wire_block(story.subheadline, "italic"))
        text.append("\n")
    if locked_by and locked_by != editor:
        text.append(f"\n✎ {one_line(locked_by, 40)} is editing\n", style="bold magenta")
    text.append("\n")
    dateline = ", ".join(
        p
        for p in (
            story.dateline_place,
            story.dateline_date.isoformat() if story.dateline_date else "",
        )
        if p
    )
    _field(text, "Dateline", dateline)
    when = story.published_at or story.ingested_at
    _field(text, "Time", when.astimezone(zone).strftime("%a %Y-%m-%d %H:%M") if when else "")
    _field(text, "Agency", story.agency)
    desk = story.desk or (
        f"{story.suggested_desk}? (suggested — t to confirm)"
        if story.suggested_desk
        else "untagged — t to tag"
    )
    if story.desk and story.suggested_desk and story.suggested_desk != story.desk:
        desk += f" (suggested {story.suggested_desk})"
    _field(text, "Desk", desk)
    _field(text, "Status", status_words(story, rank))
    for role in Role:
        names = story.names(role)
        if names:
            _field(
                text, role.value.capitalize() + ("s" if len(names) > 1 else ""), ", ".join(names)
            )
    if story.embargo_until:
        _field(text, "Embargo", story.embargo_until.astimezone(zone).strftime("%a %Y-%m-%d %H:%M"))
    _field(text, "Source", f"{story.source_format} · {story.source_ref}")
    return text


def status_words(story: Story, rank: int | None) -> str:
    """'queued #2 · killed by the wire · version 4': what the desk shows for the story."""
    parts = [str(story.status)]
    if story.status == Status.QUEUED and rank is not None:
        parts[0] += f" #{rank}"
    parts += [f"{flag} by the wire" for flag in wire_flags(story)]
    parts.append(f"version {story.version}")
    return " · ".join(parts)


def story_notes(story: Story, zone: tzinfo) -> Text:
    """The open follow-up notes, dues in the desk's zone; empty when there are none."""
    text = Text()
    open_notes = [n for n in story.notes if not n.resolved]
    if open_notes:
        text.append("Notes\n", style="bold")
        for note in open_notes:
            due = f" (due {format_due(note.due, zone)})" if note.due else ""
            text.append("  • ")
            text.append_text(wire_block(note.text))
            text.append(f"{due} — ", style="dim")
            text.append_text(wire_block(note.author, "dim"))
            text.append("\n")
    return text


def _field(text: Text, label: str, value: str | None) -> None:
    """`label` in its own column, then the value: never run together."""
    if not value:
        return
    text.append(label.ljust(max(LABEL_W, len(label) + 2)), style="dim")
    text.append(one_line(value))
    text.append("\n")


class StoryScreen(Screen[None]):
    """One story; its host for the story keys (`StoryActs`) is the screen itself."""

    HELP_SCOPES = (STORY, READ, GLOBAL)
    BINDINGS = [*bindings_for(STORY, READ, GLOBAL), Binding("escape", "back", "Back", show=False)]

    def __init__(self, story_id: int, *, at_notes: bool = False) -> None:
        super().__init__()
        self.story_id = story_id
        self.at_notes = at_notes  # opened from the board: show the notes first
        self.story: Story | None = None
        self.rank: int | None = None
        self.cluster: list[int] = []  # its cluster's stories, oldest first ([] alone)
        self.cluster_agencies: list[str] = []
        # u/U take back the editor's acts on this story only
        self.acts = StoryActs(self, self, undo_scope=story_id)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return role_check(self, action, parameters)  # keys the login's role may not use: hidden

    def action_story(self, key: str) -> None:
        self.acts.press(key)

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="story-view"):
            yield Static(id="story-head")
            yield Static(id="story-notes")
            yield Markdown(id="story-body")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#story-view").focus()
        self.load()

    def on_screen_resume(self) -> None:
        if self.story is not None:
            self.load()

    @work(thread=True, exclusive=True, group="story-load")
    @guarded("reading the story")
    def load(self) -> None:
        worker = get_current_worker()
        services = desk_app(self).services
        try:
            story = services.stories.get(self.story_id)
            summary = services.stories.summaries([self.story_id]).get(self.story_id)
            # the place as the Queue view numbers it (#1 next out), not the stored queue key
            rank = services.queue.rank(self.story_id) if story.status == Status.QUEUED else None
            waiting = ""
            if story.wire_pending:
                pending = services.versions.timeline(self.story_id).get(story.wire_pending)
                waiting = pending.label if pending else ""
            cluster = services.clusters.members(self.story_id) if story.cluster_id else None
        except ServiceError as exc:
            self.app.call_from_thread(self._failed, str(exc))
            return
        self.app.call_from_thread(
            self._loaded,
            worker,
            story,
            summary.locked_by if summary else None,
            rank,
            waiting,
            cluster,
        )

    def _loaded(
        self,
        worker: Worker[None],
        story: Story,
        locked_by: str | None,
        rank: int | None,
        waiting: str = "",
        cluster: Cluster | None = None,
    ) -> None:
        # A read started later (after an act) cancelled this one: what it read is stale,
        # and it must not overwrite what the later read shows.
        if not worker.is_cancelled:
            self.cluster = [m.id for m in cluster.members] if cluster else []
            self.cluster_agencies = cluster.agencies if cluster else []
            self._show(story, locked_by, rank, waiting)

    def _failed(self, message: str) -> None:
        self.notify(message, severity="error", markup=False)
        self.dismiss()

    def _show(
        self, story: Story, locked_by: str | None, rank: int | None = None, waiting: str = ""
    ) -> None:
        self.story = story
        self.rank = rank
        app = desk_app(self)
        app.sub_title = f"Story {story.id}"
        head = story_header(
            story, app.zone, locked_by, app.services.editor, rank=rank, waiting=waiting
        )
        if len(self.cluster) > 1 and story.id in self.cluster:
            place = self.cluster.index(story.id) + 1
            head.append("Cluster".ljust(LABEL_W), style="dim")
            head.append(f"{place} of {len(self.cluster)} · ")
            head.append(one_line(", ".join(self.cluster_agencies), 32))
            head.append("  ]/[ step · C cover\n", style="dim")
        self.query_one("#story-head", Static).update(head)
        body = body_markdown(story.body) or "*No body text.*"
        self.query_one("#story-body", Markdown).update(body)
        notes = self.query_one("#story-notes", Static)
        shown = story_notes(story, app.zone)
        notes.update(shown)
        notes.display = bool(shown)
        if self.at_notes:
            self.at_notes = False
            self.call_after_refresh(
                self.query_one("#story-view").scroll_to_widget, notes, animate=False, top=True
            )

    # -- StoryHost --------------------------------------------------------------------------
    def target_ids(self) -> list[int]:
        # the story on screen: after `]`/`[` the next one counts only once it is shown
        shown = self.story
        return [shown.id] if shown is not None and shown.id == self.story_id else []

    def known(self, story_id: int) -> Known | None:
        shown = self.story
        return shown if shown is not None and shown.id == story_id else None

    def stories_changed(
        self, story_ids: list[int], changed: list[Story], *, done: bool = False
    ) -> None:
        self.load()

    def went(self, story: Story) -> str:
        return ""  # the story stays in view wherever the act took it

    def live_update(self, changes: list[StoryChange]) -> None:
        if any(c.story_id == self.story_id for c in changes):
            self.load()

    def action_back(self) -> None:
        self.dismiss()

    def action_cluster(self, step: int) -> None:
        """`]` / `[`: the cluster's next (previous) story, on this screen."""
        if len(self.cluster) < 2 or self.story_id not in self.cluster:
            self.notify("This story is in no cluster.", severity="warning", markup=False)
            return
        at = self.cluster.index(self.story_id) + step
        if not 0 <= at < len(self.cluster):
            self.notify(
                "The cluster's last story." if step > 0 else "The cluster's first story.",
                markup=False,
            )
            return
        self.story_id = self.cluster[at]
        self.acts.undo_scope = self.story_id
        self.query_one("#story-view").scroll_home(animate=False)
        self.load()

    def action_preview(self) -> None:
        from deskapp.tui.screens.preview import show_preview

        show_preview(self, self.story_id, self.story.headline if self.story else "")

    def action_help(self) -> None:
        desk_app(self).show_help(self)
