"""The `deskapp` command line. Headless commands never import Textual.

Each command group lives in its own module with a `register(subparsers)`
function; the module's handlers take a `Cli` and return an exit code.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import TextIO

from deskapp import __version__
from deskapp.cli.helpfmt import DeskParser
from deskapp.cli.runtime import EXIT_USAGE, Cli, CliError

# Modules that add subcommands, in the order `--help` lists them.
COMMAND_MODULES = (
    "deskapp.cli.init",
    "deskapp.cli.ingest",
    "deskapp.cli.stories",
    "deskapp.cli.clusters",
    "deskapp.cli.notes",
    "deskapp.cli.followups",
    "deskapp.cli.queue",
    "deskapp.cli.export",
    "deskapp.cli.feeds",
    "deskapp.cli.watch",
    "deskapp.cli.revert",
    "deskapp.cli.versions",
    "deskapp.cli.locks",
    "deskapp.cli.archive",
    "deskapp.cli.admin",
    "deskapp.cli.completion",
    "deskapp.cli.doctor",
)

DESCRIPTION = """\
Deskapp: a keyboard-driven newsroom desk for wire copy.

Run `deskapp` alone to open the desk (the TUI). The commands below do the same
work from scripts: every one reads and writes the same database.
"""

EPILOG = """\
examples:
  deskapp ingest samples/                 take in a folder of wire copy
  deskapp list --status inbox --limit 20  the newest wire
  deskapp show 12                         read a story
  deskapp desk 12 europe                  tag it for the Europe desk
  deskapp credit 12 --writer "Ana Lima"   add a writer credit
  deskapp note add 12 "call the ministry" --due 2026-03-02
  deskapp queue add 12 --priority 1       queue it for publication
  deskapp --db postgresql://desk@dbhost/newsroom list    work on the shared newsroom
  deskapp doctor                          check the config, database and versions
  deskapp completion bash > ~/.local/share/bash-completion/completions/deskapp

