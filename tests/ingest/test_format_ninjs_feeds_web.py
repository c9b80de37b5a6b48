"""NINJS, RSS/Atom entries and web pages."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from deskapp.core.story import Credit, Role
from deskapp.ingest.detect import parse_source, sniff
from deskapp.ingest.errors import IngestError, SkippedItem
from deskapp.ingest.html_text import html_to_paragraphs


def test_ninjs_fields_and_html_body(wire_file):
    data = wire_file("ninjs-bridge.json")
    assert sniff(data) == "ninjs"
    [story] = parse_source(data, "n.json")
    assert story.uid == "urn:fictwire.example:ninjs:2026-1127:bridge"
    assert story.wire_version == 2 and story.priority == 5
    assert story.embargo_until == datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
    assert story.dateline_place == "Accra" and story.suggested_desk == "africa"
    assert Credit(Role.WRITER, "Kofi Mensah") in story.credits
    assert Credit(Role.EDITOR, "Ruth Adair") in story.credits
    assert story.wire_notes == ["Eds: photos available."]
    assert story.keywords == ["bridges", "infrastructure"]
    assert "track()" not in story.body and len(story.paragraphs()) == 2


def test_ninjs_picture_is_skipped_and_bad_json_names_the_line():
    with pytest.raises(SkippedItem, match="picture"):
        parse_source(b'{"uri": "p1", "type": "picture", "headline": "A photo"}', "p.json")
    with pytest.raises(IngestError, match="line 2"):
        parse_source(b'{"uri": "x",\n "headline": }', "bad.json")


def test_plain_text_opening_with_a_bracket_is_not_json():
    assert sniff(b"[Breaking] Storm hits coast\n\nText.") == "text"


def test_rss_entries_become_stories_with_script_and_tracking_dropped(wire_file):
    data = wire_file("feed-rss.xml")
    assert sniff(data) == "feed"
    orchard, tram = parse_source(data, "feed.xml")
    assert orchard.uid == "fictwire-orchard-1127" and orchard.source_format == "rss"
    assert orchard.published_at == datetime(2026, 11, 27, 8, 0, tzinfo=UTC)
    assert orchard.keywords == ["farming"]
    assert orchard.dateline_place == "Nairobi" and orchard.agency == "Reuters"
    assert Credit(Role.EDITOR, "Ali Rahman") in orchard.credits
    assert orchard.paragraphs() == [
        "Fruit growers in an imaginary valley picked a record crop this autumn, their "
        "cooperative said.",
        "Prices fell as a result.",
    ]
    assert tram.credits == []


def test_atom_entry_author_and_html_content(wire_file):
    [story] = parse_source(wire_file("feed-atom.xml"), "atom.xml")
    assert story.source_format == "atom"
    assert story.credits == [Credit(Role.WRITER, "Lucia Ferreira")]
    assert len(story.paragraphs()) == 2


def test_html_to_paragraphs_keeps_text_only():
    html = (
        '<p>One <a href="http://t.example/?utm_source=x">link</a>.</p><style>p{}</style>'
        '<div class="share-tools">Share this</div><p>Two<br>lines</p><ul><li>item</li></ul>'
    )
    assert html_to_paragraphs(html) == ["One link.", "Two lines", "- item"]


def test_web_page_main_text_without_navigation_or_asides(wire_file):
    data = wire_file("web-article.html")
    assert sniff(data) == "web"
    [story] = parse_source(data, "page.html")
    assert story.headline == "Lighthouse keeper retires after 40 years"
    assert story.dateline_place == "Bergen, Norway" and story.agency == "Reuters"
    assert Credit(Role.EDITOR, "Tomas Beck") in story.credits
    body = story.body
    assert body.startswith("The last keeper of a lighthouse")
    assert "Related stories" not in body and "Home" not in body
    assert "All rights reserved" not in body
