"""`deskapp followups`: the board of open follow-up notes across stories."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

from deskapp.cli.runtime import Cli

if TYPE_CHECKING:
    from datetime import tzinfo

    from deskapp.core.followup import FollowUp

DESCRIPTION = """\
Every open follow-up note on stories that are not spiked, sorted by due time
(undated notes last), with the story's headline and desk and the note's author.
Marks: ! overdue, > due today.
"""


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "followups",
        parents=[common],
        help="the board of open follow-up notes",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n  deskapp followups --overdue\n  deskapp followups --due-before fri "
        "--desk europe --mine\n\nWHEN forms: see `deskapp note --help` and "
        "docs/followups.md.",
    )
    p.add_argument("--overdue", action="store_true", help="only notes whose due has passed")
    p.add_argument(
        "--due-before",
        metavar="WHEN",
        help="only notes due on or before WHEN (fri = by the end of Friday)",
    )
    p.add_argument("--desk", help="only stories on this desk (`none` for untagged)")
    p.add_argument("--mine", action="store_true", help="only notes you wrote (--as / config)")
    p.add_argument(
        "--json",
        action="store_true",
        help="print a JSON array of {note, story, overdue, due_today} ([] when none)",
    )
    p.set_defaults(run=run_followups)


def run_followups(cli: Cli) -> int:
    a = cli.args
    notes = cli.services.notes
    due_before = notes.when(a.due_before) if a.due_before else None
    desk = cli.desk(a.desk, none_ok=True)
    items = notes.board(
        overdue=a.overdue,
        due_before=due_before,
        desk=desk,
        author=cli.services.editor if a.mine else None,
    )
    zone = notes.zone()
    if a.json:
        cli.out.write(json.dumps([followup_json(f) for f in items], ensure_ascii=False) + "\n")
        return 0
    if not items:
        filtered = a.overdue or a.due_before or a.desk or a.mine
        cli.warn("no open follow-ups match" if filtered else "no open follow-ups")
        return 0
    for item in items:
        cli.print(followup_line(item, zone))
    return 0


def followup_line(item: FollowUp, zone: tzinfo) -> str:
    from deskapp.core.safe_text import one_line
    from deskapp.core.when import format_due

    mark = "!" if item.overdue else (">" if item.due_today else " ")
    due = format_due(item.note.due, zone) if item.note.due else "no date"
    author = one_line(item.note.author or "-", 14)
    return (
        f"{mark} {due:<20} note {item.note.id:<5} story {item.story_id:<6} "
        f"{(item.desk or '-'):<13} {author:<14} {one_line(item.note.text, 60)}"
        f"  · {one_line(item.headline, 60)}"
    )


def followup_json(item: FollowUp) -> dict[str, Any]:
    from deskapp.cli.render import note_json

    note = note_json(item.note)
    note["from_wire"] = item.note.from_wire
    return {
        "note": note,
        "story": {"id": item.story_id, "headline": item.headline, "desk": item.desk},
        "overdue": item.overdue,
        "due_today": item.due_today,
    }
