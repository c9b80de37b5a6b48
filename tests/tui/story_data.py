"""Fictional stories and Pilot steps for the story screen tests (story screen, dialogs)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import timedelta

from desk_data import FIXED
from screen_text import screen_text

from deskapp.core.story import Credit, Role, Story
from deskapp.tui.screens.story import StoryScreen

LONG_BODY = (
    "A North Korean delegation to visit Seoul next week will discuss the reopening of the "
    "border rail link, the ministry said on Friday.\n\n"
    "The talks were agreed last month after a year without contact."
)


def credited_story(**changes: object) -> Story:
    """A story with every kind of credit, a suggestion and a dateline."""
    fields: dict[str, object] = dict(
        headline="Ferry crews vote to end harbour strike", agency="Meridian",
        suggested_desk="europe", dateline_place="Norrvik",
        published_at=FIXED - timedelta(minutes=20),
        credits=[Credit(Role.WRITER, "Ines Varga"), Credit(Role.EDITOR, "Ada Quill"),
                 Credit(Role.CONTRIBUTOR, "Priya Raman"),
                 Credit(Role.CONTRIBUTOR, "Tomas Reyes"),
                 Credit(Role.PHOTOGRAPHER, "Evgenia Novozhenina")],
        body="Ferry crews voted on Friday to end a strike that had halted harbour "
             "traffic for nine days.\n\nSailings resume at dawn.",
    )
    fields.update(changes)
    return Story(**fields)  # type: ignore[arg-type]


def store(services, story: Story, ref: str = "fixture:story") -> int:  # type: ignore
    [result] = services.ingest.store([(ref, story)])
    return int(result.id)


async def settle(pilot, rounds: int = 3) -> None:  # type: ignore[no-untyped-def]
    """Let workers finish and their results reach the screen."""
    for _ in range(rounds):
        await pilot.pause()
        busy = [w for w in pilot.app.workers if w.group != "live-feed"]
        if busy:
            await pilot.app.workers.wait_for_complete(busy)
    await pilot.pause()


async def until(pilot, check: Callable[[], object], timeout: float = 5.0) -> None:  # type: ignore
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not check():
        if loop.time() > end:
            raise AssertionError("the desk never got there:\n" + screen_text(pilot.app))
        await pilot.pause(0.05)


async def type_text(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    for ch in text:
        await pilot.press("space" if ch == " " else ch)


async def read_story(pilot, story_id: int) -> StoryScreen:  # type: ignore[no-untyped-def]
    """Open a story's screen (as enter on its row does) and wait until it shows the story."""
    app = pilot.app
    await settle(pilot)
    app.push_screen(StoryScreen(story_id))
    await until(pilot, lambda: isinstance(app.screen, StoryScreen)
                and app.screen.story is not None)
    await settle(pilot)
    return app.screen  # type: ignore[return-value]


def notices(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [n.message for n in app._notifications]
