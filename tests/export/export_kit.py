"""Helpers for export tests: ready, queued stories and reading exported files back.

Imported by the tests that need them; the fixtures live in conftest.py.
"""

from __future__ import annotations

import yaml
from markdown_it import MarkdownIt

from deskapp.core.story import Credit, Photo, Role, Story

# Block and inline constructs that plain wire copy must never turn into.
MARKUP_TOKENS = {
    "heading_open",
    "bullet_list_open",
    "ordered_list_open",
    "blockquote_open",
    "hr",
    "code_block",
    "fence",
    "html_block",
    "html_inline",
    "link_open",
    "image",
    "em_open",
    "strong_open",
    "code_inline",
    "s_open",
    "table_open",
}


def markdown() -> MarkdownIt:
    return MarkdownIt("commonmark", {"linkify": False}).enable(["table", "strikethrough"])


def split_file(text: str) -> tuple[dict, str]:
    assert text.startswith("---\n")
    end = text.index("\n---\n", 3)
    return yaml.safe_load(text[4 : end + 1]), text[end + 5 :]


def rendered_paragraphs(body: str) -> tuple[list[str], set[str]]:
    """The text of each rendered paragraph (soft breaks as newlines), and markup seen."""
    paragraphs, markup = [], set()
    tokens = markdown().parse(body)
    for token in tokens:
        if token.type in MARKUP_TOKENS:
            markup.add(token.type)
        if token.type == "inline":
            parts = []
            for child in token.children or []:
                if child.type in MARKUP_TOKENS:
                    markup.add(child.type)
                if child.type == "softbreak":
                    parts.append("\n")
                elif child.type == "text":
                    parts.append(child.content)
                else:
                    parts.append(child.content)
            paragraphs.append("".join(parts))
    return paragraphs, markup


def copy_paragraphs(body: str) -> list[str]:
    """What the copy says, paragraph by paragraph, as the exporter keeps it."""
    from deskapp.core.story import split_paragraphs

    return [
        "\n".join(line.strip() for line in p.splitlines() if line.strip())
        for p in split_paragraphs(body)
    ]


def add_ready(
    services,
    headline: str,
    *,
    body: str = "A paragraph of copy.",
    desk: str = "europe",
    writers: tuple[str, ...] = ("Ana Lima",),
    editors: tuple[str, ...] = (),
    priority: int | None = None,
    photo: Photo | None = None,
    queue: bool = True,
    **kw,
) -> int:
    credits = [Credit(Role.WRITER, w) for w in writers] + [Credit(Role.EDITOR, e) for e in editors]
    story = Story(
        headline=headline,
        body=body,
        agency=kw.pop("agency", "Wire"),
        credits=credits,
        priority=priority,
        photo=photo,
        **kw,
    )
    [result] = services.ingest.store([(f"test:{headline}:{body[:20]}", story)], desk=desk)
    if queue:
        services.queue.add(result.id)
    return result.id
