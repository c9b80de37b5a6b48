"""Reading stories and the everyday desk changes: desk, credits, text, status, undo.

An editor's undo takes back one of their own changes, field by field
(deskapp/services/takeback.py); `set_desk_many` tags several stories at once."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from deskapp.core.listing import DeskCount, HistoryEntry, StoryFilter, StorySummary
from deskapp.core.markdown_body import body_problems
from deskapp.core.story import Credit, Role, Status, Story
from deskapp.services import takeback
from deskapp.services.bulk import DONE, REFUSED, UNCHANGED, BulkResult
from deskapp.services.changes import (
    StoryEdit,
    apply_change,
    change_story,
    load_story,
    lock_story_rows,
    moved_since,
)
from deskapp.services.context import ServiceContext
from deskapp.services.errors import InvalidInput, NotFound
from deskapp.services.takeback import UNDO_ACTIONS
from deskapp.services.versions import keep_original
from deskapp.store import listing
from deskapp.store.listing import Rank

# Actions an editor's undo never takes back: copy from the wire (ingest, an agency's
# update), an export, a lock takeover (it changes no story field), archiving and
# restoring (`deskapp archive --restore` takes an archiving back).
NOT_UNDOABLE = {"ingest", "wire-update", "export", "lock-takeover", "archive", "restore"}


class EachSuggestion:
    """`set_desk_many(ids, EACH_SUGGESTION)`: each story's own suggested desk."""

    def __repr__(self) -> str:
        return "EACH_SUGGESTION"


EACH_SUGGESTION = EachSuggestion()


