"""A web article (a fetched URL or a saved .html file): main text, then the plain-text rules.

The main text comes from trafilatura: actively maintained, the best-scoring
open-source extractor in published comparisons, and it drops navigation, share
widgets, comments and "related" blocks that a hand-made extractor keeps. We ask
for precision over recall (a desk prefers a missing aside to a foreign
paragraph). Title, author and date come from the page's metadata (the time of day
from `article:published_time`, the section from `article:section`); the text's
paragraphs then go through the same copy rules as every other format.
"""

from __future__ import annotations

import re
from html import unescape

from deskapp.core.story import Story
from deskapp.ingest.decode import decode_bytes
from deskapp.ingest.errors import IngestError
from deskapp.ingest.wire_copy import (
    add_credits,
    byline_credits,
    clean,
    finish_story,
    parse_wire_time,
)

_CHAR_REF = re.compile(r"&#([xX][0-9a-fA-F]{1,8}|[0-9]{1,10});?")


def _unprintable(code: int) -> bool:
    return (
        (code < 0x20 and code not in (0x09, 0x0A, 0x0D))
        or 0x7F <= code <= 0x9F
        or 0xD800 <= code <= 0xDFFF
        or code > 0x10FFFF
    )


def without_control_references(html: str) -> str:
    """Character references to control characters (`&#27;`, an escape) removed.

    They cannot be text, and the extractor's XML tree refuses them, which lost
    the whole page ("no article text found"). Other references are left as they are.
    """
    if "&#" not in html:
        return html

    def drop(match: re.Match[str]) -> str:
        number = match.group(1)
        code = int(number[1:], 16) if number[0] in "xX" else int(number)
        return "" if _unprintable(code) else match.group(0)

    return _CHAR_REF.sub(drop, html)


_CONTENT = re.compile(r"""\bcontent\s*=\s*(["'])(.*?)\1""", re.IGNORECASE | re.DOTALL)


def parse_web(data: bytes, ref: str = "") -> list[Story]:
    try:
        import trafilatura  # lazy: heavy, and only web pages need it
    except ImportError:  # pragma: no cover - a broken install
        raise IngestError("web pages need trafilatura, which is not installed") from None

    html = without_control_references(decode_bytes(data))
    document = trafilatura.bare_extraction(
        html,
        url=ref if ref.startswith(("http://", "https://")) else None,
        favor_precision=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        with_metadata=True,
        deduplicate=False,
    )
    if document is None:
        raise IngestError("no article text found on the page")
    title = clean(getattr(document, "title", "") or "")
    text = getattr(document, "text", "") or ""
    if not title:
        raise IngestError("no headline found on the page")
    story = Story(headline=title, source_format="web", source_ref=ref, raw_text="")
    story.uid = clean(getattr(document, "url", "") or "") or (ref if "://" in ref else "")
    author = clean(getattr(document, "author", "") or "")
    for name in author.split(";"):
        add_credits(story, byline_credits(name))
    published = _meta(html, "article:published_time")
    story.published_at = parse_wire_time(published) or parse_wire_time(
        getattr(document, "date", "") or ""
    )
    story.section = _meta(html, "article:section")
    paragraphs = [p for p in text.split("\n") if p.strip()]
    if paragraphs and clean(paragraphs[0]) == title:
        paragraphs = paragraphs[1:]
    return [finish_story(story, paragraphs)]


def _meta(html: str, name: str) -> str:
    """The content of a page's `<meta property=NAME>` (either attribute order), or ""."""
    head = html[:200_000]
    at = head.find(name)
    while at != -1:
        start = head.rfind("<", 0, at)
        end = head.find(">", at)
        tag = head[start : end + 1] if start != -1 and end != -1 else ""
        if tag[:5].lower() == "<meta":
            match = _CONTENT.search(tag)
            if match is not None:
                return clean(unescape(match.group(2)))
        at = head.find(name, at + len(name))
    return ""
