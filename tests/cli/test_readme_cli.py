"""The README's command-line table names every command and every queue/note action."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from deskapp.cli import build_parser

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
TABLE = README.split("## Command line", 1)[1].split("\n## ", 1)[0]


def _commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def test_every_command_is_in_the_readme_table():
    missing = [
        name
        for name in _commands(build_parser())
        if not re.search(rf"`(deskapp )?{name}[ `]", TABLE)
    ]
    assert missing == []


def test_queue_and_note_actions_are_in_the_readme_table():
    commands = _commands(build_parser())
    for group in ("queue", "note"):
        for action in _commands(commands[group]):
            assert f"{group} {action}" in TABLE or f"{action} " in TABLE, (group, action)
