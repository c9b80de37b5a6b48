"""NewsML 1.2 (AFP and others): a NewsML document with one or more NewsItems.

Maps NewsIdentifier (ProviderId, DateId, NewsItemId → uid; RevisionId → wire
version), NewsManagement (FirstCreated, Status `Canceled` → killed, `Withheld` → withdrawn, Urgency,
StatusWillChange → embargo), NewsLines (HeadLine, SubHeadLine, ByLine, DateLine,
SlugLine, CreditLine → agency, KeywordLine, editorial NewsLines → notes), the section
(a DescriptiveMetadata Property named Section, else the envelope's NewsService) and the
first text ContentItem (NITF, XHTML or plain text). Trailing sign-off initials
("jm/sst") become the sign-off through the shared copy rules.
"""

from __future__ import annotations

from deskapp.core.story import Story
from deskapp.ingest.errors import IngestError, SkippedItem
from deskapp.ingest.wire_copy import (
    add_credits,
    apply_dateline_text,
    byline_credits,
    clean,
    finish_story,
    parse_priority,
    parse_version,
    parse_wire_time,
)
from deskapp.ingest.wire_flags import status_flags
from deskapp.ingest.xml_safety import Element, child_text, paragraphs_in, parse_xml, text_of


def parse_newsml12(data: bytes, ref: str = "") -> list[Story]:
    root = parse_xml(data)
    if root.tag != "NewsML":
        raise IngestError(f"not NewsML 1.2 (the root element is <{root.tag}>)")
    stories: list[Story] = []
    skipped: list[str] = []
    service = root.find("NewsEnvelope/NewsService")
    service_name = clean(service.get("FormalName")) if service is not None else ""
    for item in root.iter("NewsItem"):
        try:
            story = _item_story(item, ref)
            story.section = story.section or service_name
            stories.append(story)
        except SkippedItem as exc:
            skipped.append(str(exc))
    if not stories:
        raise SkippedItem("; ".join(skipped) or "no NewsItem")
    return stories


def _item_story(item: Element, ref: str) -> Story:
    story = Story(headline="", source_format="newsml-1.2", source_ref=ref)
    ident = item.find("Identification/NewsIdentifier")
    if ident is not None:
        parts = [child_text(ident, n) for n in ("ProviderId", "DateId", "NewsItemId")]
        if parts[2]:
            story.uid = "urn:newsml:" + ":".join(parts)
        story.wire_version = parse_version(child_text(ident, "RevisionId"))
    management = item.find("NewsManagement")
    if management is not None:
        story.published_at = parse_wire_time(
            child_text(management, "FirstCreated")
        ) or parse_wire_time(child_text(management, "ThisRevisionCreated"))
        status = management.find("Status")
        formal = (status.get("FormalName") or "") if status is not None else ""
        status_flags(story, formal)
        urgency = management.find("Urgency")
        if urgency is not None:
            story.priority = parse_priority(urgency.get("FormalName"))
        if formal.lower() == "embargoed":
            story.embargo_until = parse_wire_time(
                child_text(management, "StatusWillChange/DateAndTime")
            )
    component = item.find("NewsComponent")
    if component is None:
        raise SkippedItem("a NewsItem with no NewsComponent")
    _read_news_lines(story, component.find("NewsLines"))
    story.section = _section(component)
    return finish_story(story, _text(component), skip_if_empty=True)


_SECTION_NAMES = ("section", "category", "department", "desk")


def _section(component: Element) -> str:
    """A DescriptiveMetadata `Property` named Section (or Category, Department, Desk)."""
    for prop in component.iter("Property"):
        if (prop.get("FormalName") or "").strip().lower() in _SECTION_NAMES:
            value = clean(prop.get("Value"))
            if value:
                return value
    return ""


def _read_news_lines(story: Story, lines: Element | None) -> None:
    if lines is None:
        return
    story.headline = child_text(lines, "HeadLine")
    story.subheadline = child_text(lines, "SubHeadLine")
    story.slugline = child_text(lines, "SlugLine")
    for byline in lines.iter("ByLine"):
        add_credits(story, byline_credits(text_of(byline)))
    credit = child_text(lines, "CreditLine")
    if credit:
        story.agency = credit
    keywords = [text_of(k) for k in lines.iter("KeywordLine")]
    story.keywords += [k for k in keywords if k and k not in story.keywords]
    for line in lines.iter("NewsLine"):
        kind = line.find("NewsLineType")
        if kind is not None and "note" in (kind.get("FormalName") or "").lower():
            note = child_text(line, "NewsLineText")
            if note:
                story.wire_notes.append(note)
    dateline = child_text(lines, "DateLine")
    if dateline:
        apply_dateline_text(story, dateline)


def _text(component: Element) -> list[str]:
    for content in component.iter("ContentItem"):
        media = content.find("MediaType")
        if media is not None and (media.get("FormalName") or "Text").lower() != "text":
            continue
        data = content.find("DataContent")
        if data is None:
            continue
        body = data.find(".//body.content")
        if body is None and len(data):
            body = data.find(".//body")
        if len(data) == 0:
            text = "".join(data.itertext())
            return [p for p in text.replace("\r", "").split("\n\n") if p.strip()]
        return paragraphs_in(body if body is not None else data)
    return []
