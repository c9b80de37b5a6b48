"""The command line over every format: file, folder, stdin, URL, feeds and watch."""

from __future__ import annotations

import io
import json
import sys

import pytest

from deskapp.cli import main

FORMATS = [
    "nitf-harbour.xml",
    "newsml-g2-message.xml",
    "newsml12-afp.xml",
    "anpa-storm.txt",
    "iptc7901-comet.txt",
    "ninjs-bridge.json",
    "feed-rss.xml",
    "feed-atom.xml",
    "web-article.html",
]


def _run(capsys, *argv: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _json_lines(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


@pytest.mark.parametrize("name", FORMATS)
def test_each_format_from_a_file_then_again_as_duplicate(capsys, tmp_path, wire_file, name):
    db = str(tmp_path / "desk.db")
    path = tmp_path / name
    path.write_bytes(wire_file(name))
    code, out, err = _run(capsys, "--db", db, "ingest", str(path), "--json")
    assert code == 0, err
    first = _json_lines(out)
    assert first and {r["status"] for r in first} == {"new"}
    code, out, _ = _run(capsys, "--db", db, "ingest", str(path), "--json")
    assert code == 0 and {r["status"] for r in _json_lines(out)} == {"duplicate"}


def test_show_json_carries_the_wire_fields(capsys, tmp_path, wire_file):
    db = str(tmp_path / "desk.db")
    (tmp_path / "n.xml").write_bytes(wire_file("nitf-harbour.xml"))
    _run(capsys, "--db", db, "ingest", str(tmp_path / "n.xml"))
    code, out, _ = _run(capsys, "--db", db, "show", "1", "--json")
    story = json.loads(out)
    assert code == 0
    assert story["headline"] == "Ferry strike halts harbour traffic"
    assert {"role": "editor", "name": "Tomas Beck"} in story["credits"]
    assert story["dateline"] == {"place": "Oslo", "date": "2026-11-27"}
    assert story["priority"] == 3
    assert story["embargo_until"].startswith("2026-11-27T12:00")
    assert story["published_at"].startswith("2026-11-27T08:15")
    assert story["notes"][0]["text"] == "Embargoed until 1200 GMT. Adds union statement."
    assert story["source"]["format"] == "nitf"


def test_a_folder_of_every_format_and_stdin(capsys, tmp_path, wire_file, monkeypatch):
    db = str(tmp_path / "desk.db")
    folder = tmp_path / "drop"
    folder.mkdir()
    for name in FORMATS:
        (folder / name).write_bytes(wire_file(name))
    code, out, err = _run(capsys, "--db", db, "ingest", str(folder), "--json")
    assert code == 0, err
    assert len([r for r in _json_lines(out) if r["status"] == "new"]) == 11
    monkeypatch.setattr(
        sys, "stdin", io.TextIOWrapper(io.BytesIO(wire_file("newsml12-afp-v2.xml")))
    )
    code, out, _ = _run(capsys, "--db", db, "ingest", "-", "--json")
    assert code == 0 and _json_lines(out)[0]["status"] == "updated"


def test_ingest_url_of_a_feed_and_an_article(capsys, tmp_path, wire_server, wire_file):
    db = str(tmp_path / "desk.db")
    feed = wire_server.serve("/news.rss", wire_file("feed-rss.xml"), "application/rss+xml")
    page = wire_server.serve("/lighthouse", wire_file("web-article.html"), "text/html")
    code, out, err = _run(capsys, "--db", db, "ingest", feed, page, "--json")
    assert code == 0, err
    assert [r["headline"] for r in _json_lines(out)] == [
        "Orchard harvest beats forecasts",
        "Tram line reopens after repairs",
        "Lighthouse keeper retires after 40 years",
    ]
    code, _, err = _run(capsys, "--db", db, "ingest", wire_server.url("/gone"))
    assert code == 1 and "/gone: HTTP 404 Not Found" in err
    assert "Traceback" not in err


def test_feeds_add_poll_and_second_poll_is_304(capsys, tmp_path, wire_server, wire_file):
    db = str(tmp_path / "desk.db")
    url = wire_server.serve("/w.rss", wire_file("feed-rss.xml"), etag='"e1"')
    code, out, _ = _run(
        capsys, "--db", db, "feeds", "add", url, "--desk", "africa", "--every", "5m"
    )
    assert code == 0 and "feed 1" in out
    code, out, _ = _run(capsys, "--db", db, "feeds", "poll", "--json")
    [polled] = json.loads(out)
    assert code == 0 and polled["counts"] == {"new": 2}
    main(["--db", db, "feeds", "list"])  # shows the feed; the next poll is not due
    capsys.readouterr()
    code, out, _ = _run(capsys, "--db", db, "feeds", "poll", "--json")
    assert code == 0 and json.loads(out) == []  # nothing due
    from deskapp.config import Settings
    from deskapp.services import open_services

    svc = open_services(db, settings=Settings())
    try:
        assert svc.feeds.poll(1).status == "not-modified"
    finally:
        svc.close()
    code, out, _ = _run(capsys, "--db", db, "feeds", "list", "--json")
    [info] = json.loads(out)
    assert info["items_seen"] == 2 and info["items_new"] == 2 and info["desk"] == "africa"
    code, out, _ = _run(capsys, "--db", db, "feeds", "remove", url)
    assert code == 0 and "removed feed 1" in out
    code, _, err = _run(capsys, "--db", db, "feeds", "remove", "1")
    assert code == 4 and "no feed 1" in err


def test_watch_once_moves_files(capsys, tmp_path, wire_file):
    db = str(tmp_path / "desk.db")
    drop = tmp_path / "drop"
    drop.mkdir()
    (drop / "a.json").write_bytes(wire_file("ninjs-bridge.json"))
    (drop / "b.xml").write_bytes(b"<NewsML><NewsItem>")
    code, _, err = _run(capsys, "--db", db, "watch", str(drop), "--once", "--settle", "0")
    assert code == 1 and "b.xml: malformed XML" in err
    assert (drop / "_processed" / "a.json").exists()
    assert (drop / "_error" / "b.xml.reason").exists()
    code, _, err = _run(capsys, "--db", db, "watch", str(tmp_path / "nope"), "--once")
    assert code == 2 and "not a folder" in err
