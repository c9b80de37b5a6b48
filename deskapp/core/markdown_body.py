"""The story body is Markdown: wire copy escaped once, an editor's Markdown checked.

Wire copy enters the store through `wire_to_markdown`: every character that
would turn copy into markup somewhere a story is published (CommonMark and its
GFM tables and strikethrough, Hugo's Goldmark, Pandoc's Markdown with math,
citations, sub/superscript and fancy lists, Liquid's and Hugo's `{{ }}`/`{% %}`)
is escaped with a backslash, where it would matter; leading and trailing blanks,
which would make code blocks and hard breaks, are written as `&#32;`/`&#9;`.
Every backslash of the copy is escaped too, so `markdown_to_wire` gives back
exactly the copy that went in (a test holds every string to it): the migration
that converted stored bodies loses nothing.

What an editor writes is kept as written, once `body_problems` finds nothing
that would not render as text and links: raw HTML, links other than http(s),
mailto and tel (or relative), and template syntax a site generator would run.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

# Escaped wherever they are: emphasis, code, links, attributes, tables, math,
# citations, sub/superscript, strikeout, HTML and the escape character itself
# (`\\ ` * _ [ ] { } < ~ | $ ^ @`).
# `&` only where it would start an entity; `%` right after `{` (Liquid's `{%`): decided in
# `_inline`, so that the pattern stays one character class (scanned ~3x quicker).
_INLINE = re.compile(r"[\\`*_\[\]{}<~|$^@&%]")
_ENTITY = re.compile(r"#|[A-Za-z0-9]+;")
# After a line's leading blanks: a heading, quote, list, break, setext line,
# definition, Pandoc title block or div; or a (fancy) list number: `1.`, `a)`, `(iv)`.
_LINE_START = re.compile(
    r"^([#>\-+=:%])|^(\()?(?:\d{1,9}|[A-Za-z]|[ivxlcdmIVXLCDM]+)([.)])(?=\s|$)"
)
_EDGE_BLANKS = re.compile(r"^[ \t]+|[ \t]+$")
_BLANK = {" ": "&#32;", "\t": "&#9;"}
_UNESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])|&#32;|&#9;")
_UNBLANK = {"&#32;": " ", "&#9;": "\t"}


def _inline(match: re.Match[str]) -> str:
    char = match.group()
    if char == "&":
        return "\\&" if _ENTITY.match(match.string, match.end()) else "&"
    if char == "%":
        start = match.start()
        return "\\%" if start and match.string[start - 1] == "{" else "%"
    return "\\" + char


def _edge(match: re.Match[str]) -> str:
    return "".join(_BLANK[c] for c in match.group())


def _line(line: str) -> str:
    """One line whose inline characters are escaped already: its start and its edges."""
    body = line.strip(" \t")
    match = _LINE_START.match(body)
    if match is None and len(body) == len(line):
        return line  # most lines: nothing at the start, no blanks at the edges
    if match:
        if match.group(1):
            body = "\\" + body
        else:  # escape the "(" and the "." / ")" of a list number
            end = match.end(3) - 1
            opener = "\\(" if match.group(2) else ""
            body = opener + body[1 if match.group(2) else 0 : end] + "\\" + body[end:]
    if not line.strip(" \t"):
        return _EDGE_BLANKS.sub(_edge, line)
    lead = line[: len(line) - len(line.lstrip(" \t"))]
    trail = line[len(line.rstrip(" \t")) :]
    return _EDGE_BLANKS.sub(_edge, lead) + body + _EDGE_BLANKS.sub(_edge, trail)


# The characters `_INLINE` matches: a look for each (a `memchr`) tells that there is
# nothing to escape in a fifth of the time the pattern's scan takes.
_INLINE_CHARS = "\\`*_[]{}<~|$^@&%"
# A line after the first that `_line` would change: a blank at the end of the line before
# (the look-behind) or at its start, or a start `_LINE_START` escapes. "\n" first, so the
# scan jumps from line to line.
_LATER_LINE_WORK = re.compile(
    r"\n(?:(?<=[ \t]\n)|[ \t#>\-+=:%]|\(?(?:\d{1,9}|[A-Za-z]|[ivxlcdmIVXLCDM]+)[.)](?=\s|\Z))"
)


def _lines_plain(text: str) -> bool:
    """Whether `_line` would leave every line of `text` as it is (no edge blanks, no
    line start to escape): then the copy need not be cut into lines at all."""
    if text[:1] in (" ", "\t") or text[-1:] in (" ", "\t"):
        return False
    return _LINE_START.match(text) is None and _LATER_LINE_WORK.search(text) is None


def wire_to_markdown(text: str) -> str:
    """Wire copy as Markdown that renders as exactly that copy (line by line)."""
    if any(char in text for char in _INLINE_CHARS):
        text = _INLINE.sub(_inline, text)  # one pass over the whole text (no blank is touched)
    if _lines_plain(text):
        return text
    return "\n".join(_line(line) for line in text.split("\n"))


def copy_to_markdown(text: str) -> str:
    """Wire copy being stored: trailing blanks of each line (never content) and blank
    lines around the copy dropped, then `wire_to_markdown`."""
    if " \n" in text or "\t\n" in text:
        text = "\n".join(line.rstrip(" \t") for line in text.split("\n"))
    return wire_to_markdown(text.strip("\n").rstrip(" \t"))


def markdown_to_wire(markdown: str) -> str:
    """The inverse of `wire_to_markdown`: backslash escapes and blank entities undone."""
    return _UNESCAPE.sub(lambda m: m.group(1) or _UNBLANK[m.group()], markdown)


def one_line_markdown(text: str) -> str:
    """One line of text (a title, a caption) as Markdown that renders as that text."""
    return wire_to_markdown(" ".join(text.split()))


# -- checking what an editor wrote ----------------------------------------------------
SAFE_SCHEMES = ("http", "https", "mailto", "tel")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_TEMPLATE = re.compile(r"(?<!\\)\{(?=[{%=<])")


@dataclass(frozen=True, slots=True)
class BodyProblem:
    line: int  # 1-based
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    class EveryLink(MarkdownIt):
        def validateLink(self, url: str) -> bool:
            return True  # every link is looked at here, not dropped silently

    return EveryLink("commonmark").enable(["table", "strikethrough"])


def link_is_safe(url: str) -> bool:
    """http(s), mailto, tel, or a link with no scheme (relative, #anchor)."""
    compact = re.sub(r"[\x00-\x20\x7f]+", "", url)
    match = _SCHEME.match(compact)
    return match is None or match.group(1).lower() in SAFE_SCHEMES


def body_problems(markdown: str) -> list[BodyProblem]:
    """What in an edited body would not publish as text and safe links, by line."""
    problems: list[BodyProblem] = []
    for number, line in enumerate(markdown.split("\n"), 1):
        if _TEMPLATE.search(line):
            problems.append(
                BodyProblem(
                    number,
                    "`{{`, `{%` or `{=` would run as a site "
                    "template; write \\{ for a literal brace",
                )
            )
    for token in _parser().parse(markdown):
        first = (token.map[0] + 1) if token.map else 1
        if token.type == "html_block":
            problems.append(
                BodyProblem(
                    first,
                    f"raw HTML is not allowed: {token.content.strip()[:40]!r} (write \\< for a <)",
                )
            )
        for child, offset in _children(token):
            at = first + offset
            if child.type == "html_inline":
                problems.append(
                    BodyProblem(
                        at, f"raw HTML is not allowed: {child.content!r} (write \\< for a <)"
                    )
                )
            for attr in ("href", "src"):
                url = child.attrGet(attr)
                if isinstance(url, str) and not link_is_safe(url):
                    problems.append(
                        BodyProblem(
                            at,
                            f"unsafe link {url[:60]!r}: only http(s), mailto and tel links publish",
                        )
                    )
    return sorted(problems, key=lambda p: p.line)


def _children(token: Token) -> Iterator[tuple[Token, int]]:
    """An inline token's children, each with its line offset inside the block."""
    offset = 0
    for child in token.children or []:
        yield child, offset
        if child.type in ("softbreak", "hardbreak"):
            offset += 1
        if child.children:
            for grandchild in child.children:
                yield grandchild, offset
