"""The operations editors perform. The CLI and the TUI call only these.

    services = open_services(db="~/desk.db", editor="ana")
    services.ingest.ingest(["samples/"])
    services.stories.set_desk(12, "europe", expect_version=3)
"""

from __future__ import annotations

from dataclasses import dataclass

from deskapp.config import Settings, default_db_path, load_settings
from deskapp.services.context import ServiceContext
from deskapp.services.ingest import IngestService
from deskapp.services.notes import NoteService
from deskapp.services.stories import StoryService
from deskapp.store.database import Database, open_database


@dataclass
class Services:
    ctx: ServiceContext
    stories: StoryService
    notes: NoteService
    ingest: IngestService

    @property
    def db(self) -> Database:
        return self.ctx.db

    @property
    def editor(self) -> str:
        return self.ctx.editor

    def close(self) -> None:
        self.ctx.db.close()


def build_services(ctx: ServiceContext) -> Services:
    return Services(ctx=ctx, stories=StoryService(ctx), notes=NoteService(ctx),
                    ingest=IngestService(ctx))


def open_services(db: str | None = None, editor: str = "editor",
                  settings: Settings | None = None, *, schema: str | None = None) -> Services:
    """Open the database (the configured one, else the default SQLite file) and wire up."""
    settings = settings or load_settings()
    database = open_database(db or settings.db or str(default_db_path()), schema=schema)
    return build_services(ServiceContext(db=database, editor=editor, settings=settings))
