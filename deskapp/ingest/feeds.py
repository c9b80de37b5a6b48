"""RSS 0.9x/1.0/2.0 and Atom feeds, read with feedparser: each entry becomes a story.

Per entry: id (else link) → uid, title → headline, published/updated → publication
time, author → writer credit, tags → keywords, content (else summary) HTML →
Markdown paragraphs (scripts, styles, images and tracking dropped), then the
plain-text rules (dateline, credit lines) on the paragraphs. Entries with no
text are skipped. Entity declarations are refused before feedparser sees the
bytes, and feedparser is only ever handed bytes, never a URL to fetch.
"""

from __future__ import annotations

from calendar import timegm
from datetime import UTC, datetime
from typing import Any

from deskapp.core.story import Story
from deskapp.ingest.errors import IngestError, SkippedItem
from deskapp.ingest.html_text import html_to_paragraphs, html_to_text
from deskapp.ingest.wire_copy import add_credits, byline_credits, clean, finish_story


def parse_feed(data: bytes, ref: str = "") -> list[Story]:
    """Every entry of a feed; IngestError if the bytes are not a feed."""
    import feedparser  # lazy: plain-text ingest never pays for it

    if b"<!ENTITY" in data[:65536].upper():
        raise IngestError("unsafe XML refused: entity declarations are not allowed")
    parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=False)
    version = parsed.get("version") or ""
    entries = parsed.get("entries") or []
    if not version and not entries:
        problem = parsed.get("bozo_exception")
        reason = str(problem).splitlines()[0] if problem else "no RSS or Atom structure"
        raise IngestError(f"not a feed ({reason})")
    kind = "atom" if version.startswith("atom") else "rss"
    stories: list[Story] = []
    skipped = 0
    for entry in entries:
        try:
            stories.append(entry_story(entry, kind, ref))
        except SkippedItem:
            skipped += 1
    if not stories:
        raise SkippedItem(
            f"a feed with no story text ({skipped} entries skipped)"
            if skipped
            else "a feed with no entries"
        )
    return stories


def entry_story(entry: Any, kind: str, ref: str) -> Story:
    title = entry.get("title") or ""
    if (entry.get("title_detail") or {}).get("type", "") == "text/html":
        title = html_to_text(title)
    story = Story(headline=clean(title), source_format=kind, source_ref=ref)
    story.uid = clean(entry.get("id") or entry.get("link") or "")
    when = entry.get("published_parsed") or entry.get("updated_parsed")
    if when is not None:
        story.published_at = datetime.fromtimestamp(timegm(when), UTC)
    author = (entry.get("author_detail") or {}).get("name") or entry.get("author") or ""
    if author:
        add_credits(story, byline_credits(author))
    for tag in entry.get("tags") or []:
        term = clean(tag.get("term") or tag.get("label") or "")
        if term and term not in story.keywords:
            story.keywords.append(term)
    html = ""
    for content in entry.get("content") or []:
        if content.get("value"):
            html = content["value"]
            break
    html = html or entry.get("summary") or ""
    if not story.headline:
        raise SkippedItem("an entry with no title")
    return finish_story(story, html_to_paragraphs(html), skip_if_empty=True)
