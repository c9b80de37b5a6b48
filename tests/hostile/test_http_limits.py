"""HTTP under attack: a total deadline over the whole fetch, and a cap on what it inflates to.

A server that sends one byte every few seconds never trips a per-read
timeout; a 2 KB response of nested gzip inflates to a GiB. Each case runs
against a real server on 127.0.0.1 with deadlines of 1-2 s.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import tracemalloc
import zlib
from pathlib import Path

import pytest
from hostile_kit import (
    STORY,
    answer,
    drip_body,
    drip_headers,
    gzip_of,
    redirect,
    zeros_bomb,
)

from deskapp.ingest.errors import IngestError
from deskapp.ingest.fetch import fetch

REPO = Path(__file__).resolve().parents[2]
FEED = (
    b"<rss version='2.0'><channel><title>Wire</title><item><title>Back</title>"
    b"<description>Service restored today.</description></item></channel></rss>"
)


def _refused_within(url: str, seconds: float, message: str, **kwargs: object) -> None:
    started = time.monotonic()
    with pytest.raises(IngestError) as caught:
        fetch(url, **kwargs)  # type: ignore[arg-type]
    took = time.monotonic() - started
    assert str(caught.value) == message
    assert took < seconds, f"took {took:.1f} s"


@pytest.mark.parametrize("behaviour", [drip_headers(), drip_body()], ids=["headers", "body"])
def test_a_drip_is_cut_at_the_deadline(hostile_server, behaviour):
    url = hostile_server.on("/drip", behaviour)
    _refused_within(url, 3, "timed out: no complete reply within 1 s", deadline=1)


def test_a_socket_that_never_answers_is_cut_at_the_deadline(silent_port):
    _refused_within(
        f"http://127.0.0.1:{silent_port}/feed.xml",
        3,
        "timed out: no complete reply within 1 s",
        deadline=1,
    )


def test_the_deadline_covers_a_chain_of_slow_redirects(hostile_server):
    for hop in range(4):
        hostile_server.on(f"/hop{hop}", redirect(f"/hop{hop + 1}", after=0.4))
    hostile_server.on("/hop4", answer(STORY.encode()))
    _refused_within(
        hostile_server.url("/hop0"), 3, "timed out: no complete reply within 1 s", deadline=1
    )
    assert fetch(hostile_server.url("/hop0"), deadline=5).content == STORY.encode()


def test_redirect_chains_are_bounded_and_stay_on_http(hostile_server):
    for hop in range(7):
        hostile_server.on(f"/r{hop}", redirect(f"/r{hop + 1}"))
    hostile_server.on("/r7", answer(b"too far"))
    _refused_within(hostile_server.url("/r0"), 3, "too many redirects (more than 5)")
    assert fetch(hostile_server.url("/r3")).content == b"too far"  # 4 hops is fine
    hostile_server.on("/out", redirect("file:///etc/passwd"))
    _refused_within(hostile_server.url("/out"), 3, "redirected to a URL that is not http(s)")


def test_more_than_one_content_coding_is_refused(hostile_server):
    nested = gzip_of(zeros_bomb())  # about 2 KB around 1 GiB of zeros
    assert len(nested) < 64 * 1024
    url = hostile_server.on("/nested", answer(nested, headers={"Content-Encoding": "gzip, gzip"}))
    _refused_within(url, 3, "refused: more than one content encoding (gzip, gzip)")
    url = hostile_server.on("/br", answer(b"...", headers={"Content-Encoding": "br"}))
    _refused_within(url, 3, "unsupported content encoding: br")


def test_a_gzip_bomb_stops_at_the_cap_with_little_memory(hostile_server):
    url = hostile_server.on("/bomb", answer(zeros_bomb(), headers={"Content-Encoding": "gzip"}))
    tracemalloc.start()
    try:
        _refused_within(url, 5, "too large (over 5 MB once decompressed)")
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 64 * 1024 * 1024, f"peak {peak / 1024 / 1024:.0f} MB"


def test_peak_memory_of_the_whole_process_stays_under_64_mb(hostile_server):
    """getrusage in a process of its own: C allocations (zlib, sockets) count too."""
    inner = hostile_server.on("/bomb", answer(zeros_bomb(), headers={"Content-Encoding": "gzip"}))
    nested = hostile_server.on(
        "/nested", answer(gzip_of(zeros_bomb()), headers={"Content-Encoding": "gzip"})
    )
    script = (
        "import json, resource, sys\n"
        "from deskapp.ingest.fetch import fetch\n"
        "from deskapp.ingest.errors import IngestError\n"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "results = []\n"
        "for url in sys.argv[1:3]:\n"
        "    try:\n"
        "        results.append(len(fetch(url, deadline=10).content))\n"
        "    except IngestError as exc:\n"
        "        results.append(str(exc))\n"
        "after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "print(json.dumps({'grew_kb': after - before, 'results': results}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, inner, nested],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    report = json.loads(done.stdout)
    # The gzip inside one declared layer inflates only to the inner stream: about 1 MB of
    # compressed zeros, a body like any other, not a GiB.
    assert report["results"][0] == "too large (over 5 MB once decompressed)"
    assert report["results"][1] == len(zeros_bomb())
    assert report["grew_kb"] < 64 * 1024


def test_gzip_deflate_and_several_gzip_members_are_read(hostile_server):
    body = STORY.encode()
    wrapped = zlib.compress(body)
    raw = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    bare = raw.compress(body) + raw.flush()
    half = len(body) // 2
    for path, data, coding in [
        ("/gz", gzip_of(body), "gzip"),
        ("/zl", wrapped, "deflate"),
        ("/raw", bare, "deflate"),
        ("/identity", body, "identity"),
        ("/members", gzip_of(body[:half]) + gzip_of(body[half:]), "gzip"),
    ]:
        url = hostile_server.on(path, answer(data, headers={"Content-Encoding": coding}))
        assert fetch(url).content == body, path
    cut = hostile_server.on(
        "/cut", answer(gzip_of(body)[:-12], headers={"Content-Encoding": "gzip"})
    )
    _refused_within(cut, 3, "the reply ended early (incomplete gzip data)")


def test_ingest_url_obeys_http_deadline_from_the_config(desk, hostile_server):
    desk.config("http_deadline = 1\n")
    url = hostile_server.on("/drip", drip_body())
    started = time.monotonic()
    code, out, err = desk.run("ingest", url)
    assert time.monotonic() - started < 4
    assert code == 1
    assert f"{url}: timed out: no complete reply within 1 s" in err.splitlines()
    assert out == ""
    assert desk.headlines() == []


def test_feeds_poll_obeys_http_deadline_and_records_the_failure(desk, hostile_server):
    desk.config("http_deadline = 1.5\n")
    slow = hostile_server.on("/slow.rss", drip_headers())
    good = hostile_server.on("/good.rss", answer(FEED, content_type="application/rss+xml"))
    assert desk.run("feeds", "add", slow)[0] == 0
    assert desk.run("feeds", "add", good)[0] == 0
    started = time.monotonic()
    code, _out, err = desk.run("feeds", "poll", "--log", "-")
    assert time.monotonic() - started < 5
    assert code == 1
    assert f"{slow}: timed out: no complete reply within 1.5 s" in err.splitlines()
    assert desk.headlines() == ["Back"]
    code, out, _err = desk.run("feeds", "list", "--json")
    feeds = {f["url"]: f for f in json.loads(out)}
    assert feeds[slow]["failures"] == 1 and "timed out" in feeds[slow]["last_error"]


def test_a_bad_http_deadline_in_the_config_is_one_line(desk):
    desk.config("http_deadline = -3\n")
    code, _out, err = desk.run("ingest", "http://127.0.0.1:9/x")
    assert code == 1
    assert err.strip().endswith("http_deadline must be a number of seconds above 0")
