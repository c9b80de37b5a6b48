"""NITF: every mapped field, and updates by du-key version."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from deskapp.core.story import Credit, Role
from deskapp.ingest.detect import parse_source, sniff
from deskapp.ingest.errors import IngestError


def test_nitf_maps_head_and_body_fields(wire_file):
    data = wire_file("nitf-harbour.xml")
    assert sniff(data) == "nitf"
    [story] = parse_source(data, "nitf-harbour.xml")
    assert story.uid == "fict-2026-1127-ferry" and story.wire_version == 1
    assert story.headline == "Ferry strike halts harbour traffic"
    assert story.subheadline.startswith("Crews walk out over rosters")
    assert story.priority == 3
    assert story.published_at == datetime(2026, 11, 27, 8, 15, tzinfo=UTC)
    assert story.embargo_until == datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
    assert story.wire_notes == ["Embargoed until 1200 GMT. Adds union statement."]
    assert story.keywords == ["ferries", "strikes", "labour"]
    assert story.dateline_place == "Oslo" and story.dateline_date == date(2026, 11, 27)
    assert story.suggested_desk == "europe" and story.agency == "Reuters"
    assert story.abstract == "Ferry crews stopped work at dawn, stranding commuters."
    assert Credit(Role.WRITER, "Marta Oyelaran") in story.credits
    assert Credit(Role.EDITOR, "Tomas Beck") in story.credits
    assert Credit(Role.PHOTOGRAPHER, "Pal Henningsen") in story.credits
    assert story.photo is not None and story.photo.caption == "Commuters wait on an empty quay."
    paragraphs = story.paragraphs()
    assert paragraphs[0].startswith("Ferry crews in the fictional harbour")  # dateline taken off
    assert paragraphs[-1].startswith("The operator said")  # the block's paragraph is kept
    assert not any("Reporting by" in p for p in paragraphs)  # the tagline is a credit line
    assert story.source_format == "nitf"


def test_nitf_with_no_body_text_is_an_error():
    data = (
        b"<nitf><body><body.head><hedline><hl1>Only a headline</hl1></hedline>"
        b"</body.head><body.content/></body></nitf>"
    )
    with pytest.raises(IngestError, match="no story text"):
        parse_source(data, "x.xml")


def test_unknown_xml_is_named_in_the_error():
    with pytest.raises(IngestError, match="<catalog>"):
        parse_source(b"<?xml version='1.0'?><catalog><x/></catalog>", "x.xml")


def test_newer_nitf_version_updates_the_story_in_place(services, wire_file):
    first = services.ingest.store(
        [("v1", s) for s in parse_source(wire_file("nitf-harbour.xml"), "v1")]
    )
    services.stories.set_desk(first[0].id, "europe")
    again = services.ingest.store(
        [("v1", s) for s in parse_source(wire_file("nitf-harbour.xml"), "v1")]
    )
    assert again[0].status == "duplicate"
    update = services.ingest.store(
        [("v2", s) for s in parse_source(wire_file("nitf-harbour-v2.xml"), "v2")]
    )
    assert update[0].status == "updated" and update[0].id == first[0].id
    story = services.stories.get(first[0].id)
    assert "more than a thousand commuters" in story.body
    assert story.desk == "europe"  # the desk's work is kept
    assert [n.text for n in story.notes if n.from_wire] == [
        "Embargoed until 1200 GMT. Adds union statement."
    ]
