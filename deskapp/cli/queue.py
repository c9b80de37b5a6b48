"""`queue add|list|move|remove`, and `unqueue ID`: the publication queue.

`queue ID` is short for `queue add ID` and `queue` alone for `queue list`
(see `SHORTHANDS` in deskapp/cli/__init__.py). Times are typed and shown in the
editor's time zone (`timezone` in the config, else the system's) and stored in UTC.
"""

from __future__ import annotations

import argparse
import json
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any

from deskapp.cli.runtime import (
    EXIT_USAGE,
    EXPECT_VERSION_HELP,
    JSON_STORY_HELP,
    Cli,
    CliError,
    story_id,
)

if TYPE_CHECKING:
    from deskapp.services.queue import QueueEntry

DESCRIPTION = """\
The publication queue.

  add ID     queue story ID: after the others of its priority, below higher ones.
             A story needs a desk, a headline, a body and an author credit (a
             writer or a reporter); if it lacks any, nothing changes and the
             message says what is missing (--force queues it anyway, flagged
             not ready; export skips it until it is ready). A story the wire
             killed or withholds is never queued, even with --force. On a story
             already queued, sets --priority/--embargo.
  list       the queue in order: position, id, priority, embargo, readiness.
  move ID    move story ID to position POS (1 is the top), or one place up/down.
  remove ID  take story ID out of the queue (the same as `deskapp unqueue ID`).

`deskapp queue ID` is short for `queue add ID`, and `deskapp queue` alone for
`queue list`. Priority is the wire scale: 1 flash, 2 bulletin, 3 urgent ...
6 ordinary (9 lowest). An embargoed story stays queued and is not exported
before its time."""

EPILOG = """\
examples:
  deskapp queue add 12 --priority 1
  deskapp queue 12 --embargo "tomorrow 06:00"     (your time zone)
  deskapp queue 12 --embargo +2h                  two hours from now
  deskapp queue 12 --embargo 13/2                 to the end of 13 February
  deskapp queue 12 --embargo none                 lift the embargo
  deskapp queue list --json
  deskapp queue move 12 --to 1
  deskapp queue remove 12"""

# Every action parses every queue option (hidden where it does not belong), so that
# a misplaced one is a one-line usage error naming the action, as it always was.
_OPTIONS: dict[str, tuple[tuple[str, ...], dict[str, Any]]] = {
    "priority": (
        ("--priority",),
        {"type": int, "metavar": "N", "help": "wire priority, 1 flash ... 6 ordinary (9 lowest)"},
    ),
    "embargo": (
        ("--embargo",),
        {
            "metavar": "WHEN",
            "help": "hold until WHEN, e.g. 2026-11-28 06:00, 'fri 9am', "
            "+2h, 13/2 (a day alone: its end); `none` lifts it",
        },
    ),
    "force": (
        ("--force",),
        {
            "action": "store_true",
            "help": "queue even if the story is not ready (never a killed or withheld one)",
        },
    ),
    "to": (("--to",), {"type": int, "metavar": "POS", "help": "the new position (1 is the top)"}),
    "up": (("--up",), {"action": "store_true", "help": "one place up"}),
    "down": (("--down",), {"action": "store_true", "help": "one place down"}),
    "expect_version": (
        ("--expect-version",),
        {"type": int, "metavar": "N", "help": EXPECT_VERSION_HELP},
    ),
    "json": (("--json",), {"action": "store_true", "help": JSON_STORY_HELP}),
}

