"""Fixtures for the command-line tests: a small desk on SQLite, and a runner."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from deskapp.cli import main
from deskapp.core.story import Credit, Role, Story

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def small_desk(sqlite_url: str, sqlite_services) -> str:
    """Three ready stories on the Europe desk (ids 1-3) and one without a writer (4)."""
    stories = [Story(headline=f"Story {n}", body="Copy.", agency="Wire",
                     credits=[Credit(Role.WRITER, "Ana Lima")]) for n in range(3)]
    sqlite_services.ingest.store([(f"t{n}", s) for n, s in enumerate(stories)], desk="europe")
    sqlite_services.ingest.store([("t9", Story(headline="No writer", body="Copy."))])
    return sqlite_url


@pytest.fixture
def cli(small_desk: str, capsys: pytest.CaptureFixture[str]) -> Run:
    """deskapp on the small desk, as `tester`: (exit code, stdout, stderr)."""

    def run(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = main(["--db", small_desk, "--as", "tester", *args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def one_json(out: str) -> Any:
    return json.loads(out)
