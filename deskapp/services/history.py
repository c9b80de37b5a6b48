"""A story's history, and reverting one past change as a new change.

Every change is an event with each field's [before, after]. `revert` puts
the "before" values of one event back (all of them, or the fields named), as
a new change with action "revert", field by field (deskapp/services/takeback.py):
nothing in the history is rewritten, a later change is never overwritten
unless forced, and a revert can itself be reverted.
"""

from __future__ import annotations

from collections.abc import Iterable

from deskapp.core.listing import HistoryEntry
from deskapp.core.story import Story
from deskapp.services.context import ServiceContext
from deskapp.services.errors import BadValue, InvalidInput, NotFound
from deskapp.services.stories import StoryService
from deskapp.services.takeback import can_take_back

REVERT_ACTION = "revert"


def revertable(name: str) -> bool:
    """Fields a revert can put back: story fields, credits, notes (not ingest sources, locks)."""
    return can_take_back(name)


class HistoryService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        self._stories = StoryService(ctx)

    def entries(self, story_id: int) -> list[HistoryEntry]:
        """Every change to the story, oldest first (NotFound for a missing story)."""
        return self._stories.history(story_id)

    def entry(self, story_id: int, event_id: int) -> HistoryEntry:
        for e in self.entries(story_id):
            if e.id == event_id:
                return e
        raise NotFound(
            f"story {story_id} has no change {event_id} (see `deskapp history {story_id}`)"
        )

    def revert(
        self,
        story_id: int,
        event_id: int,
        *,
        fields: Iterable[str] | None = None,
        force: bool = False,
        expect_version: int | None = None,
    ) -> Story:
        """Put back what change `event_id` replaced, as a new "revert" change.

        Only what that change set, field by field: credits as a diff (the credits
        it added go, those it removed come back; others stay as they are), notes
        by id. `fields` limits it to some of the fields it touched. Where a later
        change left a field otherwise, `LaterChange` says who changed what and
        nothing is applied, unless `force`. A value already back where it was is
        left alone; if nothing differs, nothing is recorded.
        """
        event = self.entry(story_id, event_id)
        wanted = list(dict.fromkeys(fields)) if fields else None
        if wanted:
            missing = [f for f in wanted if f not in event.changes]
            if missing:
                touched = ", ".join(event.changes) or "nothing"
                raise BadValue(
                    f"change {event_id} did not touch {', '.join(missing)}; it changed: {touched}"
                )
        names = [n for n in (wanted or event.changes) if revertable(n)]
        if not names:
            raise InvalidInput(f"change {event_id} ({event.action}) has nothing to revert")
        return self._stories.take_back(
            story_id, event, names, action=REVERT_ACTION, force=force, expect_version=expect_version
        )