_ACTIONS: dict[str, tuple[str, str, tuple[str, ...], str]] = {
    # action: (help, positional metavar or "", options shown, example)
    "add": (
        "queue a story, or set its priority or embargo",
        "ID",
        ("priority", "embargo", "force", "expect_version", "json"),
        "examples:\n  deskapp queue add 12 --priority 1\n"
        '  deskapp queue add 12 --embargo "fri 9am" --json',
    ),
    "list": (
        "the queue in order",
        "",
        ("json",),
        "examples:\n  deskapp queue list\n  deskapp queue list --json | jq '.[0].id'",
    ),
    "move": (
        "move a queued story to another position",
        "ID",
        ("to", "up", "down", "expect_version", "json"),
        "examples:\n  deskapp queue move 12 --to 1\n  deskapp queue move 12 --down",
    ),
    "remove": (
        "take a story out of the queue",
        "ID",
        ("expect_version", "json"),
        "example:\n  deskapp queue remove 12",
    ),
}


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    group = subparsers.add_parser(
        "queue",
        parents=[common],
        help="queue a story, list, reorder or unqueue",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = group.add_subparsers(dest="queue_command", metavar="ACTION", required=True)
    runs = {"add": run_add, "list": run_list, "move": run_move, "remove": run_remove}
    for action, (text, positional, shown, example) in _ACTIONS.items():
        p = sub.add_parser(
            action,
            parents=[common],
            help=text,
            description=text[0].upper() + text[1:] + ".",
            epilog=example,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        if positional:
            p.add_argument("id", nargs="?", metavar="ID", help="the story")
        p.add_argument("extra", nargs="*", help=argparse.SUPPRESS)
        for key, (flags, kwargs) in _OPTIONS.items():
            if key not in shown:
                kwargs = {**kwargs, "help": argparse.SUPPRESS}
            elif (action, key) == ("list", "json"):
                kwargs = {**kwargs, "help": "print a JSON array of queue entries"}
            p.add_argument(*flags, **kwargs)
        p.set_defaults(run=runs[action], action_options=shown)

    p = subparsers.add_parser(
        "unqueue",
        parents=[common],
        help="take a story out of the queue",
        description="Take a story out of the queue (the same as `deskapp queue remove ID`).",
        epilog="example:\n  deskapp unqueue 12 --json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("id", type=story_id, metavar="ID", help="the story")
    p.add_argument("--expect-version", type=int, metavar="N", help=EXPECT_VERSION_HELP)
    p.add_argument("--json", action="store_true", help=JSON_STORY_HELP)
    p.set_defaults(run=run_unqueue)


def _usage(message: str) -> CliError:
    return CliError(f"queue: {message}", EXIT_USAGE)


_SAID = {
    "priority": "--priority",
    "embargo": "--embargo",
    "force": "--force",
    "to": "--to",
    "up": "--up",
    "down": "--down",
    "expect_version": "--expect-version",
    "json": "--json",
}


def _only_own_options(cli: Cli, action: str) -> None:
    """A usage error (exit 2) for an option or word that belongs to another action."""
    a = cli.args
    given = [key for key in _OPTIONS if getattr(a, key) not in (None, False)]
    foreign = [key for key in given if key not in a.action_options]
    if a.extra or foreign:
        allowed = ", ".join(_SAID[k] for k in a.action_options)
        what = " ".join(a.extra) or _SAID[foreign[0]]
        raise _usage(
            f"`queue {action}` takes {'one story id and ' if action != 'list' else ''}"
            f"{allowed} only, not {what!r}"
        )


def _story_id(value: str | None, action: str) -> int:
    if value is None:
        raise _usage(f"`queue {action}` needs a story id: queue {action} ID")
    try:
        return story_id(value)
    except argparse.ArgumentTypeError as exc:
        raise _usage(f"{exc}: give a story id, or one of add, list, move, remove") from None


def editor_zone(cli: Cli) -> tzinfo:
    from deskapp.core.queue_rules import editor_zone as zone_for

    try:
        return zone_for(cli.settings.timezone)
    except ValueError as exc:
        raise CliError(str(exc), 1) from None


def parse_embargo(cli: Cli, text: str) -> datetime | None:
    """`none` lifts the embargo; otherwise WHEN in the editor's zone, read as the desk reads it
    (a day alone holds the story to the end of that day)."""
    if text.strip().lower() in ("none", "off", "no"):
        return None
    from deskapp.services.errors import InvalidInput

    try:
        return cli.services.notes.when(text)
    except InvalidInput as exc:
        raise CliError(f"--embargo: {exc}", 1) from None


def local(when: datetime | None, zone: tzinfo) -> str:
    return f"{when.astimezone(zone):%Y-%m-%d %H:%M %Z}".strip() if when else ""


def run_add(cli: Cli) -> int:
    a = cli.args
    _only_own_options(cli, "add")
    sid = _story_id(a.id, "add")
    queue = cli.services.queue
    story = cli.services.stories.get(sid)
    embargo_given = a.embargo is not None
    embargo = parse_embargo(cli, a.embargo) if embargo_given else None
    published = story.exported_at if story.status == "published" else None
    if story.status == "queued":
        if a.priority is None and not embargo_given:
            raise CliError(f"story {sid} is already queued, at position {queue.position(sid)}", 1)
        version = a.expect_version
        if a.priority is not None:
            story = queue.set_priority(sid, a.priority, expect_version=version)
            version = story.version if version is not None else None
        if embargo_given:
            story = queue.set_embargo(sid, embargo, expect_version=version)
    else:
        story = queue.add(
            sid,
            priority=a.priority,
            embargo=embargo,
            force=a.force,
            expect_version=a.expect_version,
        )
    if story.wire_pending:  # published now, the desk's copy lacks what the wire sent since
        cli.warn(f"story {sid}: {cli.services.versions.waiting(sid)}")
    if a.json:
        return cli.story_json(story)
    return _say_queued(cli, story, published)


def _say_queued(cli: Cli, story: Any, published: datetime | None = None) -> int:
    from deskapp.core.queue_rules import priority_label

    zone = editor_zone(cli)
    parts = [
        f"story {story.id}: queued at position {cli.services.queue.position(story.id)}",
        f"priority {priority_label(story.priority)}",
    ]
    if story.embargo_until:
        parts.append(f"embargoed until {local(story.embargo_until, zone)}")
    if story.queue_forced:
        parts.append("NOT READY (forced)")
    if published is not None:  # queued again: say what the next export does with it
        parts.append(
            f"published before ({local(published, zone)}): the next export writes it again"
        )
    cli.print(", ".join(parts) + f" (version {story.version})")
    return 0


def run_move(cli: Cli) -> int:
    a = cli.args
    _only_own_options(cli, "move")
    sid = _story_id(a.id, "move")
    if sum([a.to is not None, a.up, a.down]) != 1:
        raise _usage("`queue move` needs exactly one of --to POS, --up, --down")
    story = cli.services.queue.move(
        sid, to=a.to, up=a.up, down=a.down, expect_version=a.expect_version
    )
    if a.json:
        return cli.story_json(story)
    cli.print(
        f"story {story.id}: now at position {cli.services.queue.position(sid)} "
        f"(version {story.version})"
    )
    return 0


def run_remove(cli: Cli) -> int:
    _only_own_options(cli, "remove")
    return _unqueue(cli, _story_id(cli.args.id, "remove"))


def run_unqueue(cli: Cli) -> int:
    return _unqueue(cli, cli.args.id)


def _unqueue(cli: Cli, sid: int) -> int:
    story = cli.services.queue.remove(sid, expect_version=cli.args.expect_version)
    if cli.args.json:
        return cli.story_json(story)
    cli.print(f"story {story.id}: out of the queue, now {story.status} (version {story.version})")
    return 0


def entry_json(entry: QueueEntry, zone: tzinfo) -> dict[str, Any]:
    s = entry.summary
    return {
        "position": entry.position,
        "id": s.id,
        "version": s.version,
        "headline": s.headline,
        "desk": s.desk,
        "agency": s.agency or None,
        "priority": entry.priority,
        "embargo_until": entry.embargo_until.isoformat() if entry.embargo_until else None,
        "embargo_local": local(entry.embargo_until, zone) or None,
        "ready": entry.ready,
        "missing": list(entry.missing),
        "forced": entry.forced,
    }


def run_list(cli: Cli) -> int:
    from deskapp.core.queue_rules import priority_label
    from deskapp.core.safe_text import one_line

    _only_own_options(cli, "list")
    entries = cli.services.queue.list_entries()
    zone = editor_zone(cli)
    if cli.args.json:
        cli.out.write(json.dumps([entry_json(e, zone) for e in entries], ensure_ascii=False) + "\n")
        return 0
    if not entries:
        cli.warn("the queue is empty: `deskapp queue add ID` queues a story")
        return 0
    now = cli.services.ctx.now()
    for e in entries:
        state = (
            "ready" if e.ready else "needs " + ", ".join(m.removeprefix("a ") for m in e.missing)
        )
        if e.forced and not e.ready:
            state += " (forced)"
        parts = [
            f"{e.position:>4}",
            f"{e.story_id:>6}",
            f"p{priority_label(e.priority):<11}",
            f"{(e.summary.desk or '-')[:12]:<12}",
            f"{state:<10}",
        ]
        if e.embargoed(now):
            parts.append(f"embargo {local(e.embargo_until, zone)}")
        parts.append(one_line(e.summary.headline, 60))
        cli.print(" ".join(parts))
    return 0
