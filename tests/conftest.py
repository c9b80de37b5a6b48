"""Shared fixtures: an isolated config, and databases on SQLite and on PostgreSQL.

PostgreSQL tests use the server at 127.0.0.1:5432 (user postgres, database test)
with a fresh schema per test. When the server is unreachable they skip, except
under CI=true, where they fail: CI must never pass by skipping the shared desk.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from deskapp.core.story import Credit, Role, Story

PG_BASE = os.environ.get("DESKAPP_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"
FIXED_NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def isolated_config(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Tests never read the user's own config or database, nor write the user's log."""
    home = tmp_path_factory.mktemp("deskapp-home")
    monkeypatch.setenv("DESKAPP_CONFIG", str(home / "config.toml"))
    monkeypatch.setenv("DESKAPP_DATA", str(home / "data"))
    monkeypatch.setenv("DESKAPP_LOG", str(home / "log" / "deskapp.log"))
    monkeypatch.delenv("DESKAPP_DB", raising=False)
    return home


_pg_state: dict[str, str | None] = {}


def _pg_problem() -> str | None:
    if "problem" not in _pg_state:
        import psycopg

        dsn = PG_BASE.replace("postgresql+psycopg://", "postgresql://")
        try:
            with psycopg.connect(dsn, connect_timeout=3) as conn:
                conn.execute("SELECT 1")
            _pg_state["problem"] = None
        except Exception as exc:
            _pg_state["problem"] = f"PostgreSQL unreachable at {PG_BASE}: {exc}".splitlines()[0]
    return _pg_state["problem"]


def require_postgres() -> None:
    problem = _pg_problem()
    if problem:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{problem} (CI=true: PostgreSQL tests must run)")
        pytest.skip(problem)


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A PostgreSQL URL whose search_path is a fresh, empty schema, dropped afterwards."""
    require_postgres()
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:12]}"
    dsn = PG_BASE.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{PG_BASE}?options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'desk.db'}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest) -> str:
    """The same test on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_url")
    return request.getfixturevalue("pg_url")


@pytest.fixture
def services(db_url: str):  # type: ignore[no-untyped-def]
    from deskapp.config import Settings
    from deskapp.services import open_services

    svc = open_services(db_url, editor="tester", settings=Settings())
    yield svc
    svc.close()


@pytest.fixture
def sqlite_services(sqlite_url: str):  # type: ignore[no-untyped-def]
    from deskapp.config import Settings
    from deskapp.services import open_services

    svc = open_services(sqlite_url, editor="tester", settings=Settings())
    yield svc
    svc.close()


@pytest.fixture
def small_desk(sqlite_url: str, sqlite_services) -> str:
    """Three ready stories on the Europe desk (ids 1-3) and one without a writer (4)."""
    stories = [
        Story(
            headline=f"Story {n}",
            body="Copy.",
            agency="Wire",
            credits=[Credit(Role.WRITER, "Ana Lima")],
        )
        for n in range(3)
    ]
    sqlite_services.ingest.store([(f"t{n}", s) for n, s in enumerate(stories)], desk="europe")
    sqlite_services.ingest.store([("t9", Story(headline="No writer", body="Copy."))])
    return sqlite_url
