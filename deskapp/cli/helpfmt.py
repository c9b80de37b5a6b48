"""How `--help` looks: coloured by rich-argparse on a terminal, plain text elsewhere.

rich-argparse is imported only when help or a usage line is printed, so a command
that runs does not pay for it. Colour follows Rich's rules (none when stdout is not
a terminal, none under NO_COLOR, and TERM=dumb); help written to a stream that is not
a terminal never carries an escape code. Help text is never read as Rich markup.
"""

from __future__ import annotations

import argparse
import os
import re
from typing import Any

_ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def _rich(prog: str, raw: bool) -> argparse.HelpFormatter:
    from rich_argparse import RawDescriptionRichHelpFormatter, RichHelpFormatter

    base = RawDescriptionRichHelpFormatter if raw else RichHelpFormatter
    base.help_markup = False  # help strings are text: `[y/N]` is not a style
    base.text_markup = False
    return base(prog)


def _raw_formatter(prog: str) -> argparse.HelpFormatter:
    return _rich(prog, raw=True)


def _wrapping_formatter(prog: str) -> argparse.HelpFormatter:
    return _rich(prog, raw=False)


def _colour_allowed(file: Any) -> bool:
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    try:
        return bool(file is not None and file.isatty())
    except (AttributeError, ValueError, OSError):
        return False


class DeskParser(argparse.ArgumentParser):
    """An ArgumentParser whose help is formatted by rich-argparse (lazily)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        given = kwargs.get("formatter_class", argparse.HelpFormatter)
        kwargs["formatter_class"] = (
            _raw_formatter if given is argparse.RawDescriptionHelpFormatter else _wrapping_formatter
        )
        self._plain_formatter = (
            argparse.RawDescriptionHelpFormatter
            if given is argparse.RawDescriptionHelpFormatter
            else argparse.HelpFormatter
        )
        super().__init__(*args, **kwargs)

    def add_subparsers(self, **kwargs: Any) -> argparse._SubParsersAction:
        # argparse formats the sub-commands' prog with the formatter: plain text for that
        if kwargs.get("prog") is None:
            rich, self.formatter_class = self.formatter_class, self._plain_formatter
            try:
                return super().add_subparsers(**kwargs)
            finally:
                self.formatter_class = rich
        return super().add_subparsers(**kwargs)

    def _print_message(self, message: str, file: Any = None) -> None:
        if message and not _colour_allowed(file):
            message = _ESCAPES.sub("", message)
        super()._print_message(message, file)
