"""The editor's own acts since the desk opened, to undo (`u`) and redo (`U`), newest first.

An act is what one key did: the stories it changed and, for each, the version its
change produced. Undo takes back exactly that change (`StoryService.undo_change`),
never a colleague's or ingest's; redo takes back the undo. Acts are kept on the app,
so the desk and the story screen share one stack.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace

from deskapp.core.safe_text import one_line


@dataclass(frozen=True, slots=True)
class Act:
    """One act of this editor: `what` it did, and (story id, version it produced) per story."""

    what: str  # "desk europe", "queued", "spiked", "note added"…
    stories: tuple[tuple[int, int], ...]
    headline: str = ""  # of the story, when the act changed one
    # the story the act was done from, when it changed others (C covers a cluster's
    # other stories): a story screen's `u` finds it by this story too
    about: int | None = None

    def on_what(self) -> str:
        """`what` and the story it was done to, as a notice names it."""
        if len(self.stories) == 1:
            return f"{self.what} on “{one_line(self.headline, 48)}”"
        return f"{self.what} on {len(self.stories)} stories"

    def with_versions(self, versions: dict[int, int]) -> Act:
        return replace(
            self, stories=tuple((sid, versions[sid]) for sid, _ in self.stories if sid in versions)
        )

    def without(self, story_ids: set[int]) -> Act:
        return replace(self, stories=tuple(p for p in self.stories if p[0] not in story_ids))


class UndoStack:
    """Done acts (undo pops the newest) and undone ones (redo pops the newest).

    The stack is read and written on the story-change workers, each in its turn
    (`InOrder`), so a `u` pressed right after an act sees that act; a lock keeps
    the lists whole between threads.
    """

    def __init__(self) -> None:
        self.done: list[Act] = []
        self.undone: list[Act] = []
        self._lock = threading.Lock()

    def did(self, act: Act) -> None:
        """A new act: what was undone can no longer be redone on top of it."""
        if act.stories:
            with self._lock:
                self.done.append(act)
                self.undone.clear()

    def take_undo(self, story_id: int | None = None) -> Act | None:
        """The newest act (on `story_id` when given), taken off the stack."""
        with self._lock:
            return _take(self.done, story_id)

    def take_redo(self, story_id: int | None = None) -> Act | None:
        with self._lock:
            return _take(self.undone, story_id)

    def undid(self, act: Act) -> None:
        if act.stories:
            with self._lock:
                self.undone.append(act)

    def redid(self, act: Act) -> None:
        if act.stories:
            with self._lock:
                self.done.append(act)

    def put_back(self, act: Act, *, undoing: bool) -> None:
        """An undo (or redo) the editor did not go through with stays where it was."""
        if act.stories:
            with self._lock:
                (self.done if undoing else self.undone).append(act)


def _take(acts: list[Act], story_id: int | None) -> Act | None:
    for i in range(len(acts) - 1, -1, -1):
        if (
            story_id is None
            or acts[i].about == story_id
            or any(sid == story_id for sid, _ in acts[i].stories)
        ):
            return acts.pop(i)
    return None


class InOrder:
    """Story changes run on worker threads one at a time, in the order the keys were pressed.

    Each change takes a ticket on the UI thread; its worker waits for its turn. Two
    quick keys on one story therefore apply as typed, never the second one first.
    """

    def __init__(self) -> None:
        self._turn = threading.Condition()
        self._next_ticket = 0
        self._serving = 0

    def ticket(self) -> int:
        ticket = self._next_ticket
        self._next_ticket += 1
        return ticket

    def wait(self, ticket: int) -> None:
        with self._turn:
            self._turn.wait_for(lambda: self._serving == ticket)

    def done(self, ticket: int) -> None:
        with self._turn:
            self._serving = max(self._serving, ticket + 1)
            self._turn.notify_all()
