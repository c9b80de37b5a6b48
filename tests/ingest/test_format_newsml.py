"""NewsML-G2 (messages, items, kills, skips) and NewsML 1.2."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from deskapp.core.story import Credit, Role
from deskapp.ingest.detect import parse_source, sniff
from deskapp.ingest.errors import SkippedItem


def test_news_message_yields_each_text_item_and_skips_the_rest(wire_file):
    data = wire_file("newsml-g2-message.xml")
    assert sniff(data) == "newsml-g2"
    glacier, rail = parse_source(data, "msg.xml")
    assert glacier.uid == "urn:newsml:fictwire.example:20261127:glacier"
    assert glacier.wire_version == 1
    assert glacier.headline == "Alpine glacier shrinks to record low, survey finds"
    assert glacier.slugline == "Swiss-Glacier-Retreat" and glacier.priority == 4
    assert glacier.credits[:2] == [
        Credit(Role.WRITER, "Ines Marchetti"),
        Credit(Role.EDITOR, "Olu Adebayo"),
    ]
    assert glacier.embargo_until == datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
    assert glacier.published_at == datetime(2026, 11, 27, 7, 30, tzinfo=UTC)
    assert glacier.dateline_place == "Geneva" and glacier.suggested_desk == "europe"
    assert glacier.wire_notes == ["Corrects spelling of glacier name in paragraph 2."]
    assert glacier.signoff == "im/dl" and glacier.agency == "AFP"
    assert glacier.abstract.startswith("A fictional survey")
    assert glacier.paragraphs()[0].startswith("An imaginary glacier")
    assert rail.killed is True and not glacier.killed
    assert rail.credits == [Credit(Role.WRITER, "Sven Haldorsen")]
    assert rail.paragraphs()[0].startswith("Night trains will run again")  # XHTML body


def test_item_with_plain_inline_data_and_a_located_qcode(wire_file):
    [story] = parse_source(wire_file("newsml-g2-item-plain.xml"), "item.xml")
    assert story.wire_version == 2 and story.agency == "Fictwire"
    assert story.suggested_desk == "africa"
    assert len(story.paragraphs()) == 2


def test_package_or_picture_only_message_is_skipped_not_failed():
    data = (
        b'<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"><itemSet>'
        b'<packageItem guid="p1" version="1"/>'
        b'<newsItem guid="n1" version="1"><itemMeta><itemClass qcode="ninat:picture"/>'
        b"</itemMeta></newsItem></itemSet></newsMessage>"
    )
    with pytest.raises(SkippedItem, match="ninat:picture"):
        parse_source(data, "pkg.xml")


def test_killed_story_is_stored_flagged_not_deleted(services, wire_file):
    results = services.ingest.store(
        [("m", s) for s in parse_source(wire_file("newsml-g2-message.xml"), "m")]
    )
    assert [r.status for r in results] == ["new", "new"]
    rail = services.stories.get(results[1].id)
    assert rail.killed is True
    assert [n.author for n in rail.notes] == ["AFP"]


def test_newsml12_maps_identifier_news_lines_and_signoff(wire_file):
    data = wire_file("newsml12-afp.xml")
    assert sniff(data) == "newsml-1.2"
    [story] = parse_source(data, "afp.xml")
    assert story.uid == "urn:newsml:afp.example:20261127:TX-PAR-FIC01"
    assert story.wire_version == 1 and story.priority == 3
    assert story.headline == "Museum returns borrowed tapestry after forty years"
    assert story.subheadline == "A loan that outlived its lenders"
    assert story.credits == [Credit(Role.WRITER, "Claire Vasseur")]
    assert story.dateline_place == "Paris" and story.agency == "AFP"
    assert story.embargo_until == datetime(2026, 11, 27, 14, 0, tzinfo=UTC)
    assert story.signoff == "cv/jm"
    assert story.wire_notes == ["Picture available from the photo service."]
    assert story.keywords == ["museums"]
    assert not any("cv/jm" in p for p in story.paragraphs())


def test_newsml12_revision_updates_in_place(services, wire_file):
    [first] = services.ingest.store(
        [("a", s) for s in parse_source(wire_file("newsml12-afp.xml"), "a")]
    )
    [second] = services.ingest.store(
        [("b", s) for s in parse_source(wire_file("newsml12-afp-v2.xml"), "b")]
    )
    assert second.status == "updated" and second.id == first.id
    assert "apologised" in services.stories.get(first.id).body
