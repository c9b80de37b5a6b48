"""A SQLite desk draws its first screen before its services are open: the same screen,
the keys pressed meanwhile wait for it, and services that do not open close the desk
with `deskapp`'s one line."""

from __future__ import annotations

import gc
import os
import re
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from desk_data import FIXED
from pilot import SIZE, notices, settle, story_list, until
from screen_text import screen_text
from textual.app import App

from deskapp.config import Settings
from deskapp.core.story import Status
from deskapp.services import Services
from deskapp.services.first_page import first_page
from deskapp.store.database import DatabaseUnavailable
from deskapp.tui.app import DeskApp, rows_drawn
from deskapp.tui.screens.desk import DeskScreen
from deskapp.tui.screens.opening import Opening, OpeningScreen
from deskapp.tui.views import VIEWS
from deskapp.tui.widgets.story_list import PAGE, StoryList

REPO = Path(__file__).resolve().parents[2]


def opening(url: str, open_services: Callable[[], Services]) -> Opening:
    """What `deskapp` knows of the desk before its services open (launch.first_screen)."""
    found = first_page(url, Settings(), VIEWS[0].story_filter(), PAGE, FIXED)
    assert found is not None
    database, ids, page = found
    return Opening(Settings(), "tester", database, ids, page, open_services, clock=lambda: FIXED)


def held(services: Services) -> tuple[threading.Event, Callable[[], Services]]:
    """Services that open when the test says so."""
    release = threading.Event()

    def open_services() -> Services:
        assert release.wait(30)
        return services

    return release, open_services


def first_rows_shown(app: DeskApp) -> bool:
    lists = app.screen.query(StoryList)
    return bool(lists) and bool(lists.first().ids) and rows_drawn(lists.first())


async def test_the_first_screen_is_the_desk_screen_drawn_before_the_services(desk, sqlite_url):
    services, _ids = desk
    release, open_services = held(services)
    app = DeskApp(opening=opening(sqlite_url, open_services), live_every=None)
    [top, *_rest] = services.stories.ids(VIEWS[0].story_filter())
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: first_rows_shown(app))
        await pilot.pause()
        assert isinstance(app.screen, OpeningScreen) and not app.services_open
        first = screen_text(app)
        newest = services.stories.get(top).headline
        assert newest[:30] in first and "Inbox" in first and "sqlite · desk.db" in first
        release.set()
        await until(pilot, lambda: isinstance(app.screen, DeskScreen) and first_rows_shown(app))
        await settle(pilot)
        assert screen_text(app) == first  # the desk screen took its place, unchanged


async def test_keys_pressed_while_the_desk_opens_act_once_it_is_open(desk, sqlite_url):
    services, _ids = desk
    release, open_services = held(services)
    app = DeskApp(opening=opening(sqlite_url, open_services), live_every=None)
    inbox = services.stories.ids(VIEWS[0].story_filter())
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: first_rows_shown(app))
        await pilot.press("j", "j", "s")  # down two rows, spike that story
        await pilot.pause(0.2)
        assert isinstance(app.screen, OpeningScreen)
        assert story_list_cursor(app) == 0  # nothing moved yet: the keys wait
        assert all(services.stories.get(sid).status == Status.INBOX for sid in inbox)
        release.set()
        await until(pilot, lambda: services.stories.get(inbox[2]).status == Status.SPIKED)
        await settle(pilot)
        assert [sid for sid in inbox if services.stories.get(sid).status == Status.SPIKED] == [
            inbox[2]
        ]
        await pilot.press("j")  # and the desk goes on as usual
        await settle(pilot)
        assert story_list(app).current_id is not None


def story_list_cursor(app: DeskApp) -> int:
    return app.screen.query_one(StoryList).cursor


async def test_services_that_do_not_open_close_the_desk_with_the_reason(desk, sqlite_url):
    def refuse() -> Services:
        raise DatabaseUnavailable("cannot open database desk.db: disk I/O error")

    app = DeskApp(opening=opening(sqlite_url, refuse), live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.failure is not None)
    assert app.return_code == 1
    assert str(app.failure) == "cannot open database desk.db: disk I/O error"


