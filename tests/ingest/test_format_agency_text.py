"""ANPA-1312 and IPTC 7901: control-byte framing, header lines, trailers, charsets."""

from __future__ import annotations

from datetime import UTC, datetime

from deskapp.core.story import Credit, Role
from deskapp.ingest.detect import parse_source, sniff


def test_anpa_header_caret_lines_dateline_and_trailer(wire_file):
    data = wire_file("anpa-storm.txt")
    assert sniff(data) == "anpa-1312"
    [story] = parse_source(data, "ap.txt")
    assert story.headline == "Storm closes harbour bridge in fictional port town"
    assert story.slugline == "EU-Harbour-Bridge" and story.priority == 3
    assert story.credits == [Credit(Role.WRITER, "Anna Kovac"), Credit(Role.WRITER, "Peter Lindh")]
    assert story.agency == "AP"
    assert story.wire_notes == ["UPDATES with mayor's comment in 4th graf."]
    assert story.dateline_place == "Portland, Maine" and story.suggested_desk == "americas"
    assert story.published_at == datetime(2026, 11, 27, 15, 15, tzinfo=UTC)  # 1015 EST
    paragraphs = story.paragraphs()
    assert len(paragraphs) == 4
    assert paragraphs[0].startswith("A winter storm closed the harbour bridge")
    assert not any("\x03" in p or "AP-NY" in p or p.endswith("<") for p in paragraphs)


def test_anpa_writethru_updates_the_original(services, wire_file):
    [first] = services.ingest.store(
        [("a", s) for s in parse_source(wire_file("anpa-storm.txt"), "a")]
    )
    [lead] = services.ingest.store(
        [("b", s) for s in parse_source(wire_file("anpa-storm-1stld.txt"), "b")]
    )
    assert lead.status == "updated" and lead.id == first.id
    assert "inspect it on Saturday" in services.stories.get(first.id).body


def test_iptc7901_latin1_header_headline_block_and_signoff(wire_file):
    data = wire_file("iptc7901-comet.txt")
    assert sniff(data) == "iptc-7901"
    [story] = parse_source(data, "dpa.txt")
    assert story.headline == "Amateur astronomers spot new comet over Bavaria"
    assert story.slugline == "Wissenschaft/Astronomie" and story.priority == 4
    assert story.agency == "dpa" and story.signoff == "dpa jm yylf"
    assert story.credits == [
        Credit(Role.REPORTER, "J\u00fcrgen Maier"),
        Credit(Role.EDITOR, "Lena Fischer"),
    ]
    assert story.published_at == datetime(2026, 11, 27, 10, 15, tzinfo=UTC)
    assert story.dateline_place == "Munich"
    assert "b\u00e4kery" in story.body  # ISO 8859-1 decoded
    assert story.wire_notes == ["Not for publication: Contact: club press office, fictional number"]
    assert "not for publication" not in story.body.lower()
    assert len(story.paragraphs()) == 3
