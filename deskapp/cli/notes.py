"""`deskapp note add|edit|resolve|reopen` (follow-up notes) and `deskapp suggest ID`.

`note STORY_ID TEXT` is short for `note add STORY_ID TEXT` (SHORTHANDS in cli/__init__.py).
"""

from __future__ import annotations

import argparse
import json
from datetime import datetime
from typing import TYPE_CHECKING, Any

from deskapp.cli.runtime import EXIT_NOT_FOUND, EXIT_USAGE, Cli, CliError, add_expect_version
from deskapp.cli.runtime import story_id as parse_story_id

if TYPE_CHECKING:
    from deskapp.core.followup_rules import Suggestion
    from deskapp.core.story import Note, Story

ACTIONS = ("edit", "resolve", "reopen")
WHEN_HELP = (
    "due date: today, tomorrow, fri, next monday, next week, in 3 days, +2d, +2h, "
    '+30m, noon, eod, feb 13, 13/2 (day/month unless config date_order = "mdy"), '
    "2026-03-02, optionally with a time: tomorrow 15:00, monday 9:00, fri noon. "
    "A day alone means by the end of that day. A due in the past is refused "
    "(asked on a terminal) unless --allow-past"
)

NOTE_DESCRIPTION = """\
Follow-up notes on stories.

  add STORY_ID TEXT [--due WHEN]       add a note to a story
  edit NOTE_ID [TEXT] [--due WHEN]     change a note's text and/or due
                                       (--due none clears the due)
  resolve NOTE_ID                      mark a note done (it stays on the story)
  reopen NOTE_ID                       put a resolved note back on the board

`deskapp note STORY_ID TEXT` is short for `note add STORY_ID TEXT`. A note id is
shown by `deskapp show STORY_ID` and `deskapp followups`. Every change is
recorded in the story's history; a note is never deleted. With --json each
action prints the note as `show --json` lists it, with "story": {id, version}.
"""

NOTE_EPILOG = """\
examples:
  deskapp note add 12 "call the ministry back" --due "mon 10:00"
  deskapp note 12 "check the toll" --due +2h
  deskapp note edit 7 --due fri
  deskapp note edit 7 --due 2020-01-01 --allow-past     a due already gone by
  deskapp note resolve 7 --json

WHEN forms: see docs/followups.md.
"""

NOTE_JSON_HELP = 'print the note as JSON, as `show --json` lists it, with "story": {id, version}'

