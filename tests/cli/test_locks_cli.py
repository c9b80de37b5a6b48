"""`lock`, `unlock`, `locks`: their own module, and one exit code per kind of error."""

from __future__ import annotations

import json

from deskapp.cli import build_parser


def _handler_module(command: str) -> str:
    parser = build_parser()
    args = parser.parse_args([command, "1"] if command != "locks" else [command])
    return args.run.__module__


def test_lock_commands_live_in_their_own_module():
    assert {_handler_module(c) for c in ("lock", "unlock", "locks")} == {"deskapp.cli.locks"}
    revert = build_parser().parse_args(["revert", "1", "2"])
    assert revert.run.__module__ == "deskapp.cli.revert"


def test_lock_then_locks_lists_it(cli):
    code, out, _ = cli("lock", "2")
    assert code == 0 and "locked by tester" in out
    code, out, _ = cli("locks", "--json")
    [lock] = json.loads(out)
    assert lock["story_id"] == 2 and lock["editor"] == "tester"
