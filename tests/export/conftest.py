"""Fixtures for export tests (the helpers they import live in export_kit.py)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def out(tmp_path: Path) -> Path:
    return tmp_path / "site"
