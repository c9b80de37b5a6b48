"""The story actions (t c n p o s u U e; the cluster keys C X +), shared by the desk's lists
and the story screen.

`StoryActs` is a small service object a screen owns. The screen (its `StoryHost`)
says which stories an act applies to (`target_ids`: the selection, else the story
under the cursor, read when the key is pressed), what it knows of them (`known`:
version, status, desks) and what to do once they changed (`stories_changed`).

Every change runs on a worker thread, in the order the keys were pressed, and
carries the version the editor saw: a story someone else changed meanwhile is
refused and shown, never overwritten. Each act that changed something goes on the
app's undo stack (`u`/`U`), naming its story and what it did.

The keys are bound as one Textual action, `story('<name>')` (commands.ACTIONS);
a screen's `action_story(name)` calls `acts.press(name)`, which looks the act up
in `STORY_KEYS`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Set
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from rich.text import Text
from textual.screen import Screen

from deskapp.core.safe_text import one_line
from deskapp.core.story import Status, Story
from deskapp.services.errors import Conflict, InvalidInput, LaterChange, ServiceError
from deskapp.tui.app_handle import desk_app
from deskapp.tui.failures import failure_line, guard
from deskapp.tui.screens import cluster_acts, story_open
from deskapp.tui.screens.confirm import ConfirmDialog
from deskapp.tui.screens.note import NoteDialog
from deskapp.tui.screens.pickers import CLEAR_DESK, EACH, DeskPicker, picker_choice
from deskapp.tui.screens.story_takeback import SPIKED_FROM_QUEUE, TakeBack
from deskapp.tui.screens.undo import Act

if TYPE_CHECKING:
    from deskapp.services import Services
    from deskapp.services.bulk import BulkResult
    from deskapp.tui.app import DeskApp

QUEUE_ANYWAY_SECONDS = 10.0  # how long a second `p` queues a refused story anyway


class Known(Protocol):
    """What a screen knows of a story: a `StorySummary` or a `Story` (read only)."""

    @property
    def id(self) -> int | None: ...
    @property
    def version(self) -> int: ...
    @property
    def status(self) -> Status: ...
    @property
    def desk(self) -> str | None: ...
    @property
    def suggested_desk(self) -> str | None: ...
    @property
    def headline(self) -> str: ...
    @property
    def killed(self) -> bool: ...
    @property
    def withdrawn(self) -> bool: ...
    @property
    def wire_pending(self) -> int | None: ...


class StoryHost(Protocol):
    """What a screen gives its `StoryActs`."""

    def target_ids(self) -> list[int]: ...

    def known(self, story_id: int) -> Known | None: ...

    def stories_changed(
        self, story_ids: list[int], changed: list[Story], *, done: bool = False
    ) -> None:
        """These stories may have changed (`changed`: as they now are); `done`: the act
        changed at least one of them."""
        ...

    def went(self, story: Story) -> str:
        """Where a story went when the act took it out of view ("→ Europe desk · editing")."""
        ...


Op = Callable[["Services", int, "int | None"], object]  # a service call on one story


R = TypeVar("R")


@dataclass
class Outcome:
    """What one act did: the stories it changed (as they now are) and what was refused."""

    changed: list[Story] = field(default_factory=list)
    versions: dict[int, int] = field(default_factory=dict)  # story id -> version produced
    problems: list[str] = field(default_factory=list)
    summary: str = ""  # a bulk act's one line, e.g. "Desk europe: 3 stories"
    refused: bool = False  # some of a bulk act's stories were refused (said in the summary)


def called(out: Outcome, what: str, call: Callable[[], R]) -> R | None:
    """`call()`, or None with its failure put in `out.problems` (a refusal as the
    service words it, anything else as one line)."""
    try:
        return call()
    except ServiceError as exc:
        out.problems.append(str(exc))
    except Exception as exc:
        out.problems.append(failure_line(exc, what))
    return None


def story_of(result: object) -> Story | None:
    """A service call's changed story: the Story, or the first of a (Story, Note) pair."""
    if isinstance(result, Story):
        return result
    if isinstance(result, tuple) and result and isinstance(result[0], Story):
        return result[0]
    return None


