"""Desk TUI speed at 100,000 stories: first paint, cursor moves, search latency.

    python bench/tui_bench.py                 # 100,000 stories in a fresh SQLite file
    python bench/tui_bench.py -n 20000 --db postgresql+psycopg://postgres@127.0.0.1/test

Budgets (issue 4), on a 2-core machine:
- first paint of the inbox at most 1.5× a bare Textual app (Header, empty DataTable,
  Footer), both measured in this run, headless, from `run_test()` until the first
  frame that shows real rows (the bare app: its first frame);
- moving the cursor: at most 16 ms median per `j`, from the key press until the
  screen has been refreshed (Pilot.press waits for that);
- search: at most 100 ms from the last keystroke until the matching rows are on
  screen (debounce included).
Prints the figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from textual import events
from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Header

from deskapp.config import Settings
from deskapp.core.story import Credit, Role, Story
from deskapp.services import Services, open_services
from deskapp.tui.app import DeskApp
from deskapp.tui.views import VIEWS
from deskapp.tui.widgets.story_list import PAGE, StoryList

SIZE = (100, 30)
WORDS = (
    "council minister harbour flood election tariff rail strike summit drought "
    "budget vaccine port glacier court ferry bridge reactor wildfire talks quota "
    "museum festival coalition refinery pipeline survey treaty airline union"
).split()
FILLER = (
    "officials said the plan would be reviewed next week after talks with regional "
    "partners stalled over funding and the timing of a new vote"
).split()
AGENCIES = ["Meridian", "Wirepoint", "Globewire", "Northline"]
DESKS = ["world", "europe", "americas", "asia-pacific", "middle-east", "africa", None]
NAMES = ["Ines Varga", "Tomas Reyes", "Lena Okafor", "Sam Hollis", "Mira Stone", "Bo Lind"]
BATCH = 500


class BareApp(App[None]):
    """The baseline: a header, an empty table and a footer."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable()
        yield Footer()


def synthetic(i: int, rng: random.Random, start: datetime) -> Story:
    words = rng.sample(WORDS, 4)
    headline = f"{words[0].capitalize()} {words[1]} {words[2]} {words[3]} {i}"
    body = "\n\n".join(" ".join(rng.choices(FILLER, k=30)).capitalize() + "." for _ in range(3))
    return Story(
        headline=headline,
        body=body,
        agency=rng.choice(AGENCIES),
        suggested_desk=rng.choice(DESKS),
        credits=[Credit(Role.WRITER, rng.choice(NAMES))],
        published_at=start + timedelta(seconds=i),
    )


def generate(services: Services, count: int) -> float:
    rng = random.Random(4)
    start = datetime(2026, 11, 1, tzinfo=UTC)
    began = time.perf_counter()
    for first in range(0, count, BATCH):
        batch = [
            (f"bench:{i}", synthetic(i, rng, start))
            for i in range(first, min(first + BATCH, count))
        ]
        services.ctx.clock = lambda f=first: start + timedelta(seconds=f)
        services.ingest.store(batch)
    services.ctx.clock = lambda: datetime.now(UTC)
    return time.perf_counter() - began


async def wait_until(check, timeout: float = 30.0, step: float = 0.0005) -> None:  # type: ignore
    end = time.perf_counter() + timeout
    while not check():
        if time.perf_counter() > end:
            raise TimeoutError("the desk never got there")
        await asyncio.sleep(step)


def rows_on_screen(app: DeskApp) -> bool:
    lists = app.screen.query(StoryList)
    if not lists:
        return False
    story_list = lists.first()
    if not story_list.loaded or not story_list.ids:
        return False
    top = int(story_list.scroll_y)
    visible = story_list.ids[top : top + story_list.size.height]
    return all(story_list.summary(sid) is not None for sid in visible)


async def paint_bare() -> tuple[float, float]:
    """(until a frame is rendered, until Pilot finds the app idle) for the bare app."""
    began = time.perf_counter()
    app = BareApp()
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(lambda: app.screen.is_mounted and bool(app.screen.query(Footer)))
        app.screen._on_timer_update()  # render the frame now (what the refresh timer does)
        frame = time.perf_counter() - began
        await pilot.pause()
        return frame, time.perf_counter() - began


async def paint_desk(services: Services) -> tuple[float, float]:
    """The same two figures for the desk, once the inbox's rows are on screen."""
    began = time.perf_counter()
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(lambda: rows_on_screen(app))
        app.screen._on_timer_update()
        frame = time.perf_counter() - began
        await pilot.pause()
        return frame, time.perf_counter() - began


