"""The response body decoder under any chunking: what a server sends in pieces of any size
decodes to the same bytes, and the cap holds on the decompressed size, whatever the pieces."""

from __future__ import annotations

import itertools
import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deskapp.ingest.errors import IngestError
from deskapp.ingest.fetch import Body

CODINGS = {
    "gzip": lambda data: _pack(data, 16 + zlib.MAX_WBITS),
    "deflate": lambda data: _pack(data, zlib.MAX_WBITS),
    "": lambda data: data,
}


def _pack(data: bytes, wbits: int) -> bytes:
    packer = zlib.compressobj(6, zlib.DEFLATED, wbits)
    return packer.compress(data) + packer.flush()


def _pieces(data: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({c % (len(data) + 1) for c in cuts})
    edges = [0, *points, len(data)]
    return [data[a:b] for a, b in itertools.pairwise(edges)]


@settings(max_examples=150, deadline=None)
@given(
    data=st.binary(max_size=4096) | st.builds(lambda n: b"\0" * n, st.integers(0, 300_000)),
    coding=st.sampled_from(sorted(CODINGS)),
    cuts=st.lists(st.integers(0, 10**6), max_size=8),
    cap=st.integers(1, 200_000),
)
def test_any_chunking_decodes_the_same_and_the_cap_holds(data, coding, cuts, cap):
    body = Body(coding, cap)
    try:
        for piece in _pieces(CODINGS[coding](data), cuts):
            body.add(piece)
        result = body.finish()
    except IngestError as exc:
        assert "too large" in str(exc)
        assert len(data) > cap or len(CODINGS[coding](data)) > cap  # refused only when over
        assert len(body.data) <= cap + 1  # never held more than the cap
        return
    assert result == data and len(data) <= cap


@pytest.mark.parametrize("header", ["gzip, gzip", "gzip,deflate", "deflate, gzip, identity"])
def test_stacked_codings_are_refused_before_any_byte(header):
    with pytest.raises(IngestError, match="more than one content encoding"):
        Body(header, 1024)
