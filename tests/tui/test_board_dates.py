"""The Follow-ups board gives the year of a due date from another year, never this year's."""

from __future__ import annotations

from pilot import SIZE, settle, until
from screen_text import screen_text

from deskapp.tui.app import DeskApp


async def test_the_board_shows_the_year_of_another_years_due_only(desk):
    services, ids = desk  # the desk's clock: Fri 27 Nov 2026
    services.notes.add(ids[2], "Old promise to call back", due=services.notes.when("2020-01-01"))
    services.notes.add(ids[3], "Check the tram vote", due=services.notes.when("2026-12-03"))
    services.notes.add(ids[4], "Anniversary piece", due=services.notes.when("2027-01-05 09:00"))
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await until(pilot, lambda: "Old promise" in screen_text(app))
        text = screen_text(app)
    assert "! Wed 01 Jan '20" in text
    assert "Thu 03 Dec " in text and "Thu 03 Dec '26" not in text
    assert "05 Jan '27 09:00" in text