_NOTE_ACTIONS_HELP = {
    # action: (help, first positional, words help, example)
    "add": (
        "add a follow-up note to a story",
        "STORY_ID",
        "the note text",
        'examples:\n  deskapp note add 12 "call the ministry back" --due "mon 10:00"\n'
        '  deskapp note 12 "check the toll" --due +2h      (short for note add)',
    ),
    "edit": (
        "change a note's text and/or due",
        "NOTE_ID",
        "the new text",
        "examples:\n  deskapp note edit 7 --due fri\n  deskapp note edit 7 --due none"
        '\n  deskapp note edit 7 "call the press office" --json',
    ),
    "resolve": (
        "mark a note done (it stays on the story)",
        "NOTE_ID",
        "",
        "example:\n  deskapp note resolve 7",
    ),
    "reopen": (
        "put a resolved note back on the board",
        "NOTE_ID",
        "",
        "example:\n  deskapp note reopen 7",
    ),
}


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    group = subparsers.add_parser(
        "note",
        parents=[common],
        help="add, edit, resolve or reopen a follow-up note",
        description=NOTE_DESCRIPTION,
        epilog=NOTE_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = group.add_subparsers(dest="note_command", metavar="ACTION", required=True)
    for action, (text, first, words, example) in _NOTE_ACTIONS_HELP.items():
        p = sub.add_parser(
            action,
            parents=[common],
            help=text,
            description=text[0].upper() + text[1:] + ".",
            epilog=example,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        p.add_argument(
            "target",
            nargs="?",
            metavar=first,
            help="the story" if first == "STORY_ID" else "the note",
        )
        p.add_argument(
            "words",
            nargs="*",
            metavar="TEXT" if words else "WORDS",
            help=words or argparse.SUPPRESS,
        )
        changes_due = action in ("add", "edit")
        p.add_argument(
            "--due", metavar="WHEN", help=WHEN_HELP if changes_due else argparse.SUPPRESS
        )
        p.add_argument(
            "--allow-past",
            action="store_true",
            help="accept a due that has already gone by, without asking"
            if changes_due
            else argparse.SUPPRESS,
        )
        add_expect_version(p)
        p.add_argument("--json", action="store_true", help=NOTE_JSON_HELP)
        p.set_defaults(run=run_note, note_action=action)

    p = subparsers.add_parser(
        "suggest",
        parents=[common],
        help="follow-ups suggested from a story's copy",
        description="Follow-ups the story's text suggests: future events with a date, and "
        "open questions (a date said to be unclear, did not say when, declined to comment). "
        'Month-only plans ("in March") are tentative and shown with --tentative.',
        epilog="examples:\n  deskapp suggest 12\n  deskapp suggest 12 --accept 1\n"
        "  deskapp suggest 12 --all",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("id", type=parse_story_id)
    group = p.add_mutually_exclusive_group()
    group.add_argument(
        "--accept",
        type=int,
        action="append",
        metavar="N",
        help="add suggestion N (as listed) as a note; repeatable",
    )
    group.add_argument("--all", action="store_true", help="add every suggestion as a note")
    p.add_argument(
        "--tentative",
        action="store_true",
        help="include month-only plans (due on the 1st of the month)",
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    add_expect_version(p)
    p.set_defaults(run=run_suggest)


def run_note(cli: Cli) -> int:
    a = cli.args
    if a.note_action != "add":
        if a.target is None:
            raise CliError(f"note {a.note_action}: give the note id", EXIT_USAGE)
        note_id = _number(a.target, "note id")
        return _NOTE_ACTIONS[a.note_action](cli, note_id, a.words)
    if a.target is None:
        raise CliError("note add: give the story id and the note text", EXIT_USAGE)
    target = a.target.strip().lower()
    if not target.isdigit():
        raise CliError(
            f"note: {a.target!r} is neither a story id nor one of {', '.join(ACTIONS)}", EXIT_USAGE
        )
    story_id = _number(target, "story id")
    text = " ".join(a.words).strip()
    if not text:
        raise CliError("note: give the note text after the story id", EXIT_USAGE)
    due = read_due(cli, a.due) if a.due else None
    story, note = cli.services.notes.add(story_id, text, due=due, expect_version=a.expect_version)
    if a.json:
        return _note_out(cli, story, note)
    cli.print(
        f"story {story.id}: note {note.id} added{_due_text(cli, note)} (version {story.version})"
    )
    return 0


def _note_out(cli: Cli, story: Story, note: Note) -> int:
    from deskapp.cli.render import note_json

    return cli.json({**note_json(note), "story": {"id": story.id, "version": story.version}})


def _edit(cli: Cli, note_id: int, words: list[str]) -> int:
    from deskapp.services.notes import KEEP

    a = cli.args
    text = " ".join(words).strip() or None
    if text is None and a.due is None:
        raise CliError(
            "note edit: give new text and/or --due WHEN (--due none clears it)", EXIT_USAGE
        )
    due: Any = KEEP
    if a.due is not None:
        due = None if a.due.strip().lower() in ("none", "clear", "-") else read_due(cli, a.due)
    before = cli.services.notes.get(note_id)
    story, note = cli.services.notes.edit(
        note_id, text=text, due=due, expect_version=a.expect_version
    )
    if a.json:
        return _note_out(cli, story, note)
    if (note.text, note.due) == (before.text, before.due):
        cli.print(f"note {note_id}: unchanged (story {story.id} version {story.version})")
    else:
        cli.print(
            f"note {note_id} edited{_due_text(cli, note)} "
            f"(story {story.id} version {story.version})"
        )
    return 0


def _resolve(cli: Cli, note_id: int, words: list[str]) -> int:
    _no_extra(cli, "resolve", words)
    story, note = cli.services.notes.resolve(note_id, expect_version=cli.args.expect_version)
    if cli.args.json:
        return _note_out(cli, story, note)
    cli.print(f"note {note_id} resolved (story {story.id} version {story.version})")
    return 0


def _reopen(cli: Cli, note_id: int, words: list[str]) -> int:
    _no_extra(cli, "reopen", words)
    story, note = cli.services.notes.reopen(note_id, expect_version=cli.args.expect_version)
    if cli.args.json:
        return _note_out(cli, story, note)
    cli.print(
        f"note {note_id} reopened{_due_text(cli, note)} (story {story.id} version {story.version})"
    )
    return 0


_NOTE_ACTIONS = {"edit": _edit, "resolve": _resolve, "reopen": _reopen}


def _no_extra(cli: Cli, action: str, words: list[str]) -> None:
    if words:
        raise CliError(f"note {action} takes only a note id, not {' '.join(words)!r}", EXIT_USAGE)
    if cli.args.due is not None:
        raise CliError(
            f"note {action} takes no --due (use note edit NOTE_ID --due WHEN)", EXIT_USAGE
        )


def _number(value: str, what: str) -> int:
    if not value.isdigit() or int(value) <= 0:
        raise CliError(f"not a {what}: {value!r}", EXIT_USAGE)
    return int(value)


def read_due(cli: Cli, text: str) -> datetime:
    """A due as the desk reads it; one already gone by is asked about on a terminal and
    refused (exit 2) elsewhere, unless --allow-past."""
    from deskapp.core.when import format_due, is_past

    due = cli.services.notes.when(text)
    if not is_past(due, cli.services.ctx.now()) or getattr(cli.args, "allow_past", False):
        return due
    shown = format_due(due, cli.services.notes.zone())
    if cli.interactive():
        answer = cli.ask(f"due {shown} ({text!r}) has already gone by. Keep it? [y/N] ")
        if answer.strip().lower() in ("y", "yes"):
            return due
        raise CliError("nothing changed", EXIT_USAGE)
    raise CliError(
        f"--due {text!r} is {shown}, already gone by; nothing changed (--allow-past keeps it)",
        EXIT_USAGE,
    )


def _due_text(cli: Cli, note: Note) -> str:
    from deskapp.core.when import format_due

    return f", due {format_due(note.due, cli.services.notes.zone())}" if note.due else ""


def run_suggest(cli: Cli) -> int:
    a = cli.args
    notes = cli.services.notes
    found = notes.suggestions(a.id, tentative=a.tentative)
    if a.accept or a.all:
        chosen = found if a.all else [_pick(found, n, a.id) for n in dict.fromkeys(a.accept)]
        if not chosen:
            cli.warn(f"story {a.id}: no suggestions to accept")
            return 0
        accepted = notes.accept_suggestions(a.id, chosen, expect_version=a.expect_version)
        if a.json:
            from deskapp.cli.render import note_json

            cli.out.write(
                json.dumps([note_json(n) for _s, n in accepted], ensure_ascii=False) + "\n"
            )
            return 0
        for story, note in accepted:
            cli.print(f"story {story.id}: note {note.id} added{_due_text(cli, note)}: {note.text}")
        return 0
    if a.json:
        cli.out.write(
            json.dumps([_suggestion_json(i, s) for i, s in enumerate(found, 1)], ensure_ascii=False)
            + "\n"
        )
        return 0
    if not found:
        cli.warn(f"story {a.id}: no follow-ups suggested")
        return 0
    for number, s in enumerate(found, 1):
        due = f"due {s.due:%a %Y-%m-%d}" if s.due else "no date"
        mark = " (tentative)" if s.tentative else ""
        cli.print(f"{number:>2}. [{due}] {s.text}{mark}  <{s.rule}>")
    return 0


def _pick(found: list[Suggestion], number: int, story_id: int) -> Suggestion:
    if not 1 <= number <= len(found):
        raise CliError(
            f"story {story_id} has no suggestion {number} (it has {len(found)})", EXIT_NOT_FOUND
        )
    return found[number - 1]


def _suggestion_json(number: int, s: Suggestion) -> dict[str, Any]:
    return {
        "n": number,
        "text": s.text,
        "due": s.due.isoformat() if s.due else None,
        "rule": s.rule,
        "tentative": s.tentative,
        "evidence": s.evidence,
    }
