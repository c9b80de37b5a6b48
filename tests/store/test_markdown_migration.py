"""Migration 0005: stored bodies become Markdown and come back exactly on downgrade."""

from __future__ import annotations

import json

from sqlalchemy import inspect, text

from deskapp.core.markdown_body import wire_to_markdown
from deskapp.store.engine import make_engine, normalise_url
from deskapp.store.schema import current_revision, migrate

BODY = "# Not a heading\n\n**Not bold** <b>x</b> {% raw %} 50% \\ back\n    indented  "


def test_bodies_drafts_and_history_convert_losslessly_both_ways(db_url):
    engine = make_engine(normalise_url(db_url))
    try:
        migrate(engine, "0002")
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO story (uid, fingerprint, version, headline, slugline, agency,"
                    " section, subheadline, abstract, dateline_place, body, signoff, keywords,"
                    " killed, status, queue_forced, source_format, source_ref, raw_text) VALUES"
                    " ('urn:old:1', 'fp', 2, 'Old', '', 'AP', '', '', '', '', :b, '', '[]',"
                    " false, 'inbox', false, 'text', '', '')"
                ),
                {"b": BODY},
            )
            sid = conn.execute(text("SELECT id FROM story")).scalar()
            conn.execute(
                text(
                    "INSERT INTO draft (story_id, editor, base_version, headline,"
                    " body) VALUES (:s, 'ed', 2, 'Old', :b)"
                ),
                {"s": sid, "b": BODY},
            )
            conn.execute(
                text(
                    "INSERT INTO story_event (story_id, editor, action, version,"
                    " changes) VALUES (:s, 'ed', 'edit', 2, :c)"
                ),
                {"s": sid, "c": json.dumps({"body": ["Before *x*", BODY], "headline": ["a", "b"]})},
            )
        migrate(engine, "0005")
        assert current_revision(engine) == "0005"
        assert {"export_file", "export_lock"} <= set(inspect(engine).get_table_names())
        with engine.connect() as conn:
            assert conn.execute(text("SELECT body FROM story")).scalar() == wire_to_markdown(BODY)
            assert conn.execute(text("SELECT body FROM draft")).scalar() == wire_to_markdown(BODY)
            changes = conn.execute(text("SELECT changes FROM story_event")).scalar()
            changes = json.loads(changes) if isinstance(changes, str) else changes
            assert changes == {
                "body": [r"Before \*x\*", wire_to_markdown(BODY)],
                "headline": ["a", "b"],
            }
        migrate_down(engine)
        with engine.connect() as conn:
            assert conn.execute(text("SELECT body FROM story")).scalar() == BODY
            assert conn.execute(text("SELECT body FROM draft")).scalar() == BODY
    finally:
        engine.dispose()


def migrate_down(engine) -> None:  # type: ignore[no-untyped-def]
    from alembic import command
    from alembic.config import Config

    from deskapp.store.schema import MIGRATIONS

    with engine.begin() as conn:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = conn
        command.downgrade(config, "0002")
