"""Reading stories and the everyday desk changes: desk, credits, text, status, undo."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from deskapp.core.listing import DeskCount, HistoryEntry, StoryFilter, StorySummary
from deskapp.core.markdown_body import body_problems
from deskapp.core.story import Credit, Role, Status, Story
from deskapp.services.changes import (
    StoryEdit,
    apply_change,
    change_story,
    load_story,
    note_snapshot,
)
from deskapp.services.context import ServiceContext
from deskapp.services.errors import InvalidInput, ServiceError
from deskapp.store import listing
from deskapp.store.rows import credits_from_json, from_json_value
from deskapp.store.tables import NoteRow

# Actions whose changes `undo` cannot restore (a lock takeover changes no story field).
NOT_UNDOABLE = {"ingest", "export", "lock-takeover"}


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

    def summaries(self, ids: Sequence[int]) -> dict[int, StorySummary]:
        with self.ctx.db.read() as session:
            return listing.summaries(session, ids, self.ctx.now())

    def list(self, flt: StoryFilter, limit: int = 50,
             after: tuple[datetime | None, int] | None = None) -> list[StorySummary]:
        with self.ctx.db.read() as session:
            return listing.page(session, flt, limit, after)

    def count(self, flt: StoryFilter) -> int:
        with self.ctx.db.read() as session:
            return listing.count(session, flt)

    def desk_counts(self, statuses: Sequence[Status] = ()) -> list[DeskCount]:
        desks = [(d.code, d.name) for d in self.ctx.settings.desks]
        with self.ctx.db.read() as session:
            return listing.desk_counts(session, desks, statuses)

    def history(self, story_id: int) -> list[HistoryEntry]:
        with self.ctx.db.read() as session:
            load_story(session, story_id)  # NotFound for a story that is not there
            return listing.history(session, story_id)

    def last_change(self) -> int:
        with self.ctx.db.read() as session:
            return listing.last_event_id(session)

    def changed_since(self, event_id: int) -> tuple[int, set[int]]:
        with self.ctx.db.read() as session:
            return listing.changed_story_ids(session, event_id)

    # -- changing --------------------------------------------------------------
    def set_desk(self, story_id: int, desk: str | None, *,
                 expect_version: int | None = None) -> Story:
        if desk is not None and desk not in self.ctx.settings.desk_codes():
            known = ", ".join(self.ctx.settings.desk_codes())
            raise InvalidInput(f"unknown desk {desk!r}; desks are: {known}")

        def apply(edit: StoryEdit) -> None:
            edit.set("desk", desk)
            if desk and edit.row.status == Status.INBOX:
                edit.set("status", str(Status.EDITING))

        return change_story(self.ctx, story_id, "desk", apply, expect_version=expect_version)

    def update_credits(self, story_id: int, *, add: Iterable[Credit] = (),
                       clear: Iterable[Role] = (), remove: Iterable[Credit] = (),
                       expect_version: int | None = None) -> Story:
        """Clear whole roles, remove single credits, then add new ones (in that order)."""
        clear_roles = {Role(r) for r in clear}
        removing = {(c.role, c.name) for c in remove}
        adding = [Credit(c.role, c.name.strip()) for c in add]
        if any(not c.name for c in adding):
            raise InvalidInput("a credit needs a name")

        def apply(edit: StoryEdit) -> None:
            kept = [c for c in edit.credits()
                    if c.role not in clear_roles and (c.role, c.name) not in removing]
            edit.set_credits(kept + adding)

        return change_story(self.ctx, story_id, "credits", apply, expect_version=expect_version)

    def set_credits(self, story_id: int, credits: list[Credit], *,
                    expect_version: int | None = None) -> Story:
        return change_story(self.ctx, story_id, "credits",
                            lambda edit: edit.set_credits(credits), expect_version=expect_version)

    def edit_text(self, story_id: int, *, headline: str | None = None, body: str | None = None,
                  expect_version: int | None = None) -> Story:
        if headline is not None and not headline.strip():
            raise InvalidInput("a story needs a headline")
        if body is not None and (problems := body_problems(body)):
            raise InvalidInput(f"the body does not publish as written: {problems[0]}")

        def apply(edit: StoryEdit) -> None:
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

    def undo(self, story_id: int, *, expect_version: int | None = None) -> Story:
        """Undo this editor's own last change, if nobody changed the story since."""
        entries = self.history(story_id)
        if not entries:
            raise ServiceError(f"story {story_id} has no changes to undo")
        last = entries[-1]
        if last.editor != self.ctx.editor:
            raise ServiceError(f"the last change to story {story_id} ({last.action}) was made by "
                               f"{last.editor}: nothing undone")
        if last.action in NOT_UNDOABLE:
            raise ServiceError(f"the last change to story {story_id} ({last.action}) "
                               "cannot be undone")
        return self.restore(story_id, last, action="undo",
                            expect_version=last.version if expect_version is None
                            else expect_version)

    def restore(self, story_id: int, entry: HistoryEntry, *, action: str,
                expect_version: int | None = None) -> Story:
        """Put back the values a history entry changed, as a new change."""

        from deskapp.services import queue

        touches_queue = "queue_position" in entry.changes or "status" in entry.changes

        def apply(edit: StoryEdit) -> None:
            for name, (before, _after) in entry.changes.items():
                if name == "credits":
                    edit.set_credits(credits_from_json(before or []))
                elif name.startswith("note:"):
                    _restore_note(edit, int(name.split(":", 1)[1]), before)
                elif name != "queue_position":
                    edit.set(name, from_json_value(name, before))
            if touches_queue:  # a position is only ever given out by the queue's own rules
                wanted = entry.changes.get("queue_position", [edit.row.queue_position])[0]
                queue.restore_position(edit, wanted)

        with self.ctx.db.write() as session:
            if touches_queue:
                queue.lock_queue(session)  # queue first, then the story: the queue's own order
            apply_change(session, self.ctx, story_id, action, apply,
                         expect_version=expect_version)
            return load_story(session, story_id)


def _restore_note(edit: StoryEdit, note_id: int, before: dict | None) -> None:
    note = edit.session.get(NoteRow, note_id)
    if note is None:
        return
    snapshot = {"text": note.text, "due": note.due, "resolved_at": note.resolved_at}
    old = note_snapshot(note)
    if before is None:  # the note was added: withdraw it by resolving (never deleted)
        note.resolved_at = note.resolved_at or edit.ctx.now()
    else:
        note.text = before["text"]
        note.due = from_json_value("due", before["due"])
        note.resolved_at = from_json_value("resolved_at", before["resolved_at"])
    if snapshot != {"text": note.text, "due": note.due, "resolved_at": note.resolved_at}:
        edit.session.add(note)
        edit.session.flush()
        edit.record_note(note, old)
