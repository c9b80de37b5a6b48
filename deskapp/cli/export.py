"""`deskapp export [--out DIR] [--dry-run] [--all] [--json]`: the queue as Markdown files."""

from __future__ import annotations

import argparse
import json

from deskapp.cli.runtime import Cli

DESCRIPTION = """\
Write every ready, queued story whose embargo has passed, in queue order, as one
Markdown file each (YAML front matter, then the body) plus an index.md, and mark
each one published as soon as its file is written. A second run exports nothing
new; --all writes published stories again (to the same files).

Stories not ready (queued with --force) or still embargoed stay in the queue.
DIR defaults to `export_dir` in the config file, else ./export. An existing file
that belongs to another story (or to no story) is never overwritten. A story
exported earlier that the wire has since killed or withheld is reported with
its file, to take down ("take down FILE (story ID)" on stderr; "take_down" in
--json); export never deletes a file itself."""


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "export", parents=[common], help="export the queue as Markdown files",
        description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="example: deskapp export --out ~/site/content/wire --dry-run")
    p.add_argument("--out", metavar="DIR", help="the folder to write (default: config "
                   "`export_dir`, else ./export)")
    p.add_argument("--dry-run", action="store_true",
                   help="show what would be written; write and change nothing")
    p.add_argument("--all", action="store_true", help="also re-export published stories")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(run=run_export)


def run_export(cli: Cli) -> int:
    from deskapp.services.export import ExportFailed

    a = cli.args
    service = cli.services.export
    try:
        report = service.export(a.out or None, dry_run=a.dry_run, all=a.all)
    except ExportFailed as exc:
        _show(cli, exc.report, failed=True)
        raise
    _show(cli, report)
    return 0


def _show(cli: Cli, report, *, failed: bool = False) -> None:  # type: ignore[no-untyped-def]
    from deskapp.cli.queue import editor_zone, local

    if cli.args.json:
        cli.out.write(json.dumps(report.to_json(), ensure_ascii=False) + "\n")
        return
    verb = "would write" if report.dry_run else "wrote"
    for e in report.exported:
        cli.print(f"{verb} {e.name}  (story {e.story_id})")
    zone = editor_zone(cli)
    for s in report.skipped:
        if s.reason == "embargoed":
            why = f"embargoed until {local(s.embargo_until, zone)}"
        elif s.reason == "not-ready":
            why = "not ready: needs " + ", ".join(s.missing)
        else:
            why = "changed while exporting: left queued for the next run"
        cli.warn(f"skipped story {s.story_id}: {why}")
    for t in report.take_down:
        cli.warn(f"take down {t.name} (story {t.story_id}): the wire {t.reason} it after "
                 "it was exported")
    if report.index_refused:
        cli.warn(f"left {report.out_dir}/index.md alone: it was not written by deskapp")
    from deskapp.core.counts import counted

    count = len(report.exported)
    if report.dry_run:
        cli.print(f"dry run: {counted(count, 'story')} would be exported to {report.out_dir}")
    elif count:
        cli.print(f"exported {counted(count, 'story')} to {report.out_dir}")
    elif not failed:  # a failure says why itself; "nothing new" would contradict it
        cli.print(f"nothing new to export to {report.out_dir}")
