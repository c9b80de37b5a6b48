"""Autosaved drafts of unsaved edits: one per story and editor, so a closed terminal loses nothing.

A draft is not a change to the story: it records no history and bumps no
version. Saving the story for real discards the draft.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlmodel import col

from deskapp.services.context import ServiceContext
from deskapp.services.errors import NotFound
from deskapp.store.rows import as_utc, rows_changed
from deskapp.store.tables import DraftRow, StoryRow


@dataclass(frozen=True, slots=True)
class Draft:
    story_id: int
    editor: str
    base_version: int  # the story version the edit started from
    headline: str
    body: str
    saved_at: datetime | None


class DraftService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def save(self, story_id: int, *, headline: str, body: str, base_version: int) -> Draft:
        """Keep (or replace) this editor's draft of the story."""
        now = self.ctx.now()
        with self.ctx.db.write() as session:
            if session.get(StoryRow, story_id) is None:
                raise NotFound(f"no story {story_id}")
            row = (
                session.execute(
                    select(DraftRow).where(
                        col(DraftRow.story_id) == story_id, col(DraftRow.editor) == self.ctx.editor
                    )
                )
                .scalars()
                .first()
            )
            if row is None:
                row = DraftRow(story_id=story_id, editor=self.ctx.editor)
            row.headline, row.body = headline, body
            row.base_version, row.saved_at = base_version, now
            session.add(row)
            session.flush()
            return _draft(row)

    def load(self, story_id: int) -> Draft | None:
        """This editor's draft of the story, if there is one."""
        with self.ctx.db.read() as session:
            row = (
                session.execute(
                    select(DraftRow).where(
                        col(DraftRow.story_id) == story_id, col(DraftRow.editor) == self.ctx.editor
                    )
                )
                .scalars()
                .first()
            )
            return _draft(row) if row is not None else None

    def discard(self, story_id: int) -> bool:
        """Drop this editor's draft of the story. True if there was one."""
        with self.ctx.db.write() as session:
            result = session.execute(
                delete(DraftRow).where(
                    col(DraftRow.story_id) == story_id, col(DraftRow.editor) == self.ctx.editor
                )
            )
            return bool(rows_changed(result))


def _draft(row: DraftRow) -> Draft:
    return Draft(
        story_id=row.story_id,
        editor=row.editor,
        base_version=row.base_version,
        headline=row.headline,
        body=row.body,
        saved_at=as_utc(row.saved_at),
    )
