"""NINJS (IPTC's news in JSON), versions 1.x and 2.x: one object, or a list of them.

Maps uri/guid → uid, version, type (only text is a story), headline or headlines
(a `sub` role → subheadline), slugline, byline, by/people with a role,
body_text / body_html / bodies, description_text / descriptions → abstract,
located / place (→ dateline place, suggested desk), urgency, embargoed,
firstcreated / versioncreated, pubstatus (`canceled` → killed, `withheld` →
withdrawn), ednote (→ a note), subject / keywords (→ keywords), copyrightholder /
provider (→ agency).
"""

from __future__ import annotations

import json
from typing import Any

from deskapp.core.gazetteer import suggest_desk
from deskapp.core.story import Role, Story
from deskapp.ingest.decode import decode_bytes
from deskapp.ingest.errors import IngestError, SkippedItem
from deskapp.ingest.html_text import html_to_paragraphs
from deskapp.ingest.wire_copy import (
    add_credits,
    byline_credits,
    clean,
    finish_story,
    parse_priority,
    parse_version,
    parse_wire_time,
)
from deskapp.ingest.wire_flags import status_flags


def parse_ninjs(data: bytes, ref: str = "") -> list[Story]:
    try:
        document = json.loads(decode_bytes(data))
    except json.JSONDecodeError as exc:
        raise IngestError(f"malformed JSON at line {exc.lineno}, column {exc.colno}") from None
    objects = document if isinstance(document, list) else [document]
    stories: list[Story] = []
    skipped: list[str] = []
    for obj in objects:
        if not isinstance(obj, dict):
            raise IngestError("JSON that is not NINJS (expected an object)")
        try:
            stories.append(_story(obj, ref))
        except SkippedItem as exc:
            skipped.append(f"{obj.get('uri') or obj.get('guid') or 'item'}: {exc}")
    if not stories:
        raise SkippedItem("; ".join(skipped) or "no NINJS objects")
    return stories


def _text(value: Any) -> str:
    return clean(value) if isinstance(value, str) else ""


def _story(obj: dict[str, Any], ref: str) -> Story:
    kind = _text(obj.get("type")) or "text"
    if kind not in ("text", "composite"):
        raise SkippedItem(f"not a text item ({kind})")
    story = Story(headline=_text(obj.get("headline")), source_format="ninjs", source_ref=ref)
    for headline in obj.get("headlines") or []:
        if not isinstance(headline, dict):
            continue
        role = _text(headline.get("role")).lower()
        if "sub" in role:
            story.subheadline = story.subheadline or _text(headline.get("value"))
        elif not story.headline:
            story.headline = _text(headline.get("value"))
    story.uid = _text(obj.get("uri")) or _text(obj.get("guid"))
    story.wire_version = parse_version(str(obj.get("version") or ""))
    story.slugline = _text(obj.get("slugline"))
    story.priority = parse_priority(str(obj.get("urgency") or ""))
    story.embargo_until = parse_wire_time(_text(obj.get("embargoed")))
    story.published_at = parse_wire_time(_text(obj.get("firstcreated"))) or parse_wire_time(
        _text(obj.get("versioncreated"))
    )
    status_flags(story, _text(obj.get("pubstatus")))
    story.agency = _text(obj.get("copyrightholder")) or _name(obj.get("provider"))
    for key in ("ednote", "ednotes"):
        value = obj.get(key)
        notes = value if isinstance(value, list) else [value]
        story.wire_notes += [
            _text(n.get("value") if isinstance(n, dict) else n)
            for n in notes
            if _text(n.get("value") if isinstance(n, dict) else n)
        ]
    _credits(story, obj)
    _keywords(story, obj)
    story.section = _section(obj)
    story.abstract = _text(obj.get("description_text")) or _first_value(obj.get("descriptions"))
    located = _text(obj.get("located")) or _name((obj.get("place") or [None])[0])
    if located:
        place = located.split(",")[0].strip()
        story.dateline_place = place
        story.suggested_desk = suggest_desk(place)
    return finish_story(story, _paragraphs(obj), skip_if_empty=True)


def _name(value: Any) -> str:
    if isinstance(value, dict):
        return _text(value.get("name"))
    return _text(value)


def _first_value(items: Any) -> str:
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and _text(item.get("value")):
            return _text(item.get("value"))
    return ""


def _credits(story: Story, obj: dict[str, Any]) -> None:
    if _text(obj.get("byline")):
        add_credits(story, byline_credits(_text(obj.get("byline"))))
    by = obj.get("by")
    if isinstance(by, str):  # NINJS 1.x and 2.x: "by" is the byline as text
        add_credits(story, byline_credits(_text(by)))
    for entry in obj.get("bylines") or []:  # [{"byline": "...", "role": "..."}]
        if isinstance(entry, dict) and _text(entry.get("byline")):
            add_credits(
                story,
                byline_credits(_text(entry["byline"]), _role(_text(entry.get("role")).lower())),
            )
    for person in _list(by) + _list(obj.get("people")):
        if not isinstance(person, dict) or not _text(person.get("name")):
            continue
        role = _text(person.get("role") or person.get("rel")).lower()
        if not role and person in _list(obj.get("people")):
            continue  # people merely mentioned in the story are not credits
        add_credits(story, byline_credits(_text(person["name"]), _role(role)))


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _role(role: str) -> Role:
    if "edit" in role:
        return Role.EDITOR
    if "photo" in role:
        return Role.PHOTOGRAPHER
    if "report" in role or "correspond" in role:
        return Role.REPORTER
    if "contrib" in role:
        return Role.CONTRIBUTOR
    return Role.WRITER


def _section(obj: dict[str, Any]) -> str:
    """`section` as text (AP and others), else the first `service` / `services` name."""
    if _text(obj.get("section")):
        return _text(obj.get("section"))
    for key in ("service", "services"):
        value = obj.get(key)
        for item in value if isinstance(value, list) else [value]:
            if _name(item):
                return _name(item)
    return ""


def _keywords(story: Story, obj: dict[str, Any]) -> None:
    values = [k for k in obj.get("keywords") or [] if isinstance(k, str)]
    values += [_name(s) for s in obj.get("subject") or []]
    for value in values:
        value = clean(value)
        if value and value not in story.keywords:
            story.keywords.append(value)


def _paragraphs(obj: dict[str, Any]) -> list[str]:
    text = obj.get("body_text")
    html = obj.get("body_html")
    for body in obj.get("bodies") or []:
        if not isinstance(body, dict) or not isinstance(body.get("value"), str):
            continue
        if "html" in _text(body.get("contenttype")):
            html = html or body["value"]
        else:
            text = text or body["value"]
    if isinstance(html, str) and html.strip():
        return html_to_paragraphs(html)
    if isinstance(text, str):
        return [p for p in text.replace("\r", "").split("\n\n") if p.strip()]
    return []
