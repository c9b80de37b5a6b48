"""`deskapp export` (the queue as a site's Markdown files) and `deskapp unpublish ID`."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from deskapp.cli.runtime import Cli, story_id

if TYPE_CHECKING:
    from deskapp.services.export import ExportReport

DESCRIPTION = """\
Write every ready, queued story whose embargo has passed, in queue order, as one
Markdown file each (YAML front matter, then the body) plus the folder's index,
in the shape the site generator TARGET expects, and mark each one published as
soon as its file is written. A second run exports nothing new; --all writes
published stories again (to the same files).

targets (--target, else `export_target` in the config, else plain):
  plain     DIR/YYYY-MM-DD-slug.md and DIR/index.md linking them
  hugo      DIR is a content section (site/content/wire): _index.md, pages at /wire/SLUG/
  jekyll    DIR is a folder of the site (site/wire): _posts/YYYY-MM-DD-slug.md, /wire/SLUG/
  eleventy  DIR is a folder of the site (site/wire): pages at /wire/SLUG/, wire.11tydata.json
  pandoc    DIR/YYYY-MM-DD-slug.md for `pandoc -s`, index.md linking the .html pages

Stories not ready (queued with --force) or still embargoed stay in the queue.
DIR defaults to `export_dir` in the config file, else ./export. An existing file
that belongs to another story (or to no story) is never overwritten; a story's
own file changed by hand since it was exported is kept and reported (exit 1)
unless --overwrite. Files of stories the wire killed after they were exported
are listed as "to take down" until --take-down (or `deskapp unpublish ID`)
removes them; files of stories the wire corrected after they were written are
listed as "corrected since export" until the story is exported again. One export
runs at a time per database: another one waits with --wait, else exits 1 naming
who started the running one."""

UNPUBLISH = """\
Remove every file `export` wrote for story ID, write each folder's index again
without it, and send the story back to the desk (recorded in its history), so
that `export --all` does not publish it again."""


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "export",
        parents=[common],
        help="export the queue as a site's Markdown files",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="example: deskapp export --target hugo --out ~/site/content/wire --dry-run",
    )
    p.add_argument(
        "--out",
        metavar="DIR",
        help="the folder to write (default: config `export_dir`, else ./export)",
    )
    p.add_argument(
        "--target",
        choices=("plain", "hugo", "jekyll", "eleventy", "pandoc"),
        help="the site generator to write for (default: config `export_target`, else plain)",
    )
    p.add_argument(
        "--dry-run",
        action="store_true",
        help="show what would be written; write and change nothing",
    )
    p.add_argument("--all", action="store_true", help="also re-export published stories")
    p.add_argument(
        "--overwrite",
        action="store_true",
        help="rewrite a story's file even if it was changed by hand since export",
    )
    p.add_argument(
        "--take-down",
        action="store_true",
        help="remove the files of stories the wire killed after their export",
    )
    p.add_argument(
        "--wait",
        action="store_true",
        help="if another export is running, wait for it instead of exiting 1",
    )
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(run=run_export)

    u = subparsers.add_parser(
        "unpublish",
        parents=[common],
        help="take an exported story's files down",
        description=UNPUBLISH,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="example: deskapp unpublish 12",
    )
    u.add_argument("id", type=story_id, help="the story")
    u.add_argument(
        "--wait",
        action="store_true",
        help="if an export is running, wait for it instead of exiting 1",
    )
    u.add_argument("--json", action="store_true", help="print the files removed as JSON")
    u.set_defaults(run=run_unpublish)


def run_export(cli: Cli) -> int:
    from deskapp.services.export import ExportFailed

    a = cli.args
    service = cli.services.export
    try:
        report = service.export(
            a.out or None,
            target=a.target,
            dry_run=a.dry_run,
            all=a.all,
            overwrite=a.overwrite,
            take_down=a.take_down,
            wait=a.wait,
        )
    except ExportFailed as exc:
        _show(cli, exc.report, failed=True)
        raise
    _show(cli, report)
    return 1 if report.kept_by_hand else 0


def run_unpublish(cli: Cli) -> int:
    removed = cli.services.export.unpublish(cli.args.id, wait=cli.args.wait)
    if cli.args.json:  # the story as `show --json` prints it, and the files taken down
        from deskapp.cli.render import story_json

        story = cli.services.stories.get(cli.args.id)
        return cli.json({**story_json(story), "removed": removed})
    for path in removed:
        cli.print(f"removed {path}  (story {cli.args.id})")
    cli.print(f"story {cli.args.id} unpublished: back on the desk")
    return 0


def _show(cli: Cli, report: ExportReport, *, failed: bool = False) -> None:
    from deskapp.cli.queue import editor_zone, local

    if cli.args.json:
        cli.out.write(json.dumps(report.to_json(), ensure_ascii=False) + "\n")
        return
    verb = "would write" if report.dry_run else "wrote"
    for e in report.exported:
        cli.print(f"{verb} {e.name}  (story {e.story_id})")
        if not e.published:
            cli.warn(
                f"story {e.story_id} changed while exporting: its file is written, "
                "the story stays queued for the next run"
            )
    zone = editor_zone(cli)
    for s in report.skipped:
        if s.reason == "embargoed":
            why = f"embargoed until {local(s.embargo_until, zone)}"
        elif s.reason == "not-ready":
            why = "not ready: needs " + ", ".join(s.missing)
        else:
            why = f"{s.file} changed by hand since export: kept; use --overwrite"
        cli.warn(f"skipped story {s.story_id}: {why}")
    for t in report.take_down:
        if t.done:
            cli.print(f"took down {t.path}  (story {t.story_id}, killed or withheld by the wire)")
        else:
            cli.warn(
                f"to take down: {t.path}  (story {t.story_id} was killed or withheld "
                "by the wire; use --take-down)"
            )
    for c in report.corrected:
        if c.waiting:  # exporting again before the editor's choice would not correct it
            cli.warn(
                f"not corrected yet: {c.path}  (story {c.story_id}: {c.waiting}; "
                f"then queue it and export again)"
            )
            continue
        cli.warn(
            f"corrected since export: {c.path}  (story {c.story_id}: the wire corrected it "
            f"after this file was written; re-export it: deskapp queue {c.story_id}, then "
            "export, or export --all)"
        )
    if report.index_refused:
        cli.warn(f"left the index in {report.out_dir} alone: it was not written by deskapp")
    from deskapp.core.counts import counted

    count = sum(1 for e in report.exported if e.published)
    if report.dry_run:
        cli.print(
            f"dry run: {counted(len(report.exported), 'story')} would be exported to "
            f"{report.out_dir} ({report.target})"
        )
    elif report.exported:
        cli.print(f"exported {counted(count, 'story')} to {report.out_dir} ({report.target})")
    elif not failed:  # a failure says why itself; "nothing new" would contradict it
        cli.print(f"nothing new to export to {report.out_dir}")
