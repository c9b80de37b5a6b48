"""What every service call needs: the database, who is acting, the settings, the clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from deskapp.config import Settings
from deskapp.core.permissions import DeskRole
from deskapp.store.database import Database


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(slots=True)
class ServiceContext:
    db: Database
    editor: str
    settings: Settings = field(default_factory=Settings)
    clock: Callable[[], datetime] = utc_now
    # On a PostgreSQL desk set up with roles: the connection's login (session_user)
    # and its role. None on SQLite and on a desk without roles: nothing is checked.
    login: str = ""
    role: DeskRole | None = None

    def now(self) -> datetime:
        return self.clock()
