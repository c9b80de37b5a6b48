"""u and U: the editor's own acts, newest first; never what slid under the cursor."""

from __future__ import annotations

from pilot import SIZE, notices, settle, story_list, until

from deskapp.core.story import Status, Story
from deskapp.tui.app import DeskApp
from deskapp.tui.screens.confirm import ConfirmDialog


async def test_u_undoes_the_act_not_the_story_that_slid_under_the_cursor(desk):
    services, ids = desk
    target = ids[-1]  # newest: the inbox opens on it, suggested europe
    # the story that will slide under the cursor has an ingested update by this same editor
    [update] = services.ingest.store(
        [
            (
                "fixture:update",
                Story(
                    headline="Tech fair draws record crowds despite rain",
                    body="An updated body.",
                    agency="Globewire",
                ),
            )
        ]
    )
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        story_list(app).move_to_id(target)
        row = story_list(app).cursor
        await pilot.press("t")
        await settle(pilot)
        await pilot.press("enter")
        await until(pilot, lambda: target not in story_list(app).ids)
        await settle(pilot)
        assert story_list(app).cursor == row  # the cursor stayed at its place
        assert any("→ Europe desk · editing" in m for m in notices(app))
        under_cursor = story_list(app).current_id
        before = services.stories.get(under_cursor)

        await pilot.press("u")
        await until(pilot, lambda: services.stories.get(target).desk is None)
        await settle(pilot)
        assert services.stories.get(target).status == Status.INBOX
        assert any(m.startswith("Undone: desk europe on “Fishing quotas") for m in notices(app))
        after = services.stories.get(under_cursor)
        assert (after.version, after.body) == (before.version, before.body)  # untouched

        await pilot.press("U")  # redo
        await until(pilot, lambda: services.stories.get(target).desk == "europe")
        await pilot.press("u")
        await until(pilot, lambda: services.stories.get(target).desk is None)
        await pilot.press("u")  # nothing of mine is left: ingest is never undone
        await settle(pilot)
        assert any("Nothing of yours to undo" in m for m in notices(app))
    assert update.id is not None
    assert services.stories.history(update.id)[-1].action == "ingest"


async def test_several_levels_of_undo_in_reverse_order(desk):
    services, ids = desk
    first, second = ids[-1], ids[-2]
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        story_list(app).move_to_id(first)
        await pilot.press("s")  # spike the newest
        await until(pilot, lambda: services.stories.get(first).status == Status.SPIKED)
        await settle(pilot)
        story_list(app).move_to_id(second)
        await pilot.press("n")
        await until(pilot, lambda: app.screen.query("#note-text"))
        app.screen.query_one("#note-text").value = "Ask the organisers for numbers"
        await pilot.press("enter")
        await until(pilot, lambda: bool(services.stories.get(second).notes))
        await settle(pilot)
        await pilot.press("u")  # the note first
        await until(pilot, lambda: services.stories.get(second).notes[0].resolved)
        assert services.stories.get(first).status == Status.SPIKED
        await pilot.press("u")  # then the spike
        await until(pilot, lambda: services.stories.get(first).status == Status.INBOX)
        await pilot.press("U")
        await until(pilot, lambda: services.stories.get(first).status == Status.SPIKED)


async def test_undo_over_a_colleagues_later_change_asks_first(desk, sqlite_url):
    from deskapp.config import Settings
    from deskapp.services import open_services

    services, ids = desk
    target = ids[-1]
    app = DeskApp(services, live_every=None)
    other = open_services(sqlite_url, editor="ana", settings=Settings())
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("t")
            await settle(pilot)
            await pilot.press("enter")
            await until(pilot, lambda: services.stories.get(target).desk == "europe")
            other.stories.set_desk(target, "world")  # Ana moves it on
            await settle(pilot)
            await pilot.press("u")
            await until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
            await pilot.click("#no")
            await settle(pilot)
            assert services.stories.get(target).desk == "world"  # Ana's desk kept
            await pilot.press("u")  # still the act to undo: it asks again
            await until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
            await pilot.click("#yes")
            await until(pilot, lambda: services.stories.get(target).desk is None)
    finally:
        other.close()
