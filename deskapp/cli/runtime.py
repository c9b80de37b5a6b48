"""What a CLI command runs with: parsed arguments, services opened on first use, exit codes."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from deskapp.core.safe_text import visible
from deskapp.logs import LOGGER, LogSink, LogUnavailable, debug_wanted

if TYPE_CHECKING:
    from deskapp.config import Settings
    from deskapp.core.story import Story
    from deskapp.services import Services

EXIT_OK = 0
EXIT_FAILED = 1  # an input or a source failed
EXIT_USAGE = 2
EXIT_CONFLICT = 3
EXIT_NOT_FOUND = 4
EXIT_NOT_PERMITTED = 5  # the login's role may not do this (PostgreSQL desks with roles)


EXPECT_VERSION_HELP = (
    "the version you worked from: if changes since then touched what this "
    "command changes, exit 3 and change nothing"
)
JSON_STORY_HELP = "print the story as JSON, in the shape of `deskapp show --json`"


class CliError(Exception):
    """A one-line error for stderr, with its exit code."""

    def __init__(self, message: str, code: int = EXIT_FAILED) -> None:
        super().__init__(message)
        self.code = code


@dataclass
class Cli:
    args: argparse.Namespace
    out: TextIO = field(default_factory=lambda: sys.stdout)
    err: TextIO = field(default_factory=lambda: sys.stderr)
    _services: Services | None = None
    _settings: Settings | None = None
    log: LogSink = field(default_factory=LogSink)

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            from deskapp.config import load_settings, unknown_key_warnings

            self._settings = load_settings()
            for line in unknown_key_warnings(self._settings):
                self.warn(f"deskapp: {line}")
        return self._settings

    @property
    def debug(self) -> bool:
        return debug_wanted(bool(getattr(self.args, "debug", False)))

    def start_log(self) -> None:
        """For long runs: log to --log (a file, or - for stderr), else the default file."""
        try:
            self.log.start(getattr(self.args, "log", None), self.err)
        except LogUnavailable as exc:
            if getattr(self.args, "log", None):
                raise CliError(str(exc)) from None
            self.warn(f"deskapp: {exc}; going on without a log file")

    def database_name(self) -> str:
        """The database this command opened: a SQLite file's path, else its URL without
        the password; "" if none was opened yet."""
        if self._services is None:
            return ""
        db = self._services.db
        return (db.engine.url.database or "") if db.is_sqlite else db.display_name()

    def desk(self, given: str | None, *, none_ok: bool = False) -> str | None:
        """A desk code as typed, lower-cased; an unknown one is a usage error (exit 2) in
        every command. `none` (where `none_ok`) stands for no desk and is returned as is."""
        if given is None:
            return None
        code = given.strip().lower()
        known = self.settings.desk_codes()
        if code in known or (none_ok and code == "none"):
            return code
        listed = ", ".join(known) + (", none" if none_ok else "")
        raise CliError(f"unknown desk {given!r}; desks are: {listed}", EXIT_USAGE)

    def note(self, text: str, level: str = "INFO") -> None:
        """A line for the log (INFO, WARNING, ERROR), when this command keeps one."""
        if self.log.active:
            LOGGER.log(logging.getLevelName(level), text)

    @property
    def editor(self) -> str:
        from deskapp.config import resolve_editor

        return resolve_editor(getattr(self.args, "acting_editor", None), self.settings)

    @property
    def services(self) -> Services:
        if self._services is None:
            from deskapp.services import open_services

            self._services = open_services(
                getattr(self.args, "db", None),
                self.editor,
                self.settings,
                create_folder=getattr(self.args, "creates_db", False),
                editor_given=bool(getattr(self.args, "acting_editor", None)),
            )
        return self._services

    def print(self, text: str = "") -> None:
        self.out.write(visible(text) + "\n")

    def json(self, value: object) -> int:
        """One JSON document on stdout (never markup: the copy is data)."""
        import json

        self.out.write(json.dumps(value, ensure_ascii=False) + "\n")
        return 0

    def story_json(self, story: Story) -> int:
        """The story in the `show --json` shape: what every changing command's --json prints."""
        from deskapp.cli.render import story_json

        return self.json(story_json(story))

    def warn(self, text: str) -> None:
        self.err.write(visible(text) + "\n")

    def interactive(self) -> bool:
        """True when a person is at the terminal to answer a question."""
        stdin = sys.stdin
        return bool(stdin is not None and stdin.isatty() and self.err.isatty())

    def ask(self, question: str) -> str:
        """Ask on stderr, read the answer from stdin ("" at end of input)."""
        self.err.write(visible(question))
        self.err.flush()
        try:
            return sys.stdin.readline()
        except (OSError, ValueError):
            return ""

    def close(self) -> None:
        try:
            if self._services is not None:
                self._services.close()
        finally:
            self.log.stop()


def docs_dir() -> Path | None:
    """The docs folder: shipped inside the wheel (deskapp/docs), else next to the package
    in a checkout (docs/); None if neither is there."""
    import deskapp

    package = Path(deskapp.__file__).parent
    for folder in (package / "docs", package.parent / "docs"):
        if folder.is_dir():
            return folder
    return None


def add_expect_version(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--expect-version", type=int, metavar="N", help=EXPECT_VERSION_HELP)


def positive_id(kind: str) -> Callable[[str], int]:
    """An argparse type for ids: a whole number from 1 up, else `not a KIND: 'x'`."""

    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            number = 0
        if number <= 0:
            raise argparse.ArgumentTypeError(f"not a {kind}: {value!r}")
        return number

    parse.__name__ = kind.replace(" ", "_")
    return parse


story_id = positive_id("story id")
