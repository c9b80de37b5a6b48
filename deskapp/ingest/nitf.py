"""NITF 3.x (News Industry Text Format): one article per document.

Maps docdata (doc-id, urgency, date.issue, date.release, ed-msg, du-key version,
key-list, management-status), pubdata's section, tobject.subject, and the body:
hedline (hl1; hl2 → subheadline, kept out of the body), byline (person; byttl is a
title, not a person), distributor, dateline (location, story.date), abstract,
body.content paragraphs, the first image's caption, and body.end taglines (credit
and "contributed" lines, sign-offs). `story_from_nitf` also reads NITF carried
inside a NewsML-G2 item.
"""

from __future__ import annotations

from deskapp.core.story import Photo, Role, Story
from deskapp.ingest.errors import IngestError
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

SKIPPED_IN_BODY = frozenset({"media", "table", "note", "fn", "hl2", "nitf-table"})


def parse_nitf(data: bytes, ref: str = "") -> list[Story]:
    root = parse_xml(data)
    if root.tag != "nitf":
        raise IngestError(f"not NITF (the root element is <{root.tag}>)")
    return [story_from_nitf(root, ref)]


def story_from_nitf(
    root: Element, ref: str = "", *, skip_if_empty: bool = False, headline: str = ""
) -> Story:
    """A story from an `nitf` element; `headline` is used when the NITF has none."""
    head = root.find("head")
    body = root.find("body") if root.tag != "body" else root
    body_head = body.find("body.head") if body is not None else None
    headline = child_text(body_head, "hedline/hl1") or child_text(head, "title") or headline
    story = Story(headline=headline, source_format="nitf", source_ref=ref)
    story.subheadline = child_text(body_head, "hedline/hl2")
    if head is not None:
        _read_head(story, head)
    region = ""
    if body_head is not None:
        region = _read_body_head(story, body_head)
    paragraphs = _content_paragraphs(body.find("body.content") if body is not None else None)
    end = body.find("body.end") if body is not None else None
    if end is not None:
        paragraphs += [text_of(t) for t in end.iter("tagline")]
    _read_media(story, body)
    return finish_story(story, paragraphs, region=region, skip_if_empty=skip_if_empty)


def _read_head(story: Story, head: Element) -> None:
    docdata = head.find("docdata")
    if docdata is not None:
        doc_id = docdata.find("doc-id")
        if doc_id is not None and doc_id.get("id-string"):
            story.uid = doc_id.get("id-string", "").strip()
        urgency = docdata.find("urgency")
        if urgency is not None:
            story.priority = parse_priority(urgency.get("ed-urg"))
        issue = docdata.find("date.issue")
        if issue is not None:
            story.published_at = parse_wire_time(issue.get("norm"))
        release = docdata.find("date.release")
        if release is not None:
            story.embargo_until = parse_wire_time(release.get("norm"))
        for message in docdata.iter("ed-msg"):
            note = clean(message.get("info") or text_of(message))
            if note:
                story.wire_notes.append(note)
        du_key = docdata.find("du-key")
        if du_key is not None:
            story.wire_version = parse_version(du_key.get("version"))
        for keyword in docdata.iter("keyword"):
            _keyword(story, keyword.get("key") or text_of(keyword))
        status_flags(story, docdata.get("management-status") or "")
        copyright_ = docdata.find("doc.copyright")
        if copyright_ is not None and not story.agency:
            story.agency = clean(copyright_.get("holder"))
    pubdata = head.find("pubdata")
    if pubdata is not None and not story.section:
        story.section = clean(pubdata.get("position.section"))
    for meta in head.iter("meta"):
        if (meta.get("name") or "").lower() in ("section", "category") and not story.section:
            story.section = clean(meta.get("content"))
    for subject in head.iter("tobject.subject"):
        _keyword(
            story,
            subject.get("tobject.subject.matter") or subject.get("tobject.subject.detail") or "",
        )


def _keyword(story: Story, value: str) -> None:
    value = clean(value)
    if value and value not in story.keywords:
        story.keywords.append(value)


def _read_body_head(story: Story, body_head: Element) -> str:
    for byline in body_head.iter("byline"):
        people = [clean(text_of(p)) for p in byline.iter("person")]
        if people:
            add_credits(story, [c for p in people for c in byline_credits(p)])
        else:
            add_credits(story, byline_credits(_byline_names(byline)))
    distributor = child_text(body_head, "distributor")
    if distributor:
        story.agency = distributor
    story.abstract = " ".join(paragraphs_in(body_head.find("abstract")))
    dateline = body_head.find("dateline")
    region = ""
    if dateline is not None:
        location = dateline.find("location")
        city = child_text(location, ".//city") if location is not None else ""
        region = (
            (
                child_text(location, ".//country")
                or child_text(location, ".//state")
                or child_text(location, ".//region")
            )
            if location is not None
            else ""
        )
        story_date = dateline.find("story.date")
        if story_date is not None and (when := parse_wire_time(story_date.get("norm"))):
            story.dateline_date = when.date()
        apply_dateline_text(
            story, f"{city}, {region}" if city and region else city or text_of(dateline)
        )
    return region


def _byline_names(byline: Element) -> str:
    """The byline's text without its `byttl` (a title, not a person): "By Maria Lopez"."""
    parts = [byline.text or ""]
    for child in byline:
        if child.tag != "byttl":
            parts.append("".join(child.itertext()))
        parts.append("\n" if child.tag == "byttl" else "")
        parts.append(child.tail or "")
    return "\n".join(clean(p) for p in "".join(parts).split("\n")).strip(" ,\n")


def _content_paragraphs(content: Element | None) -> list[str]:
    if content is None:
        return []
    paragraphs: list[str] = []
    for child in content:
        if child.tag in SKIPPED_IN_BODY:
            continue
        if child.tag == "block":
            paragraphs += _content_paragraphs(child)
        else:
            paragraphs += paragraphs_in(child)
    return paragraphs


def _read_media(story: Story, body: Element | None) -> None:
    if body is None:
        return
    for media in body.iter("media"):
        if (media.get("media-type") or "image") != "image":
            continue
        caption = child_text(media, "media-caption")
        if caption:
            credit = child_text(media, "media-producer")
            story.photo = Photo(caption=caption, credit=credit)
            pieces = credit.split("/")
            if len(pieces) > 1:
                add_credits(story, byline_credits(pieces[1], Role.PHOTOGRAPHER))
            return
