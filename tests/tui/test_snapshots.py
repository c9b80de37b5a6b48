"""What each view looks like at 100×30 (and the inbox at 80×24), with the fixed desk."""

from __future__ import annotations

import pytest
from desk_data import FIXED

from deskapp.tui.app import DeskApp


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    for _ in range(3):
        await pilot.pause()
        busy = [w for w in pilot.app.workers if w.group != "live-feed"]  # that one never ends
        if busy:
            await pilot.app.workers.wait_for_complete(busy)
    await pilot.pause()


@pytest.fixture
def snap_desk(desk):  # type: ignore[no-untyped-def]
    services, ids = desk
    services.ctx.clock = lambda: FIXED
    services.queue.add(ids[1])  # americas, with a writer: ready to queue
    services.stories.spike(ids[3])
    return services, ids


def keys_then_settle(*keys: str):  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return run_before


@pytest.mark.parametrize(
    "keys",
    [
        pytest.param((), id="inbox"),
        pytest.param(("2",), id="desks"),
        pytest.param(("3",), id="queue"),
        pytest.param(("4",), id="followups"),
        pytest.param(("5",), id="spiked"),
        pytest.param(("enter",), id="story"),
        pytest.param(("t",), id="desk-picker"),
        pytest.param(("question_mark",), id="help"),
    ],
)
def test_view(snap_compare, snap_desk, keys):
    services, _ids = snap_desk
    app = DeskApp(services, live_every=None)
    assert snap_compare(app, terminal_size=(100, 30), run_before=keys_then_settle(*keys))


def test_inbox_at_80_by_24(snap_compare, snap_desk):
    services, _ids = snap_desk
    app = DeskApp(services, live_every=None)
    assert snap_compare(app, terminal_size=(80, 24), run_before=keys_then_settle())


def test_empty_inbox_teaches_what_to_do(snap_compare, sqlite_services):
    app = DeskApp(sqlite_services, live_every=None)
    assert snap_compare(app, terminal_size=(100, 30), run_before=keys_then_settle())