def test_deskapp_says_why_when_the_services_fail_behind_the_first_frame(
    desk, sqlite_url, monkeypatch, capsys
):
    import deskapp.services
    from deskapp.cli import main

    def refuse(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise DatabaseUnavailable("cannot open database desk.db: disk I/O error")

    monkeypatch.setattr("deskapp.cli._is_terminal", lambda _stream: True)
    monkeypatch.setattr(DeskApp, "run", lambda self, **_kw: App.run(self, headless=True))
    monkeypatch.setattr(deskapp.services, "open_services", refuse)
    assert main(["--db", sqlite_url, "--as", "tester"]) == 1
    assert capsys.readouterr().err == "deskapp: cannot open database desk.db: disk I/O error\n"
    assert gc.isenabled()  # paused until the first frame only (launch.pause_gc)


def test_a_database_the_desk_cannot_read_at_once_opens_the_usual_way(
    desk, sqlite_url, monkeypatch, capsys
):
    """A schema newer than this Deskapp: the same line and exit code as every command, and
    the desk never starts."""
    import sqlite3

    from deskapp.cli import main

    services, _ids = desk
    with sqlite3.connect(services.db.engine.url.database) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    monkeypatch.setattr("deskapp.cli._is_terminal", lambda _stream: True)
    monkeypatch.setattr(DeskApp, "run", lambda *_a, **_kw: _fail("the desk started"))
    assert main(["--db", sqlite_url]) == 1
    assert capsys.readouterr().err == (
        "deskapp: this database was made by a newer Deskapp (schema 9999); upgrade\n"
    )
    assert gc.isenabled()


def _fail(message: str) -> None:
    raise AssertionError(message)


def test_the_first_paint_probe_draws_rows_before_importing_the_orm(desk, sqlite_url):
    """DESKAPP_PAINT_PROBE (bench/tui_bench.py): headless, no terminal; it reports the
    first frame with rows, and nothing of SQLAlchemy or SQLModel was imported before it."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "deskapp", "--db", sqlite_url],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO), "DESKAPP_PAINT_PROBE": "1"},
        stdin=subprocess.DEVNULL,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert re.fullmatch(r"first paint \d+\.\d+ \d+\.\d+\n", done.stdout)
    before, marker, _after = done.stderr.partition("deskapp: first paint\n")
    assert marker
    imported = {line.split("|")[-1].strip() for line in before.splitlines() if "|" in line}
    assert "deskapp.tui.screens.opening" in imported
    assert not {m for m in imported if m.split(".")[0] in ("sqlalchemy", "sqlmodel", "alembic")}


async def test_keys_held_for_a_list_that_never_loads_are_dropped_and_said(
    desk, sqlite_url, monkeypatch
):
    services, ids = desk
    release, open_services = held(services)
    monkeypatch.setattr("deskapp.tui.app.HELD_KEYS_WAIT", 0.3)
    monkeypatch.setattr(DeskScreen, "reload", lambda self, **_kw: None)  # the list never reads
    app = DeskApp(opening=opening(sqlite_url, open_services), live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: first_rows_shown(app))
        await pilot.press("j", "s")
        release.set()
        await until(pilot, lambda: any("were not used" in n for n in notices(app)))
        assert [n for n in notices(app) if "were not used" in n] == [
            "2 key(s) pressed while the desk opened were not used: the list did not load"
        ]
        assert all(services.stories.get(sid).status != Status.SPIKED for sid in ids)


async def test_ctrl_q_is_never_held(desk, sqlite_url):
    services, _ids = desk
    release, open_services = held(services)
    app = DeskApp(opening=opening(sqlite_url, open_services), live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: first_rows_shown(app))
        await pilot.press("ctrl+q")
        await until(pilot, lambda: not app.is_running)
    release.set()  # the services open after all: nothing is switched on the way out
    assert app.return_code == 0 and app.failure is None and not app.services_open
