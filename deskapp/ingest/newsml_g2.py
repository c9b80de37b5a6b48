"""NewsML-G2: a `newsItem`, or a `newsMessage` whose itemSet holds several.

Per item: guid + version (dedupe and in-place updates), itemClass (only text
items are stories), provider, firstCreated/versionCreated, embargoed, pubStatus
(`canceled` → killed, `withheld` → withdrawn), signal (`correction` → corrected),
edNote (notes from the wire); contentMeta: urgency, slugline, headline (a `sub`
role → subheadline), description (summary → abstract), by, creator/contributor
with their roles, dateline and located (the text dateline in the copy wins),
subject and keyword (→ keywords), a section subject or the
service (→ section); the body from inlineXML (NITF or XHTML) or
inlineData (plain text). Package items and items with no text are skipped with
a reason, which is not a failure.
"""

from __future__ import annotations

from deskapp.core.gazetteer import suggest_desk
from deskapp.core.story import Role, Story
from deskapp.ingest.closing import finish_credits
from deskapp.ingest.errors import IngestError, SkippedItem
from deskapp.ingest.nitf import story_from_nitf
from deskapp.ingest.wire_copy import (
    add_credits,
    apply_dateline_text,
    byline_credits,
    clean,
    finish_story,
    headline_flags,
    parse_priority,
    parse_version,
    parse_wire_time,
)
from deskapp.ingest.wire_flags import status_flags
from deskapp.ingest.xml_safety import Element, child_text, paragraphs_in, parse_xml, text_of

ITEM_TAGS = ("newsItem", "packageItem", "conceptItem", "knowledgeItem", "planningItem")
_ROLE_WORDS: tuple[tuple[str, Role], ...] = (
    ("photo", Role.PHOTOGRAPHER),
    ("edit", Role.EDITOR),
    ("report", Role.REPORTER),
    ("correspond", Role.REPORTER),
    ("writ", Role.WRITER),
    ("author", Role.WRITER),
    ("contrib", Role.CONTRIBUTOR),
)
_MERGED = (
    "uid",
    "wire_version",
    "headline",
    "subheadline",
    "slugline",
    "abstract",
    "published_at",
    "embargo_until",
    "priority",
    "agency",
    "section",
)
_PLACE_FIELDS = ("dateline_place", "dateline_date", "suggested_desk")


def parse_newsml_g2(data: bytes, ref: str = "") -> list[Story]:
    root = parse_xml(data)
    if root.tag == "newsMessage":
        items = [el for el in root.iter() if el.tag in ITEM_TAGS]
    elif root.tag in ITEM_TAGS:
        items = [root]
    else:
        raise IngestError(f"not NewsML-G2 (the root element is <{root.tag}>)")
    stories: list[Story] = []
    skipped: list[str] = []
    for item in items:
        name = item.get("guid") or f"item {len(stories) + len(skipped) + 1}"
        try:
            stories.append(_item_story(item, ref))
        except SkippedItem as exc:
            skipped.append(f"{name}: {exc}")
        except IngestError as exc:
            raise IngestError(f"{name}: {exc}") from None
    if not stories:
        raise SkippedItem("; ".join(skipped) or "a message with no items")
    return stories


def _item_story(item: Element, ref: str) -> Story:
    if item.tag != "newsItem":
        raise SkippedItem(f"a {item.tag}, not a story")
    item_class = _qcode(item.find("itemMeta/itemClass"))
    if item_class and not item_class.endswith((":text", ":composite")):
        raise SkippedItem(f"not a text item ({item_class})")
    meta = _read_meta(item, ref)
    content = _text_content(item)
    if content is None:
        raise SkippedItem("no text (no inlineXML or inlineData)")
    if isinstance(content, list):
        return finish_story(meta, content, skip_if_empty=True)
    story = story_from_nitf(content, ref, skip_if_empty=True, headline=meta.headline)
    headline_flags(meta)  # "CORRECTED-" on the item's own headline
    for name in _MERGED:
        value = getattr(meta, name)
        if value not in (None, ""):
            setattr(story, name, value)
    if not story.dateline_place:  # no text dateline in the copy: the metadata's place
        for name in _PLACE_FIELDS:
            setattr(story, name, getattr(meta, name))
    elif story.suggested_desk is None:
        story.suggested_desk = meta.suggested_desk
    story.killed = story.killed or meta.killed
    story.withdrawn = story.withdrawn or meta.withdrawn
    story.corrected = story.corrected or meta.corrected
    story.credits = meta.credits + [c for c in story.credits if c not in meta.credits]
    story.keywords = meta.keywords + [k for k in story.keywords if k not in meta.keywords]
    story.wire_notes = meta.wire_notes + [n for n in story.wire_notes if n not in meta.wire_notes]
    story.source_format = "newsml-g2"
    finish_credits(story)  # the item's own notes may kill, correct or embargo it
    return story


def _qcode(element: Element | None) -> str:
    return (element.get("qcode") or "").strip() if element is not None else ""


def _tail(qcode: str) -> str:
    return qcode.split(":", 1)[-1] if qcode else ""


