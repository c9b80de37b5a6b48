"""The soft edit locks, for scripts: `lock`, `unlock`, `locks`."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from deskapp.cli.runtime import Cli, story_id

if TYPE_CHECKING:
    from deskapp.services.locks import LockInfo


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "lock",
        parents=[common],
        help="mark a story as being edited by you",
        description="Take the story's soft edit lock (or renew your own). Others can still "
        "read it; the lock lapses 30 seconds after the last `lock` unless renewed. A live "
        "lock held by someone else exits 3 unless --take-over (recorded in the history).",
        epilog="examples:\n  deskapp lock 12\n  deskapp lock 12 --take-over --json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("id", type=story_id)
    p.add_argument(
        "--take-over", action="store_true", help="take the lock even if someone else holds it"
    )
    p.add_argument(
        "--json", action="store_true", help="print the lock as JSON, as `locks --json` lists it"
    )
    p.set_defaults(run=run_lock)

    p = subparsers.add_parser(
        "unlock",
        parents=[common],
        help="release your lock on a story",
        description="Release your own soft edit lock on a story. A story you held no lock "
        "on is said on stderr and changes nothing (exit 0); a story that does not exist "
        "exits 4.",
        epilog="example:\n  deskapp unlock 12 --json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("id", type=story_id)
    p.add_argument(
        "--json", action="store_true", help='print {"story_id": ID, "released": true|false}'
    )
    p.set_defaults(run=run_unlock)

    p = subparsers.add_parser(
        "locks",
        parents=[common],
        help="who is editing what",
        description="The live soft edit locks: who is editing which story, since when.",
        epilog="examples:\n  deskapp locks\n  deskapp locks --json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--json", action="store_true", help="print a JSON array of live locks")
    p.set_defaults(run=run_locks)


def lock_json(info: LockInfo) -> dict[str, Any]:
    return {
        "story_id": info.story_id,
        "editor": info.editor,
        "since": info.acquired_at.isoformat(),
        "heartbeat_at": info.heartbeat_at.isoformat(),
        "expires_at": info.expires_at.isoformat(),
    }


def run_lock(cli: Cli) -> int:
    info = cli.services.locks.acquire(cli.args.id, take_over=cli.args.take_over)
    if cli.args.json:
        return cli.json(lock_json(info))
    cli.print(
        f"story {info.story_id}: locked by {info.editor} until "
        f"{info.expires_at:%H:%M:%S} UTC unless renewed"
    )
    return 0


def run_unlock(cli: Cli) -> int:
    cli.services.stories.get(cli.args.id)  # no such story: exit 4, as for `lock`
    released = cli.services.locks.release(cli.args.id)
    if cli.args.json:
        return cli.json({"story_id": cli.args.id, "released": released})
    if released:
        cli.print(f"story {cli.args.id}: unlocked")
    else:
        cli.warn(f"story {cli.args.id}: you held no lock on it; nothing changed")
    return 0


def run_locks(cli: Cli) -> int:
    locks = sorted(cli.services.locks.live_locks().values(), key=lambda i: i.story_id)
    if cli.args.json:
        return cli.json([lock_json(i) for i in locks])
    if not locks:
        cli.warn("nobody is editing a story")
    for i in locks:
        cli.print(f"{i.story_id:>6}  {i.editor:<20} since {i.acquired_at:%Y-%m-%d %H:%M:%S} UTC")
    return 0
