"""Fixtures for the desk TUI tests (the data lives in desk_data.py)."""

from __future__ import annotations

import pytest
from desk_data import build_desk


@pytest.fixture
def desk(sqlite_services):  # type: ignore[no-untyped-def]
    """(services, story ids oldest first) on SQLite with the fixed desk and clock."""
    ids = build_desk(sqlite_services)
    return sqlite_services, ids
