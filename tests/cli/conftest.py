"""Fixtures for the command-line tests: a runner on the small desk (tests/conftest.py)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from deskapp.cli import main

Run = Callable[..., tuple[int, str, str]]


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
