"""One story as a Markdown file: YAML front matter, then the body.

The front matter is written by PyYAML's safe dumper, never pasted together, so
any headline or name reads back exactly. The body is stored as Markdown (wire
copy escaped once at ingest, an editor's Markdown checked when saved: see
`deskapp.core.markdown_body`) and is written as stored. A photo caption and
credit follow the body as an italic paragraph.
"""

from __future__ import annotations

import functools
import re
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import yaml

from deskapp.core.markdown_body import markdown_to_wire, one_line_markdown
from deskapp.core.story import Role, Story, split_paragraphs

if TYPE_CHECKING:
    from deskapp.export.record import ExportRecord
    from deskapp.export.targets import Target

try:  # libyaml's emitter is ~5x faster (it writes emoji as \U escapes; they read back)
    from yaml import CSafeDumper as _SafeDumper
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML without libyaml
    from yaml import SafeDumper as _SafeDumper
    from yaml import SafeLoader as _Loader


_RESOLVER = yaml.resolver.Resolver()


@functools.lru_cache(maxsize=16_384)
def _plain_reads_as_text(value: str) -> bool:
    """Whether `value` written plain would read back as a string (not "yes", "null", "12")."""
    return _RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) == _STR


FENCE = "---"


def story_date(story: Story) -> datetime:
    """The date a story carries on the site: the wire's time, else when the desk got it."""
    return wire_date(story.published_at, story.ingested_at)


def wire_date(published_at: datetime | None, ingested_at: datetime | None) -> datetime:
    """`story_date` from the two times (naive times are UTC)."""
    when = published_at or ingested_at or datetime(1970, 1, 1, tzinfo=UTC)
    return when if when.tzinfo else when.replace(tzinfo=UTC)


CORRECTION = re.compile(r"^\W*(correct(ion|ed|s|ing)?|corrige|berichtigung)\b", re.I)


def summary_of(record: ExportRecord) -> str:
    """The wire's abstract or description, else the body's first sentence (as text)."""
    if record.abstract.strip():
        return " ".join(record.abstract.split())
    first = next((p for p in split_paragraphs(record.body)), "")
    text = " ".join(markdown_to_wire(first).split())
    match = re.search(r"(?<=[.!?])\s", text)
    return text[:match.start()] if match else text


def is_correction(record: ExportRecord) -> bool:
    """Whether the wire flagged the story as a correction (slugline or headline)."""
    return bool(CORRECTION.match(record.slugline) or CORRECTION.match(record.headline))


def front_matter(record: ExportRecord, slug: str, *, desk_name: str | None = None,
                 updated: datetime | None = None) -> dict[str, Any]:
    """The fields every target writes, in the order they are written."""
    writers = [name for role, name in record.credits if role == Role.WRITER]
    fields: dict[str, Any] = {
        "title": record.headline,
        "slug": slug,
        "date": record.date.isoformat(timespec="seconds"),
    }
    if updated is not None:
        fields["updated"] = updated.isoformat(timespec="seconds")
    fields["summary"] = summary_of(record)
    fields["section"] = record.section or desk_name or ""
    if is_correction(record):
        fields["correction"] = True
    fields |= {
        "desk": record.desk,
        "dateline": record.dateline_place,
        "agency": record.agency,
        "author": list(writers),  # Pandoc and Jekyll (copies: no YAML anchors)
        "authors": list(writers),  # Hugo's taxonomy
        "editors": [name for role, name in record.credits if role == Role.EDITOR],
        "credits": [{"role": str(role), "name": name} for role, name in record.credits],
        "priority": record.priority,
        "id": record.id,
        "uid": record.uid,
        "source": {"format": record.source_format, "id": record.uid},
        "tags": [record.desk] if record.desk else [],
    }
    return fields


def dump_front_matter(fields: dict[str, Any]) -> str:
    """YAML for `fields`: the text PyYAML's safe dumper writes (libyaml's where PyYAML
    has it, which writes emoji as \\U escapes); a test holds it to that.

    Kept because the export budget needs it: for the front matter export writes
    now, `yaml.dump(..., Dumper=CSafeDumper)` took 200-250 µs a story on the
    2-core test machine and this 90-100 µs (1.1-1.5 s saved per 10,000
    stories, against a 2 s budget). PyYAML's representer and serializer spend
    that time on the way from values to events; these few plain types make the
    events directly, as its serializer would (no anchors, implicit tags, a
    scalar quoted when its plain form would read back as something else), and
    PyYAML's C emitter writes them. A test holds the output to `yaml.dump`'s.
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


def render(record: ExportRecord, slug: str, target: Target, *, section: str,
           desk_name: str | None = None, updated: datetime | None = None) -> str:
    """The whole file: front matter between `---` fences, the body as stored (Markdown),
    then the photo's caption and credit as one italic paragraph."""
    base = front_matter(record, slug, desk_name=desk_name, updated=updated)
    fields = target.story_fields(base, section=section, slug=slug, desk_name=desk_name,
                                 summary=base["summary"])
    body = target.body(record.body.strip("\n"))
    line = target.body(photo_line(record.photo_caption or "", record.photo_credit or ""))
    if line:
        body = f"{body}\n\n{line}" if body else line
    return f"{FENCE}\n{dump_front_matter(fields)}{FENCE}\n\n{body}\n"


def photo_line(caption: str, credit: str) -> str:
    """`*Photo: caption (credit)*`: one italic paragraph, every character escaped."""
    text = " ".join(caption.split())
    if credit.strip():
        text = f"{text} ({' '.join(credit.split())})" if text else " ".join(credit.split())
    return f"*Photo: {one_line_markdown(text)}*" if text else ""


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