database: --db URL or a file path, else $DESKAPP_DB, else `db` in the config file,
else a SQLite file in the user data folder. exit codes: 0 ok, 1 an input or source
failed, 2 usage (a bad option or id, an unknown desk or encoding), 3 conflict (the
story changed since --expect-version; nothing applied), 4 not found, 5 not
permitted (your login's role on a PostgreSQL desk may not do this).
"""


def _docs_line() -> str:
    from deskapp.cli.runtime import docs_dir

    folder = docs_dir()
    if folder is None:
        return ""
    names = ", ".join(sorted(p.stem for p in folder.glob("*.md")))
    return f"\ndocs ({names}):\n  {folder}\n"


def _global_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
    default = None if top else argparse.SUPPRESS
    parser.add_argument(
        "--db",
        metavar="URL",
        default=default,
        help="database URL (postgresql+psycopg://...) or SQLite file path",
    )
    parser.add_argument(
        "--as",
        dest="acting_editor",
        metavar="NAME",
        default=default,
        help="the acting editor (default: config `editor`, else your login); "
        "on a PostgreSQL desk with roles you are your database login, and "
        "only an admin may use --as",
    )
    parser.add_argument(
        "--debug",
        action="store_true",
        default=False if top else argparse.SUPPRESS,
        help="write the traceback of an unexpected error to the log file (also DESKAPP_DEBUG=1)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = DeskParser(
        prog="deskapp",
        description=DESCRIPTION,
        epilog=EPILOG + _docs_line(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"deskapp {__version__}")
    _global_options(parser, top=True)
    common = argparse.ArgumentParser(add_help=False)
    _global_options(common, top=False)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers, common)
    return parser


# Commands whose action word may be left out, as they were typed before they had
# actions: (the action a story id stands for, the action when there is no word at all).
# `deskapp queue 12` is `deskapp queue add 12`; `deskapp queue` is `deskapp queue list`;
# `deskapp note 12 TEXT` is `deskapp note add 12 TEXT`.
SHORTHANDS: dict[str, tuple[str, str | None]] = {
    "queue": ("add", "list"),
    "note": ("add", None),
    "cluster": ("show", None),
}


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _value_options(*parsers: argparse.ArgumentParser) -> set[str]:
    """Option strings that take a value (`--db URL`): the word after them is not a command."""
    return {
        flag
        for p in parsers
        for action in p._actions
        if action.option_strings and action.nargs != 0
        for flag in action.option_strings
    }


def _first_word(words: Sequence[str], takes_value: set[str]) -> int | None:
    """The index of the first word that is not an option or an option's value."""
    skip = False
    for index, word in enumerate(words):
        if skip:
            skip = False
        elif word == "--":
            return index + 1 if index + 1 < len(words) else None
        elif word.startswith("-") and not word[1:].isdigit():
            skip = word in takes_value
        else:
            return index
    return None


def expand_shorthand(parser: argparse.ArgumentParser, argv: Sequence[str]) -> list[str]:
    """`queue 12 ...` -> `queue add 12 ...`, `queue` -> `queue list` (see SHORTHANDS)."""
    words = list(argv)
    at = _first_word(words, _value_options(parser))
    if at is None or words[at] not in SHORTHANDS:
        return words
    command = _subcommands(parser)[words[at]]
    actions = _subcommands(command)
    rest = words[at + 1 :]
    first = _first_word(rest, _value_options(command, *actions.values()))
    by_id, alone = SHORTHANDS[words[at]]
    if first is None:
        if alone is None or {"-h", "--help"} & set(rest):
            return words
        action = alone
    elif rest[first] in actions:
        action, rest = rest[first], rest[:first] + rest[first + 1 :]
    else:
        action = by_id
    return [*words[: at + 1], action, *rest]


def desk_parser() -> argparse.ArgumentParser:
    """The parser of `deskapp` alone (the desk): the global options, no commands. Plain
    argparse: it only reads words `opens_desk` checked, so it never prints help or an
    error, and rich-argparse (a hundredth of a second) is not imported."""
    parser = argparse.ArgumentParser(prog="deskapp")
    _global_options(parser, top=True)
    parser.set_defaults(command=None)
    return parser


def opens_desk(words: Sequence[str]) -> bool:
    """Whether these words are only global options, spelled out (`--db X`, `--as=Y`,
    `--debug`): then they open the desk, and the commands' parsers (a tenth of a second
    to build, before the desk could draw) are not needed. Anything else, help and
    errors included, goes through the whole parser."""
    rest = list(words)
    while rest:
        word = rest.pop(0)
        if word == "--debug" or word.startswith(("--db=", "--as=")):
            continue
        if word not in ("--db", "--as") or not rest or rest[0].startswith("-"):
            return False
        rest.pop(0)
    return True


def main(argv: Sequence[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else list(argv)
    desk = opens_desk(words)
    if desk:
        from deskapp.tui.launch import pause_gc

        pause_gc()  # resumed once the desk's first frame is drawn (deskapp/tui/launch.py)
        args = desk_parser().parse_args(words)
    else:
        parser = build_parser()
        args = parser.parse_args(expand_shorthand(parser, words))
    cli = Cli(args)
    try:
        code = _open_desk(cli) if args.command is None else int(args.run(cli) or 0)
        cli.out.flush()  # here, not at exit, so a closed pipe is seen while we can act
        return code
    except BrokenPipeError:
        return _pipe_closed(cli)
    except CliError as exc:
        cli.warn(f"deskapp: {exc}")
        cli.note(str(exc), "ERROR")
        return exc.code
    except KeyboardInterrupt:
        cli.warn("deskapp: interrupted")
        return 130
    except Exception as exc:  # last line of defence: one line, never a traceback
        return report_error(cli, exc)
    finally:
        if desk:
            from deskapp.tui.launch import resume_gc

            resume_gc()
        cli.close()


def _pipe_closed(cli: Cli) -> int:
    """The reader went away (`deskapp list | head -1`): stop quietly, like other Unix tools.

    What is still buffered for stdout goes nowhere, so Python's own flush at exit
    does not complain about the pipe either.
    """
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, cli.out.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # not a real file (tests): nothing to flush
        pass
    return 0


def report_error(cli: Cli, exc: Exception) -> int:
    """One line on stderr for any error that reached the top, and its exit code."""
    from deskapp.cli.error_lines import describe_error

    message, code, unexpected = describe_error(exc, cli.database_name())
    if not unexpected:
        cli.warn(f"deskapp: {message}")
        cli.note(message, "ERROR")
        return code
    from deskapp.logs import LOGGER

    if cli.debug:
        try:
            where = cli.log.start(getattr(cli.args, "log", None), cli.err)
        except Exception:  # no log to be had: the one line still goes out
            where = ""
        LOGGER.error(
            "unexpected error in `deskapp %s`: %s",
            cli.args.command or "(desk)",
            message,
            exc_info=exc,
        )
        told = f"; the traceback is in {where}" if where else ""
    else:
        cli.note(f"unexpected error: {message}", "ERROR")
        told = " (run again with --debug to log the details)"
    cli.warn(f"deskapp: unexpected error: {message}{told}")
    return code


def _open_desk(cli: Cli) -> int:
    """The TUI draws with escape codes: into a file or a pipe they would only be noise
    (but for the bench's headless first-paint probe, see deskapp/tui/launch.py)."""
    from deskapp.tui.launch import probing, run_desk

    if not _is_terminal(cli.out) and not probing():
        raise usage_error(
            "the desk needs a terminal, and stdout is not one; run a command "
            "instead (`deskapp --help` lists them)"
        )
    return run_desk(cli)


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (ValueError, OSError):  # closed, or not a real stream
        return False


def usage_error(message: str) -> CliError:
    return CliError(message, EXIT_USAGE)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
