"""Hostile XML: external entities, entity bombs, DTD fetches, malformed input."""

from __future__ import annotations

import time

import pytest

from deskapp.ingest.detect import parse_source
from deskapp.ingest.errors import IngestError


def test_external_entity_pointing_at_a_local_file_never_brings_its_text(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-PASSWORD-123")
    data = (
        f'<?xml version="1.0"?><!DOCTYPE nitf [<!ENTITY leak SYSTEM "file://{secret}">]>'
        "<nitf><body><body.head><hedline><hl1>Quiet day</hl1></hedline></body.head>"
        "<body.content><p>Nothing happened &leak; today.</p></body.content></body></nitf>"
    ).encode()
    with pytest.raises(IngestError, match="unsafe XML") as caught:
        parse_source(data, "xxe.xml")
    assert "TOP-SECRET" not in str(caught.value)


def test_billion_laughs_is_refused_within_a_second():
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 10)
    )
    data = (
        f'<?xml version="1.0"?><!DOCTYPE nitf [{entities}]>'
        "<nitf><body><body.content><p>&lol9;</p></body.content></body></nitf>"
    ).encode()
    started = time.perf_counter()
    with pytest.raises(IngestError, match="entity declarations are not allowed"):
        parse_source(data, "bomb.xml")
    assert time.perf_counter() - started < 1.0


def test_entity_bomb_in_a_feed_is_refused_too():
    data = (
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><rss version="2.0"><channel>'
        b"<item><title>&b;</title><description>x</description></item></channel></rss>"
    )
    with pytest.raises(IngestError, match="entity declarations"):
        parse_source(data, "feed.xml")


def test_external_dtd_is_never_fetched_and_a_plain_doctype_is_fine(wire_file):
    # nitf-harbour.xml declares <!DOCTYPE nitf SYSTEM "nitf-3-6.dtd">, which does not exist.
    [story] = parse_source(wire_file("nitf-harbour.xml"), "n.xml")
    assert story.headline


def test_malformed_xml_names_the_line():
    data = b"<nitf>\n<body>\n<body.content><p>Open\n</body.content></body></nitf>"
    with pytest.raises(IngestError, match=r"malformed XML at line 4"):
        parse_source(data, "broken.xml")
