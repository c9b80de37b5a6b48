"""Acts, undo and failures in the order the keys were pressed: a quick `u` takes back the
act just pressed, editor saves and reverts are acts too, and a database error is a notice."""

from __future__ import annotations

import sqlite3
import time

import pytest
from pilot import SIZE, move_to, notices, read_story, settle, until
from screen_text import screen_text
from sqlalchemy.exc import OperationalError

from deskapp.core.story import Status
from deskapp.tui import failures
from deskapp.tui.app import DeskApp
from deskapp.tui.screens.confirm import ConfirmDialog
from deskapp.tui.screens.editor import EditorScreen
from deskapp.tui.screens.history import HistoryScreen
from deskapp.tui.screens.story import StoryScreen


def slowed(monkeypatch, service, name: str, seconds: float = 0.4) -> None:  # type: ignore
    """A busy database: the call takes a while, so the next key comes before it ends."""
    real = getattr(service, name)

    def slow(*args, **kwargs):  # type: ignore[no-untyped-def]
        time.sleep(seconds)
        return real(*args, **kwargs)

    monkeypatch.setattr(service, name, slow)


async def test_u_right_after_an_act_takes_back_that_act(desk, monkeypatch):
    services, ids = desk
    earlier, target = ids[-1], ids[-2]
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await move_to(pilot, earlier)
        await pilot.press("s")  # an earlier act, finished
        await until(pilot, lambda: services.stories.get(earlier).status == Status.SPIKED)
        await settle(pilot)
        await move_to(pilot, target)
        slowed(monkeypatch, services.stories, "spike")
        await pilot.press("s", "u")  # one burst: u comes before the spike has finished
        await until(pilot, lambda: any(m.startswith("Undone") for m in notices(app)))
        await settle(pilot)
        assert services.stories.get(target).status == Status.INBOX  # spiked, then undone
        assert services.stories.get(earlier).status == Status.SPIKED  # the earlier act stays
        assert any(m.startswith("Undone: spiked on “Tech fair") for m in notices(app))
        await pilot.press("U")  # redo reads the stack in its turn too
        await until(pilot, lambda: services.stories.get(target).status == Status.SPIKED)


def locked(*_args, **_kwargs):  # type: ignore[no-untyped-def]
    raise OperationalError("UPDATE story", {}, sqlite3.OperationalError("database is locked"))


@pytest.fixture
def log_file(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    path = tmp_path / "deskapp.log"
    monkeypatch.setenv("DESKAPP_LOG", str(path))
    failures._sink.stop()
    yield path
    failures._sink.stop()


async def test_a_locked_database_is_a_notice_and_the_desk_goes_on(desk, monkeypatch, log_file):
    services, ids = desk
    target, other = ids[-1], ids[-2]
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await move_to(pilot, target)
        real_spike = services.stories.spike
        monkeypatch.setattr(services.stories, "spike", locked)
        await pilot.press("s")
        await until(pilot, lambda: any("database is busy" in m for m in notices(app)))
        assert services.stories.get(target).status == Status.INBOX
        await pilot.press("u")  # the failed act is not on the undo stack
        await until(pilot, lambda: any("Nothing of yours to undo" in m for m in notices(app)))
        # an undo, and a list read, that meet the locked database
        monkeypatch.setattr(services.stories, "spike", real_spike)
        await move_to(pilot, other)
        await pilot.press("s")
        await until(pilot, lambda: services.stories.get(other).status == Status.SPIKED)
        await settle(pilot)
        monkeypatch.setattr(services.stories, "undo_change", locked)
        monkeypatch.setattr(services.stories, "window", locked)  # the list reads windows
        before = len([m for m in notices(app) if "database is busy" in m])
        await pilot.press("u")
        await until(
            pilot, lambda: len([m for m in notices(app) if "database is busy" in m]) > before
        )
        await pilot.press("r")  # refresh the list: its read fails too
        await until(
            pilot, lambda: len([m for m in notices(app) if "database is busy" in m]) > before + 1
        )
        monkeypatch.undo()
        await pilot.press("u")  # the undo that failed is still there to take back
        await until(pilot, lambda: services.stories.get(other).status == Status.INBOX)
        assert app.is_running
    logged = log_file.read_text()
    assert "Traceback" in logged and "database is locked" in logged


async def test_an_editor_save_is_an_act_that_u_takes_back(desk):
    services, ids = desk
    target = ids[-1]
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await move_to(pilot, target)
        await pilot.press("e")
        await until(
            pilot,
            lambda: isinstance(app.screen, EditorScreen) and app.screen.base_version is not None,
        )
        app.screen.query_one("#edit-headline").value = "Fishing quota talks resume"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, EditorScreen))
        assert services.stories.get(target).headline == "Fishing quota talks resume"
        await pilot.press("u")
        await until(
            pilot,
            lambda: (
                services.stories.get(target).headline == "Fishing quotas talks resume in the north"
            ),
        )
        assert any(m.startswith("Undone: edited on") for m in notices(app))


async def test_a_revert_from_history_is_an_act_that_u_takes_back(desk):
    services, ids = desk
    target = ids[-1]
    services.stories.set_desk(target, "europe")
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        await read_story(pilot, target)
        await pilot.press("h")
        await until(
            pilot, lambda: isinstance(app.screen, HistoryScreen) and len(app.screen.entries) >= 2
        )
        await pilot.press("r")  # the newest change: the desk
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.click("#yes")
        await until(pilot, lambda: services.stories.get(target).desk is None)
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, StoryScreen))
        await pilot.press("u")
        await until(pilot, lambda: services.stories.get(target).desk == "europe")
        assert any(m.startswith("Undone: reverted a change") for m in notices(app))


async def test_undo_over_a_later_change_offers_leave_it_first(desk):
    from deskapp.config import Settings
    from deskapp.services import open_services

    services, ids = desk
    target = ids[-1]
    app = DeskApp(services, live_every=None)
    other = open_services(services.db.url, editor="ana", settings=Settings())
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await move_to(pilot, target)
            await pilot.press("p", "p")  # queued (anyway, if not ready)
            await until(pilot, lambda: services.stories.get(target).status == Status.QUEUED)
            await settle(pilot)
            other.stories.spike(target)  # ana spikes it: the same field
            await pilot.press("u")
            await until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
            assert "Leave it" in screen_text(app)
            await pilot.press("enter")  # enter alone keeps ana's change
            await until(pilot, lambda: not isinstance(app.screen, ConfirmDialog))
            await settle(pilot)
            assert services.stories.get(target).status == Status.SPIKED
    finally:
        other.close()