async def cursor_moves(services: Services, moves: int) -> tuple[list[float], list[float]]:
    """Per move: (key event to rendered frame, Pilot.press round trip)."""
    app = DeskApp(services, live_every=None)
    frames, presses = [], []
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(lambda: rows_on_screen(app))
        story_list = app.screen.query_one(StoryList)
        for i in range(moves):
            key = "j" if (i // 60) % 2 == 0 else "k"  # down a few pages, then back up
            was = story_list.cursor
            began = time.perf_counter()
            app.post_message(events.Key(key, key))  # what the terminal driver sends
            await wait_until(lambda w=was: story_list.cursor != w, step=0)
            app.screen._on_timer_update()  # render the frame (what the refresh timer does)
            frames.append(time.perf_counter() - began)
            await wait_until(lambda: rows_on_screen(app))  # rows of a new page fetched
        for i in range(moves // 4):
            began = time.perf_counter()
            await pilot.press("j" if i % 2 == 0 else "k")
            presses.append(time.perf_counter() - began)
    return frames, presses


async def bare_presses(count: int) -> list[float]:
    """The Pilot.press round trip of a key nothing handles, in the bare app: the harness cost."""
    timings = []
    async with BareApp().run_test(size=SIZE) as pilot:
        await pilot.pause()
        for _ in range(count):
            began = time.perf_counter()
            await pilot.press("x")
            timings.append(time.perf_counter() - began)
    return timings


async def search_latency(services: Services, queries: list[str]) -> list[tuple[str, int, float]]:
    app = DeskApp(services, live_every=None)
    out = []
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(lambda: rows_on_screen(app))
        story_list = app.screen.query_one(StoryList)
        for query in queries:
            await pilot.press("slash")
            for ch in query[:-1]:
                await pilot.press("space" if ch == " " else ch)
            before = story_list.ids
            began = time.perf_counter()
            app.post_message(events.Key(query[-1], query[-1]))  # the last keystroke
            await wait_until(
                lambda b=before: (
                    story_list.ids is not b and (not story_list.ids or rows_on_screen(app))
                )
            )
            app.screen._on_timer_update()  # render the frame (what the refresh timer does)
            out.append((query, len(story_list.ids), time.perf_counter() - began))
            await pilot.press("escape")
            await wait_until(lambda: not app.screen.search_text and rows_on_screen(app))
            await pilot.pause()
    return out


def median_ms(values: list[float]) -> float:
    return statistics.median(values) * 1000


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=100_000, help="stories to generate")
    parser.add_argument("--db", help="database URL (default: a fresh SQLite file)")
    parser.add_argument("--runs", type=int, default=5, help="first-paint runs of each app")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or f"sqlite:///{Path(tmp) / 'bench.db'}"
        services = open_services(url, editor="bench", settings=Settings())
        try:
            seconds = generate(services, args.n)
            print(
                f"generated {args.n:,} stories in {seconds:.1f} s "
                f"({args.n / seconds:,.0f}/s) on {services.db.dialect}"
            )
            began = time.perf_counter()
            ids = services.stories.ids(VIEWS[0].story_filter())
            took = (time.perf_counter() - began) * 1000
            print(f"inbox ids query: {len(ids):,} ids in {took:.0f} ms")

            await paint_bare()  # warm-up: first imports and CSS parsing of each
            await paint_desk(services)
            bare, desk = [], []
            for _ in range(args.runs):
                bare.append(await paint_bare())
                desk.append(await paint_desk(services))
            for index, how in ((0, "first frame rendered"), (1, "Pilot idle after it")):
                b = [run[index] for run in bare]
                d = [run[index] for run in desk]
                ratio = statistics.median(d) / statistics.median(b)
                print(
                    f"first paint ({how}): bare app {median_ms(b):.0f} ms, inbox "
                    f"{median_ms(d):.0f} ms (median of {args.runs}) -> {ratio:.2f}x "
                    "(budget 1.5x)"
                )

            frames, presses = await cursor_moves(services, 240)
            p95 = sorted(frames)[int(len(frames) * 0.95)] * 1000
            print(
                f"cursor move, key event to rendered frame: median {median_ms(frames):.1f} ms, "
                f"p95 {p95:.1f} ms over {len(frames)} moves (budget 16 ms median)"
            )
            baseline = await bare_presses(len(presses))
            print(
                f"cursor move, Pilot.press round trip: median {median_ms(presses):.1f} ms "
                f"(the same harness on the bare app with a key nothing handles: "
                f"{median_ms(baseline):.1f} ms)"
            )

            results = await search_latency(services, ["glacier", "ferry strike", "zz", "tariff"])
            for query, hits, latency in results:
                shown = (
                    f"first {hits} matches"
                    if hits >= PAGE  # the full count follows
                    else f"all {hits} matches"
                )
                print(
                    f"search {query!r}: {shown} on screen {latency * 1000:.0f} ms "
                    "after the last keystroke, 40 ms debounce included (budget 100 ms)"
                )
        finally:
            services.close()


if __name__ == "__main__":
    asyncio.run(main())