class StoryActs:
    """The story keys of one screen; `host` is usually the screen itself."""

    def __init__(
        self, screen: Screen[Any], host: StoryHost, *, undo_scope: int | None = None
    ) -> None:
        self.screen = screen
        self.host = host
        self.undo_scope = undo_scope  # a story screen's story: `u` undoes acts on it only
        # stories `p` just refused as not ready, and until when `p` again queues them anyway
        self._not_ready: tuple[Set[int], float] = (frozenset(), 0.0)

    @property
    def app(self) -> DeskApp:
        return desk_app(self.screen)

    def notify(self, message: str, *, warning: bool = False, timeout: float | None = None) -> None:
        self.screen.notify(
            message, severity="warning" if warning else "information", markup=False, timeout=timeout
        )

    def targets(self) -> list[int]:
        ids = self.host.target_ids()
        if not ids:
            self.notify("No story here.", warning=True)
        return ids

    def headline(self, story_id: int) -> str:
        known = self.host.known(story_id)
        return known.headline if known else f"story {story_id}"

    # -- running changes ------------------------------------------------------------
    def apply_to(
        self, what: str, ids: list[int], op: Op, *, versions: dict[int, int] | None = None
    ) -> None:
        """Run `op` on each story with the version the editor saw; `what` names the act."""
        seen = versions or {sid: k.version for sid in ids if (k := self.host.known(sid))}

        def run(services: Services) -> Outcome:
            out = Outcome()
            for sid in ids:
                try:
                    # the version as it stands now, not as the editor last saw it: an act
                    # that changes nothing (an edit saved as it was, a move at the end of
                    # the queue) must not record a version someone else's change made
                    before = services.stories.get(sid).version
                    try:
                        result = op(services, sid, seen.get(sid))
                    except Conflict as exc:
                        if isinstance(exc, LaterChange) or not own_changes_only(
                            exc, services.editor
                        ):
                            raise
                        # only this editor changed it since (a quick second key before the
                        # screen caught up): apply on top of the story as it now stands
                        result = op(services, sid, exc.actual)
                except Conflict as exc:
                    out.problems.append(f"Not applied — {exc}. The list is refreshed; try again.")
                    continue
                except ServiceError as exc:
                    out.problems.append(str(exc))
                    continue
                except Exception as exc:
                    # the ones already changed stay changed (and on the undo stack)
                    out.problems.append(failure_line(exc, what))
                    break
                story = story_of(result)
                if story is not None and story.id is not None:
                    out.changed.append(story)
                    if story.version != before:
                        out.versions[story.id] = story.version
            return out

        self.run(what, ids, run)

    def apply_bulk(
        self,
        what: str,
        ids: list[int],
        call: Callable[[Services], BulkResult],
        *,
        hint: Callable[[BulkResult], str] | None = None,
    ) -> None:
        """One service call for the whole selection, returning a BulkResult; `hint` adds
        what the editor can do next to its summary."""

        def run(services: Services) -> Outcome:
            out = Outcome()
            result = called(out, what, lambda: call(services))
            if result is None:
                return out
            out.summary = result.summary() + (hint(result) if hint else "")  # and why
            out.refused = bool(result.refused)
            out.versions = result.versions()
            return out

        self.run(what, ids, run)

    def run(self, what: str, ids: list[int], work: Callable[[Services], Outcome]) -> None:
        """Run `work` on a worker thread in key order; report and record on the UI thread."""
        app = self.app
        ticket = app.in_order.ticket()
        headline = self.headline(ids[0]) if len(ids) == 1 else ""

        def on_thread() -> None:
            try:
                app.in_order.wait(ticket)
                out = work(app.services)
                about = ids[0] if len(ids) == 1 else None
                act = Act(what, tuple(out.versions.items()), headline, about=about)
                app.undo.did(act)  # in turn: a `u` pressed right after this key sees it
            finally:
                app.in_order.done(ticket)
            app.call_from_thread(self.finished, act, ids, out)

        self.screen.run_worker(guard(app, what, on_thread), thread=True, group="story-changes")

    def finished(self, act: Act, ids: list[int], out: Outcome) -> None:
        if out.summary:
            self.notify(
                out.summary + (" · u undoes it" if act.stories else ""),
                warning=out.refused,
                timeout=8 if out.refused else None,
            )
        elif len(ids) > 1:
            self.notify(f"{act.what.capitalize()}: {len(act.stories)} of {len(ids)} stories")
        elif act.stories:
            went = "".join(self.host.went(s) for s in out.changed[:1])
            self.notify(" ".join(p for p in (act.what.capitalize(), went) if p) + " · u undoes it")
        elif out.changed and not out.problems:
            self.notify(f"{act.what.capitalize()}: nothing changed")
        for problem in out.problems[:3]:
            self.notify(problem, warning=True, timeout=6)
        if len(out.problems) > 3:
            self.notify(f"…and {len(out.problems) - 3} more refused", warning=True)
        self.host.stories_changed(ids, out.changed, done=bool(act.stories))

    def press(self, key: str) -> None:
        """Run the story key `key` (a name in `STORY_KEYS`)."""
        STORY_KEYS[key](self)

    # -- undo and redo (story_takeback.py) ------------------------------------------------
    def undo_last(self) -> None:
        """`u`: take back the newest of this editor's acts (within the undo scope)."""
        TakeBack(self).start(redo=False, story_id=self.undo_scope)

    def redo_last(self) -> None:
        """`U`: take back the newest undo (within the undo scope)."""
        TakeBack(self).start(redo=True, story_id=self.undo_scope)

    # -- the acts -----------------------------------------------------------------------
    def tag_desk(self) -> None:
        ids = self.targets()
        if not ids:
            return
        known = [k for sid in ids if (k := self.host.known(sid)) is not None]
        choice = picker_choice(known)
        what = one_line(known[0].headline, 50) if len(ids) == 1 and known else f"{len(ids)} stories"
        desks = self.app.services.ctx.settings.desks

        def chosen(code: str | None) -> None:
            if code is None:
                return
            if len(ids) == 1 and code != EACH:
                desk = None if code == CLEAR_DESK else code
                self.apply_to(
                    f"desk {desk or 'cleared'}",
                    ids,
                    lambda s, sid, v: s.stories.set_desk(sid, desk, expect_version=v),
                )
                return
            from deskapp.services.stories import EACH_SUGGESTION, EachSuggestion

            target: str | EachSuggestion | None = (
                EACH_SUGGESTION if code == EACH else (None if code == CLEAR_DESK else code)
            )
            label = "each its suggested desk" if code == EACH else f"desk {target or 'cleared'}"
            seen = self.seen(ids)
            self.apply_bulk(
                label, ids, lambda s: s.stories.set_desk_many(ids, target, expect_versions=seen)
            )

        self.app.push_screen(
            DeskPicker(
                desks,
                preselect=choice.preselect,
                suggested=choice.suggested,
                each=choice.each,
                title=f"Desk for {what}",
            ),
            chosen,
        )

    def queue(self) -> None:
        """`p`: queue the story or the selection; queued ones stay queued (`o` unqueues).

        Stories refused as not ready: `p` again within 10 s on them queues them
        anyway, flagged (one story or a selection alike); a story the wire killed or
        withholds is never queued.
        """
        ids = self.targets()
        if not ids:
            return
        known = {sid: k for sid in ids if (k := self.host.known(sid)) is not None}
        unqueue_key = self.key_for("unqueue", "o")
        refused_before, until = self._not_ready
        anyway = (
            time.monotonic() < until and bool(refused_before) and set(refused_before) <= set(ids)
        )
        refused: set[int] = set()
        self._not_ready = (refused, time.monotonic() + QUEUE_ANYWAY_SECONDS)
        key = self.key_for("queue", "p")
        if len(ids) > 1:
            seen = self.seen(ids)

            def call(s: Services) -> BulkResult:
                result = s.queue.add_many(ids, force=anyway, expect_versions=seen)
                refused.update(i.story_id for i in result.refused if i.reason.startswith("need"))
                return result

            def hint(result: BulkResult) -> str:
                if refused and not anyway:
                    return (
                        f" · {key} again within {QUEUE_ANYWAY_SECONDS:.0f} s queues the "
                        f"{len(refused)} not ready anyway, flagged"
                    )
                if result.unchanged and not result.done:
                    return f" · {unqueue_key} unqueues"
                held = sum(1 for k in known.values() if k.wire_pending)
                if held:
                    return f" · {held} with a wire update waiting: V on each to take, keep or merge"
                return ""

            self.apply_bulk("queued", ids, call, hint=hint)
            return
        [sid] = ids
        story = known.get(sid)
        if story is not None and story.killed:
            self.notify(
                "Not queued: the wire killed this story; a killed story cannot be queued.",
                warning=True,
            )
            return
        if story is not None and story.withdrawn:
            self.notify("Not queued: the wire withholds this story for now.", warning=True)
            return
        if story is not None and story.status == Status.QUEUED:
            self.notify(f"Already queued · {unqueue_key} unqueues")
            return

        from deskapp.services.queue import NotReady

        def op(s: Services, i: int, v: int | None) -> Story:
            try:
                queued = s.queue.add(i, expect_version=v, force=anyway)
            except NotReady as exc:
                refused.add(i)
                raise InvalidInput(
                    f"{exc.short()}; press {key} again to queue it anyway, flagged not ready"
                ) from None
            if queued.wire_pending:  # published as it is, it lacks what the wire sent since
                said = f"Queued · {s.versions.waiting(i)} (V on the story)"
                self.app.call_from_thread(self.notify, said, warning=True, timeout=10)
            return queued

        self.apply_to("queued", ids, op)

    def unqueue(self) -> None:
        ids = self.targets()
        if ids:
            seen = self.seen(ids)
            self.apply_bulk(
                "unqueued", ids, lambda s: s.queue.remove_many(ids, expect_versions=seen)
            )

    def key_for(self, action_id: str, default: str) -> str:
        """The key an editor presses for an action, after any remapping."""
        return (self.app.keys.get(action_id) or default).split(",")[0]

    def seen(self, ids: list[int]) -> dict[int, int]:
        """The version of each story as the editor saw it when the key was pressed."""
        return {sid: k.version for sid in ids if (k := self.host.known(sid)) is not None}

    def spike(self) -> None:
        ids = self.targets()
        if not ids:
            return
        known = {sid: k for sid in ids if (k := self.host.known(sid)) is not None}
        spiked = {sid for sid, k in known.items() if k.status == Status.SPIKED}
        queued = [sid for sid, k in known.items() if k.status == Status.QUEUED]
        unspike = spiked == set(ids)

        def op(s: Services, sid: int, v: int | None) -> Story:
            if sid in spiked:
                return s.stories.unspike(sid, expect_version=v)
            return s.stories.spike(sid, expect_version=v)

        what = (
            "unspiked" if unspike else (SPIKED_FROM_QUEUE if queued and len(ids) == 1 else "spiked")
        )

        def go() -> None:
            self.apply_to(what, ids, op)

        if not queued or unspike:
            go()
            return
        which = "It is" if len(ids) == 1 else f"{len(queued)} of them are"
        question = Text(
            f"{which} in the queue. Spiking takes it out of the queue; s on the "
            "spiked story brings it back, u undoes it with its place."
        )

        def answered(yes: bool | None) -> None:
            if yes:
                go()
            else:
                self.notify("Nothing spiked.")

        self.app.push_screen(
            ConfirmDialog("Spike a queued story?", question, yes="Spike it", no="Keep it queued"),
            answered,
        )

    def add_note(self) -> None:
        ids = self.targets()
        if not ids:
            return
        sid = ids[0]

        def chosen(result: tuple[str, Any] | None) -> None:
            if result is not None:
                text, due = result
                self.apply_to("note added", [sid], lambda s, i, _v: s.notes.add(i, text, due=due))

        self.app.push_screen(
            NoteDialog(self.headline(sid), read_due=self.app.services.notes.when), chosen
        )

    # -- acts that open a dialog on the story first (story_open.py) ------------------------
    def edit_credits(self) -> None:
        story_open.edit_credits(self)

    def suggestions(self) -> None:
        story_open.suggestions(self)

    def history(self) -> None:
        story_open.history(self)

    def edit_story(self) -> None:
        story_open.edit_story(self)

    def versions(self) -> None:
        story_open.versions(self)


def own_changes_only(conflict: Conflict, editor: str) -> bool:
    """True when every change since the editor's version was the editor's own."""
    return bool(conflict.since) and all(c.editor == editor for c in conflict.since)


# The story keys: Textual action "story('<name>')" (see commands.ACTIONS) -> the act.
STORY_KEYS: dict[str, Callable[[StoryActs], None]] = {
    "tag_desk": StoryActs.tag_desk,
    "queue": StoryActs.queue,
    "unqueue": StoryActs.unqueue,
    "spike": StoryActs.spike,
    "undo": StoryActs.undo_last,
    "redo": StoryActs.redo_last,
    "add_note": StoryActs.add_note,
    "edit_credits": StoryActs.edit_credits,
    "suggestions": StoryActs.suggestions,
    "history": StoryActs.history,
    "edit_story": StoryActs.edit_story,
    "versions": StoryActs.versions,
    "cover": cluster_acts.cover,
    "split": cluster_acts.split,
    "join": cluster_acts.join,
}
