"""Wire text as screen text: always a `Text` object, never a markup string.

A headline like ``[bold]Polls close[/]`` or one carrying an ANSI escape must show
exactly what the wire sent: `Text` never parses markup, and `visible()` turns
control characters into printable stand-ins before they reach the terminal.
"""

from __future__ import annotations

from rich.text import Text

from deskapp.core.safe_text import one_line, visible


def wire_line(value: str | None, style: str = "", width: int | None = None) -> Text:
    """One line of wire text (newlines folded), cut to `width` cells with an ellipsis."""
    return Text(one_line(value or "", width), style=style, no_wrap=True, overflow="ellipsis")


def wire_block(value: str | None, style: str = "") -> Text:
    """Wire text over several lines, control characters made visible."""
    return Text(visible(value or ""), style=style)


def body_markdown(body: str) -> str:
    """The story body for the Markdown widget: Markdown stays Markdown, controls show.

    Stored bodies are Markdown already: wire copy was escaped when it was stored
    (a `<` from the wire is `\\<`), and an edited body with raw HTML is refused.
    """
    return visible(body or "")
