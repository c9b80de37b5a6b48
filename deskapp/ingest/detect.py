"""Which parser reads a source: decided from the content, not only from the file name.

Sniffing looks at the first bytes only, so plain text (the common case) pays one
byte comparison: control-byte framing → ANPA-1312 or IPTC 7901; `{`/`[` → NINJS;
`<` → the root element names the XML format (NITF, NewsML-G2, NewsML 1.2, RSS,
Atom) or says HTML (a web page); anything else → plain text.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from deskapp.core.story import Story
from deskapp.ingest.decode import to_utf8
from deskapp.ingest.errors import IngestError

Parser = Callable[[bytes, str], list[Story]]

_SNIFF = 4096
_LEAD = b" \t\r\n\x00\xef\xbb\xbf"
_ROOT = re.compile(rb"<(?![?!/])(?:[\w.-]+:)?([\w.-]+)")
_ANPA_HEADER = re.compile(rb"^[\x16\x01\r\n]*[a-z]\d{4} [a-z] [a-z] \S")
_XML_FORMATS = {
    b"nitf": "nitf",
    b"newsMessage": "newsml-g2",
    b"newsItem": "newsml-g2",
    b"packageItem": "newsml-g2",
    b"conceptItem": "newsml-g2",
    b"knowledgeItem": "newsml-g2",
    b"planningItem": "newsml-g2",
    b"NewsML": "newsml-1.2",
    b"rss": "feed",
    b"feed": "feed",
    b"RDF": "feed",
    b"html": "web",
}


def sniff(data: bytes) -> str:
    """The format name of a source from its first bytes."""
    head = data[:_SNIFF]
    first = head[:1]
    if first in (b"\x16", b"\x01"):
        return "anpa-1312" if _ANPA_HEADER.match(head) or b"\n^" in head else "iptc-7901"
    stripped = head.lstrip(_LEAD)
    first = stripped[:1]
    if first == b"{" or (first == b"[" and stripped[1:].lstrip(_LEAD)[:1] in (b"{", b"]")):
        return "ninjs"
    if first == b"<":
        lowered = stripped[:200].lower()
        if lowered.startswith(b"<!doctype html"):
            return "web"
        match = _ROOT.search(_without_comments(stripped))
        if match is None:
            return "xml"
        return _XML_FORMATS.get(match.group(1), "xml:" + match.group(1).decode("ascii", "replace"))
    return "text"


def _without_comments(head: bytes) -> bytes:
    while True:
        start = head.find(b"<!--")
        if start == -1:
            return head
        end = head.find(b"-->", start)
        if end == -1:
            return head[:start]
        head = head[:start] + head[end + 3 :]


def parser_for(kind: str) -> Parser:
    if kind == "text":
        return _parse_text
    if kind == "nitf":
        from deskapp.ingest.nitf import parse_nitf

        return parse_nitf
    if kind == "newsml-g2":
        from deskapp.ingest.newsml_g2 import parse_newsml_g2

        return parse_newsml_g2
    if kind == "newsml-1.2":
        from deskapp.ingest.newsml12 import parse_newsml12

        return parse_newsml12
    if kind == "anpa-1312":
        from deskapp.ingest.anpa import parse_anpa

        return parse_anpa
    if kind == "iptc-7901":
        from deskapp.ingest.iptc7901 import parse_iptc7901

        return parse_iptc7901
    if kind == "ninjs":
        from deskapp.ingest.ninjs import parse_ninjs

        return parse_ninjs
    if kind == "feed":
        from deskapp.ingest.feeds import parse_feed

        return parse_feed
    if kind == "web":
        from deskapp.ingest.web import parse_web

        return parse_web
    if kind == "xml":
        raise IngestError("XML with no root element")
    raise IngestError(f"XML of a kind Deskapp does not read (<{kind.removeprefix('xml:')}>)")


def _parse_text(data: bytes, ref: str) -> list[Story]:
    from deskapp.ingest.decode import decode_bytes
    from deskapp.ingest.plaintext import parse_plaintext

    return [parse_plaintext(decode_bytes(data), source_ref=ref)]


def parse_source(data: bytes, ref: str = "", encoding: str | None = None) -> list[Story]:
    """Every story in one source. Raises IngestError with a one-line reason.

    `encoding` names the source's code page (else it is read from the copy, see
    `decode.to_utf8`); a guessed reading is noted on each story (`decoded_as`).
    """
    if not data.strip():
        raise IngestError("empty file")
    kind = sniff(data)
    if kind == "text":  # decoded once, here, where a guess can be noted
        from deskapp.ingest.decode import decode_noting
        from deskapp.ingest.plaintext import parse_plaintext

        text, how = decode_noting(data, encoding)
        stories = [parse_plaintext(text, source_ref=ref)]
    else:
        data, how = to_utf8(data, encoding)
        stories = parser_for(kind)(data, ref)
    if how:
        for story in stories:
            story.decoded_as = how
    return stories
