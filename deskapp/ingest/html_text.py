"""HTML (feed entries, NINJS body_html) → plain Markdown paragraphs.

Only text survives: scripts, styles, embedded frames, forms, images (tracking
pixels among them) and share widgets are dropped; links keep their words, not
their (often tracking) addresses. Block elements and `<br><br>` make paragraph
breaks; list items become "- item". Uses the standard library's tolerant parser.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_DROPPED = frozenset(
    {
        "script",
        "style",
        "noscript",
        "iframe",
        "svg",
        "template",
        "head",
        "form",
        "button",
        "object",
        "embed",
        "video",
        "audio",
        "canvas",
        "select",
        "nav",
        "figure",
    }
)
_VOID = frozenset({"br", "img", "hr", "input", "meta", "link", "source", "wbr", "area", "col"})
_BLOCKS = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "blockquote",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "table",
        "tr",
        "pre",
        "header",
        "footer",
        "main",
        "aside",
        "dl",
        "dt",
        "dd",
        "address",
        "hr",
    }
)
_DROPPED_CLASSES = re.compile(r"feedflare|share|social|advert|promo|newsletter|related", re.I)
_SPACES = re.compile(r"[ \t\r\n\u00a0]+")


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.current: list[str] = []
        self.skip_depth = 0
        self.stack: list[str] = []
        self.breaks = 0
        self.bullet = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            if tag == "br" and not self.skip_depth:
                self.breaks += 1
                self.current.append(" ")
                if self.breaks >= 2:
                    self.flush()
            elif tag == "hr":
                self.flush()
            return
        classes = " ".join(v or "" for k, v in attrs if k in ("class", "id"))
        if self.skip_depth or tag in _DROPPED or (classes and _DROPPED_CLASSES.search(classes)):
            self.skip_depth += 1
            self.stack.append(tag)
            return
        self.stack.append(tag)
        if tag in _BLOCKS:
            in_item = self.bullet and not "".join(self.current).strip()
            self.flush()
            self.bullet = tag == "li" or in_item

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or tag not in self.stack:
            return
        while self.stack:
            top = self.stack.pop()
            if self.skip_depth:
                self.skip_depth -= 1
            elif top in _BLOCKS:
                self.flush()
            if top == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            return
        if data.strip():
            self.breaks = 0
        self.current.append(data)

    def flush(self) -> None:
        text = _SPACES.sub(" ", "".join(self.current)).strip()
        self.current = []
        self.breaks = 0
        if text:
            self.paragraphs.append(f"- {text}" if self.bullet else text)
        self.bullet = False


def html_to_paragraphs(html: str) -> list[str]:
    """The text paragraphs of an HTML fragment or page, in order."""
    collector = _Collector()
    collector.feed(html)
    collector.close()
    collector.flush()
    return collector.paragraphs


def html_to_text(html: str) -> str:
    """One line of text from an HTML snippet (a feed title)."""
    return " ".join(html_to_paragraphs(html))
