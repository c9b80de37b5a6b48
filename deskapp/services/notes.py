"""Follow-up notes on stories: add, edit, resolve, reopen, the board, suggestions.

Every change goes through `change_story` on the note's story, so it bumps the
story's version and lands in its history (`note:<id>` before and after).
A note is never deleted: resolving hides it from the board, reopening brings
it back. Dates editors type go through `when()` (see deskapp/core/when.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo
from typing import Any

from sqlalchemy import func, select
from sqlmodel import col

from deskapp.core.followup import FollowUp, board_order
from deskapp.core.followup_rules import Suggestion, suggest
from deskapp.core.story import Note, Status, Story
from deskapp.core.when import WhenError, desk_zone, end_of_day, is_all_day, parse_when
from deskapp.core.wire_alert import WireAlert
from deskapp.services.changes import StoryEdit, change_story, load_story, note_snapshot
from deskapp.services.context import ServiceContext
from deskapp.services.errors import BadValue, InvalidInput, NotFound
from deskapp.store.rows import as_utc, note_row_to_note
from deskapp.store.tables import NoteRow, StoryRow


class _Keep:
    """The default of `edit(due=...)`: leave the due as it is (None clears it)."""

    def __repr__(self) -> str:
        return "KEEP"


KEEP: Any = _Keep()


class NoteService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # -- dates ---------------------------------------------------------------------
    def zone(self) -> tzinfo:
        """The desk's time zone (config `timezone`, else UTC): how dues are read and shown."""
        try:
            return desk_zone(self.ctx.settings.timezone)
        except WhenError as exc:
            raise InvalidInput(f"config: {exc}") from None

    def when(self, text: str) -> datetime:
        """A due date as the editor typed it ("fri", "13/2 15:00"), read in the desk's zone."""
        try:
            return parse_when(
                text, now=self.ctx.now(), tz=self.zone(), date_order=self.ctx.settings.date_order
            )
        except WhenError as exc:
            raise BadValue(str(exc)) from None

    # -- reading ---------------------------------------------------------------------
    def get(self, note_id: int) -> Note:
        with self.ctx.db.read() as session:
            row = session.get(NoteRow, note_id)
            if row is None:
                raise NotFound(f"no note {note_id}")
            return note_row_to_note(row)

    def board(
        self,
        *,
        overdue: bool = False,
        due_before: datetime | None = None,
        desk: str | None = None,
        author: str | None = None,
        limit: int | None = None,
    ) -> list[FollowUp]:
        """Every open note on a story that is not spiked, by due time, undated last.

        `overdue`: only notes whose due has passed. `due_before`: only notes due
        on or before that moment. `desk`: a desk code, or "none" for untagged
        stories. `author`: only notes by that author (case-insensitive).
        """
        if desk and desk != "none" and desk not in self.ctx.settings.desk_codes():
            known = ", ".join(self.ctx.settings.desk_codes())
            raise InvalidInput(f"unknown desk {desk!r}; desks are: {known}, none")
        now = self.ctx.now()
        zone = self.zone()
        stmt = (
            select(NoteRow, col(StoryRow.headline), col(StoryRow.desk))
            .join(StoryRow, col(StoryRow.id) == col(NoteRow.story_id))
            .where(col(NoteRow.resolved_at).is_(None), col(StoryRow.status) != str(Status.SPIKED))
        )
        if overdue:
            stmt = stmt.where(col(NoteRow.due) < now)
        if due_before is not None:
            stmt = stmt.where(col(NoteRow.due) <= as_utc(due_before))
        if desk == "none":
            stmt = stmt.where(col(StoryRow.desk).is_(None))
        elif desk:
            stmt = stmt.where(col(StoryRow.desk) == desk)
        if author:
            stmt = stmt.where(func.lower(col(NoteRow.author)) == author.strip().lower())
        stmt = stmt.order_by(col(NoteRow.due).is_(None), col(NoteRow.due), col(NoteRow.id))
        if limit is not None:
            stmt = stmt.limit(limit)
        today = now.astimezone(zone).date()
        with self.ctx.db.read() as session:
            rows = session.execute(stmt).all()
        items = []
        for row, headline, story_desk in rows:
            note = note_row_to_note(row)
            day = note.due.astimezone(zone).date() if note.due else None
            items.append(
                FollowUp(
                    note=note,
                    story_id=row.story_id,
                    headline=headline,
                    desk=story_desk,
                    overdue=note.due is not None and note.due < now,
                    due_today=day == today,
                    all_day=note.due is not None and is_all_day(note.due, zone),
                )
            )
        return sorted(items, key=board_order)

    # -- changing ----------------------------------------------------------------------
    def add(
        self,
        story_id: int,
        text: str,
        *,
        due: datetime | None = None,
        author: str | None = None,
        from_wire: bool = False,
        expect_version: int | None = None,
        action: str = "note-add",
    ) -> tuple[Story, Note]:
        text = _clean_text(text)
        added: list[NoteRow] = []

        def apply(edit: StoryEdit) -> None:
            note = NoteRow(
                story_id=story_id,
                text=text,
                author=author or self.ctx.editor,
                from_wire=from_wire,
                created_at=self.ctx.now(),
                due=as_utc(due),
            )
            edit.session.add(note)
            edit.session.flush()
            edit.record_note(note, None)
            added.append(note)

        story = change_story(self.ctx, story_id, action, apply, expect_version=expect_version)
        return story, note_row_to_note(added[0])

    def edit(
        self,
        note_id: int,
        *,
        text: str | None = None,
        due: datetime | None = KEEP,
        expect_version: int | None = None,
    ) -> tuple[Story, Note]:
        """Change a note's text and/or due (`due=None` clears it). Unchanged: nothing recorded."""
        new_text = _clean_text(text) if text is not None else None

        def change(note: NoteRow) -> None:
            if new_text is not None:
                note.text = new_text
            if due is not KEEP:
                note.due = as_utc(due)

        return self._change(note_id, "note-edit", change, expect_version)

    def resolve(self, note_id: int, *, expect_version: int | None = None) -> tuple[Story, Note]:
        """Mark a note done: it leaves the board and stays on the story."""

        def change(note: NoteRow) -> None:
            if note.resolved_at is not None:
                raise InvalidInput(f"note {note_id} is already resolved")
            note.resolved_at = self.ctx.now()

        return self._change(note_id, "note-resolve", change, expect_version)

    def reopen(self, note_id: int, *, expect_version: int | None = None) -> tuple[Story, Note]:
        """Put a resolved note back on the board."""

        def change(note: NoteRow) -> None:
            if note.resolved_at is None:
                raise InvalidInput(f"note {note_id} is open, not resolved")
            note.resolved_at = None

        return self._change(note_id, "note-reopen", change, expect_version)

    def _change(
        self, note_id: int, action: str, change: Any, expect_version: int | None
    ) -> tuple[Story, Note]:
        story_id = self.get(note_id).story_id or 0
        changed: list[NoteRow] = []

        def apply(edit: StoryEdit) -> None:
            note = edit.session.get(NoteRow, note_id)
            if note is None or note.story_id != story_id:
                raise NotFound(f"no note {note_id}")
            before = note_snapshot(note)
            change(note)
            changed.append(note)
            if note_snapshot(note) != before:
                edit.session.add(note)
                edit.session.flush()
                edit.record_note(note, before)

        story = change_story(self.ctx, story_id, action, apply, expect_version=expect_version)
        return story, note_row_to_note(changed[0])

    # -- suggestions -----------------------------------------------------------------------
    def wire_alerts(self, story_ids: Sequence[int]) -> list[WireAlert]:
        """The newest wire alert (a kill, hold or correction of queued or exported copy)
        of each of these stories that has one: what a desk's notice says."""
        from deskapp.services.wire_alerts import latest_alerts

        return latest_alerts(self.ctx, story_ids)

    def suggestions(self, story_id: int, *, tentative: bool = False) -> list[Suggestion]:
        """Follow-ups the story's copy suggests, minus those already noted on it.

        `tentative=True` adds the weaker month-only plans (rule `month-plan`).
        """
        with self.ctx.db.read() as session:
            story = load_story(session, story_id)
        noted = {n.text.casefold() for n in story.notes}
        return [s for s in suggest(story, tentative=tentative) if s.text.casefold() not in noted]

    def accept_suggestion(
        self, story_id: int, suggestion: Suggestion, *, expect_version: int | None = None
    ) -> tuple[Story, Note]:
        """Turn a suggestion into a note by the acting editor, due at the end of its day."""
        [(story, note)] = self.accept_suggestions(
            story_id, [suggestion], expect_version=expect_version
        )
        return story, note

    def accept_suggestions(
        self, story_id: int, suggestions: Sequence[Suggestion], *, expect_version: int | None = None
    ) -> list[tuple[Story, Note]]:
        """Accept several suggestions as one change to the story."""
        if not suggestions:
            raise InvalidInput("no suggestion to accept")
        zone = self.zone()
        added: list[NoteRow] = []

        def apply(edit: StoryEdit) -> None:
            existing = {
                t.casefold()
                for t in edit.session.execute(
                    select(col(NoteRow.text)).where(col(NoteRow.story_id) == story_id)
                ).scalars()
            }
            for suggestion in suggestions:
                text = _clean_text(suggestion.text)
                if text.casefold() in existing:
                    raise InvalidInput(f"story {story_id} already has the note {text!r}")
                existing.add(text.casefold())
                due = end_of_day(suggestion.due, zone) if suggestion.due else None
                note = NoteRow(
                    story_id=story_id,
                    text=text,
                    author=self.ctx.editor,
                    created_at=self.ctx.now(),
                    due=as_utc(due),
                )
                edit.session.add(note)
                edit.session.flush()
                edit.record_note(note, None)
                added.append(note)

        story = change_story(
            self.ctx, story_id, "note-accept", apply, expect_version=expect_version
        )
        return [(story, note_row_to_note(n)) for n in added]


def _clean_text(text: str) -> str:
    text = text.strip()
    if not text:
        raise InvalidInput("a note needs some text")
    return text
