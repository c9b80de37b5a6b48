"""Fixtures for hostile and faulty surroundings: servers that misbehave on purpose, the CLI.

Deadlines in these tests are 1-2 s, set through the config file the way an
operator would set them.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from hostile_kit import Desk, HostileServer


@pytest.fixture
def hostile_server() -> Iterator[HostileServer]:
    state = HostileServer()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            state.hits.append(self.path)
            behaviour = state.routes.get(self.path)
            try:
                if behaviour is None:
                    self.send_error(404, "Not Found")
                else:
                    behaviour(self)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up, as it should

        def log_message(self, *args: object) -> None:
            return

    class QuietServer(ThreadingHTTPServer):
        def handle_error(self, request: object, client_address: object) -> None:
            return  # a client that hangs up mid-drip is what these tests are about

    server = QuietServer(("127.0.0.1", 0), Handler)
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that accepts connections (the kernel's backlog) and never answers."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    try:
        yield sock.getsockname()[1]
    finally:
        sock.close()


@pytest.fixture
def desk(tmp_path: Path, isolated_config: Path, capsys: pytest.CaptureFixture[str]) -> Desk:
    store = tmp_path / "store"
    store.mkdir()
    return Desk(str(store / "desk.db"), isolated_config, capsys)
