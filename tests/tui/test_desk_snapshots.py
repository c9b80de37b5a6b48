"""The Queue view and the Follow-ups board, at 80×24 and at 160×48, with the fixed desk."""

from __future__ import annotations

from datetime import timedelta

import pytest
from desk_data import FIXED
from pilot import settle

from deskapp.tui.app import DeskApp


@pytest.fixture
def busy_desk(desk):  # type: ignore[no-untyped-def]
    """Three queued stories (one forced, one embargoed) and notes in every board group."""
    services, ids = desk
    services.ctx.clock = lambda: FIXED
    services.stories.set_desk(ids[6], "world")
    services.queue.add(ids[1])
    services.queue.add(ids[6], priority=2)
    services.queue.set_embargo(ids[6], FIXED + timedelta(hours=5))
    services.queue.add(ids[3], force=True)  # no desk, no writer: queued anyway
    services.notes.add(
        ids[2], "Ask the operator for output figures", due=FIXED + timedelta(hours=3)
    )
    services.notes.add(ids[9], "Check the pass reopening date")
    return services, ids


def keys_then_settle(*keys: str):  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return run_before


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
@pytest.mark.parametrize("view", [pytest.param("3", id="queue"), pytest.param("4", id="followups")])
def test_view_at_size(snap_compare, busy_desk, view, size):
    services, _ids = busy_desk
    app = DeskApp(services, live_every=None)
    assert snap_compare(app, terminal_size=size, run_before=keys_then_settle(view, "j"))
