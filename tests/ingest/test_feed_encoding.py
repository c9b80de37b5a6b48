"""A feed's own encoding setting: stored on the feed, used at every poll, shown in `feeds list`."""

from __future__ import annotations

import json

import pytest

from deskapp.cli import main
from deskapp.core.listing import StoryFilter
from deskapp.services.errors import InvalidInput

HEADLINE = "Łódź: żółw w zoo"
# The feed says UTF-8 but its copy is in ISO-8859-2: the kind of feed `--encoding` is for.
RSS = (
    '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>PAP</title>'
    f"<item><title>{HEADLINE}</title><guid>urn:pap:1</guid>"
    "<description>Żółw z zoo w Łodzi ma się dobrze, powiedział dyrektor.</description>"
    "</item></channel></rss>"
).encode("iso-8859-2")


def run(db: str, *args: str) -> int:
    return main(["--db", db, "--as", "tester", *args])


def test_feeds_add_encoding_is_stored_used_when_polling_and_listed(db_url, wire_server, capsys):
    url = wire_server.serve("/pap.rss", RSS)
    assert run(db_url, "feeds", "add", url, "--encoding", "iso-8859-2") == 0
    assert "(encoding iso-8859-2)" in capsys.readouterr().out
    assert run(db_url, "feeds", "list") == 0
    assert "encoding iso-8859-2" in capsys.readouterr().out
    assert run(db_url, "feeds", "list", "--json") == 0
    [feed] = json.loads(capsys.readouterr().out)
    assert feed["encoding"] == "iso-8859-2"
    assert run(db_url, "feeds", "poll", "--json") == 0
    [polled] = json.loads(capsys.readouterr().out)
    assert polled["counts"] == {"new": 1}
    assert polled["stories"][0]["headline"] == HEADLINE


def test_without_the_setting_the_same_feed_is_read_as_it_declares(services, wire_server):
    url = wire_server.serve("/pap.rss", RSS)
    services.feeds.add(url)
    [polled] = services.feeds.poll_due()
    assert polled.status == "stored"
    [story] = services.stories.list_stories(StoryFilter())
    assert story.headline != HEADLINE  # what the setting is for: the feed's own word is wrong
    assert services.feeds.list_feeds()[0].encoding is None


def test_an_unknown_encoding_is_refused(services, db_url, capsys):
    with pytest.raises(InvalidInput, match="unknown encoding 'klingon-8'"):
        services.feeds.add("http://feeds.example/x", encoding="klingon-8")
    assert services.feeds.list_feeds() == []
    assert run(db_url, "feeds", "add", "http://feeds.example/x", "--encoding", "klingon-8") == 2
    assert "unknown encoding 'klingon-8'" in capsys.readouterr().err
