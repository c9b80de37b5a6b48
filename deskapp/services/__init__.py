"""The operations editors perform. The CLI and the TUI call only these.

Each operation is one transaction and writes its own SQL against
`deskapp.store.tables`; the store keeps the schema and the queries services share.

    services = open_services(db="~/desk.db", editor="ana")
    services.ingest.ingest(["samples/"])
    services.stories.set_desk(12, "europe", expect_version=3)
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from deskapp.config import Settings, default_db_path, load_settings

# Importing this package costs nothing: the services, the store and SQLAlchemy are
# imported when services are opened (`open_services`), so `deskapp.services.errors`
# and the desk's first page (`deskapp.services.first_page`) come without them.
if TYPE_CHECKING:
    from deskapp.services.archive import ArchiveService
    from deskapp.services.clusters import ClusterService
    from deskapp.services.context import ServiceContext
    from deskapp.services.export import ExportService
    from deskapp.services.feeds import FeedService
    from deskapp.services.history import HistoryService
    from deskapp.services.ingest import IngestService
    from deskapp.services.locks import LockService
    from deskapp.services.notes import NoteService
    from deskapp.services.queue import QueueService
    from deskapp.services.stories import StoryService
    from deskapp.services.versions import VersionService
    from deskapp.store.database import Database


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

    # Services below are built on first use, so a command loads only what it needs.
    @cached_property
    def queue(self) -> QueueService:
        from deskapp.services.queue import QueueService

        return QueueService(self.ctx)

    @cached_property
    def export(self) -> ExportService:
        from deskapp.services.export import ExportService

        return ExportService(self.ctx)

    @cached_property
    def feeds(self) -> FeedService:
        from deskapp.services.feeds import FeedService

        return FeedService(self.ctx)

    @cached_property
    def locks(self) -> LockService:
        from deskapp.services.locks import LockService

        return LockService(self.ctx)

    @cached_property
    def history(self) -> HistoryService:
        from deskapp.services.history import HistoryService

        return HistoryService(self.ctx)

    @cached_property
    def archive(self) -> ArchiveService:
        from deskapp.services.archive import ArchiveService

        return ArchiveService(self.ctx)

    @cached_property
    def versions(self) -> VersionService:
        from deskapp.services.versions import VersionService

        return VersionService(self.ctx)

    @cached_property
    def clusters(self) -> ClusterService:
        from deskapp.services.clusters import ClusterService

        return ClusterService(self.ctx)

    def close(self) -> None:
        self.ctx.db.close()


def build_services(ctx: ServiceContext) -> Services:
    from deskapp.services.ingest import IngestService
    from deskapp.services.notes import NoteService
    from deskapp.services.stories import StoryService

    return Services(
        ctx=ctx, stories=StoryService(ctx), notes=NoteService(ctx), ingest=IngestService(ctx)
    )


def database_named(db: str | None, settings: Settings) -> str | None:
    """The database asked for: `--db`, else $DESKAPP_DB or the config's `db` (both in
    `settings.db`); None for the default SQLite file (`default_db_path()`)."""
    return db or settings.db or None


def open_services(
    db: str | None = None,
    editor: str = "editor",
    settings: Settings | None = None,
    *,
    schema: str | None = None,
    create_folder: bool = False,
    editor_given: bool = True,
) -> Services:
    """Open the database (the configured one, else the default SQLite file) and wire up.

    The default file's folder is always made; a named file's folder only with
    `create_folder` (`deskapp init`, a first ingest). On a PostgreSQL desk set up
    with roles the acting editor is the login (see `deskapp.services.identity`);
    `editor_given` says the caller named `editor` (`--as`) rather than defaulted it.
    """
    from deskapp.services.context import ServiceContext
    from deskapp.store.database import open_database

    settings = settings or load_settings()
    named = database_named(db, settings)
    database = open_database(
        named or str(default_db_path()), schema=schema, create_folder=create_folder or not named
    )
    if database.is_sqlite:
        return build_services(ServiceContext(db=database, editor=editor, settings=settings))
    from deskapp.services.guard import guard
    from deskapp.services.identity import acting_context

    try:
        ctx = acting_context(database, editor, settings, editor_given=editor_given)
    except BaseException:
        database.close()
        raise
    return guard(build_services(ctx))
