"""Shared Pilot helpers for the desk TUI tests: wait, type or fill, find the list, open a story.

Every TUI test imports these from here (never from another test file).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from screen_text import screen_text
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from deskapp.tui.app import DeskApp
from deskapp.tui.screens.desk import DeskScreen
from deskapp.tui.screens.story import StoryScreen
from deskapp.tui.widgets.followup_table import FollowUpTable
from deskapp.tui.widgets.story_list import StoryList

SIZE = (100, 30)


async def settle(pilot: Pilot, rounds: int = 3) -> None:  # type: ignore[type-arg]
    """Let workers finish and their results reach the screen."""
    for _ in range(rounds):
        await pilot.pause()
        busy = [w for w in pilot.app.workers if w.group != "live-feed"]  # that one never ends
        if busy:
            await pilot.app.workers.wait_for_complete(busy)
    await pilot.pause()


async def until(pilot: Pilot, check: Callable[[], object], timeout: float = 5.0) -> None:  # type: ignore[type-arg]
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not check():
        if loop.time() > end:
            raise AssertionError("the desk never got there:\n" + screen_text(pilot.app))
        await pilot.pause(0.05)


async def type_text(pilot: Pilot, text: str) -> None:  # type: ignore[type-arg]
    """Type as an editor does, one key at a time (only where typing is the point)."""
    for ch in text:
        await pilot.press("space" if ch == " " else ch)


async def fill(pilot: Pilot, selector: str, text: str) -> None:  # type: ignore[type-arg]
    """Put `text` in a field of the screen on top, focused, cursor at its end, as if typed.

    For flows, where what is typed matters and not the typing: a key at a time is
    type_text's job. The caller presses enter (or tab) as the editor would.
    """
    await until(pilot, lambda: pilot.app.screen.query(selector))  # the dialog has composed
    field = pilot.app.screen.query_one(selector)
    field.focus()
    if isinstance(field, TextArea):
        field.text = text
        field.move_cursor(field.document.end)
    elif isinstance(field, Input):
        field.value = text
        field.cursor_position = len(text)
    else:
        raise TypeError(f"{selector} is a {type(field).__name__}, not a text field")
    await pilot.pause()


def desk_screen(app: DeskApp) -> DeskScreen:
    """The desk screen, under whatever dialog or story screen is on top."""
    screen = (
        app.screen_stack[0]
        if len(app.screen_stack) == 1
        else next(s for s in app.screen_stack if isinstance(s, DeskScreen))
    )
    assert isinstance(screen, DeskScreen)
    return screen


def story_list(app: DeskApp) -> StoryList:
    """The story list of the view on screen."""
    return desk_screen(app).stories


def board(app: DeskApp) -> FollowUpTable:
    return desk_screen(app).query_one(FollowUpTable)


def notices(app: DeskApp) -> list[str]:
    return [n.message for n in app._notifications]


async def move_to(pilot: Pilot, story_id: int) -> None:  # type: ignore[type-arg]
    await until(pilot, lambda: story_id in story_list(pilot.app).ids)
    story_list(pilot.app).move_to_id(story_id)
    await settle(pilot)


async def open_story(pilot: Pilot, story_id: int) -> None:  # type: ignore[type-arg]
    """From the desk, open a story and wait until its screen shows it."""
    app = pilot.app
    await settle(pilot)
    desk_screen(app).open_story(story_id)
    await until(pilot, lambda: isinstance(app.screen, StoryScreen) and app.screen.story is not None)


async def read_story(pilot: Pilot, story_id: int) -> StoryScreen:  # type: ignore[type-arg]
    """Open a story's screen (as enter on its row does) and wait until it shows the story."""
    app = pilot.app
    await settle(pilot)
    app.push_screen(StoryScreen(story_id))
    await until(pilot, lambda: isinstance(app.screen, StoryScreen) and app.screen.story is not None)
    await settle(pilot)
    return app.screen  # type: ignore[return-value]


async def show_desk(pilot: Pilot, code: str) -> None:  # type: ignore[type-arg]
    """In the desks view, show one desk (as `[`/`]` would, without counting presses)."""
    screen = desk_screen(pilot.app)
    screen.panes["desks"].desk = code  # type: ignore[union-attr]
    screen.reload(reset_cursor=True)
    await settle(pilot)
