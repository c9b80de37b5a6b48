"""Moving in every list alike, changing desk by key, and what an empty view says."""

from __future__ import annotations

from pilot import SIZE, board, desk_screen, fill, settle, story_list, until
from screen_text import screen_text

from deskapp.core.listing import StoryFilter
from deskapp.core.story import Status
from deskapp.tui.app import DeskApp
from deskapp.tui.screens.pickers import FilterDialog
from deskapp.tui.views import ListFilter


async def test_the_board_moves_with_j_k_g_G_and_never_rests_on_a_heading(desk):
    services, ids = desk
    services.notes.add(ids[6], "Ask for output figures")  # undated; a second note on a story
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await until(pilot, lambda: board(app).item_at_cursor() is not None)
        seen = [board(app).item_at_cursor().note.text]
        for _ in range(4):  # past the end: stays on the last follow-up
            await pilot.press("j")
            seen.append(board(app).item_at_cursor().note.text)
        assert seen[:3] == [
            "Confirm tariff date with ministry",
            "Add analyst reaction",
            "Ask for output figures",
        ]
        assert seen[3:] == ["Ask for output figures"] * 2
        await pilot.press("g")
        assert board(app).item_at_cursor().note.text == "Confirm tariff date with ministry"
        await pilot.press("G")
        assert board(app).item_at_cursor().note.text == "Ask for output figures"
        await pilot.press("k")
        assert board(app).item_at_cursor().note.text == "Add analyst reaction"
        await pilot.press("pageup")
        assert board(app).item_at_cursor() is not None
        # the status bar counts stories; the follow-ups are counted as such
        assert "Follow-ups · 2 stories  ·  3 open follow-ups" in screen_text(app)


async def test_brackets_change_desk_and_f_there_changes_the_desk_shown(desk):
    services, ids = desk
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await until(pilot, lambda: desk_screen(app).desk == "americas")  # first with stories
        await pilot.press("right_square_bracket")
        await until(pilot, lambda: desk_screen(app).desk == "asia-pacific")
        await pilot.press("left_square_bracket", "left_square_bracket")
        await until(pilot, lambda: desk_screen(app).desk == "europe")
        await pilot.press("f")
        await until(pilot, lambda: isinstance(app.screen, FilterDialog))
        app.screen.dismiss(ListFilter(desk="africa"))
        await until(pilot, lambda: story_list(app).ids == [ids[5]])
        text = screen_text(app)
        assert "Desks › Africa" in text and "filter: desk" not in text


async def test_an_empty_search_says_nothing_matches(desk):
    services, _ids = desk
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await fill(pilot, "#search", "zebra")
        await until(pilot, lambda: "No stories match “zebra” in Inbox" in screen_text(app))
        assert "No wire yet" not in screen_text(app)


async def test_an_emptied_inbox_says_where_the_stories_are(desk):
    services, _ids = desk
    for sid in services.stories.ids(StoryFilter(statuses=(Status.INBOX,))):
        services.stories.spike(sid)
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await until(pilot, lambda: "The inbox is empty: all 12 stories" in screen_text(app))
        assert "No wire yet" not in screen_text(app)


async def test_the_palette_shows_each_entry_s_help_once(desk):
    services, _ids = desk
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        commands = list(app.get_system_commands(app.screen))
        spike = next(c for c in commands if c.title == "Spike")
        assert spike.help.count("spike (or unspike)") == 1 and "[spike]" in spike.help
        assert all(c.help not in c.title for c in commands if c.help)
