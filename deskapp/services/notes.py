"""Follow-up notes on stories: add, edit, resolve, reopen. Never hard-deleted."""

from __future__ import annotations

from datetime import datetime

from deskapp.core.story import Note, Story
from deskapp.services.changes import StoryEdit, change_story
from deskapp.services.context import ServiceContext
from deskapp.services.errors import InvalidInput
from deskapp.store.rows import as_utc, note_row_to_note
from deskapp.store.tables import NoteRow


class NoteService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def add(self, story_id: int, text: str, *, due: datetime | None = None,
            author: str | None = None, from_wire: bool = False,
            expect_version: int | None = None) -> tuple[Story, Note]:
        text = text.strip()
        if not text:
            raise InvalidInput("a note needs some text")
        added: list[NoteRow] = []

        def apply(edit: StoryEdit) -> None:
            note = NoteRow(story_id=story_id, text=text, author=author or self.ctx.editor,
                           from_wire=from_wire, created_at=self.ctx.now(), due=as_utc(due))
            edit.session.add(note)
            edit.session.flush()
            edit.record_note(note, None)
            added.append(note)

        story = change_story(self.ctx, story_id, "note-add", apply,
                             expect_version=expect_version)
        return story, note_row_to_note(added[0])