def _read_meta(item: Element, ref: str) -> Story:
    meta = item.find("itemMeta")
    content = item.find("contentMeta")
    story = Story(headline="", source_format="newsml-g2", source_ref=ref)
    story.uid = (item.get("guid") or "").strip()
    story.wire_version = parse_version(item.get("version"))
    if meta is not None:
        provider = meta.find("provider")
        if provider is not None:
            story.agency = child_text(provider, "name") or _tail(_qcode(provider))
        story.published_at = parse_wire_time(child_text(meta, "firstCreated")) or parse_wire_time(
            child_text(meta, "versionCreated")
        )
        story.embargo_until = parse_wire_time(child_text(meta, "embargoed"))
        status_flags(story, _qcode(meta.find("pubStatus")))
        for signal in meta.iter("signal"):
            if "correct" in _qcode(signal).lower():
                story.corrected = True
        story.wire_notes += [t for t in (text_of(n) for n in meta.iter("edNote")) if t]
    if content is not None:
        _read_content_meta(story, content)
    story.section = _section(meta, content)
    return story


_SECTION_WORDS = ("section", "department", "desk", "category")


def _section(meta: Element | None, content: Element | None) -> str:
    """The item's section: a subject marked as a section or department, else its service.

    Agencies mark the section differently: a `subject` whose type, role or qcode
    scheme says section/department/desk/category, or (most often) the
    `itemMeta/service` the item was filed on ("UK News Service", "World").
    """
    for subject in content.iter("subject") if content is not None else ():
        marks = " ".join(
            (subject.get("type") or "", subject.get("role") or "", _qcode(subject).split(":", 1)[0])
        ).lower()
        if any(word in marks for word in _SECTION_WORDS):
            name = child_text(subject, "name") or _tail(_qcode(subject))
            if name:
                return clean(name)
    service = meta.find("service") if meta is not None else None
    if service is not None:
        return clean(child_text(service, "name") or _tail(_qcode(service)))
    return ""


def _read_content_meta(story: Story, content: Element) -> None:
    story.published_at = story.published_at or parse_wire_time(
        child_text(content, "contentCreated")
    )
    story.priority = parse_priority(child_text(content, "urgency"))
    story.slugline = child_text(content, "slugline")
    for headline in content.iter("headline"):
        role = (headline.get("role") or "").lower()
        if "sub" in role:
            story.subheadline = story.subheadline or text_of(headline)
        elif not story.headline:
            story.headline = text_of(headline)
    story.subheadline = story.subheadline or child_text(content, "subheadline")
    for description in content.iter("description"):
        if "summary" in (description.get("role") or "drol:summary"):
            story.abstract = story.abstract or text_of(description)
    for by in content.iter("by"):
        add_credits(story, byline_credits(text_of(by)))
    for tag, default in (("creator", Role.WRITER), ("contributor", Role.CONTRIBUTOR)):
        for person in content.iter(tag):
            if "organi" in (person.get("type") or "").lower():
                continue
            name = child_text(person, "name") or person.get("literal") or ""
            add_credits(story, byline_credits(name, _role(person.get("role"), default)))
    for element in content.iter():
        if element.tag == "subject" and element.get("type", "") != "cpnat:geoArea":
            name = child_text(element, "name")
        elif element.tag == "keyword":
            name = text_of(element)
        else:
            continue
        if name and name not in story.keywords:
            story.keywords.append(name)
    _read_place(story, content)


def _role(qcode: str | None, default: Role) -> Role:
    tail = _tail(qcode or "").lower()
    for word, role in _ROLE_WORDS:
        if word in tail:
            return role
    return default


def _read_place(story: Story, content: Element) -> None:
    """The place from `dateline` (when it is a place, not a timestamp), else `located`.

    A text dateline in the copy itself wins over both (see `finish_story`): `located`
    often names the agency's editing hub rather than where the story happened.
    """
    located = content.find("located")
    place = country = ""
    if located is not None:
        place = child_text(located, "name") or _tail(_qcode(located))
        for broader in located.iter("broader"):
            kind = (broader.get("type") or broader.get("qcode") or "").lower()
            if "country" in kind or "cntry" in kind:
                country = child_text(broader, "name") or _tail(_qcode(broader))
    dateline = child_text(content, "dateline")
    if dateline:
        apply_dateline_text(story, dateline)
    if located is not None and not story.dateline_place and place:
        story.dateline_place = clean(place)
        story.suggested_desk = suggest_desk(place.split(",")[0].strip(), country)
    elif located is not None and story.suggested_desk is None and place:
        story.suggested_desk = suggest_desk(place.split(",")[0].strip(), country)


def _text_content(item: Element) -> Element | list[str] | None:
    """An `nitf` element, or the paragraphs of XHTML or plain text; None if no text."""
    content_set = item.find("contentSet")
    if content_set is None:
        return None
    for part in content_set:
        if part.tag == "inlineXML":
            for child in part:
                if child.tag == "nitf":
                    return child
                body = child.find("body") if child.tag == "html" else child
                return paragraphs_in(body)
        elif part.tag == "inlineData":
            text = "".join(part.itertext())
            return [p for p in text.replace("\r", "").split("\n\n") if p.strip()]
    return None
