"""`deskapp note ID TEXT [--due WHEN]`: a follow-up note on a story."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime

from deskapp.cli.runtime import Cli, CliError, add_expect_version, story_id


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "note", parents=[common], help="add a follow-up note to a story",
        epilog='example: deskapp note 12 "Visit date unclear" --due 2026-03-02')
    p.add_argument("id", type=story_id)
    p.add_argument("text")
    p.add_argument("--due", metavar="WHEN", help="due date, ISO (2026-03-02 or 2026-03-02T15:00)")
    add_expect_version(p)
    p.set_defaults(run=run_note)


def parse_due(value: str) -> datetime:
    try:
        due = datetime.fromisoformat(value)
    except ValueError:
        raise CliError(f"cannot read the date {value!r}: use YYYY-MM-DD", 1) from None
    return due if due.tzinfo else due.replace(tzinfo=UTC)


def run_note(cli: Cli) -> int:
    a = cli.args
    due = parse_due(a.due) if a.due else None
    story, note = cli.services.notes.add(a.id, a.text, due=due, expect_version=a.expect_version)
    cli.print(f"story {story.id}: note {note.id} added (version {story.version})")
    return 0
