"""The desk (TUI) on a PostgreSQL desk with roles: it shows who you are, and says no politely."""

from __future__ import annotations

import pytest

from deskapp.core.permissions import DeskRole
from deskapp.tui.app import DeskApp
from tests.tui.screen_text import screen_lines, screen_text

pytestmark = pytest.mark.postgres


async def _settle(pilot) -> None:  # type: ignore[no-untyped-def]
    for _ in range(4):
        await pilot.pause(0.05)
        busy = [w for w in pilot.app.workers if w.group != "live-feed"]
        if busy:
            await pilot.app.workers.wait_for_complete(busy)


async def test_the_status_bar_shows_the_login_and_role_and_a_refusal_is_a_notice(room,
                                                                                make_story):
    story_id = make_story("Reporter desk check")
    services = room.services(DeskRole.REPORTER)
    app = DeskApp(services, live_every=0.3)
    async with app.run_test(size=(110, 30)) as pilot:
        await _settle(pilot)
        status = [line for line in screen_lines(app) if room.logins[DeskRole.REPORTER] in line]
        assert status and f"{room.logins[DeskRole.REPORTER]} (reporter)" in status[-1]
        assert "Reporter desk check" in screen_text(app)
        await pilot.press("t")  # tag a desk: an editor's job
        await _settle(pilot)
        await pilot.press("enter")
        await _settle(pilot)
        notices = [n.message for n in app._notifications]
        assert any("not allowed: setting the desk needs the editor role" in m for m in notices), (
            notices, screen_text(app))
        assert app.is_running  # no traceback, the desk goes on
    assert services.stories.get(story_id).desk is None
