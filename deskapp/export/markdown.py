"""One story as a Markdown file: YAML front matter, then the body.

The front matter is written by PyYAML's safe dumper, never pasted together, so
any headline or name reads back exactly. The body is stored as Markdown (wire
copy escaped once at ingest, an editor's Markdown checked when saved: see
`deskapp.core.markdown_body`) and is written as stored. A photo caption and
credit follow the body as an italic paragraph.
"""

from __future__ import annotations

import functools
import json
import re
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import yaml

from deskapp.core.markdown_body import markdown_to_wire, one_line_markdown
from deskapp.core.story import Role, Story, split_paragraphs

if TYPE_CHECKING:
    from deskapp.export.record import ExportRecord
    from deskapp.export.targets import Target

try:  # libyaml's reader is several times faster than PyYAML's own
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML without libyaml
    from yaml import SafeLoader as _Loader


_RESOLVER = yaml.resolver.Resolver()
_STR = "tag:yaml.org,2002:str"


@functools.lru_cache(maxsize=16_384)
def _plain_reads_as_text(value: str) -> bool:
    """Whether a key written plain would read back as a string (not "yes", "null", "12")."""
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
    return text[: match.start()] if match else text


def is_correction(record: ExportRecord) -> bool:
    """Whether the wire flagged the story as a correction (slugline or headline)."""
    return bool(CORRECTION.match(record.slugline) or CORRECTION.match(record.headline))


def front_matter(
    record: ExportRecord,
    slug: str,
    *,
    desk_name: str | None = None,
    updated: datetime | None = None,
) -> dict[str, Any]:
    """The fields every target writes, in the order they are written."""
    # the byline: whoever the desk counts as an author (writers, then reporters), as the
    # queue's readiness check does; Reuters copy that says only "Reporting by X" is X's
    authors = [name for role, name in record.credits if role == Role.WRITER]
    authors += [
        name for role, name in record.credits if role == Role.REPORTER and name not in authors
    ]
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
        "author": list(authors),  # Pandoc and Jekyll
        "authors": list(authors),  # Hugo's taxonomy
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
    """YAML for `fields`, one key a line, every value written as JSON.

    YAML 1.2 reads JSON, and the JSON written here is also YAML 1.1 (Jekyll's
    Psych): strings double-quoted with JSON's escapes, lists and mappings in
    flow style, never plain, so no value reads back as another type ("yes",
    "null", "12", a date) and no character is markup to the YAML reader. The
    few characters YAML treats differently from JSON (U+0085, U+2028 and U+2029
    are line breaks to YAML 1.1; DEL, C1 controls, U+FEFF and the non-characters
    U+FFFE/U+FFFF are not printable) are written as `\\u` escapes. Keys that
    are not plain words are quoted the same way.

    Plain and quick: about a fifth of the time PyYAML's C emitter takes for the
    same fields (~20 µs a story against ~100; bench/export_bench.py), which the
    export budget needs. A property test holds `yaml.safe_load` of the output to
    the fields, for any text.
    """
    return "".join(f"{_key(key)}: {_json(value)}\n" for key, value in fields.items())


_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# what JSON leaves raw that YAML reads otherwise (line breaks) or refuses (not printable)
_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


def _unsafe_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return "\\ufffd" if 0xD800 <= code <= 0xDFFF else f"\\u{code:04x}"


def _json(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=_refuse)
    return _YAML_UNSAFE.sub(_unsafe_escape, text) if _YAML_UNSAFE.search(text) else text


def _key(key: Any) -> str:
    key = str(key)
    return key if _PLAIN_KEY.fullmatch(key) and _plain_reads_as_text(key) else _json(key)


def _refuse(value: Any) -> Any:
    raise TypeError(f"front matter cannot hold a {type(value).__name__}")


def render(
    record: ExportRecord,
    slug: str,
    target: Target,
    *,
    section: str,
    desk_name: str | None = None,
    updated: datetime | None = None,
) -> str:
    """The whole file: front matter between `---` fences, the body as stored (Markdown),
    then the photo's caption and credit as one italic paragraph."""
    base = front_matter(record, slug, desk_name=desk_name, updated=updated)
    fields = target.story_fields(
        base, section=section, slug=slug, desk_name=desk_name, summary=base["summary"]
    )
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
        data = yaml.load(text[len(FENCE) + 1 : end + 1], Loader=_Loader)
    except yaml.YAMLError:
        return None
    return data if isinstance(data, dict) else None
