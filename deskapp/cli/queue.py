"""`queue ID`, `queue list`, `queue move ID`, `unqueue ID`: the publication queue.

`queue` takes one first word: a story id queues that story; `list` (the
default) and `move` are actions. Times are typed and shown in the editor's
time zone (`timezone` in the config, else the system's) and stored in UTC.
"""

from __future__ import annotations

import argparse
import json
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any

from deskapp.cli.runtime import EXIT_USAGE, Cli, CliError, add_expect_version, story_id

if TYPE_CHECKING:
    from deskapp.services.queue import QueueEntry

USAGE = """\
deskapp queue ID [--priority N] [--embargo WHEN] [--force] [--expect-version N]
       deskapp queue [list] [--json]
       deskapp queue move ID (--to POS | --up | --down) [--expect-version N]"""

DESCRIPTION = """\
The publication queue. The first word says what to do:

  ID      queue story ID: after the others of its priority, below higher ones.
          A story needs a desk, a headline, a body and an author credit (a
          writer or a reporter); if it lacks any, nothing changes and the
          message says what is missing
          (--force queues it anyway, flagged not ready; export skips it until
          it is ready). A story the wire killed or withholds is never queued,
          even with --force. On a story already queued, sets --priority/--embargo.
  list    the queue in order: position, id, priority, embargo, readiness.
  move    move story ID to position POS (1 is the top), or one place up/down.

Priority is the wire scale: 1 flash, 2 bulletin, 3 urgent ... 6 ordinary (9 lowest).
An embargoed story stays queued and is not exported before its time."""

EPILOG = """\
examples:
  deskapp queue 12 --priority 1
  deskapp queue 12 --embargo "tomorrow 06:00"     (your time zone)
  deskapp queue 12 --embargo +2h                  two hours from now
  deskapp queue 12 --embargo 13/2                 to the end of 13 February
  deskapp queue 12 --embargo none                 lift the embargo
  deskapp queue list --json
  deskapp queue move 12 --to 1
  deskapp unqueue 12"""


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "queue", parents=[common], help="queue a story, list or reorder the queue",
        usage=USAGE, description=DESCRIPTION, epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("what", nargs="?", default="list", metavar="ID|list|move",
                   help="a story id to queue, `list` (the default) or `move`")
    p.add_argument("move_id", nargs="?", metavar="ID", help="with `move`: the story to move")
    p.add_argument("--priority", type=int, metavar="N", help="wire priority, 1 flash ... 6")
    p.add_argument("--embargo", metavar="WHEN",
                   help="hold until WHEN, e.g. 2026-11-28 06:00, 'fri 9am', +2h, 13/2 "
                   "(a day alone: its end); `none` lifts it")
    p.add_argument("--force", action="store_true",
                   help="queue even if the story is not ready (never a killed or withheld one)")
    p.add_argument("--json", action="store_true", help="with `list`: print JSON")
    p.add_argument("--to", type=int, metavar="POS", help="with `move`: the new position")
    p.add_argument("--up", action="store_true", help="with `move`: one place up")
    p.add_argument("--down", action="store_true", help="with `move`: one place down")
    add_expect_version(p)
    p.set_defaults(run=run_queue)

    p = subparsers.add_parser("unqueue", parents=[common], help="take a story out of the queue")
    p.add_argument("id", type=story_id)
    add_expect_version(p)
    p.set_defaults(run=run_unqueue)


def _usage(message: str) -> CliError:
    return CliError(f"queue: {message}", EXIT_USAGE)


