"""`deskapp watch DIR`: ingest every file dropped into a folder, then move it aside."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from deskapp.cli.runtime import EXIT_FAILED, EXIT_USAGE, Cli, CliError


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "watch", parents=[common], help="ingest files dropped into a folder",
        description="Watch a folder. Each file is read once it stops growing; after its "
        "stories are stored it moves to DIR/_processed/, or to DIR/_error/ with a .reason "
        "file. Ctrl-C stops cleanly.",
        epilog="examples:\n  deskapp watch ~/wire/drop --desk europe\n"
        "  deskapp watch ~/wire/drop --once",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("folder", metavar="DIR")
    p.add_argument("--once", action="store_true",
                   help="process the files there now and exit")
    p.add_argument("--desk", help="tag every new story with this desk")
    p.add_argument("--encoding", metavar="NAME",
                   help="the code page of the files dropped here (default: read from each)")
    p.add_argument("--interval", type=float, default=2.0, metavar="SECONDS",
                   help="how often to look for new files (default 2)")
    p.add_argument("--settle", type=float, default=1.0, metavar="SECONDS",
                   help="how long a file must stay unchanged before it is read (default 1)")
    p.add_argument("--json", action="store_true", help="one JSON object per file")
    p.set_defaults(run=run_watch)


def run_watch(cli: Cli) -> int:
    a = cli.args
    folder = Path(a.folder)
    if not folder.is_dir():
        raise CliError(f"not a folder: {a.folder}", EXIT_USAGE)
    if a.desk and a.desk not in cli.settings.desk_codes():
        raise CliError(f"unknown desk {a.desk!r}; desks are: "
                       + ", ".join(cli.settings.desk_codes()), EXIT_USAGE)
    from deskapp.cli.ingest import check_encoding
    from deskapp.services.watch import FolderWatch, WatchOutcome

    check_encoding(a.encoding)
    watch = FolderWatch(cli.services.ingest, folder, desk=a.desk,
                        settle_seconds=max(a.settle, 0.0), encoding=a.encoding)
    failed = 0

    def report(outcome: WatchOutcome) -> None:
        nonlocal failed
        if not outcome.ok:
            failed += 1
        if a.json:
            cli.out.write(json.dumps({
                "file": str(outcome.path), "ok": outcome.ok,
                "moved_to": str(outcome.moved_to) if outcome.moved_to else None,
                "reason": outcome.reason or None,
                "stories": [r.to_json() for r in outcome.results],
            }, ensure_ascii=False) + "\n")
        elif outcome.ok:
            counts = ", ".join(f"{r.status} {r.id or ''}".strip() for r in outcome.results)
            cli.print(f"{outcome.path.name}: {counts} -> {outcome.moved_to}")
        else:
            cli.warn(f"{outcome.path.name}: {outcome.reason}")

    if a.once:
        for outcome in watch.round():
            report(outcome)
        return EXIT_FAILED if failed else 0
    cli.warn(f"watching {folder} (Ctrl-C to stop)")
    try:
        watch.run(interval=max(a.interval, 0.1), on_outcome=report)
    except KeyboardInterrupt:
        cli.warn("watch stopped")
    return 0
