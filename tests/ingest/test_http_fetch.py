"""Fetching over HTTP: limits and one-line failures (mock transport), and a real server."""

from __future__ import annotations

import httpx
import pytest

from deskapp import __version__
from deskapp.ingest.errors import IngestError
from deskapp.ingest.fetch import fetch, fetch_bytes


def _transport(handler) -> httpx.MockTransport:  # type: ignore[no-untyped-def]
    return httpx.MockTransport(handler)


def test_304_is_a_result_with_no_body():
    seen = {}

    def handler(request: httpx.Request) -> httpx.Response:
        seen.update(request.headers)
        return httpx.Response(304, headers={"ETag": '"v1"'})

    result = fetch(
        "http://feeds.example/x",
        etag='"v1"',
        last_modified="Fri, 27 Nov 2026",
        transport=_transport(handler),
    )
    assert result.not_modified and result.content == b""
    assert seen["if-none-match"] == '"v1"' and seen["if-modified-since"] == "Fri, 27 Nov 2026"
    assert seen["user-agent"] == f"deskapp/{__version__}"


@pytest.mark.parametrize(
    ("handler", "message"),
    [
        (lambda r: httpx.Response(500), "HTTP 500 Internal Server Error"),
        (lambda r: httpx.Response(404), "HTTP 404 Not Found"),
        (
            lambda r: (_ for _ in ()).throw(httpx.ReadTimeout("slow", request=r)),
            "timed out waiting for a reply",
        ),
        (
            lambda r: (_ for _ in ()).throw(
                httpx.ConnectError("[Errno -2] Name or service not known", request=r)
            ),
            "cannot connect: [Errno -2] Name or service not known",
        ),
        (lambda r: httpx.Response(302, headers={"Location": str(r.url)}), "too many redirects"),
        (
            lambda r: httpx.Response(302, headers={"Location": "ftp://files.example/x"}),
            "not http(s)",
        ),
        (
            lambda r: httpx.Response(
                200, headers={"Content-Length": str(50 * 1024 * 1024)}, content=b""
            ),
            "too large (50.0 MB",
        ),
    ],
)
def test_failures_are_one_line(handler, message):  # type: ignore[no-untyped-def]
    with pytest.raises(IngestError) as caught:
        fetch("http://feeds.example/x", transport=_transport(handler))
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_body_that_grows_past_the_cap_is_refused_while_streaming():
    async def chunks():  # type: ignore[no-untyped-def]
        for _ in range(100):
            yield b"x" * 1024

    handler = lambda r: httpx.Response(200, content=chunks())  # noqa: E731
    with pytest.raises(IngestError, match="too large"):
        fetch("http://feeds.example/x", transport=_transport(handler), max_bytes=10 * 1024)


def test_only_http_urls():
    with pytest.raises(IngestError, match="only http"):
        fetch_bytes("file:///etc/passwd")


def test_real_server_feed_and_not_a_feed(wire_server, wire_file):
    from deskapp.ingest.detect import parse_source

    url = wire_server.serve("/feed.xml", wire_file("feed-rss.xml"), "application/rss+xml")
    stories = parse_source(fetch_bytes(url), url)
    assert [s.headline for s in stories] == [
        "Orchard harvest beats forecasts",
        "Tram line reopens after repairs",
    ]
    assert wire_server.hits[0][1]["User-Agent"].startswith("deskapp/")
    bad = wire_server.serve("/bad.xml", b"<?xml version='1.0'?><catalog/>")
    with pytest.raises(IngestError, match="<catalog>"):
        parse_source(fetch_bytes(bad), bad)
    with pytest.raises(IngestError, match="HTTP 404"):
        fetch_bytes(wire_server.url("/missing"))


def test_refused_connection_is_one_line():
    import socket

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there now
    with pytest.raises(IngestError, match="cannot connect"):
        fetch_bytes(f"http://127.0.0.1:{port}/feed.xml")
