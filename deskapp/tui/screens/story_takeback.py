"""`u` and `U`: take back the editor's own acts, and the undos, from the app's undo stack.

Each story of the act is taken back with `StoryService.undo_change(story_id,
version)`: exactly the change that act made, never a colleague's or ingest's.
When a colleague changed the same thing since, nothing is applied until the
editor has read who changed what and chosen to take it back anyway.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text

from deskapp.core.safe_text import one_line
from deskapp.core.story import Story
from deskapp.services.errors import LaterChange, ServiceError
from deskapp.tui.failures import failure_line, guard
from deskapp.tui.screens.confirm import ConfirmDialog
from deskapp.tui.screens.undo import Act

if TYPE_CHECKING:
    from deskapp.tui.app import DeskApp
    from deskapp.tui.screens.story_actions import StoryActs

SPIKED_FROM_QUEUE = "spiked; it left the queue"  # the act's name (story_actions.py)


class TakeBack:
    """One `u` or `U`, from the key to the notice."""

    def __init__(self, acts: StoryActs) -> None:
        self.acts = acts

    def start(self, *, redo: bool = False, story_id: int | None = None) -> None:
        """Take back the newest act, read from the stack in this key's turn: behind every
        act whose key was pressed before it, so a quick `u` takes back that act."""
        stack = self.acts.app.undo

        def pick() -> Act | None:
            return stack.take_redo(story_id) if redo else stack.take_undo(story_id)

        def nothing() -> None:
            where = " on this story" if story_id is not None else " since the desk opened"
            self.acts.notify(
                f"Nothing to redo{where}: u has not taken back anything."
                if redo
                else f"Nothing of yours to undo{where}."
            )

        self._take_back(pick, nothing, redo=redo, force=False)

    def _take_back(
        self,
        pick: Callable[[], Act | None],
        nothing: Callable[[], None],
        *,
        redo: bool,
        force: bool,
    ) -> None:
        app = self.acts.app
        ticket = app.in_order.ticket()

        def on_thread() -> None:
            done: dict[int, int] = {}
            place: int | None = None
            later: list[LaterChange] = []
            problems: list[str] = []
            changed: list[Story] = []
            try:
                app.in_order.wait(ticket)
                act = pick()
                if act is None:
                    app.call_from_thread(nothing)
                    return
                for sid, version in act.stories:
                    try:
                        story = app.services.stories.undo_change(sid, version, force=force)
                    except LaterChange as exc:
                        later.append(exc)
                        continue
                    except ServiceError as exc:
                        problems.append(str(exc))
                        continue
                    except Exception as exc:
                        problems.append(failure_line(exc, "undo"))
                        # what was not taken back yet stays on the stack, to try again
                        app.undo.put_back(act.without(set(done)), undoing=not redo)
                        break
                    changed.append(story)
                    done[sid] = story.version
                if done:  # in turn: the next `u` or `U` sees it
                    back = act.with_versions(done)
                    (app.undo.redid if redo else app.undo.undid)(back)
                    place = queue_place(app, act, changed) if not redo else None
            finally:
                app.in_order.done(ticket)
            app.call_from_thread(self._taken_back, act, redo, done, later, problems, changed, place)

        self.acts.screen.run_worker(
            guard(app, "undo", on_thread), thread=True, group="story-changes"
        )

    def _taken_back(
        self,
        act: Act,
        redo: bool,
        done: dict[int, int],
        later: list[LaterChange],
        problems: list[str],
        changed: list[Story],
        place: int | None = None,
    ) -> None:
        word = "Redone" if redo else "Undone"
        if done:
            back = act.with_versions(done)
            again = "u undoes it again" if redo else "U redoes it"
            if act.what == SPIKED_FROM_QUEUE and len(back.stories) == 1:
                where = f" at #{place}" if place else ""
                said = (
                    f"spike of “{one_line(act.headline, 48)}” (it is back in the queue{where})"
                    if not redo
                    else back.on_what()
                )
            else:
                said = back.on_what()
            self.acts.notify(f"{word}: {said} · {again}")
        for problem in problems[:3]:
            self.acts.notify(f"Not {word.lower()} — {problem}", warning=True, timeout=6)
        if later:  # only the stories someone changed since are still to take back
            waiting = {exc.story_id for exc in later}
            rest = act.without({sid for sid, _ in act.stories if sid not in waiting})
            self._ask_force(rest, later, redo)
        self.acts.host.stories_changed([sid for sid, _ in act.stories], changed)

    def _ask_force(self, act: Act, later: list[LaterChange], redo: bool) -> None:
        question = Text("Since this act, a later change touched the same thing:\n\n")
        for exc in later[:3]:
            question.append(one_line(exc.summary, 200) + "\n")
        question.append("\nTaking this act back overwrites that later change.")

        def answered(yes: bool | None) -> None:
            if yes:
                self._take_back(lambda: act, lambda: None, redo=redo, force=True)
            else:
                self.acts.app.undo.put_back(act, undoing=not redo)
                self.acts.notify(
                    f"Nothing {'redone' if redo else 'undone'}: {act.on_what()} stays as it is."
                )

        self.acts.app.push_screen(
            ConfirmDialog(
                "Redo over a later change?" if redo else "Undo over a later change?",
                question,
                yes="Take it back anyway",
                no="Leave it",
                focus_no=True,
            ),
            answered,
        )


def queue_place(app: DeskApp, act: Act, changed: list[Story]) -> int | None:
    """Where an undone spike put a story back in the queue (#1…#n), for the notice."""
    from deskapp.core.story import Status

    if act.what != SPIKED_FROM_QUEUE or len(changed) != 1 or changed[0].status != Status.QUEUED:
        return None
    sid = changed[0].id
    entries = app.services.queue.list_entries()
    return next((e.position for e in entries if e.summary.id == sid), None)
