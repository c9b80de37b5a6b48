"""The desk's first page read through the sqlite3 driver gives what the services give,
and steps aside (None) whenever the usual way of opening has something to say."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from deskapp.config import Settings
from deskapp.core.listing import StoryFilter
from deskapp.core.story import Credit, Role, Status, Story
from deskapp.services.first_page import first_page
from deskapp.store.first_page import LOCK_TTL, read_first_page, sqlite_file

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
INBOX = (Status.INBOX,)
REPO = Path(__file__).resolve().parents[2]


def _desk(services) -> list[int]:  # type: ignore[no-untyped-def]
    """Twelve stories one a minute, some without a wire time; credits, notes, a lock, a desk."""
    ids = []
    for n in range(12):
        services.ctx.clock = lambda n=n: NOW - timedelta(minutes=60 - n)
        story = Story(
            headline=f"Harbour vote {n}",
            body="Copy.",
            agency="Wire",
            credits=[Credit(Role.WRITER, "Ana Lima"), Credit(Role.EDITOR, "Bo Yu")][: n % 3],
            published_at=None if n % 4 == 0 else NOW - timedelta(minutes=90 - 7 * n),
            killed=n == 5,
        )
        [result] = services.ingest.store([(f"fp:{n}", story)])
        ids.append(result.id)
    services.ctx.clock = lambda: NOW
    services.notes.add(ids[2], "call back", due=NOW - timedelta(hours=1))
    services.notes.add(ids[2], "later", due=NOW + timedelta(days=1))
    services.notes.add(ids[3], "no date")
    services.stories.set_desk(ids[4], "europe")
    services.locks.acquire(ids[6])
    return ids


def _path(services) -> Path:  # type: ignore[no-untyped-def]
    path = sqlite_file(services.db.url)
    assert path is not None
    return path


def test_the_first_page_is_what_the_services_list(sqlite_services):
    _desk(sqlite_services)
    flt = StoryFilter(statuses=INBOX)
    for limit in (5, 100):
        found = read_first_page(_path(sqlite_services), INBOX, limit, NOW)
        assert found is not None
        ids, page = found
        assert ids == sqlite_services.stories.ids(flt, limit=limit)
        assert page == sqlite_services.stories.summaries(ids)
    _, page = read_first_page(_path(sqlite_services), INBOX, 100, NOW)  # type: ignore[misc]
    assert any(s.locked_by for s in page.values()) and any(s.overdue_notes for s in page.values())
    assert any(s.killed for s in page.values()) and any(s.credits_short for s in page.values())


def test_a_lock_expires_at_the_same_age_as_in_the_store():
    from deskapp.store.listing import LOCK_TTL as STORE_LOCK_TTL

    assert LOCK_TTL == STORE_LOCK_TTL


def test_the_services_level_read_names_the_database_it_read(sqlite_services, sqlite_url):
    _desk(sqlite_services)
    found = first_page(sqlite_url, Settings(), StoryFilter(statuses=INBOX), 3, NOW)
    assert found is not None
    database, ids, page = found
    assert database == sqlite_services.db.url and len(ids) == 3 and set(page) == set(ids)
    assert first_page(None, Settings(db=sqlite_url), StoryFilter(statuses=INBOX), 3, NOW)
    # what the driver's read does not cover: the desk opens the usual way
    for flt in (
        StoryFilter(statuses=INBOX, search="harbour"),
        StoryFilter(statuses=INBOX, desk="europe"),
        StoryFilter(),
    ):
        assert first_page(sqlite_url, Settings(), flt, 3, NOW) is None


def test_whatever_the_usual_opening_would_say_something_about_is_left_to_it(
    sqlite_services, tmp_path
):
    _desk(sqlite_services)
    path = _path(sqlite_services)
    assert read_first_page(tmp_path / "missing.db", INBOX, 10, NOW) is None
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"not a database at all" * 100)
    assert read_first_page(garbage, INBOX, 10, NOW) is None
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()
    assert read_first_page(empty, INBOX, 10, NOW) is None
    # a schema older than this Deskapp's: opening migrates it first
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0005'")
    assert read_first_page(path, INBOX, 10, NOW) is None
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")  # a newer one
    assert read_first_page(path, INBOX, 10, NOW) is None


def test_a_locked_database_is_left_to_the_usual_opening(sqlite_services):
    _desk(sqlite_services)
    path = _path(sqlite_services)
    sqlite_services.db.engine.dispose()  # the pool's connection: an exclusive lock is alone
    holder = sqlite3.connect(path, isolation_level=None)
    try:
        holder.execute("PRAGMA locking_mode=EXCLUSIVE")
        holder.execute("BEGIN EXCLUSIVE")
        holder.execute("UPDATE story SET version = version")
        assert read_first_page(path, INBOX, 10, NOW) is None
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert read_first_page(path, INBOX, 10, NOW) is not None


def test_what_names_a_sqlite_file(tmp_path):
    assert sqlite_file(str(tmp_path / "d.db")) == tmp_path / "d.db"
    assert sqlite_file(f"sqlite:///{tmp_path}/d.db") == tmp_path / "d.db"
    assert sqlite_file("sqlite:///rel.db") == Path("rel.db")
    for other in (
        "",
        "sqlite://",
        "sqlite:///:memory:",
        "sqlite:///d.db?mode=ro",
        "postgresql+psycopg://postgres@127.0.0.1/test",
        "postgres://x@host/db",
    ):
        assert sqlite_file(other) is None, other


def test_reading_the_first_page_imports_no_orm():
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, deskapp.services.first_page; "
            "print(sorted(m for m in ('sqlalchemy', 'sqlmodel', 'alembic') if m in sys.modules))",
        ],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(REPO), "PATH": ""},
        timeout=60,
        check=True,
    )
    assert done.stdout.strip() == "[]"
