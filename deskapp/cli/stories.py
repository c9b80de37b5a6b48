"""`list`, `show`, `desk`, `credit`, `spike`, `unspike`, `history`, `undo`."""

from __future__ import annotations

import argparse
import json
import shutil

from deskapp.cli.runtime import (
    EXIT_CONFLICT,
    EXIT_NOT_FOUND,
    JSON_STORY_HELP,
    Cli,
    CliError,
    add_expect_version,
    story_id,
)
from deskapp.core.story import ROLE_VALUES, Status


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "list",
        parents=[common],
        help="list stories, newest first",
        description="List stories, newest first by the story's own time (the wire's, else "
        "when it came in). Spiked stories are left out unless you ask for --status spiked. "
        "A story the wire killed or withholds shows KILLED / WITHHELD in the status "
        "column; a correction is marked (correction).",
        epilog="examples:\n  deskapp list --status inbox --limit 20\n"
        "  deskapp list --desk europe --json     with killed, withdrawn, corrected\n"
        "  deskapp list --archive --search ferry  archived stories",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--status",
        choices=[s.value for s in Status],
        action="append",
        help="only stories with this status (repeat for several)",
    )
    p.add_argument("--desk", help="only stories on this desk (`none` for untagged)")
    p.add_argument("--agency", help="only stories from this agency")
    p.add_argument(
        "--search",
        metavar="TEXT",
        default="",
        help="full-text search in headline, body and credit names",
    )
    p.add_argument("--limit", type=int, default=50, help="at most N stories (default 50)")
    p.add_argument(
        "--no-group",
        dest="group",
        action="store_false",
        help="every story on its own row (by default a cluster of stories on one event "
        "is one row, its newest story, marked `[R·AP·AFP 5]`: see `deskapp cluster`)",
    )
    p.add_argument(
        "--archive",
        action="store_true",
        help="list archived stories instead (see `deskapp archive`); JSON adds archived_at",
    )
    p.add_argument(
        "--json",
        action="store_true",
        help="print a JSON array of story summaries ([] when none match)",
    )
    p.set_defaults(run=run_list)

    p = subparsers.add_parser(
        "show",
        parents=[common],
        help="show one story",
        description="One story: copy, credits, notes, and a `wire:` line when the wire "
        "killed, withheld or corrected it. An archived story is shown too, saying so "
        "(its JSON has `archived`: when and by whom).",
        epilog="examples:\n  deskapp show 12\n  deskapp show 12 --json | jq .killed",
    )
    p.add_argument("id", type=story_id)
    p.add_argument("--json", action="store_true", help="print the story as JSON")
    p.set_defaults(run=run_show)

    p = subparsers.add_parser(
        "desk",
        parents=[common],
        help="tag a story with a desk",
        description="Tag a story with a desk. `none` removes the tag.",
        epilog="examples:\n  deskapp desk 12 europe\n  deskapp desk 12 none --json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("id", type=story_id)
    p.add_argument("desk", help="a desk code, e.g. europe (see the config for the list)")
    add_expect_version(p)
    p.add_argument("--json", action="store_true", help=JSON_STORY_HELP)
    p.set_defaults(run=run_desk)

    p = subparsers.add_parser(
        "credit",
        parents=[common],
        help="add or clear credits",
        description="Add credits by role; --clear ROLE first removes every credit of a role.",
        epilog='example: deskapp credit 12 --clear editor --editor "Ana Lima" --writer "Bo Yu"',
    )
    p.add_argument("id", type=story_id)
    for role in ROLE_VALUES:
        p.add_argument(
            f"--{role}",
            action="append",
            default=[],
            metavar="NAME",
            help=f"add a {role} (repeatable)",
        )
    p.add_argument(
        "--clear",
        action="append",
        default=[],
        choices=ROLE_VALUES,
        metavar="ROLE",
        help="remove every credit of ROLE before adding",
    )
    add_expect_version(p)
    p.add_argument("--json", action="store_true", help=JSON_STORY_HELP)
    p.set_defaults(run=run_credit)

    for name, text, example in (
        (
            "spike",
            "spike a story (soft delete; unspike brings it back)",
            "example:\n  deskapp spike 12\n\n"
            "A queued story leaves the queue; unspike it, then queue it again.",
        ),
        ("unspike", "bring a spiked story back", "example:\n  deskapp unspike 12"),
    ):
        p = subparsers.add_parser(
            name,
            parents=[common],
            help=text,
            epilog=example,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        p.add_argument("id", type=story_id, metavar="ID", help="the story")
        add_expect_version(p)
        p.add_argument("--json", action="store_true", help=JSON_STORY_HELP)
        p.set_defaults(run=run_simple, action=name)

    p = subparsers.add_parser(
        "undo",
        parents=[common],
        help="undo your own last change to a story",
        description="Take back your own last change to the story (not simply its last change: "
        "changes by others, ingest and agency updates are never undone). Only what that "
        "change set is put back. If someone changed the same field since, nothing changes "
        "and it exits 3 naming who changed what, unless --force. Run it again to go further "
        "back through your own changes.",
        epilog="examples:\n  deskapp undo 12            undo your last change to story 12\n"
        "  deskapp undo 12 --force    even over a colleague's later change to that field",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("id", type=story_id)
    p.add_argument(
        "--force", action="store_true", help="undo even where someone changed the same field since"
    )
    add_expect_version(p)
    p.add_argument("--json", action="store_true", help=JSON_STORY_HELP)
    p.set_defaults(run=run_undo)

    p = subparsers.add_parser(
        "history",
        parents=[common],
        help="every change to a story",
        description="Every change to a story, oldest first: its id (for `revert`), version, "
        "when, who and what, then each field's before → after (long text cut to the part "
        "that differs).",
        epilog="example: deskapp history 12\n"
        "     341  v2   2026-03-02 09:30  Ana Lima  desk\n"
        "          desk: — → europe\n"
        "          status: inbox → editing",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("id", type=story_id)
    p.add_argument(
        "--json", action="store_true", help="print the history as a JSON array, oldest first"
    )
    p.set_defaults(run=run_history)


def run_list(cli: Cli) -> int:
    from deskapp.cli.render import summary_json, summary_line
    from deskapp.core.listing import StoryFilter

    a = cli.args
    if a.limit <= 0:
        raise CliError("--limit must be at least 1", 2)
    flt = StoryFilter(
        statuses=tuple(Status(s) for s in a.status or ()),
        desk=cli.desk(a.desk, none_ok=True),
        agency=a.agency,
        search=a.search,
        grouped=a.group and not a.archive,
    )
    if a.archive:
        from deskapp.cli.archive import run_list_archive

        return run_list_archive(cli, flt)
    stories = cli.services.stories.list_stories(flt, limit=a.limit)
    if a.json:
        cli.out.write(json.dumps([summary_json(s) for s in stories], ensure_ascii=False) + "\n")
        return 0
    if not stories:
        cli.warn(
            "no stories match"
            if (a.status or a.desk or a.search or a.agency)
            else "no stories yet: run `deskapp ingest PATH` to take in wire copy"
        )
        return 0
    width = shutil.get_terminal_size((100, 24)).columns
    for s in stories:
        cli.print(summary_line(s, width, cli.services.ctx.now()))
    return 0


def run_show(cli: Cli) -> int:
    from deskapp.cli.render import story_json, story_text
    from deskapp.services.errors import NotFound

    try:
        story = cli.services.stories.get(cli.args.id)
    except NotFound:
        from deskapp.cli.archive import show_archived

        shown = show_archived(cli, cli.args.id)
        if shown is None:
            raise  # not in the archive either: exit 4
        return shown
    if cli.args.json:
        cli.out.write(json.dumps(story_json(story), ensure_ascii=False) + "\n")
    else:
        cli.print(story_text(story, cli.services.notes.zone(), cli.services.ctx.now()))
    return 0


def run_desk(cli: Cli) -> int:
    code = cli.desk(cli.args.desk, none_ok=True)
    desk = None if code == "none" else code
    story = cli.services.stories.set_desk(cli.args.id, desk, expect_version=cli.args.expect_version)
    if cli.args.json:
        return cli.story_json(story)
    cli.print(f"story {story.id}: desk {story.desk or 'none'} (version {story.version})")
    return 0


def run_credit(cli: Cli) -> int:
    from deskapp.core.story import Credit, Role

    a = cli.args
    add = [Credit(Role(role), name) for role in ROLE_VALUES for name in getattr(a, role)]
    if not add and not a.clear:
        raise CliError("nothing to do: give --writer/--editor/... NAME or --clear ROLE", 2)
    story = cli.services.stories.update_credits(
        a.id, add=add, clear=[Role(r) for r in a.clear], expect_version=a.expect_version
    )
    if a.json:
        return cli.story_json(story)
    shown = "; ".join(f"{c.role} {c.name}" for c in story.credits) or "no credits"
    cli.print(f"story {story.id}: {shown} (version {story.version})")
    return 0


def run_simple(cli: Cli) -> int:
    stories = cli.services.stories
    if cli.args.action == "spike":
        spiked = stories.spike_report(cli.args.id, expect_version=cli.args.expect_version)
        story = spiked.story
        if cli.args.json:
            return cli.story_json(story)
        left = (
            f"; removed from the queue (it was #{spiked.queue_rank})" if spiked.was_queued else ""
        )
        cli.print(f"story {story.id}: spiked{left} (version {story.version})")
        return 0
    story = stories.unspike(cli.args.id, expect_version=cli.args.expect_version)
    if cli.args.json:
        return cli.story_json(story)
    cli.print(f"story {story.id}: unspike done, now {story.status} (version {story.version})")
    return 0


def run_undo(cli: Cli) -> int:
    from deskapp.cli.render import change_lines

    stories = cli.services.stories
    current = stories.get(cli.args.id).version  # not found: exit 4
    expected = cli.args.expect_version
    last = stories.last_own_change(cli.args.id)
    if last is None and expected is not None and expected != current:
        # A stale version is a conflict (exit 3) before anything else is said.
        raise CliError(
            f"story {cli.args.id} changed since version {expected}: now version "
            f"{current}; nothing applied",
            EXIT_CONFLICT,
        )
    if last is None:
        raise CliError(
            f"story {cli.args.id}: no change of yours to undo (changes by others, "
            "ingest and agency updates are never undone)"
        )
    story = stories.undo_change(
        cli.args.id, last.version, force=cli.args.force, expect_version=cli.args.expect_version
    )
    if cli.args.json:
        return cli.story_json(story)
    if story.version == current:
        cli.print(
            f"story {story.id}: your {last.action} (version {last.version}) is already "
            f"taken back; nothing changed (version {story.version})"
        )
        return 0
    cli.print(
        f"story {story.id}: undid your {last.action} (version {last.version}), "
        f"now version {story.version}:"
    )
    undo = stories.history(cli.args.id)[-1]
    width = shutil.get_terminal_size((100, 24)).columns
    for line in change_lines(undo.changes, cli.services.notes.zone(), width, indent="  "):
        cli.print(line)
    return 0


def run_history(cli: Cli) -> int:
    from deskapp.cli.render import history_json, history_lines
    from deskapp.services.errors import NotFound

    try:
        cli.services.stories.get(cli.args.id)  # no such story: exit 4, with --json too
        entries = cli.services.stories.history(cli.args.id)
    except NotFound as missing:
        try:
            entries = cli.services.archive.history(cli.args.id)  # an archived story's
        except NotFound:
            raise missing from None
    if cli.args.json:
        cli.out.write(json.dumps([history_json(e) for e in entries], ensure_ascii=False) + "\n")
        return 0
    if not entries:
        raise CliError(f"no history for story {cli.args.id}", EXIT_NOT_FOUND)
    zone = cli.services.notes.zone()
    width = shutil.get_terminal_size((100, 24)).columns
    for e in entries:
        for line in history_lines(e, zone, width):
            cli.print(line)
    return 0
