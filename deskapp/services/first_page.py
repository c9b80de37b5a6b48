"""The first screen of a list before the services are open: SQLite only, no ORM.

The desk draws the inbox's first page from this while `open_services` (SQLAlchemy,
SQLModel, the schema check) runs behind it: see deskapp/tui/launch.py. Importing it
imports neither SQLAlchemy nor the other services.
"""

from __future__ import annotations

from datetime import UTC, datetime

from deskapp.config import Settings, default_db_path
from deskapp.core.listing import StoryFilter, StorySummary
from deskapp.services import database_named
from deskapp.store.first_page import read_first_page, sqlite_file


def first_page(
    db: str | None, settings: Settings, flt: StoryFilter, limit: int, now: datetime | None = None
) -> tuple[str, list[int], dict[int, StorySummary]] | None:
    """(the database's URL, the first `limit` ids of the list, their summaries), read
    through the sqlite3 driver from the database `open_services(db, ...)` would open.

    None when that is not quick and certain: PostgreSQL, a file that does not exist yet
    (opening makes it), one that is busy, unreadable or at another schema (opening
    migrates it, or says what is wrong), a filter other than statuses in the default
    order. The caller then opens the services first, as every command does."""
    if not flt.statuses or flt.desk or flt.agency or flt.search or flt.order != "newest":
        return None
    path = sqlite_file(database_named(db, settings) or str(default_db_path()))
    if path is None:
        return None
    found = read_first_page(path, flt.statuses, limit, now or datetime.now(UTC), grouped=flt.groups)
    if found is None:
        return None
    ids, page = found
    return f"sqlite:///{path}", ids, page