class StoryService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # -- reading -------------------------------------------------------------
    def get(self, story_id: int) -> Story:
        with self.ctx.db.read() as session:
            return load_story(session, story_id)

    def ids(self, flt: StoryFilter, limit: int | None = None) -> list[int]:
        """Every matching story id in display order: what a list view scrolls over."""
        with self.ctx.db.read() as session:
            return listing.story_ids(session, flt, limit)

    def window(
        self, flt: StoryFilter, after: Rank | None, limit: int, *, backwards: bool = False
    ) -> list[Rank]:
        """(rank, id) of up to `limit` stories of the view after `after`, in display order:
        a keyset window of what a list view scrolls over (see deskapp/store/listing.py)."""
        with self.ctx.db.read() as session:
            return listing.window(session, flt, after, limit, backwards=backwards)

    def placement(self, flt: StoryFilter, ids: Sequence[int]) -> dict[int, Rank]:
        """Which of these stories the view holds, each with its (rank, id)."""
        with self.ctx.db.read() as session:
            return listing.placement(session, flt, ids)

    def first_desk(self, statuses: Sequence[Status] = ()) -> str:
        """The first configured desk holding a story in these statuses, else "none"."""
        codes = [d.code for d in self.ctx.settings.desks]
        with self.ctx.db.read() as session:
            return listing.first_desk(session, codes, statuses)

    def summaries(self, ids: Sequence[int]) -> dict[int, StorySummary]:
        with self.ctx.db.read() as session:
            return listing.summaries(session, ids, self.ctx.now())

    def list_stories(
        self, flt: StoryFilter, limit: int = 50, after: tuple[datetime | None, int] | None = None
    ) -> list[StorySummary]:
        with self.ctx.db.read() as session:
            return listing.page(session, flt, limit, after)

    def count(self, flt: StoryFilter) -> int:
        with self.ctx.db.read() as session:
            return listing.count(session, flt)

    def estimate(self, flt: StoryFilter) -> tuple[int, bool]:
        """(stories in the view, exact?): kept counts or the planner's estimate for a
        large view, so a desk never counts a year of wire to show a number."""
        with self.ctx.db.read() as session:
            return listing.estimate(session, flt)

    def desk_counts(self, statuses: Sequence[Status] = ()) -> list[DeskCount]:
        desks = [(d.code, d.name) for d in self.ctx.settings.desks]
        with self.ctx.db.read() as session:
            return listing.desk_counts(session, desks, statuses)

    def history(self, story_id: int) -> list[HistoryEntry]:
        with self.ctx.db.read() as session:
            load_story(session, story_id)  # NotFound for a story that is not there
            return listing.history(session, story_id)

    # -- changing --------------------------------------------------------------
    def set_desk(
        self, story_id: int, desk: str | None, *, expect_version: int | None = None
    ) -> Story:
        if desk is not None and desk not in self.ctx.settings.desk_codes():
            known = ", ".join(self.ctx.settings.desk_codes())
            raise InvalidInput(f"unknown desk {desk!r}; desks are: {known}")

        def apply(edit: StoryEdit) -> None:
            edit.set("desk", desk)
            if desk and edit.row.status == Status.INBOX:
                edit.set("status", str(Status.EDITING))

        return change_story(self.ctx, story_id, "desk", apply, expect_version=expect_version)

    def update_credits(
        self,
        story_id: int,
        *,
        add: Iterable[Credit] = (),
        clear: Iterable[Role] = (),
        remove: Iterable[Credit] = (),
        expect_version: int | None = None,
    ) -> Story:
        """Clear whole roles, remove single credits, then add new ones (in that order)."""
        clear_roles = {Role(r) for r in clear}
        removing = {(c.role, c.name) for c in remove}
        adding = [Credit(c.role, c.name.strip()) for c in add]
        if any(not c.name for c in adding):
            raise InvalidInput("a credit needs a name")

        def apply(edit: StoryEdit) -> None:
            kept = [
                c
                for c in edit.credits()
                if c.role not in clear_roles and (c.role, c.name) not in removing
            ]
            edit.set_credits(kept + adding)

        return change_story(self.ctx, story_id, "credits", apply, expect_version=expect_version)

    def set_credits(
        self, story_id: int, credits: list[Credit], *, expect_version: int | None = None
    ) -> Story:
        return change_story(
            self.ctx,
            story_id,
            "credits",
            lambda edit: edit.set_credits(credits),
            expect_version=expect_version,
        )

    def edit_text(
        self,
        story_id: int,
        *,
        headline: str | None = None,
        body: str | None = None,
        expect_version: int | None = None,
    ) -> Story:
        if headline is not None and not headline.strip():
            raise InvalidInput("a story needs a headline")
        if body is not None and (problems := body_problems(body)):
            raise InvalidInput(f"the body does not publish as written: {problems[0]}")

        def apply(edit: StoryEdit) -> None:
            if (headline is not None and headline.strip() != edit.row.headline) or (
                body is not None and body.strip() != edit.row.body
            ):
                keep_original(edit)  # the wire's copy, before the first change of it
            if headline is not None:
                edit.set("headline", headline.strip())
            if body is not None:
                edit.set("body", body.strip())
            if edit.changes and edit.row.status == Status.INBOX:
                edit.set("status", str(Status.EDITING))

        return change_story(self.ctx, story_id, "edit", apply, expect_version=expect_version)

    def spike(self, story_id: int, *, expect_version: int | None = None) -> Story:
        def apply(edit: StoryEdit) -> None:
            if edit.row.status == Status.SPIKED:
                raise InvalidInput(f"story {story_id} is already spiked")
            edit.set("status", str(Status.SPIKED))
            edit.set("queue_position", None)

        return change_story(self.ctx, story_id, "spike", apply, expect_version=expect_version)

    def unspike(self, story_id: int, *, expect_version: int | None = None) -> Story:
        def apply(edit: StoryEdit) -> None:
            if edit.row.status != Status.SPIKED:
                raise InvalidInput(f"story {story_id} is not spiked")
            edit.set("status", str(Status.EDITING if edit.row.desk else Status.INBOX))

        return change_story(self.ctx, story_id, "unspike", apply, expect_version=expect_version)

    def spike_report(self, story_id: int, *, expect_version: int | None = None) -> Spiked:
        """`spike`, saying whether the story was in the queue (and at which place)."""
        from deskapp.services.queue import QueueService

        rank = QueueService(self.ctx).rank(story_id)
        story = self.spike(story_id, expect_version=expect_version)
        return Spiked(story=story, was_queued=rank is not None, queue_rank=rank)

    # -- bulk ----------------------------------------------------------------------
    def set_desk_many(
        self,
        story_ids: Sequence[int],
        desk: str | EachSuggestion | None,
        *,
        expect_versions: dict[int, int] | None = None,
    ) -> BulkResult:
        """Tag every story with `desk` (None removes it), or with its own suggestion.

        `desk=EACH_SUGGESTION`: each story gets its own suggested desk; a story
        with none is left as it is and reported. One transaction for all.
        `expect_versions` ({story id: version the editor saw}): a story changed
        since in its desk (or status, where this act sets it) is refused ("changed
        by ana since you looked"); the others proceed.
        """
        expected = expect_versions or {}
        each = isinstance(desk, EachSuggestion)
        asked = None if isinstance(desk, EachSuggestion) else desk
        if not each and asked is not None and asked not in self.ctx.settings.desk_codes():
            known = ", ".join(self.ctx.settings.desk_codes())
            raise InvalidInput(f"unknown desk {asked!r}; desks are: {known}")
        result = BulkResult("desk", desk="" if each else asked)
        wanted_ids = list(dict.fromkeys(story_ids))
        with self.ctx.db.write() as session:
            rows = lock_story_rows(session, wanted_ids)
            for sid in wanted_ids:
                row = rows.get(sid)
                if row is None:
                    result.add(sid, REFUSED, f"no story {sid}", reason="not found")
                    continue
                wanted = row.suggested_desk if each else asked
                if each and not wanted:
                    result.add(
                        sid,
                        REFUSED,
                        f"story {sid} has no suggested desk",
                        reason="have no suggested desk",
                    )
                    continue
                sets = {"desk", "status"} if wanted and row.status == Status.INBOX else {"desk"}
                moved = moved_since(session, self.ctx, sid, row.version, expected.get(sid), sets)
                if moved:
                    result.add(sid, REFUSED, f"story {sid} was {moved}", reason=moved)
                    continue

                def apply(edit: StoryEdit, wanted: str | None = wanted) -> None:
                    edit.set("desk", wanted)
                    if wanted and edit.row.status == Status.INBOX:
                        edit.set("status", str(Status.EDITING))

                if apply_change(session, self.ctx, sid, "desk", apply):
                    result.add(sid, DONE, f"desk {wanted or 'none'}", row.version)
                else:
                    result.add(sid, UNCHANGED, f"already desk {wanted or 'none'}")
        return result

    # -- undo ------------------------------------------------------------------------
    def last_own_change(self, story_id: int) -> HistoryEntry | None:
        """This editor's last change to the story that undo can take back, or None.

        Undos and redos are not themselves offered, nor changes already undone:
        undoing again walks further back through the editor's own changes.
        Changes by others, by ingest or an agency update never are.
        """
        entries = self.history(story_id)
        undone = _undone_versions(entries)
        for entry in reversed(entries):
            if (
                entry.editor == self.ctx.editor
                and entry.action not in NOT_UNDOABLE
                and entry.action not in UNDO_ACTIONS
                and entry.version not in undone
            ):
                return entry
        return None

    def undo(
        self, story_id: int, *, force: bool = False, expect_version: int | None = None
    ) -> Story:
        """Undo this editor's own last undoable change to the story (`last_own_change`)."""
        last = self.last_own_change(story_id)
        if last is None:
            raise InvalidInput(
                f"story {story_id}: no change of yours to undo "
                f"(changes by others, ingest and agency updates are never undone)"
            )
        return self.undo_change(story_id, last.version, force=force, expect_version=expect_version)

    def undo_change(
        self, story_id: int, version: int, *, force: bool = False, expect_version: int | None = None
    ) -> Story:
        """Take back exactly the change that made `version` of the story, as a new change.

        It must be this editor's own, undoable change. Only what it set is put
        back, field by field (credits as a diff, notes by id); a later change by
        anyone that left a field otherwise raises `LaterChange` (nothing
        applied) unless `force`. Undoing an undo is a redo: undo then redo
        gives back the story exactly. The new change's version is the returned
        story's `.version` (unchanged when there was nothing left to take back).
        """
        entries = self.history(story_id)
        entry = next(
            (e for e in entries if e.version == version and e.action != "lock-takeover"), None
        )
        if entry is None:
            raise NotFound(f"story {story_id} has no version {version}")
        if entry.editor != self.ctx.editor:
            raise InvalidInput(
                f"story {story_id}: version {version} ({entry.action}) was made "
                f"by {entry.editor or 'someone else'}, not you: nothing undone"
            )
        if entry.action in NOT_UNDOABLE:
            raise InvalidInput(
                f"story {story_id}: version {version} ({entry.action}) cannot be undone"
            )
        if version in _undone_versions(entries):
            raise InvalidInput(
                f"story {story_id}: version {version} ({entry.action}) is already undone"
            )
        action = "redo" if entry.action in UNDO_ACTIONS else "undo"
        names = [n for n in entry.changes if takeback.can_take_back(n)]
        return self.take_back(
            story_id,
            entry,
            names,
            action=action,
            force=force,
            expect_version=expect_version,
            undoes=version,
        )

    def take_back(
        self,
        story_id: int,
        entry: HistoryEntry,
        names: list[str],
        *,
        action: str,
        force: bool = False,
        expect_version: int | None = None,
        undoes: int | None = None,
    ) -> Story:
        """Put back what `entry` set for the fields `names`, as one new change `action`."""
        from deskapp.services import queue

        touches_queue = "queue_position" in names or "status" in names
        with self.ctx.db.write() as session:
            if touches_queue:
                queue.lock_queue(session)  # queue first, then the story: the queue's own order
            apply_change(
                session,
                self.ctx,
                story_id,
                action,
                lambda edit: takeback.take_back(edit, entry, names, force=force),
                expect_version=expect_version,
                undoes=undoes,
            )
            return load_story(session, story_id)


@dataclass(frozen=True, slots=True)
class Spiked:
    """A spike, and whether it took the story out of the queue (from place `queue_rank`)."""

    story: Story
    was_queued: bool
    queue_rank: int | None = None


def _undone_versions(entries: Sequence[HistoryEntry]) -> set[int]:
    """Versions whose change an undo (or redo) in effect has taken back."""
    undone: set[int] = set()
    for entry in reversed(entries):  # the newest undo decides: a redo undoes an undo
        if entry.undoes is not None and entry.version not in undone:
            undone.add(entry.undoes)
    return undone
