"""The story actions (t c n p s u e), shared by the lists and the story screen.

A screen mixes in `StoryActions` and says which stories an action applies to
(`target_ids`), what it knows of them (`known`: version, status, desks), and
what to do once they changed (`stories_changed`). Every service call runs in a
thread worker; each write carries the version the editor saw, so a story that
changed meanwhile is refused (and shown), never overwritten.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Set
from datetime import UTC
from typing import TYPE_CHECKING, Any, Protocol

from textual import work

from deskapp.core.story import Credit, Status, Story
from deskapp.services.errors import Conflict, InvalidInput, ServiceError
from deskapp.tui.screens.credits import CreditsEditor
from deskapp.tui.screens.note import NoteDialog
from deskapp.tui.screens.pickers import CLEAR_DESK, DeskPicker

if TYPE_CHECKING:
    from deskapp.services import Services

QUEUE_ANYWAY_SECONDS = 10.0  # how long a second `p` queues a refused story anyway


class Known(Protocol):
    """What a screen knows of a story: a `StorySummary` or a `Story`."""

    id: int | None
    version: int
    status: Status
    desk: str | None
    suggested_desk: str | None
    headline: str


Op = Callable[["Services", int, "int | None"], Any]


def not_available(exc: ModuleNotFoundError) -> bool:
    return bool(exc.name and exc.name.startswith("deskapp."))


class StoryActions:
    """Mixed into a Textual `Screen`."""

    # stories `p` just refused as not ready, and until when `p` again queues them anyway
    _not_ready: tuple[Set[int], float] = (frozenset(), 0.0)

    # -- what the screen provides ------------------------------------------------
    def target_ids(self) -> list[int]:
        raise NotImplementedError

    def known(self, story_id: int) -> Known | None:
        raise NotImplementedError

    def stories_changed(self, story_ids: list[int]) -> None:
        raise NotImplementedError

    # -- running changes ----------------------------------------------------------
    def _targets_or_warn(self) -> list[int]:
        ids = self.target_ids()
        if not ids:
            self.notify("No story here.", severity="warning")  # type: ignore[attr-defined]
        return ids

    def apply_to(self, label: str, ids: list[int], op: Op) -> None:
        versions = {sid: (k.version if (k := self.known(sid)) else None) for sid in ids}
        self._run_ops(label, ids, versions, op)

    @work(thread=True, group="story-changes")
    def _run_ops(self, label: str, ids: list[int], versions: dict[int, int | None],
                 op: Op) -> None:
        app = self.app  # type: ignore[attr-defined]
        done: list[int] = []
        problems: list[str] = []
        for sid in ids:
            try:
                try:
                    op(app.services, sid, versions.get(sid))
                except Conflict as exc:
                    if not own_changes_only(exc, app.services.editor):
                        raise
                    # only this editor changed it since (a quick second key before the
                    # screen caught up): apply on top of the story as it now stands
                    op(app.services, sid, exc.actual)
                done.append(sid)
            except Conflict as exc:
                problems.append(f"Not applied — {exc}. The list is refreshed; try again.")
            except ServiceError as exc:
                problems.append(str(exc))
            except ModuleNotFoundError as exc:
                if not not_available(exc):
                    raise
                problems.append(f"{label} is not available yet in this version of Deskapp.")
                break
        app.call_from_thread(self._ops_finished, label, ids, done, problems)

    def _ops_finished(self, label: str, ids: list[int], done: list[int],
                      problems: list[str]) -> None:
        notify = self.notify  # type: ignore[attr-defined]
        if len(ids) > 1:
            notify(f"{label}: {len(done)} of {len(ids)} stories", markup=False)
        for problem in problems[:3]:
            notify(problem, severity="warning", markup=False, timeout=6)
        if len(problems) > 3:
            notify(f"…and {len(problems) - 3} more refused", severity="warning", markup=False)
        if done:
            self.after_bulk(done)
        self.stories_changed(ids)

    def after_bulk(self, done: list[int]) -> None:
        """Hook: the list clears its selection once a bulk action went through."""

    # -- the actions --------------------------------------------------------------
    def action_tag_desk(self) -> None:
        ids = self._targets_or_warn()
        if not ids:
            return
        first = self.known(ids[0])
        suggested = first.suggested_desk if first else None
        current = first.desk if first else None
        what = first.headline if first and len(ids) == 1 else f"{len(ids)} stories"
        app = self.app  # type: ignore[attr-defined]

        def chosen(code: str | None) -> None:
            if code is None:
                return
            desk = None if code == CLEAR_DESK else code
            self.apply_to("Desk", ids, lambda s, sid, v: s.stories.set_desk(
                sid, desk, expect_version=v))

        app.push_screen(DeskPicker(app.services.ctx.settings.desks, preselect=current or suggested,
                                   suggested=suggested, title=f"Desk for {what}"), chosen)

    def action_toggle_queue(self) -> None:
        ids = self._targets_or_warn()
        if not ids:
            return
        queued = {sid for sid in ids if (k := self.known(sid)) and k.status == Status.QUEUED}
        # `p` again, soon, on stories just refused as not ready: queue them anyway, flagged
        refused_before, until = self._not_ready
        anyway = refused_before if time.monotonic() < until else set()
        refused: set[int] = set()
        self._not_ready = (refused, time.monotonic() + QUEUE_ANYWAY_SECONDS)
        # the key as this editor has it (the config's [keys] may move it)
        key = (self.app.keys.get("queue") or "p").split(",")[0]  # type: ignore[attr-defined]

        from deskapp.services.queue import NotReady  # here: the desk opens without it

        def op(s: Services, sid: int, v: int | None) -> Any:
            if sid in queued:
                return s.queue.remove(sid, expect_version=v)
            try:
                return s.queue.add(sid, expect_version=v, force=sid in anyway)
            except NotReady as exc:
                refused.add(sid)
                raise InvalidInput(f"{exc.short()}; press {key} again to queue it anyway, "
                                   "flagged not ready") from None

        self.apply_to("Queue", ids, op)

    def action_spike(self) -> None:
        ids = self._targets_or_warn()
        if not ids:
            return
        spiked = {sid for sid in ids if (k := self.known(sid)) and k.status == Status.SPIKED}

        def op(s: Services, sid: int, v: int | None) -> Any:
            if sid in spiked:
                return s.stories.unspike(sid, expect_version=v)
            return s.stories.spike(sid, expect_version=v)

        self.apply_to("Unspike" if spiked == set(ids) else "Spike", ids, op)

    def action_undo(self) -> None:
        ids = self._targets_or_warn()
        if ids:
            self.apply_to("Undo", ids[:1], lambda s, sid, _v: s.stories.undo(sid))

    def action_add_note(self) -> None:
        ids = self._targets_or_warn()
        if not ids:
            return
        first = self.known(ids[0])
        app = self.app  # type: ignore[attr-defined]

        def chosen(result: tuple[str, Any] | None) -> None:
            if result is None:
                return
            text, due = result
            self.apply_to("Note", ids[:1], lambda s, sid, _v: s.notes.add(sid, text, due=due))

        app.push_screen(NoteDialog(first.headline if first else "",
                                   read_due=app.services.notes.when), chosen)

    def action_edit_credits(self) -> None:
        ids = self._targets_or_warn()
        if ids:
            self._open_credits(ids[0])

    @work(thread=True, group="story-load")
    def _open_credits(self, story_id: int) -> None:
        app = self.app  # type: ignore[attr-defined]
        try:
            story = app.services.stories.get(story_id)
        except ServiceError as exc:
            app.call_from_thread(self.notify, str(exc), severity="warning",  # type: ignore
                                 markup=False)
            return
        app.call_from_thread(self._show_credits, story)

    def _show_credits(self, story: Story) -> None:
        app = self.app  # type: ignore[attr-defined]
        from deskapp.services.names import NameService

        names = NameService(app.services.ctx)

        def chosen(credits: list[Credit] | None) -> None:
            if credits is None or credits == story.credits:
                return
            self.apply_to("Credits", [story.id or 0], lambda s, sid, _v: s.stories.set_credits(
                sid, credits, expect_version=story.version))

        app.push_screen(CreditsEditor(story, lambda prefix: names.known_names(prefix)), chosen)

    def action_suggestions(self) -> None:
        ids = self._targets_or_warn()
        if ids:
            self._load_suggestions(ids[0])

    @work(thread=True, group="story-load")
    def _load_suggestions(self, story_id: int) -> None:
        app = self.app  # type: ignore[attr-defined]
        try:
            story = app.services.stories.get(story_id)
            found = app.services.notes.suggestions(story_id)
        except ServiceError as exc:
            app.call_from_thread(self.notify, str(exc), severity="warning",  # type: ignore
                                 markup=False)
            return
        app.call_from_thread(self._show_suggestions, story, found)

    def _show_suggestions(self, story: Story, found: list[Any]) -> None:
        app = self.app  # type: ignore[attr-defined]
        if not found:
            self.notify("The copy suggests no follow-ups that are not noted already.",  # type: ignore[attr-defined]
                        markup=False)
            return
        from deskapp.tui.screens.suggestions import SuggestionsDialog

        def chosen(suggestion: Any) -> None:
            if suggestion is not None:
                self.apply_to("Follow-up", [story.id or 0], lambda s, sid, _v: (
                    s.notes.accept_suggestion(sid, suggestion, expect_version=story.version)))

        app.push_screen(SuggestionsDialog(story.headline, found, getattr(app, "zone", UTC)),
                        chosen)

    def action_history(self) -> None:
        ids = self._targets_or_warn()
        if not ids:
            return
        from deskapp.tui.screens.history import HistoryScreen

        first = self.known(ids[0])

        def closed(reverted: bool | None) -> None:
            if reverted:
                self.stories_changed(ids[:1])

        self.app.push_screen(HistoryScreen(ids[0], first.headline if first else ""),  # type: ignore[attr-defined]
                             closed)

    def action_edit_story(self) -> None:
        ids = self._targets_or_warn()
        if ids:
            from deskapp.tui.screens.editor import EditorScreen

            self.app.push_screen(EditorScreen(ids[0]))  # type: ignore[attr-defined]


def own_changes_only(conflict: Conflict, editor: str) -> bool:
    """True when every change since the editor's version was the editor's own."""
    return bool(conflict.since) and all(c.editor == editor for c in conflict.since)
