"""`versions`: a story's wire versions, what changed between two, and settling a held update."""

from __future__ import annotations

import argparse
import os
from typing import TYPE_CHECKING

from deskapp.cli.runtime import Cli, add_expect_version, story_id
from deskapp.core.safe_text import visible

if TYPE_CHECKING:
    from deskapp.core.copy_diff import Piece
    from deskapp.core.wire_versions import Timeline, VersionDiff, WireVersion

_MARKS = {"-": ("[-", "-]"), "+": ("{+", "+}")}
_COLOURS = {"-": ("\x1b[9;31m", "\x1b[0m"), "+": ("\x1b[4;32m", "\x1b[0m")}  # struck, underlined


def _version(value: str) -> int:
    """A version number, or `desk` (0) for the desk's copy as it is now."""
    if value.lower() in ("desk", "current", "0"):
        return 0
    if value.isdigit() and int(value) > 0:
        return int(value)
    raise argparse.ArgumentTypeError(f"not a version: {value!r} (a number, or desk)")


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "versions",
        parents=[common],
        help="a story's wire versions; what changed; settle a held update",
        description="List every version of a story as the wire sent it (the agency's label, "
        "when it came, words gained or lost), or show what changed between two of them, word "
        "by word (on a terminal removed text is struck and red, added underlined and green; "
        "elsewhere [-removed-] and {+added+}). `desk` stands for the story's copy as the desk "
        "has it now. When the wire updated copy an editor had changed, the update waits: "
        "--take puts the wire's headline and body in, --keep keeps the editor's (a paragraph "
        "by paragraph merge is `V` on the desk). Either is undone with `deskapp undo ID`.",
        epilog="examples:\n"
        "  deskapp versions 12                 the timeline\n"
        "  deskapp versions 12 --diff 1 2      what the first update changed\n"
        "  deskapp versions 12 --diff 3 desk   the wire's latest against the desk's text\n"
        "  deskapp versions 12 --take          the waiting wire text replaces the desk's",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("id", type=story_id)
    act = p.add_mutually_exclusive_group()
    act.add_argument(
        "--diff", nargs=2, type=_version, metavar=("A", "B"), help="what changed from A to B"
    )
    act.add_argument("--take", action="store_true", help="take the waiting wire version's text")
    act.add_argument("--keep", action="store_true", help="keep the desk's text over it")
    add_expect_version(p)
    p.add_argument(
        "--json",
        action="store_true",
        help="JSON: the timeline, the diff's pieces, or (--take/--keep) the story as `show`",
    )
    p.set_defaults(run=run_versions)


def run_versions(cli: Cli) -> int:
    a = cli.args
    versions = cli.services.versions
    if a.take or a.keep:
        settle = versions.take if a.take else versions.keep
        story = settle(a.id, expect_version=a.expect_version)
        if a.json:
            return cli.story_json(story)
        what = "the wire's text taken" if a.take else "the desk's text kept"
        cli.print(f"story {story.id}: {what} (version {story.version})")
        return 0
    if a.diff:
        diff = versions.diff(a.id, *a.diff)
        if a.json:
            return cli.json(diff.to_json())
        _print_diff(cli, diff)
        return 0
    timeline = versions.timeline(a.id)
    if a.json:
        return cli.json(timeline.to_json())
    _print_timeline(cli, timeline)
    return 0


def _print_timeline(cli: Cli, timeline: Timeline) -> None:
    for v in timeline.versions:
        when = v.received_at.strftime("%Y-%m-%d %H:%M") if v.received_at else "-"
        change = timeline.size_change(v.n)
        size = f"{change:+d} words" if v.n > 1 else f"{v.words} words"
        marks = []
        if v.n == timeline.base:
            marks.append("desk's base" + (", edited" if timeline.edited else ""))
        if v.n == timeline.pending:
            marks.append("waiting: --take or --keep")
        tail = f"  ({'; '.join(marks)})" if marks else ""
        cli.print(f"{v.n:>3}  {v.label or '-':<18} {when:<16} {size:>12}  {v.headline}{tail}")


def _coloured() -> bool:
    return not (os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb")


def _pieces(cli: Cli, pieces: list[Piece]) -> str:
    styles = _COLOURS if cli.out.isatty() and _coloured() else _MARKS
    out = []
    for op, text in pieces:
        shown = visible(text)
        out.append(shown if op == "=" else f"{styles[op][0]}{shown}{styles[op][1]}")
    return "".join(out)


def _print_diff(cli: Cli, diff: VersionDiff) -> None:
    def name(v: WireVersion) -> str:
        return "desk" if v.n == 0 else f"{v.n} {v.label}".strip()

    cli.out.write(f"{visible(name(diff.old))} → {visible(name(diff.new))}\n")
    cli.out.write(f"headline: {_pieces(cli, diff.headline)}\n\n")
    cli.out.write(_pieces(cli, diff.body) + "\n")
    extra = [f"credit added: {c.role} {c.name}" for c in diff.credits_added]
    extra += [f"credit removed: {c.role} {c.name}" for c in diff.credits_removed]
    extra += list(diff.lines)
    if extra:
        cli.out.write("\n")
    for line in extra:
        cli.print(line)
