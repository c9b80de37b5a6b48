"""`revert`: put back what one past change replaced."""

from __future__ import annotations

import argparse

from deskapp.cli.runtime import JSON_STORY_HELP, Cli, add_expect_version, positive_id, story_id

_event_id = positive_id("change id")


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "revert",
        parents=[common],
        help="put back what one past change replaced",
        description="Restore the values a past change replaced, as a new change (the history "
        "keeps both). Only what that change set is put back, field by field: credits it "
        "added go and those it removed come back, others stay. Where a later change left a "
        "field otherwise, nothing changes and it exits 3 naming who changed what, unless "
        "--force. EVENT_ID is the first column of `deskapp history ID`.",
        epilog="examples:\n  deskapp revert 12 345                 undo change 345 to story 12\n"
        "  deskapp revert 12 345 --field desk    only its desk\n"
        "  deskapp revert 12 345 --force         even over a later change to the same field",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("id", type=story_id)
    p.add_argument("event_id", type=_event_id, metavar="EVENT_ID")
    p.add_argument(
        "--field",
        action="append",
        default=[],
        metavar="F",
        help="revert only this field of the change (repeatable)",
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="put it back even where a later change changed the same field",
    )
    add_expect_version(p)
    p.add_argument("--json", action="store_true", help=JSON_STORY_HELP)
    p.set_defaults(run=run_revert)


def run_revert(cli: Cli) -> int:
    a = cli.args
    before = cli.services.stories.get(a.id).version
    story = cli.services.history.revert(
        a.id, a.event_id, fields=a.field or None, force=a.force, expect_version=a.expect_version
    )
    if a.json:
        return cli.story_json(story)
    if story.version == before:
        cli.print(
            f"story {story.id}: already as before change {a.event_id}; nothing changed "
            f"(version {story.version})"
        )
    else:
        cli.print(f"story {story.id}: reverted change {a.event_id} (version {story.version})")
    return 0
