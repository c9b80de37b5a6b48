"""A database made by an earlier version opens in a later one, data intact."""

from __future__ import annotations

from sqlalchemy import inspect, text

from deskapp.core.listing import StoryFilter
from deskapp.store.database import open_database
from deskapp.store.engine import make_engine, normalise_url
from deskapp.store.schema import SCHEMA_HEAD, current_revision, head_revision, migrate


def test_schema_head_constant_matches_the_newest_migration():
    assert SCHEMA_HEAD == head_revision()


def test_fresh_database_is_created_at_head(db_url):
    db = open_database(db_url)
    try:
        assert current_revision(db.engine) == SCHEMA_HEAD
        tables = set(inspect(db.engine).get_table_names())
        assert {"story", "credit", "note", "story_event", "story_lock", "draft", "feed"} <= tables
    finally:
        db.close()


def test_database_from_first_version_upgrades_and_keeps_its_stories(db_url):
    engine = make_engine(normalise_url(db_url))
    migrate(engine, "0001")
    assert current_revision(engine) == "0001"
    assert "feed" not in inspect(engine).get_table_names()
    with engine.begin() as conn:  # a story written by the first version
        conn.execute(
            text(
                "INSERT INTO story (uid, fingerprint, version, headline, slugline, agency, section,"
                " subheadline, abstract, dateline_place, body, signoff, keywords, killed, status,"
                " queue_forced, source_format, source_ref, raw_text) VALUES ('urn:old:1', 'fp', 1,"
                " 'Old story', '', 'AP', '', '', '', 'Lima', 'Body.', '', '[]', false, 'inbox',"
                " false, 'text', '', '')"
            )
        )
    engine.dispose()

    from deskapp.config import Settings
    from deskapp.services import open_services

    services = open_services(db_url, editor="tester", settings=Settings())
    try:
        assert current_revision(services.db.engine) == SCHEMA_HEAD
        [story_id] = services.stories.ids(StoryFilter())
        story = services.stories.get(story_id)
        assert story.headline == "Old story" and story.agency == "AP"
        services.stories.set_desk(story_id, "americas")  # and the new version can change it
        assert services.stories.get(story_id).desk == "americas"
    finally:
        services.close()


def test_opening_twice_does_not_migrate_again(sqlite_url):
    first = open_database(sqlite_url)
    first.close()
    second = open_database(sqlite_url)
    try:
        with second.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1
    finally:
        second.close()


def test_a_feed_from_before_the_encoding_setting_keeps_reading_its_copy(db_url):
    engine = make_engine(normalise_url(db_url))
    migrate(engine, "0003")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO feed (url, name, every_seconds, failures, items_seen, items_new)"
                " VALUES ('http://feeds.example/old.rss', 'Old', 300, 0, 4, 2)"
            )
        )
    engine.dispose()

    from deskapp.config import Settings
    from deskapp.services import open_services

    services = open_services(db_url, editor="tester", settings=Settings())
    try:
        assert current_revision(services.db.engine) == SCHEMA_HEAD
        [feed] = services.feeds.list_feeds()
        assert (feed.name, feed.items_seen, feed.encoding) == ("Old", 4, None)
        added = services.feeds.add("http://feeds.example/new.rss", encoding="cp1252")
        assert services.feeds.get(added.id).encoding == "cp1252"
    finally:
        services.close()
