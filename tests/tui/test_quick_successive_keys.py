"""A second key pressed before the screen caught up with the editor's own change still applies."""

from __future__ import annotations

from pilot import SIZE, open_story, settle, until

from deskapp.core.story import Status
from deskapp.tui.app import DeskApp


async def test_own_change_in_between_does_not_block_the_next_key(desk):
    services, ids = desk
    target = ids[-1]  # the newest: the inbox opens on it
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        await open_story(pilot, target)
        assert app.screen.story.id == target
        # the same editor changes the story behind the screen's back (as a just-closed
        # dialog does before the screen reloads): the screen still holds the old version
        services.notes.add(target, "check the figures")
        await pilot.press("s")
        await until(pilot, lambda: services.stories.get(target).status == Status.SPIKED)


async def test_someone_elses_change_in_between_is_still_a_conflict(desk, sqlite_url):
    from deskapp.config import Settings
    from deskapp.services import open_services

    services, ids = desk
    target = ids[-1]
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        await open_story(pilot, target)
        other = open_services(services.db.url, editor="ana", settings=Settings())
        try:
            other.stories.set_desk(target, "europe")  # the status too: spike's own field
        finally:
            other.close()
        assert app.screen.story.id == target
        await pilot.press("s")
        await settle(pilot)
        await pilot.pause(0.3)
        assert services.stories.get(target).status != Status.SPIKED
