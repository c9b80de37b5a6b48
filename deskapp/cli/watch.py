"""`deskapp watch DIR`: ingest every file dropped into a folder, then move it aside."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from deskapp.cli.runtime import EXIT_FAILED, EXIT_USAGE, Cli, CliError
from deskapp.core.safe_text import one_line


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "watch",
        parents=[common],
        help="ingest files dropped into a folder",
        description="Watch a folder. A file is read once it has stopped changing for the "
        "settle time and no program has it open for writing; names that are still being "
        "written (.name, name.tmp, name.part, name~) are left alone, so write under such a "
        "name and rename when done. After its stories are stored a file moves to "
        "DIR/_processed/ (if it grows there, it is read again and its stories updated), or "
        "to DIR/_error/ with a .reason file. Symbolic links, pipes and devices are refused. "
        "Each file's outcome is logged with a timestamp. Ctrl-C stops cleanly.",
        epilog="examples:\n  deskapp watch ~/wire/drop --desk europe\n"
        "  deskapp watch ~/wire/drop --once\n"
        "  deskapp watch ~/wire/drop --log -          # log lines on stderr (systemd)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("folder", metavar="DIR")
    p.add_argument("--once", action="store_true", help="process the files there now and exit")
    p.add_argument("--desk", help="tag every new story with this desk")
    p.add_argument(
        "--encoding",
        metavar="NAME",
        help="the code page of the files dropped here (default: read from each)",
    )
    p.add_argument(
        "--interval",
        type=float,
        default=2.0,
        metavar="SECONDS",
        help="how often to look for new files (default 2)",
    )
    p.add_argument(
        "--settle",
        type=float,
        default=1.0,
        metavar="SECONDS",
        help="how long a file must stay unchanged before it is read (default 1)",
    )
    p.add_argument(
        "--follow-links",
        action="store_true",
        help="read symbolic links whose target is inside the folder",
    )
    p.add_argument(
        "--log",
        metavar="FILE|-",
        help="where to log each file's outcome (default: deskapp.log in the user "
        "log folder; - for stderr)",
    )
    p.add_argument("--json", action="store_true", help="one JSON object per file")
    p.set_defaults(run=run_watch)


def run_watch(cli: Cli) -> int:
    a = cli.args
    folder = Path(a.folder)
    if not folder.is_dir():
        raise CliError(f"not a folder: {a.folder}", EXIT_USAGE)
    desk = cli.desk(a.desk)
    from deskapp.cli.ingest import check_encoding
    from deskapp.services.watch import FolderWatch, WatchFolderError, WatchOutcome

    check_encoding(a.encoding)
    cli.start_log()
    watch = FolderWatch(
        cli.services.ingest,
        folder,
        desk=desk,
        settle_seconds=max(a.settle, 0.0),
        follow_links=a.follow_links,
        encoding=a.encoding,
    )
    try:
        watch.check()
    except WatchFolderError as exc:
        raise CliError(f"cannot watch {folder}: {exc}") from None
    failed = 0
    last_failure: dict[Path, str] = {}  # said once until it changes, not every round

    def report(outcome: WatchOutcome) -> None:
        nonlocal failed
        if not outcome.ok:
            failed += 1
        if outcome.moved_to is None and last_failure.get(outcome.path) == outcome.reason:
            return
        if outcome.moved_to is None:
            last_failure[outcome.path] = outcome.reason
        else:
            last_failure.pop(outcome.path, None)
        counts = ", ".join(f"{r.status} {r.id or ''}".strip() for r in outcome.results)
        again = " (grew after it was taken: read again)" if outcome.retaken else ""
        if outcome.ok:
            cli.note(f"{outcome.path}: {counts}{again} -> {outcome.moved_to}")
        else:
            cli.note(f"{outcome.path}: failed: {outcome.reason}", "WARNING")
        alerts = [r.alert.notice() for r in outcome.results if r.alert is not None]
        for alert in alerts:  # a kill or correction of queued or exported copy
            cli.note(f"{outcome.path}: {alert}", "WARNING")
        if a.json:
            cli.out.write(
                json.dumps(
                    {
                        "file": str(outcome.path),
                        "ok": outcome.ok,
                        "moved_to": str(outcome.moved_to) if outcome.moved_to else None,
                        "reason": outcome.reason or None,
                        "retaken": outcome.retaken,
                        "stories": [r.to_json() for r in outcome.results],
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )
            cli.out.flush()
            return
        # A dropped file's name is data: one line, whatever newlines it was given.
        name = one_line(outcome.path.name)
        if outcome.ok:
            cli.print(f"{name}: {counts}{again} -> {one_line(str(outcome.moved_to))}")
        else:
            cli.warn(f"{name}: {outcome.reason}")
        for alert in alerts:
            cli.warn(f"{name}: {alert}")

    if a.once:
        for outcome in watch.round():
            report(outcome)
        return EXIT_FAILED if failed else 0
    cli.warn(f"watching {folder} (Ctrl-C to stop); log: {cli.log.where or 'none'}")
    cli.note(f"watching {folder.resolve()}")
    try:
        watch.run(interval=max(a.interval, 0.1), on_outcome=report)
    except KeyboardInterrupt:
        cli.warn("watch stopped")
        cli.note(f"stopped watching {folder.resolve()}")
    return 0
