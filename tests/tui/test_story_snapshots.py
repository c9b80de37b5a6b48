"""What the story screen and its history dialog look like at 80×24 and 160×48 (fictional copy)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from desk_data import FIXED
from pilot import settle
from story_data import LONG_BODY, credited_story, store

from deskapp.core.story import Credit, Role
from deskapp.tui.app import DeskApp
from deskapp.tui.screens.history import HistoryScreen
from deskapp.tui.screens.story import StoryScreen

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 48), id="160x48")]


@pytest.fixture
def story_desk(desk):  # type: ignore[no-untyped-def]
    """A killed story with credits, a note and a history of edits by two editors."""
    services, _ids = desk
    clock = [FIXED - timedelta(hours=2)]

    def tick() -> None:
        clock[0] += timedelta(minutes=7)

    services.ctx.clock = lambda: clock[0]
    sid = store(
        services,
        credited_story(
            headline="North Korean delegation to visit Seoul next week for rail talks",
            body=LONG_BODY,
            killed=True,
            dateline_place="Seoul",
        ),
    )
    tick()
    services.stories.set_desk(sid, "asia-pacific")
    tick()
    services.stories.edit_text(
        sid, headline="North Korean delegation to visit Pyongyang next week for rail talks"
    )
    tick()
    services.stories.set_credits(
        sid, [*services.stories.get(sid).credits, Credit(Role.REPORTER, "Lena Okafor")]
    )
    tick()
    _story, first = services.notes.add(
        sid, "Confirm the rail link date with the ministry", due=FIXED + timedelta(days=1)
    )
    tick()
    services.notes.add(sid, "Ask the border office for a comment")
    tick()
    services.notes.resolve(first.id)
    services.ctx.clock = lambda: FIXED
    return services, sid


def open_then(sid: int, *keys: str):  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        pilot.app.push_screen(StoryScreen(sid))
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        if keys:
            assert isinstance(pilot.app.screen, HistoryScreen)

    return run_before


@pytest.mark.parametrize("size", SIZES)
def test_story_screen(snap_compare, story_desk, size):
    services, sid = story_desk
    app = DeskApp(services, live_every=None)
    assert snap_compare(app, terminal_size=size, run_before=open_then(sid))


@pytest.mark.parametrize("size", SIZES)
def test_history_dialog(snap_compare, story_desk, size):
    services, sid = story_desk
    app = DeskApp(services, live_every=None)
    assert snap_compare(app, terminal_size=size, run_before=open_then(sid, "h"))