def run_queue(cli: Cli) -> int:
    a = cli.args
    what = a.what.strip().lower()
    move_options = a.to is not None or a.up or a.down
    add_options = a.priority is not None or a.embargo is not None or a.force
    if what == "list":
        if a.move_id or move_options or add_options or a.expect_version is not None:
            raise _usage("`queue list` takes only --json")
        return run_list(cli)
    if what == "move":
        if a.move_id is None:
            raise _usage("`queue move` needs a story id: queue move ID --to POS")
        if sum([a.to is not None, a.up, a.down]) != 1:
            raise _usage("`queue move` needs exactly one of --to POS, --up, --down")
        if add_options or a.json:
            raise _usage("`queue move` takes --to/--up/--down and --expect-version only")
        return run_move(cli, _story_id(a.move_id))
    if a.move_id is not None or move_options or a.json:
        raise _usage(f"`queue ID` takes --priority, --embargo and --force (not {what!r} "
                     "with move or list options)")
    return run_add(cli, _story_id(a.what))


def _story_id(value: str) -> int:
    try:
        return story_id(value)
    except argparse.ArgumentTypeError as exc:
        raise _usage(f"{exc}: give a story id, `list` or `move`") from None


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


def run_add(cli: Cli, sid: int) -> int:
    a = cli.args
    queue = cli.services.queue
    story = cli.services.stories.get(sid)
    embargo_given = a.embargo is not None
    embargo = parse_embargo(cli, a.embargo) if embargo_given else None
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
        story = queue.add(sid, priority=a.priority, embargo=embargo, force=a.force,
                          expect_version=a.expect_version)
    return _say_queued(cli, story)


def _say_queued(cli: Cli, story: Any) -> int:
    from deskapp.core.queue_rules import priority_label

    zone = editor_zone(cli)
    parts = [f"story {story.id}: queued at position {cli.services.queue.position(story.id)}",
             f"priority {priority_label(story.priority)}"]
    if story.embargo_until:
        parts.append(f"embargoed until {local(story.embargo_until, zone)}")
    if story.queue_forced:
        parts.append("NOT READY (forced)")
    cli.print(", ".join(parts) + f" (version {story.version})")
    return 0


def run_move(cli: Cli, sid: int) -> int:
    a = cli.args
    story = cli.services.queue.move(sid, to=a.to, up=a.up, down=a.down,
                                    expect_version=a.expect_version)
    cli.print(f"story {story.id}: now at position {cli.services.queue.position(sid)} "
              f"(version {story.version})")
    return 0


def run_unqueue(cli: Cli) -> int:
    story = cli.services.queue.remove(cli.args.id, expect_version=cli.args.expect_version)
    cli.print(f"story {story.id}: out of the queue, now {story.status} "
              f"(version {story.version})")
    return 0


def entry_json(entry: QueueEntry, zone: tzinfo) -> dict[str, Any]:
    s = entry.summary
    return {"position": entry.position, "id": s.id, "version": s.version,
            "headline": s.headline, "desk": s.desk, "agency": s.agency or None,
            "priority": entry.priority,
            "embargo_until": entry.embargo_until.isoformat() if entry.embargo_until else None,
            "embargo_local": local(entry.embargo_until, zone) or None,
            "ready": entry.ready, "missing": list(entry.missing), "forced": entry.forced}


def run_list(cli: Cli) -> int:
    from deskapp.core.queue_rules import priority_label
    from deskapp.core.safe_text import one_line

    entries = cli.services.queue.list_entries()
    zone = editor_zone(cli)
    if cli.args.json:
        cli.out.write(json.dumps([entry_json(e, zone) for e in entries],
                                 ensure_ascii=False) + "\n")
        return 0
    if not entries:
        cli.warn("the queue is empty: `deskapp queue ID` queues a story")
        return 0
    now = cli.services.ctx.now()
    for e in entries:
        state = "ready" if e.ready else "needs " + ", ".join(m.removeprefix("a ")
                                                             for m in e.missing)
        if e.forced and not e.ready:
            state += " (forced)"
        parts = [f"{e.position:>4}", f"{e.story_id:>6}", f"p{priority_label(e.priority):<11}",
                 f"{(e.summary.desk or '-')[:12]:<12}", f"{state:<10}"]
        if e.embargoed(now):
            parts.append(f"embargo {local(e.embargo_until, zone)}")
        parts.append(one_line(e.summary.headline, 60))
        cli.print(" ".join(parts))
    return 0
