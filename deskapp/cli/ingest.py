"""`deskapp ingest SRC...`: files, folders, globs, `-` for stdin, and URLs."""

from __future__ import annotations

import argparse
import gc
import json
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager

from deskapp.cli.runtime import EXIT_FAILED, Cli

PROGRESS_FROM = 50  # sources; smaller batches finish before a bar would help


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "ingest",
        parents=[common],
        help="take in wire copy from files, folders, stdin or URLs",
        description="Take in wire copy. Each source is detected by its content. A source that "
        "fails gets one line on stderr (`source: reason`) and the rest still go in; the exit "
        "code is 1 if any failed. Stories already stored (same wire id or same text) are "
        "reported as duplicates; a newer wire version updates the stored story. A version "
        "that kills, withholds or corrects a story already queued or exported adds an "
        "overdue follow-up to it and is named on stderr and in the summary.",
        epilog="examples:\n  deskapp ingest samples/\n  deskapp ingest 'wire/**/*.xml'\n"
        "  curl -s https://example.org/story.txt | deskapp ingest -",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "sources",
        nargs="+",
        metavar="SRC",
        help="a file, a folder (read recursively), a glob, - for stdin, or a URL",
    )
    p.add_argument("--desk", help="tag every new story with this desk")
    p.add_argument(
        "--follow-links",
        action="store_true",
        help="in folders, read symbolic links whose target is inside the folder "
        "(by default links, pipes and devices found in a folder are refused)",
    )
    p.add_argument(
        "--encoding",
        metavar="NAME",
        help="read the sources in this code page (e.g. cp1250, latin-1); without "
        "it, the charset the copy declares, else one guessed from its letters "
        "(a guess is noted in the story's history)",
    )
    p.add_argument(
        "--json",
        action="store_true",
        help="JSON Lines: one JSON object per story on stdout, each on its own "
        "line as it is stored (not one array): source, status, id, headline, error, "
        "left_queue, alert (the follow-up a kill or correction of queued or exported "
        "copy added)",
    )
    p.set_defaults(run=run_ingest, creates_db=True)


def check_encoding(name: str | None) -> None:
    """A usage error (exit 2) for a code page Python does not know."""
    if not name:
        return
    import codecs

    from deskapp.cli.runtime import CliError

    try:
        codecs.lookup(name)
    except LookupError:
        raise CliError(
            f"unknown encoding {name!r} (try utf-8, cp1252, cp1250, latin-1)", 2
        ) from None


def run_ingest(cli: Cli) -> int:
    a = cli.args
    desk = cli.desk(a.desk)
    from collections import Counter

    from deskapp.core.counts import counted
    from deskapp.core.wire_alert import alert_words
    from deskapp.ingest.parallel import ParseRun
    from deskapp.ingest.sources import expand

    check_encoding(a.encoding)
    sources = list(
        expand(
            a.sources,
            a.encoding,
            follow_links=a.follow_links,
            http_deadline=cli.settings.http_deadline,
        )
    )
    counts = {"new": 0, "duplicate": 0, "updated": 0, "skipped": 0, "error": 0}
    left = 0  # stories a kill or a hold from the wire took out of the queue
    waiting: list[int] = []  # stories whose update waits for the editor's choice
    alerts: Counter[tuple[str, str]] = Counter()  # (what, where) of each wire alert
    # Parsing starts first: the workers read copy while the database opens.
    with ParseRun(sources) as parsing, _progress(cli, len(sources)) as advance:
        services = cli.services
        # What exists now (modules, tables, the source list) lives until the command
        # ends; frozen, the collector stops walking it on each full pass while the
        # stories go by: 0.10 s of collector time becomes 0.03 s for 10,000 stories
        # (bench/kept_for_speed.py).
        gc.freeze()
        for result in services.ingest.ingest_parsed(parsing, desk=desk, on_source=advance):
            counts[result.status] += 1
            if result.waiting and result.id is not None:
                waiting.append(result.id)
            if a.json:
                cli.out.write(json.dumps(result.to_json(), ensure_ascii=False) + "\n")
            if result.status == "error":
                cli.warn(f"{result.source}: {result.error}")
            elif result.status == "skipped" and not a.json:
                cli.warn(f"{result.source}: skipped: {result.error}")
            elif result.left_queue and not a.json:
                left += 1
                cli.warn(
                    f"{result.source}: story {result.id} left the queue: "
                    "the wire killed or withheld it"
                )
            if result.alert is not None:
                alerts[(result.alert.what, result.alert.where)] += 1
                if not a.json:
                    cli.warn(f"{result.source}: {result.alert.notice()}")
    if not a.json:
        summary = ", ".join(
            f"{n} {k}" + (_waiting_words(waiting) if k == "updated" and waiting else "")
            for k, n in counts.items()
            if n
        )
        if left:
            summary += f" ({left} left the queue)"
        for (what, where), n in sorted(alerts.items()):
            summary += f"; {alert_words(n, what, where)}: follow-up added"
        cli.warn(f"ingested {counted(len(sources), 'source')}: {summary or 'nothing'}")
    return EXIT_FAILED if counts["error"] else 0


def _waiting_words(ids: list[int]) -> str:
    """' (1 waiting for the editor's choice: deskapp versions 12)'."""
    shown = ", ".join(str(i) for i in sorted(set(ids))[:5]) + (" …" if len(set(ids)) > 5 else "")
    return f" ({len(ids)} waiting for the editor's choice: deskapp versions {shown})"


Advance = Callable[[int], None]  # sources done so far -> the bar moves


class _NoProgress:
    def __enter__(self) -> Advance | None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def _progress(cli: Cli, total: int) -> AbstractContextManager[Advance | None]:
    """A progress bar on stderr for large batches, only when stderr is a terminal."""
    if total < PROGRESS_FROM or not cli.err.isatty() or cli.args.json:
        return _NoProgress()
    from contextlib import contextmanager

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    @contextmanager
    def bar() -> Iterator[Advance]:
        with Progress(
            "ingesting",
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=Console(file=cli.err),
            transient=True,
        ) as progress:
            task = progress.add_task("ingest", total=total)
            yield lambda done: progress.update(task, completed=done)

    return bar()
