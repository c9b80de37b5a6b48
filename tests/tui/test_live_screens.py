"""A story's screen and its history follow another editor's changes as they happen."""

from __future__ import annotations

from pilot import SIZE, read_story, settle, until

from deskapp.config import Settings
from deskapp.services import open_services
from deskapp.tui.app import DeskApp
from deskapp.tui.screens.history import HistoryScreen


async def test_an_open_story_and_its_history_show_a_colleagues_edit(desk):
    services, ids = desk
    sid, other = ids[-1], ids[0]
    bo = open_services(services.db.url, editor="bo", settings=Settings())
    app = DeskApp(services, live_every=0.3)
    try:
        async with app.run_test(size=SIZE) as pilot:
            screen = await read_story(pilot, sid)
            bo.stories.set_desk(other, "africa")  # news of another story comes first
            bo.stories.edit_text(sid, headline="Harbour reopens after the storm")
            await until(pilot, lambda: screen.story.headline == "Harbour reopens after the storm")

            app.push_screen(HistoryScreen(sid, "Harbour reopens after the storm"))
            await settle(pilot)
            history = app.screen
            assert isinstance(history, HistoryScreen)
            seen = history.version
            bo.notes.add(sid, "call the harbour master")
            await until(pilot, lambda: history.version == seen + 1)
            assert history.entries[0].editor == "bo"
    finally:
        bo.close()
