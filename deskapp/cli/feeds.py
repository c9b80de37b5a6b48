"""`deskapp feeds add|list|remove|poll`: subscribed RSS and Atom feeds."""

from __future__ import annotations

import argparse
import re

from deskapp.cli.runtime import EXIT_FAILED, EXIT_USAGE, Cli, CliError

_EVERY = re.compile(r"^(\d+)\s*([smhd]?)$")
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def every(value: str) -> int:
    """ "5m", "90s", "1h", "300" -> seconds."""
    match = _EVERY.match(value.strip().lower())
    if match is None or int(match.group(1)) <= 0:
        raise argparse.ArgumentTypeError(f"not an interval: {value!r} (try 5m, 90s, 1h)")
    return int(match.group(1)) * _UNITS[match.group(2)]


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "feeds",
        parents=[common],
        help="subscribe to RSS/Atom feeds and poll them",
        description="Feeds you follow. `feeds poll` fetches the feeds that are due (a "
        "conditional GET: an unchanged feed costs nothing and stores nothing); a failing feed "
        "is retried less and less often.",
        epilog="examples:\n  deskapp feeds add https://example.org/world.rss --desk europe "
        "--every 10m\n  deskapp feeds add https://example.org/es.rss --encoding cp1252\n"
        "  deskapp feeds list\n  deskapp feeds remove world\n  deskapp feeds poll --json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = p.add_subparsers(dest="feeds_command", metavar="ACTION", required=True)
    add = sub.add_parser(
        "add",
        parents=[common],
        help="follow a feed",
        description="Follow a feed.",
        epilog="examples:\n  deskapp feeds add https://example.org/world.rss --name world "
        "--desk europe --every 10m\n  deskapp feeds add https://example.org/es.rss "
        "--encoding cp1252 --json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add.add_argument("url", metavar="URL")
    add.add_argument("--name", default="", help="a name to show (default: the URL)")
    add.add_argument("--desk", help="tag every new story from this feed with this desk")
    add.add_argument(
        "--every",
        type=every,
        default=300,
        metavar="INTERVAL",
        help="how often to poll: 5m (default), 90s, 1h",
    )
    add.add_argument(
        "--encoding",
        metavar="NAME",
        help="the feed's code page (cp1252, latin-1 …) when its copy is in one "
        "it does not declare; default: read from the copy",
    )
    add.add_argument(
        "--json",
        action="store_true",
        help="print the feed as JSON, as `feeds list --json` lists it",
    )
    add.set_defaults(run=run_add)
    ls = sub.add_parser(
        "list",
        parents=[common],
        help="the feeds you follow",
        description="The feeds you follow: interval, desk, last success, items seen and new.",
        epilog="examples:\n  deskapp feeds list\n  deskapp feeds list --json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ls.add_argument("--json", action="store_true", help="print a JSON array ([] when none)")
    ls.set_defaults(run=run_list)
    rm = sub.add_parser(
        "remove",
        parents=[common],
        help="stop following a feed (its stories stay)",
        description="Stop following a feed, named by its id, its URL or its name (as "
        "`feeds list` shows them). The stories it brought in stay.",
        epilog="examples:\n  deskapp feeds remove 3\n  deskapp feeds remove world",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    rm.add_argument("feed", metavar="ID|URL|NAME")
    rm.add_argument(
        "--json",
        action="store_true",
        help="print the removed feed as JSON, as `feeds list --json` lists it",
    )
    rm.set_defaults(run=run_remove)
    poll = sub.add_parser(
        "poll",
        parents=[common],
        help="poll the feeds that are due now",
        description="Poll every feed that is due now. Exit 1 if any feed failed.",
        epilog="examples:\n  deskapp feeds poll\n  deskapp feeds poll --json --log -",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    poll.add_argument(
        "--json",
        action="store_true",
        help="print a JSON array, one object per feed polled ([] when no feed "
        "is due): feed, url, status, error, counts, stories",
    )
    poll.add_argument(
        "--log",
        metavar="FILE|-",
        help="where to log each feed's outcome with a timestamp (default: "
        "deskapp.log in the user log folder; - for stderr)",
    )
    poll.set_defaults(run=run_poll)


def run_add(cli: Cli) -> int:
    from deskapp.cli.ingest import check_encoding

    a = cli.args
    check_encoding(a.encoding)
    feed = cli.services.feeds.add(
        a.url, name=a.name, desk=cli.desk(a.desk), every_seconds=a.every, encoding=a.encoding
    )
    if a.json:
        return cli.json(feed.to_json())
    extra = [f"desk {feed.desk}"] if feed.desk else []
    extra += [f"encoding {feed.encoding}"] if feed.encoding else []
    cli.print(f"feed {feed.id}: {feed.url}" + (f" ({', '.join(extra)})" if extra else ""))
    return 0


def run_list(cli: Cli) -> int:
    feeds = cli.services.feeds.list_feeds()
    if cli.args.json:
        return cli.json([f.to_json() for f in feeds])
    if not feeds:
        cli.warn("no feeds; add one with `deskapp feeds add URL`")
    for f in feeds:
        last = f.last_success.strftime("%Y-%m-%d %H:%M") if f.last_success else "never"
        error = f"  last error: {f.last_error}" if f.last_error else ""
        encoding = f"  encoding {f.encoding}" if f.encoding else ""
        cli.print(
            f"{f.id:>4}  {f.name}  every {f.every_seconds}s  desk {f.desk or '-'}"
            f"{encoding}  last ok {last}  items {f.items_seen} seen / {f.items_new} new"
            f"{error}"
        )
    return 0


def _feed_ref(cli: Cli, given: str) -> str | int:
    """A feed's id or URL as given; else the id of the one feed of that name (a name may
    be digits: "5" is feed 5 if there is one, else the feed named "5")."""
    text = given.strip()
    feeds = cli.services.feeds.list_feeds()
    if any(str(f.id) == text or f.url == text for f in feeds):
        return text
    named = [f for f in feeds if f.name == text] or [
        f for f in feeds if f.name.casefold() == text.casefold()
    ]
    if len(named) > 1:
        ids = ", ".join(str(f.id) for f in named)
        raise CliError(f"{len(named)} feeds are named {text!r}: give the id ({ids})", EXIT_USAGE)
    return named[0].id if named else text


def run_remove(cli: Cli) -> int:
    feed = cli.services.feeds.remove(_feed_ref(cli, cli.args.feed))
    if cli.args.json:
        return cli.json(feed.to_json())
    cli.print(f"removed feed {feed.id}: {feed.url}")
    return 0


def run_poll(cli: Cli) -> int:
    cli.start_log()
    results = cli.services.feeds.poll_due()
    failed = 0
    for r in results:
        counts = ", ".join(f"{n} {k}" for k, n in r.counts.items()) or "nothing new"
        outcome = "not modified" if r.status == "not-modified" else counts
        if r.status == "error":
            cli.note(f"feed {r.feed_id} {r.url}: failed: {r.error}", "WARNING")
        else:
            cli.note(f"feed {r.feed_id} {r.url}: {outcome}")
        if r.status == "error":
            failed += 1
            cli.warn(f"{r.url}: {r.error}")
        elif not cli.args.json:
            cli.print(f"{r.url}: {outcome}")
    if cli.args.json:
        cli.json([r.to_json() for r in results])
    if not results:
        cli.note("no feeds due")
        if not cli.args.json:
            cli.warn("no feeds due")
    return EXIT_FAILED if failed else 0
