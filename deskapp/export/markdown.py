"""One story as a Markdown file: YAML front matter, then the body.

The front matter is written by PyYAML's safe dumper, never pasted together, so
any headline or name reads back exactly. The body is wire copy, not Markdown:
every character that would change the rendered story (emphasis, links, HTML,
headings, list starts, block quotes, thematic breaks, code, tables, math,
citations) is escaped, so CommonMark renderers (Hugo's Goldmark, markdown-it),
GitHub and Pandoc show what the copy says. A photo caption and credit follow
the body as an italic paragraph.
"""

from __future__ import annotations

import functools
import re
from datetime import UTC, datetime
from typing import Any

import yaml

from deskapp.core.story import Role, Story

try:  # libyaml's emitter is ~5x faster (it writes emoji as \U escapes; they read back)
    from yaml import CSafeDumper as _SafeDumper
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML without libyaml
    from yaml import SafeDumper as _SafeDumper  # type: ignore[assignment]
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]


_RESOLVER = yaml.resolver.Resolver()


@functools.lru_cache(maxsize=16_384)
def _plain_reads_as_text(value: str) -> bool:
    """Whether `value` written plain would read back as a string (not "yes", "null", "12")."""
    return _RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) == _STR


FENCE = "---"
# ASCII punctuation with meaning somewhere in CommonMark, GFM or Pandoc Markdown.
_INLINE = re.compile(r"[\\`*_\[\]{}<>&#~|$^@!]")
_INLINE_ESCAPES = {"<": "&lt;", "&": "&amp;", ">": "&gt;"}
# A line start that would open a block: list items, headings, quotes, breaks, setext
# underlines, definition lists, pandoc example lists and line blocks.
_BLOCK_START = re.compile(r"^([-+=:%]|\d+(?=[.)]))")


def _inline(match: re.Match[str]) -> str:
    char = match.group()
    return _INLINE_ESCAPES.get(char) or "\\" + char


def escape_line(line: str) -> str:
    """One line of copy as Markdown that renders as exactly that text."""
    line = _INLINE.sub(_inline, line.strip())
    match = _BLOCK_START.match(line)
    if match:
        start = match.group()  # "1. Item" -> "1\. Item", "- x" -> "\- x"
        line = start + "\\" + line[len(start):] if start.isdigit() else "\\" + line
    return line


def escape_text(text: str) -> str:
    """A paragraph of copy: each line escaped, blank lines dropped (they end paragraphs)."""
    return "\n".join(escape_line(line) for line in text.splitlines() if line.strip())


def story_date(story: Story) -> datetime:
    """The date a story carries on the site: the wire's time, else when the desk got it."""
    return wire_date(story.published_at, story.ingested_at)


def wire_date(published_at: datetime | None, ingested_at: datetime | None) -> datetime:
    """`story_date` from the two times (naive times are UTC)."""
    when = published_at or ingested_at or datetime(1970, 1, 1, tzinfo=UTC)
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def front_matter(story: Story, slug: str) -> dict[str, Any]:
    """The fields Hugo, Jekyll and Pandoc read, in the order they are written."""
    writers = story.names(Role.WRITER)
    dateline = story.dateline_place
    return {
        "title": story.headline,
        "slug": slug,
        "date": story_date(story).isoformat(timespec="seconds"),
        "desk": story.desk,
        "dateline": dateline,
        "agency": story.agency,
        "author": list(writers),  # Pandoc and Jekyll (copies: no YAML anchors)
        "authors": list(writers),  # Hugo's taxonomy
        "editors": story.names(Role.EDITOR),
        "credits": [{"role": str(c.role), "name": c.name} for c in story.credits],
        "priority": story.priority,
        "id": story.id,
        "uid": story.uid,
        "source": story.source_ref or story.source_format,
        "tags": [story.desk] if story.desk else [],
    }


def dump_front_matter(fields: dict[str, Any]) -> str:
    """YAML for `fields`: the text PyYAML's safe dumper writes (libyaml's where PyYAML
    has it, which writes emoji as \\U escapes); a test holds it to that.

    PyYAML's representer and serializer cost ~60 µs a story here, most of it on
    the way from values to events; these few plain types make the events
    directly, as its serializer would (no anchors, implicit tags, a scalar
    quoted when its plain form would read back as something else), and
    PyYAML's C emitter writes them.
    """
    events: list[yaml.Event] = [yaml.StreamStartEvent(), yaml.DocumentStartEvent(explicit=False)]
    _events(fields, events)
    events += [yaml.DocumentEndEvent(explicit=False), yaml.StreamEndEvent()]
    return yaml.emit(events, Dumper=_SafeDumper, allow_unicode=True, width=1_000_000)


_STR = "tag:yaml.org,2002:str"
_TYPED = (True, False)  # plain only: null, an int, a bool


def _events(value: Any, out: list[yaml.Event]) -> None:
    kind = type(value)
    if kind is not str and isinstance(value, str):
        value, kind = str(value), str  # a str subclass (a StrEnum): its plain text
    if kind is str:
        out.append(yaml.ScalarEvent(None, None, (_plain_reads_as_text(value), True), value))
    elif value is None:
        out.append(yaml.ScalarEvent(None, None, _TYPED, "null"))
    elif kind is bool:
        out.append(yaml.ScalarEvent(None, None, _TYPED, "true" if value else "false"))
    elif kind is int:
        out.append(yaml.ScalarEvent(None, None, _TYPED, str(value)))
    elif kind is list or kind is tuple:
        out.append(yaml.SequenceStartEvent(None, None, True, flow_style=False))
        for item in value:
            _events(item, out)
        out.append(yaml.SequenceEndEvent())
    elif kind is dict:
        out.append(yaml.MappingStartEvent(None, None, True, flow_style=False))
        for key, item in value.items():
            _events(str(key), out)
            _events(item, out)
        out.append(yaml.MappingEndEvent())
    else:
        raise TypeError(f"front matter cannot hold a {kind.__name__}")


def render(story: Story, slug: str) -> str:
    """The whole file: front matter between `---` fences, the escaped body, the photo line."""
    parts = [escape_text(p) for p in story.paragraphs()]
    if story.photo and (story.photo.caption.strip() or story.photo.credit.strip()):
        parts.append(photo_line(story.photo.caption, story.photo.credit))
    body = "\n\n".join(p for p in parts if p)
    return f"{FENCE}\n{dump_front_matter(front_matter(story, slug))}{FENCE}\n\n{body}\n"


def photo_line(caption: str, credit: str) -> str:
    """`*Photo: caption (credit)*`: one italic paragraph, every character escaped."""
    text = " ".join(caption.split())
    if credit.strip():
        text = f"{text} ({' '.join(credit.split())})" if text else " ".join(credit.split())
    return f"*Photo: {escape_line(text)}*"


def read_front_matter(text: str) -> dict[str, Any] | None:
    """The front matter of a file this exporter could have written, else None."""
    if not text.startswith(FENCE + "\n"):
        return None
    end = text.find("\n" + FENCE + "\n", len(FENCE))
    if end < 0:
        return None
    try:
        data = yaml.load(text[len(FENCE) + 1:end + 1], Loader=_Loader)
    except yaml.YAMLError:
        return None
    return data if isinstance(data, dict) else None
