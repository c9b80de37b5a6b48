"""Another editor's changes reach an open desk as changed rows, not as a new read of the
view: the list shows the right stories in the right order, the cursor stays on its story,
and the view's id list is not read again (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from desk_data import FIXED, build_desk
from pilot import SIZE, desk_screen, move_to, settle, story_list, until

from deskapp.config import Settings
from deskapp.core.listing import StoryChange, StoryFilter
from deskapp.core.story import Credit, Role, Status, Story
from deskapp.services import open_services
from deskapp.tui.app import DeskApp
from deskapp.tui.screens import desk_reads
from deskapp.tui.widgets import story_list as story_list_module

INBOX = StoryFilter(statuses=(Status.INBOX,))


@pytest.fixture
def two_editors(db_url):  # type: ignore[no-untyped-def]
    """(this editor's services, another editor's on the same database, ids oldest first)."""
    mine = open_services(db_url, editor="tester", settings=Settings())
    ids = build_desk(mine)
    theirs = open_services(db_url, editor="bob", settings=Settings())
    theirs.ctx.clock = lambda: FIXED
    yield mine, theirs, ids
    theirs.close()
    mine.close()


class Reads:
    """Counts the desk's reads of a view's id list (windows of ids)."""

    def __init__(self, services, monkeypatch) -> None:  # type: ignore[no-untyped-def]
        self.calls = 0
        real = services.stories.window

        def window(*args, **kwargs):  # type: ignore[no-untyped-def]
            self.calls += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(services.stories, "window", window)


def status_line(app: DeskApp) -> str:
    from deskapp.tui.widgets.status_bar import StatusBar

    return str(desk_screen(app).query_one(StatusBar).render())


async def told(pilot, app: DeskApp, *changes: StoryChange) -> None:  # type: ignore[no-untyped-def]
    """What the live feed does when another editor's change is committed."""
    desk_screen(app).live_update(list(changes))
    await settle(pilot)


async def test_another_editors_tag_spike_and_queue_move_only_those_rows(two_editors, monkeypatch):  # type: ignore[no-untyped-def]
    mine, theirs, ids = two_editors
    app = DeskApp(mine, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await move_to(pilot, ids[7])
        reads = Reads(mine, monkeypatch)
        theirs.stories.set_desk(ids[9], "europe")  # tagged: editing, out of the inbox
        await told(pilot, app, StoryChange(ids[9], frozenset({"desk", "status"})))
        assert ids[9] not in story_list(app).ids
        assert story_list(app).ids == mine.stories.ids(INBOX)
        assert story_list(app).current_id == ids[7]
        assert "9 stories" in status_line(app)

        theirs.stories.spike(ids[10])
        theirs.stories.set_desk(ids[3], "europe")
        theirs.queue.add(ids[3], force=True)
        await told(pilot, app, StoryChange(ids[10]), StoryChange(ids[3]))
        assert story_list(app).ids == mine.stories.ids(INBOX)
        assert ids[10] not in story_list(app).ids and ids[3] not in story_list(app).ids
        assert story_list(app).current_id == ids[7]
        assert "7 stories" in status_line(app)
        assert reads.calls == 0  # not one read of the view's ids


async def test_the_story_under_the_cursor_leaving_leaves_the_cursor_on_its_row(
    two_editors, monkeypatch
):  # type: ignore[no-untyped-def]
    mine, theirs, ids = two_editors
    app = DeskApp(mine, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await move_to(pilot, ids[8])
        row = story_list(app).cursor
        reads = Reads(mine, monkeypatch)
        theirs.stories.spike(ids[8])
        app.broadcast([StoryChange(ids[8])])  # what the live feed sends: the story, kind unknown
        await settle(pilot)
        assert ids[8] not in story_list(app).ids
        assert story_list(app).cursor == row
        assert story_list(app).current_id == mine.stories.ids(INBOX)[row]
        assert reads.calls == 0


async def test_a_story_ingested_elsewhere_shows_at_the_top_and_the_cursor_stays(
    two_editors, monkeypatch
):  # type: ignore[no-untyped-def]
    mine, theirs, ids = two_editors
    app = DeskApp(mine, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await move_to(pilot, ids[6])
        reads = Reads(mine, monkeypatch)
        story = Story(
            headline="Harbour cranes idle as dockers walk out",
            agency="Meridian",
            body="Dockers walked out on Friday.",
            credits=[Credit(Role.WRITER, "Ines Varga")],
            published_at=FIXED + timedelta(minutes=1),
        )
        [result] = theirs.ingest.store([("elsewhere:1", story)])
        await told(pilot, app, StoryChange(result.id, frozenset({"new"})))
        assert story_list(app).ids[0] == result.id
        assert story_list(app).ids == mine.stories.ids(INBOX)
        assert story_list(app).current_id == ids[6]
        assert "11 stories" in status_line(app)
        assert reads.calls == 0


async def test_the_editors_own_spike_updates_the_row_without_reading_the_view(
    two_editors, monkeypatch
):  # type: ignore[no-untyped-def]
    mine, _theirs, ids = two_editors
    app = DeskApp(mine, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await move_to(pilot, ids[4])
        reads = Reads(mine, monkeypatch)
        await pilot.press("s")
        await until(pilot, lambda: ids[4] not in story_list(app).ids)
        await settle(pilot)
        assert story_list(app).ids == mine.stories.ids(INBOX)
        assert reads.calls == 0


async def test_a_list_read_in_windows_takes_changes_beyond_what_is_loaded(two_editors, monkeypatch):  # type: ignore[no-untyped-def]
    mine, theirs, ids = two_editors
    # windows of four ids: the inbox's ten stories come in three reads
    monkeypatch.setattr(story_list_module, "WINDOW", 4)
    monkeypatch.setattr(story_list_module, "PAGE", 1)
    monkeypatch.setattr(desk_reads, "WINDOW", 4)
    monkeypatch.setattr(desk_reads, "PAGE", 1)
    app = DeskApp(mine, live_every=None)
    async with app.run_test(size=(100, 8)) as pilot:
        await settle(pilot)
        listed = story_list(app)
        assert not listed.complete and len(listed.ids) < 10
        assert "10 stories" in status_line(app)  # counted, not loaded
        oldest = ids[0]  # at the bottom of the inbox: not loaded yet
        assert oldest not in listed.ids
        theirs.stories.spike(oldest)
        await told(pilot, app, StoryChange(oldest, frozenset({"status"})))
        await until(pilot, lambda: "9 stories" in status_line(app))  # counted again
        await pilot.press("G")  # to the end: the rest is read in windows
        await until(pilot, lambda: listed.complete)
        await settle(pilot)
        assert listed.ids == mine.stories.ids(INBOX)
        assert listed.current_id == listed.ids[-1]
