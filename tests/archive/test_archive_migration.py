"""Migration 0007: the archive tables come, and going back loses no archived story."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import inspect, text

from deskapp.core.listing import StoryFilter
from deskapp.store.schema import MIGRATIONS
from tests.archive.conftest import OldDesk

ARCHIVE_TABLES = {
    "archive_story",
    "archive_credit",
    "archive_note",
    "archive_story_event",
    "archive_draft",
    "archive_export_file",
}


def _before_the_archive() -> str:
    """The revision the archive migration follows (its number may change at a merge)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    [script] = [
        s
        for s in ScriptDirectory.from_config(config).walk_revisions()
        if Path(s.path).name.endswith("_archive.py")
    ]
    assert isinstance(script.down_revision, str)
    return script.down_revision


def _downgrade(services, revision: str) -> None:  # type: ignore[no-untyped-def]
    from alembic import command
    from alembic.config import Config

    with services.db.engine.begin() as conn:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = conn
        command.downgrade(config, revision)


def test_going_back_before_the_archive_moves_every_archived_story_back(
    services, old_desk: OldDesk, tmp_path: Path
):
    assert ARCHIVE_TABLES <= set(inspect(services.db.engine).get_table_names())
    every = StoryFilter(include_spiked=True)
    before = {sid: services.stories.get(sid) for sid in services.stories.ids(every)}
    services.archive.archive(timedelta(days=90))
    assert services.archive.count() == 2
    _downgrade(services, _before_the_archive())
    assert not ARCHIVE_TABLES & set(inspect(services.db.engine).get_table_names())
    assert set(services.stories.ids(every)) == set(before)
    # read by SQL: the story table of that revision lacks columns added since (clusters)
    with services.db.read() as session:
        headline = session.execute(
            text("SELECT headline FROM story WHERE id = :i"), {"i": old_desk.published}
        ).scalar_one()
        names = session.execute(
            text("SELECT name FROM credit WHERE story_id = :i ORDER BY ord"),
            {"i": old_desk.published},
        ).scalars()
        assert (headline, list(names)) == (
            before[old_desk.published].headline,
            [c.name for c in before[old_desk.published].credits],
        )
    assert services.stories.ids(StoryFilter(search="ferry", include_spiked=True)) == [
        old_desk.spiked
    ]
    with services.db.read() as session:
        drafts = session.execute(text("SELECT count(*) FROM draft")).scalar_one()
    assert drafts == 1
