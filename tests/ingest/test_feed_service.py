"""Feed subscriptions on SQLite and PostgreSQL: polls, 304s, desks, backoff."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from deskapp.core.listing import StoryFilter
from deskapp.services.errors import InvalidInput, NotFound
from deskapp.services.feeds import FeedService


def test_add_poll_then_304_stores_nothing(services, wire_server, wire_file):
    url = wire_server.serve("/world.rss", wire_file("feed-rss.xml"), etag='"abc"')
    feed = services.feeds.add(url, name="World", desk="africa", every_seconds=300)
    [first] = services.feeds.poll_due()
    assert first.status == "stored" and first.counts == {"new": 2}
    stories = services.stories.list_stories(StoryFilter())
    assert {s.headline for s in stories} == {
        "Orchard harvest beats forecasts",
        "Tram line reopens after repairs",
    }
    assert {services.stories.get(s.id).desk for s in stories} == {"africa"}
    assert services.feeds.poll_due() == []  # not due again yet
    second = services.feeds.poll(feed.id)
    assert second.status == "not-modified" and second.results == []
    assert wire_server.hits[-1][1]["If-None-Match"] == '"abc"'
    assert services.stories.count(StoryFilter()) == 2
    info = services.feeds.get(feed.id)
    assert info.items_seen == 2 and info.items_new == 2 and info.last_error is None


def test_changed_feed_without_etag_stores_only_new_entries(services, wire_server, wire_file):
    url = wire_server.serve("/a.xml", wire_file("feed-atom.xml"))
    feed = services.feeds.add(url)
    services.feeds.poll(feed.id)
    again = services.feeds.poll(feed.id)
    assert again.counts == {"duplicate": 1}
    assert services.stories.count(StoryFilter()) == 1


def test_failing_feed_backs_off_exponentially_and_recovers(services):
    calls = {"n": 0}

    def handler(request: httpx.Request) -> httpx.Response:
        calls["n"] += 1
        return (
            httpx.Response(500)
            if calls["n"] <= 2
            else httpx.Response(
                200,
                content=b"<rss version='2.0'><channel><item><title>Back</title>"
                b"<description>Service restored today.</description></item></channel></rss>",
            )
        )

    feeds = FeedService(services.ctx, transport=httpx.MockTransport(handler))
    feed = feeds.add("http://feeds.example/flaky.rss", every_seconds=60)
    first = feeds.poll(feed.id)
    assert first.status == "error" and first.error == "HTTP 500 Internal Server Error"
    one = feeds.get(feed.id)
    assert one.failures == 1
    assert one.next_due - one.last_polled == timedelta(seconds=120)
    feeds.poll(feed.id)
    two = feeds.get(feed.id)
    assert two.failures == 2 and two.next_due - two.last_polled == timedelta(seconds=240)
    assert feeds.poll(feed.id).status == "stored"
    healed = feeds.get(feed.id)
    assert healed.failures == 0 and healed.last_error is None and healed.last_success


def test_not_a_feed_is_an_error_for_the_feed(services):
    feeds = FeedService(
        services.ctx,
        transport=httpx.MockTransport(
            lambda r: httpx.Response(200, content=b"just some words, not a feed")
        ),
    )
    feed = feeds.add("http://feeds.example/words")
    result = feeds.poll(feed.id)
    assert result.status == "error" and "not a feed" in result.error


def test_add_refuses_bad_input_and_remove_by_url(services):
    with pytest.raises(InvalidInput):
        services.feeds.add("ftp://feeds.example/x")
    with pytest.raises(InvalidInput, match="unknown desk"):
        services.feeds.add("http://feeds.example/x", desk="nowhere")
    feed = services.feeds.add("http://feeds.example/x")
    with pytest.raises(InvalidInput, match="already subscribed"):
        services.feeds.add("http://feeds.example/x")
    assert services.feeds.remove("http://feeds.example/x").id == feed.id
    assert services.feeds.list_feeds() == []
    with pytest.raises(NotFound):
        services.feeds.remove(str(feed.id))


def test_a_feeds_stories_on_one_event_are_grouped_as_files_are(services, wire_server):
    from html import escape
    from pathlib import Path

    from deskapp.ingest.parallel import parse_one
    from deskapp.ingest.sources import Source

    corpus = Path(__file__).resolve().parents[1] / "fixtures" / "clusters"
    items = []
    for n, path in enumerate(sorted(corpus.glob("quake-valdoria-*-1.txt"))):
        [story] = parse_one(Source(str(path), path.read_bytes)).stories
        items.append(
            f"<item><title>{escape(story.headline)}</title><guid>urn:quake:{n}</guid>"
            f"<description>{escape(story.body)}</description></item>"
        )
    rss = f'<?xml version="1.0"?><rss version="2.0"><channel><title>W</title>{"".join(items)}'
    url = wire_server.serve("/quake.rss", (rss + "</channel></rss>").encode())
    services.feeds.add(url)
    [polled] = services.feeds.poll_due()
    ids = [r.id for r in polled.results]
    assert len(ids) == len(items) >= 3
    assert {services.stories.get(i).cluster_id for i in ids} == {min(ids)}
