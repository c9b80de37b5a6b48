"""`archive`: move old spiked and published stories out of the working tables, and back."""

from __future__ import annotations

import argparse
from datetime import tzinfo
from typing import TYPE_CHECKING

from deskapp.cli.runtime import EXIT_USAGE, Cli, CliError, positive_id, story_id

if TYPE_CHECKING:
    from deskapp.core.listing import StoryFilter
    from deskapp.services.archive import ArchiveRun, Candidate

DESCRIPTION = """\
Move stories that are done with out of the working tables into the archive:
every story spiked or published whose last change (its newest history entry: an
edit, a note, the spike, the export; else when it came in) is older than AGE,
with its credits, notes, history, drafts and export records. Archived stories
leave the desk and `deskapp list`; `deskapp list --archive` lists and searches
them, `deskapp show ID` still shows one, and a wire story that comes again is
still a duplicate of it. Nothing is deleted, and exported files stay where they are.

Left on the desk, and listed with the reason: a story someone is editing (a
live lock), and a story with an open follow-up (resolve it, and the next run
archives it). Stories move in batches, one transaction each: a run stopped
anywhere leaves each story wholly on the desk or wholly archived; run it again
for the rest. A chief's or admin's act on a PostgreSQL desk with roles.
"""

EPILOG = """\
examples:
  deskapp archive --older-than 90d --dry-run   what would move, and what would stay
  deskapp archive --older-than 90d             archive it (also 12w, 36h)
  deskapp archive --restore 12                 bring story 12 back to the desk

exit codes: 0 done (also when nothing was old enough), 2 a bad AGE or option,
4 no archived story with that id (--restore), 5 your role may not archive.
"""


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "archive",
        parents=[common],
        help="archive old spiked and published stories (--restore brings one back)",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--older-than",
        metavar="AGE",
        help="archive stories last changed more than AGE ago: hours, days or weeks (90d, 12w)",
    )
    p.add_argument(
        "--restore",
        type=story_id,
        metavar="ID",
        help="bring the archived story ID back to the desk as it was",
    )
    p.add_argument(
        "--dry-run",
        action="store_true",
        help="print what would move and what would stay; change nothing",
    )
    p.add_argument(
        "--batch",
        type=positive_id("batch size"),
        default=None,
        metavar="N",
        help="stories per transaction (default 1000)",
    )
    p.add_argument(
        "--json",
        action="store_true",
        help="print the run as JSON ({archived or would_archive, kept}); with --restore, "
        "the story in the shape of `deskapp show --json`",
    )
    p.set_defaults(run=run_archive)


def run_archive(cli: Cli) -> int:
    a = cli.args
    if a.restore is not None:
        if a.older_than or a.dry_run or a.batch:
            raise CliError("--restore takes only an ID (and --json)", EXIT_USAGE)
        return _restore(cli, a.restore)
    if not a.older_than:
        raise CliError(
            "give --older-than AGE (like 90d) to archive, or --restore ID to bring a story back",
            EXIT_USAGE,
        )
    from deskapp.services.archive import BATCH, parse_age
    from deskapp.services.errors import BadValue

    try:
        age = parse_age(a.older_than)
    except BadValue as exc:
        raise CliError(str(exc), EXIT_USAGE) from None
    archive = cli.services.archive
    batch = a.batch or BATCH
    if a.dry_run:
        run = archive.plan(age, batch=batch)
    else:
        progress = None
        if not a.json and cli.err.isatty():

            def progress(so_far: ArchiveRun) -> None:
                cli.warn(f"archive: {len(so_far.moved)} moved so far…")

        run = archive.archive(age, batch=batch, on_batch=progress)
    if a.json:
        return cli.json(run.to_json())
    _print_run(cli, run, a.older_than.strip())
    return 0


def _print_run(cli: Cli, run: ArchiveRun, age: str) -> None:
    zone = cli.services.notes.zone()
    day = run.cutoff.astimezone(zone).strftime("%Y-%m-%d %H:%M")
    n = len(run.moved)
    stories = "story" if n == 1 else "stories"
    if run.dry_run:
        if n:
            cli.print(f"would archive {n} {stories} last changed before {day} ({age} ago):")
            for c in run.moved:
                cli.print(_line(c, zone))
        else:
            cli.print(f"nothing to archive: no spiked or published story last changed before {day}")
    elif n:
        spiked = sum(1 for c in run.moved if c.status == "spiked")
        cli.print(
            f"archived {n} {stories} ({spiked} spiked, {n - spiked} published) last changed "
            f"before {day}; `deskapp list --archive` lists them"
        )
    else:
        cli.print(f"nothing to archive: no spiked or published story last changed before {day}")
    if run.kept:
        verb = "would keep" if run.dry_run else "kept"
        cli.print(f"{verb} {len(run.kept)} on the desk:")
        for c in run.kept:
            cli.print(_line(c, zone, c.kept_because))


def _line(c: Candidate, zone: tzinfo, reason: str | None = None) -> str:
    when = c.last_change.astimezone(zone).strftime("%Y-%m-%d") if c.last_change else "—"
    head = f"  {c.id:>6}  {c.status!s:<9}  {when}  "
    return head + (f"{reason} ({c.headline})" if reason else c.headline)


def _restore(cli: Cli, archive_id: int) -> int:
    done = cli.services.archive.restore(archive_id)
    story = done.story
    if cli.args.json:
        return cli.story_json(story)
    renumbered = (
        f" as story {story.id} (a new story has its number)" if story.id != archive_id else ""
    )
    cli.print(
        f"story {archive_id}: back on the desk{renumbered}, {story.status} "
        f"(version {story.version})"
    )
    return 0


def run_list_archive(cli: Cli, flt: StoryFilter) -> int:
    """`deskapp list --archive`: archived stories with the list's filters, newest first."""
    import json
    import shutil

    from deskapp.cli.render import iso, summary_json, summary_line

    found = cli.services.archive.list_stories(flt, limit=cli.args.limit)
    if cli.args.json:
        rows = [{**summary_json(a.summary), "archived_at": iso(a.archived_at)} for a in found]
        cli.out.write(json.dumps(rows, ensure_ascii=False) + "\n")
        return 0
    if not found:
        cli.warn(
            "no archived stories match"
            if flt.search or flt.statuses or flt.desk or flt.agency
            else "no archived stories"
        )
        return 0
    width = shutil.get_terminal_size((100, 24)).columns
    for a in found:
        cli.print(summary_line(a.summary, width, cli.services.ctx.now()))
    return 0


def show_archived(cli: Cli, archive_id: int) -> int | None:
    """`deskapp show ID` for an archived story: the story, saying it is archived.
    None (nothing printed) when the archive has no such story either."""
    import json

    from deskapp.cli.render import iso, story_json, story_text
    from deskapp.services.errors import NotFound

    try:
        found = cli.services.archive.get(archive_id)
    except NotFound:
        return None
    if cli.args.json:
        shown = {
            **story_json(found.story),
            "archived": {"at": iso(found.archived_at), "by": found.archived_by or None},
        }
        cli.out.write(json.dumps(shown, ensure_ascii=False) + "\n")
        return 0
    zone = cli.services.notes.zone()
    when = (
        found.archived_at.astimezone(zone).strftime("%Y-%m-%d %H:%M") if found.archived_at else ""
    )
    by = f" by {found.archived_by}" if found.archived_by else ""
    cli.print(
        f"ARCHIVED {when}{by}: `deskapp archive --restore {archive_id}` brings it back to the desk"
    )
    cli.print(story_text(found.story, zone, cli.services.ctx.now()))
    return 0
