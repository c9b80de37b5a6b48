"""Bringing a database to the current schema with Alembic migrations.

A database made by an earlier version opens in a later one: `migrate` runs
whatever migrations it lacks. When the schema is already current, it costs one
query and never imports Alembic. `SCHEMA_HEAD` is read without SQLAlchemy too (the
desk's first page checks it through the sqlite3 driver: deskapp/store/first_page.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Engine

MIGRATIONS = Path(__file__).parent / "migrations"
# The newest migration's revision id. tests/store/test_migrations.py keeps it honest.
SCHEMA_HEAD = "0011"
_PG_MIGRATION_LOCK = 4_141_592_653


def current_revision(engine: Engine) -> str | None:
    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError, ProgrammingError

    try:
        with engine.connect() as conn:
            row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
            conn.rollback()
    except (OperationalError, ProgrammingError):
        return None
    return row[0] if row else None


class SchemaTooNew(Exception):
    """The database carries a schema revision this Deskapp does not know."""


def migrate(engine: Engine, revision: str = "head") -> None:
    """Run every migration the database lacks, up to `revision`.

    A revision this Deskapp has never heard of was written by a newer one:
    refused with SchemaTooNew, and nothing is touched.
    """
    current = current_revision(engine)
    if revision == "head" and current == SCHEMA_HEAD:
        return
    from alembic import command
    from alembic.config import Config

    if current is not None and not _known(current):
        raise SchemaTooNew(f"this database was made by a newer Deskapp (schema {current}); upgrade")

    from sqlalchemy import text

    with engine.execution_options(deskapp_write=True).begin() as conn:
        if conn.dialect.name == "postgresql":
            # Two editors opening a fresh database at once migrate it once.
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_MIGRATION_LOCK})
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = conn
        command.upgrade(config, revision)


def _known(revision: str) -> bool:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    try:
        return ScriptDirectory.from_config(config).get_revision(revision) is not None
    except Exception:  # alembic's "Can't locate revision": not one of ours
        return False


def head_revision() -> str:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(config).get_current_head() or ""
