"""A real HTTP server on 127.0.0.1 (a free port) for feed and URL tests, and fixture files."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

FORMATS = Path(__file__).resolve().parents[1] / "fixtures" / "formats"


@pytest.fixture
def wire_file():  # type: ignore[no-untyped-def]
    """The bytes of a fixture file in tests/fixtures/formats/."""
    return lambda name: (FORMATS / name).read_bytes()


@dataclass
class Route:
    body: bytes
    content_type: str = "text/plain; charset=utf-8"
    status: int = 200
    etag: str | None = None


@dataclass
class WireServer:
    base: str
    routes: dict[str, Route] = field(default_factory=dict)
    hits: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base + path

    def serve(
        self,
        path: str,
        body: bytes,
        content_type: str = "application/xml",
        *,
        etag: str | None = None,
        status: int = 200,
    ) -> str:
        self.routes[path] = Route(body, content_type, status, etag)
        return self.url(path)


@pytest.fixture
def wire_server() -> Iterator[WireServer]:
    server_state = WireServer(base="")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            server_state.hits.append((self.path, dict(self.headers)))
            route = server_state.routes.get(self.path)
            if route is None:
                self.send_error(404, "Not Found")
                return
            if route.etag and self.headers.get("If-None-Match") == route.etag:
                self.send_response(304)
                self.send_header("ETag", route.etag)
                self.end_headers()
                return
            self.send_response(route.status)
            self.send_header("Content-Type", route.content_type)
            self.send_header("Content-Length", str(len(route.body)))
            if route.etag:
                self.send_header("ETag", route.etag)
            self.end_headers()
            self.wfile.write(route.body)

        def log_message(self, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server_state.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server_state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
