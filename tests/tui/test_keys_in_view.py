"""At 80×24 every key can be found: the footer shows each view's own keys first, then
`? Help`; `?` fits and scrolls to its last row; the palette names each action's id."""

from __future__ import annotations

import pytest
from pilot import settle, until
from screen_text import screen_lines, screen_text

from deskapp.tui.app import DeskApp
from deskapp.tui.commands import BY_ID
from deskapp.tui.screens.help import HelpScreen

SMALL = (80, 24)


@pytest.mark.parametrize(
    ("view", "own"),
    [
        ("3", ["J/K Move", "P Priority", "E Embargo", "v Preview"]),
        ("2", ["[ Desk ↑", "] Desk ↓"]),
        ("4", ["x Resolve", "e Edit note"]),
        ("1", []),
    ],
    ids=["queue", "desks", "board", "inbox"],
)
async def test_the_footer_shows_the_views_own_keys_then_help(desk, view, own):
    services, ids = desk
    services.queue.add(ids[1])
    services.notes.add(ids[2], "Call the council", due=services.notes.when("+2d"))
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press(view)
        await settle(pilot)
        footer = screen_lines(app)[-1]
        places = [footer.find(k) for k in [*own, "? Help", "t Desk"]]
    assert -1 not in places, footer
    assert places == sorted(places), footer  # the view's own keys, then ? Help, then the rest


async def test_help_at_80x24_shows_its_title_and_last_lines_and_scrolls_to_the_end(desk):
    services, ids = desk
    services.queue.add(ids[1])
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        await settle(pilot)
        text = screen_text(app)
        assert "Keys — Queue" in text and "esc close" in text and "editor tester" in text
        assert "q         Back" not in text  # the last row is further down
        for _ in range(80):  # more than the list's rows: j stops at the end
            await pilot.press("j")
        await settle(pilot)
        text = screen_text(app)
        assert "q         Back — back; quit from a top view" in text  # the last row
        assert "Keys — Queue" in text and "esc close" in text
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, HelpScreen))


async def test_the_palette_shows_each_actions_id(desk):
    services, _ids = desk
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        for ch in "Spike":
            await pilot.press(ch)
        await until(pilot, lambda: "[spike]" in screen_text(app))
        assert BY_ID["spike"].help in screen_text(app)
        await pilot.press("escape")
