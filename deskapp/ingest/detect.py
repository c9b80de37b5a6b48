"""Which parser reads a source: decided from the content, not only from the file name."""

from __future__ import annotations

from deskapp.core.story import Story
from deskapp.ingest.errors import IngestError


def parse_source(data: bytes, ref: str = "") -> list[Story]:
    """Every story in one source. Raises IngestError with a one-line reason."""
    from deskapp.ingest.decode import decode_bytes
    from deskapp.ingest.plaintext import parse_plaintext

    if not data.strip():
        raise IngestError("empty file")
    text = decode_bytes(data)
    story = parse_plaintext(text, source_ref=ref)
    return [story]
