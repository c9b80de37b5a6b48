"""The soft edit locks, for scripts: `lock`, `unlock`, `locks`."""

from __future__ import annotations

import argparse
import json

from deskapp.cli.runtime import Cli, story_id


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "lock", parents=[common], help="mark a story as being edited by you",
        description="Take the story's soft edit lock (or renew your own). Others can still "
        "read it; the lock lapses 30 seconds after the last `lock` unless renewed. A live "
        "lock held by someone else exits 3 unless --take-over (recorded in the history).",
    )
    p.add_argument("id", type=story_id)
    p.add_argument("--take-over", action="store_true",
                   help="take the lock even if someone else holds it")
    p.set_defaults(run=run_lock)

    p = subparsers.add_parser("unlock", parents=[common], help="release your lock on a story")
    p.add_argument("id", type=story_id)
    p.set_defaults(run=run_unlock)

    p = subparsers.add_parser("locks", parents=[common], help="who is editing what")
    p.add_argument("--json", action="store_true", help="print a JSON array of live locks")
    p.set_defaults(run=run_locks)


def run_lock(cli: Cli) -> int:
    info = cli.services.locks.acquire(cli.args.id, take_over=cli.args.take_over)
    cli.print(f"story {info.story_id}: locked by {info.editor} until "
              f"{info.expires_at:%H:%M:%S} UTC unless renewed")
    return 0


def run_unlock(cli: Cli) -> int:
    if cli.services.locks.release(cli.args.id):
        cli.print(f"story {cli.args.id}: unlocked")
    else:
        cli.warn(f"story {cli.args.id}: you held no lock on it; nothing changed")
    return 0


def run_locks(cli: Cli) -> int:
    locks = sorted(cli.services.locks.live_locks().values(), key=lambda i: i.story_id)
    if cli.args.json:
        cli.out.write(json.dumps([
            {"story_id": i.story_id, "editor": i.editor, "since": i.acquired_at.isoformat(),
             "heartbeat_at": i.heartbeat_at.isoformat(), "expires_at": i.expires_at.isoformat()}
            for i in locks], ensure_ascii=False) + "\n")
        return 0
    if not locks:
        cli.warn("nobody is editing a story")
    for i in locks:
        cli.print(f"{i.story_id:>6}  {i.editor:<20} since {i.acquired_at:%Y-%m-%d %H:%M:%S} UTC")
    return 0
