"""Helpers for the hostile suite: misbehaving servers on 127.0.0.1, the CLI run as a script.

Every server listens on 127.0.0.1 only, on a free port, and every misbehaviour
is bounded (a drip stops after a few dozen bytes), so a failing test never
leaves a thread spinning.
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from deskapp.cli import main

STORY = """\
Harbour strike halts exports, union says

LIMA (Reuters) - Dock workers at the country's main port walked out on Tuesday, halting exports.

The union said the strike would last until talks resume.
"""

Behaviour = Callable[[BaseHTTPRequestHandler], None]


@dataclass
class HostileServer:
    base: str = ""
    routes: dict[str, Behaviour] = field(default_factory=dict)
    hits: list[str] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base + path

    def on(self, path: str, behaviour: Behaviour) -> str:
        self.routes[path] = behaviour
        return self.url(path)


def answer(
    body: bytes,
    *,
    status: int = 200,
    content_type: str = "text/plain; charset=utf-8",
    headers: dict[str, str] | None = None,
) -> Behaviour:
    def behave(h: BaseHTTPRequestHandler) -> None:
        h.send_response(status)
        h.send_header("Content-Type", content_type)
        h.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            h.send_header(name, value)
        h.end_headers()
        h.wfile.write(body)

    return behave


def drip_headers(every: float = 0.2, count: int = 60) -> Behaviour:
    """A status line, then headers one byte at a time: each read is quick, the whole is not."""

    def behave(h: BaseHTTPRequestHandler) -> None:
        h.wfile.write(b"HTTP/1.1 200 OK\r\n")
        for _ in range(count):
            h.wfile.write(b"X")
            time.sleep(every)

    return behave


def drip_body(every: float = 0.2, count: int = 60) -> Behaviour:
    """Headers at once, then the body one byte at a time."""

    def behave(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/plain")
        h.send_header("Content-Length", str(count))
        h.end_headers()
        for _ in range(count):
            h.wfile.write(b"x")
            time.sleep(every)

    return behave


def redirect(to: str, *, after: float = 0.0) -> Behaviour:
    def behave(h: BaseHTTPRequestHandler) -> None:
        time.sleep(after)
        h.send_response(302)
        h.send_header("Location", to)
        h.send_header("Content-Length", "0")
        h.end_headers()

    return behave


def gzip_of(data: bytes) -> bytes:
    pack = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    return pack.compress(data) + pack.flush()


def zeros_bomb(gib: int = 1) -> bytes:
    """gzip that inflates to `gib` GiB of zeros: 1 MiB members, one after another
    (valid gzip; built in milliseconds where compressing a GiB takes seconds)."""
    member = gzip_of(bytes(1 << 20))
    return member * (1024 * gib)


@dataclass
class Desk:
    """The CLI against one SQLite file, run in this process as a script would run it."""

    db: str
    home: Path
    capsys: pytest.CaptureFixture[str]

    def run(self, *args: str) -> tuple[int, str, str]:
        code = main(["--db", self.db, "--as", "tester", *args])
        captured = self.capsys.readouterr()
        return code, captured.out, captured.err

    def config(self, text: str) -> None:
        (self.home / "config.toml").write_text(text, encoding="utf-8")

    def headlines(self) -> list[str]:
        from deskapp.config import Settings
        from deskapp.core.listing import StoryFilter
        from deskapp.services import open_services

        services = open_services(self.db, "tester", Settings())
        try:
            return [s.headline for s in services.stories.list_stories(StoryFilter(), limit=1000)]
        finally:
            services.close()


def chattr(flag: str, path: Path) -> bool:
    """`chattr +i` / `-i`: immutable even for root, which bypasses file modes. False when
    the file system or the container does not allow it (the caller skips)."""
    import subprocess

    try:
        done = subprocess.run(["chattr", flag, str(path)], capture_output=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


def wait_for(predicate: Callable[[], bool], seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()
