"""Wire text is data. Before it reaches a terminal, control characters become visible.

An ANSI escape inside a headline must never restyle the screen or move the
cursor: `visible()` turns ESC and every other C0/C1 control character (except
newline and tab) into a printable stand-in, so the editor sees that it is there.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _show(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code == 0x1B:
        return "␛"
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode "control pictures" block: ␀ ␁ ...
    return f"\\x{code:02x}"


def visible(text: str) -> str:
    """`text` with control characters made visible; newline and tab kept."""
    return _CONTROL.sub(_show, text) if _CONTROL.search(text) else text


def one_line(text: str, width: int | None = None) -> str:
    """Visible text on one line, cut to `width` characters with an ellipsis."""
    line = " ".join(visible(text).split())
    if width is not None and len(line) > width:
        return line[: max(width - 1, 0)] + "…"
    return line
