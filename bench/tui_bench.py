"""Desk TUI speed at 100,000 stories: first paint, cursor moves, search latency.

    python bench/tui_bench.py                 # 100,000 stories in a fresh SQLite file
    python bench/tui_bench.py --keep /tmp/desk.db   # reuse (or make once) a file
    python bench/tui_bench.py --importtime    # also: what is imported before the first paint
    python bench/tui_bench.py -n 20000 --db postgresql+psycopg://postgres@127.0.0.1/test

Budgets (issue 4), on a 2-core machine:
- first paint of the inbox at most 1.5× a bare Textual app (Header, empty DataTable,
  Footer), both measured in this run. The figure that counts is from exec: each app
  runs as a fresh child process, headless at 100×30, so its imports count, from the
  moment it is started until its first frame (the desk's: the first frame showing the
  inbox's rows). The bare app is `bench/paint_bare.py`; the desk is `python -m deskapp`
  with DESKAPP_PAINT_PROBE=1 (see deskapp/tui/launch.py). Also printed, in-process
  (imports already done): from `run_test()` until that frame;
- moving the cursor: at most 16 ms median per `j`, from the key press until the
  screen has been refreshed (Pilot.press waits for that);
- search: at most 100 ms from the last keystroke until the matching rows are on
  screen (debounce included).
Prints the figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from paint_bare import BareApp  # bench/, this script's folder, is on the path
from textual import events
from textual.widgets import Footer

from deskapp.config import Settings
from deskapp.core.story import Credit, Role, Story
from deskapp.services import Services, open_services
from deskapp.tui.app import DeskApp, rows_drawn
from deskapp.tui.views import VIEWS
from deskapp.tui.widgets.story_list import PAGE, StoryList

REPO = Path(__file__).resolve().parents[1]
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
    """The list on screen shows real rows (what the desk's paint probe waits for)."""
    lists = app.screen.query(StoryList)
    return bool(lists) and bool(lists.first().ids) and rows_drawn(lists.first())


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


def child_paint(
    command: list[str], tmp: Path, env: dict[str, str] | None = None
) -> tuple[float, float, str]:
    """(seconds from starting a child process until the first frame it reports, CPU
    seconds it had used by then, its stderr). The child prints `first paint T C`: T its
    `time.monotonic()` (one clock for every process), C its `time.process_time()`.

    Children keep compiled bytecode, as an installed Deskapp does, in a folder of the
    bench's own (PYTHONPYCACHEPREFIX), even where PYTHONDONTWRITEBYTECODE is set."""
    plain = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    began = time.monotonic()
    done = subprocess.run(
        command,
        capture_output=True,
        text=True,
        env={**plain, "PYTHONPYCACHEPREFIX": str(tmp / "pycache"), **(env or {})},
        stdin=subprocess.DEVNULL,
        timeout=120,
        check=False,
    )
    found = [line.split() for line in done.stdout.splitlines() if line.startswith("first paint ")]
    if done.returncode != 0 or not found:
        raise RuntimeError(f"{command[-1]} painted nothing: {done.stderr.strip()[-600:]}")
    return float(found[-1][2]) - began, float(found[-1][3]), done.stderr


def bare_command() -> list[str]:
    return [sys.executable, str(Path(__file__).with_name("paint_bare.py"))]


def desk_command(url: str, tmp: Path, *python_options: str) -> tuple[list[str], dict[str, str]]:
    """`deskapp` as the editor runs it, with the probe on, no config file of the user's."""
    env = {
        "PYTHONPATH": str(REPO),
        "DESKAPP_PAINT_PROBE": "1",
        "DESKAPP_CONFIG": str(tmp / "no-config.toml"),
        "DESKAPP_DATA": str(tmp),
    }
    return [sys.executable, *python_options, "-m", "deskapp", "--as", "bench", "--db", url], env


def paint_from_exec(url: str, tmp: Path, runs: int) -> list[tuple[str, list[float], list[float]]]:
    """The first paint of each app from exec, `runs` times each, taken in turns:
    (what, the bare app's figures, the desk's) for wall-clock and CPU seconds."""
    command, env = desk_command(url, tmp)
    for _ in range(2):  # warm-up: bytecode compiled, files in the page cache
        child_paint(bare_command(), tmp)
        child_paint(command, tmp, env)
    bare, desk = [], []
    for _ in range(runs):
        bare.append(child_paint(bare_command(), tmp)[:2])
        desk.append(child_paint(command, tmp, env)[:2])
    return [
        (what, [run[i] for run in bare], [run[i] for run in desk])
        for i, what in enumerate(("wall clock", "CPU time"))
    ]


def import_times(stderr: str) -> tuple[dict[str, float], dict[str, float]]:
    """`-X importtime` output split at the desk's first paint: seconds of imports (self
    time) per top-level package, before and after it."""
    before: dict[str, float] = {}
    after: dict[str, float] = {}
    into = before
    for line in stderr.splitlines():
        if line.startswith("deskapp: first paint"):
            into = after
        elif line.startswith("import time:") and "|" in line:
            fields = line[len("import time:") :].split("|")
            if not fields[0].strip().isdigit():
                continue  # the header line
            package = fields[2].strip().split(".")[0]
            into[package] = into.get(package, 0.0) + int(fields[0]) / 1e6
    return before, after


def show_import_times(url: str, tmp: Path) -> None:
    command, env = desk_command(url, tmp, "-X", "importtime")
    stderr = child_paint(command, tmp, env)[2]
    before, _after = import_times(stderr)
    bare_err = child_paint([sys.executable, "-X", "importtime", *bare_command()[1:]], tmp)[2]
    bare, _ = import_times(bare_err)
    for name, times in (("the bare app", bare), ("the desk", before)):
        top = sorted(times.items(), key=lambda kv: -kv[1])[:8]
        listed = ", ".join(f"{package} {seconds * 1000:.0f}" for package, seconds in top)
        print(
            f"imports before the first paint of {name}: {sum(times.values()) * 1000:.0f} ms "
            f"(self time, -X importtime, which slows them): {listed} ms"
        )
    orm = ("sqlalchemy", "sqlmodel", "alembic", "pydantic")
    early = ", ".join(p for p in orm if p in before) or "none"
    print(f"of {', '.join(orm)}, imported before the desk's first paint: {early}")


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
    parser.add_argument(
        "--keep",
        metavar="FILE",
        help="a SQLite file to use and keep: generated once, reused when it has stories",
    )
    parser.add_argument(
        "--importtime",
        action="store_true",
        help="also list what each app imports before its first paint (-X importtime)",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or f"sqlite:///{Path(args.keep or Path(tmp) / 'bench.db').resolve()}"
        services = open_services(url, editor="bench", settings=Settings(), create_folder=True)
        try:
            have = services.stories.count(VIEWS[0].story_filter()) if args.keep else 0
            if have:
                print(f"using {args.keep}: {have:,} stories in the inbox")
            else:
                seconds = generate(services, args.n)
                print(
                    f"generated {args.n:,} stories in {seconds:.1f} s "
                    f"({args.n / seconds:,.0f}/s) on {services.db.dialect}"
                )
            began = time.perf_counter()
            ids = services.stories.ids(VIEWS[0].story_filter())
            took = (time.perf_counter() - began) * 1000
            print(f"inbox ids query: {len(ids):,} ids in {took:.0f} ms")

            for what, bare_exec, desk_exec in paint_from_exec(url, Path(tmp), args.runs):
                ratio = statistics.median(desk_exec) / statistics.median(bare_exec)
                print(
                    f"first paint from exec ({what}; child processes, imports included): "
                    f"bare app {median_ms(bare_exec):.0f} ms, deskapp "
                    f"{median_ms(desk_exec):.0f} ms (median of {args.runs}) -> {ratio:.2f}x "
                    "(budget 1.5x)"
                )
            if args.importtime:
                show_import_times(url, Path(tmp))

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
                    f"first paint in-process ({how}, imports done): bare app "
                    f"{median_ms(b):.0f} ms, inbox {median_ms(d):.0f} ms "
                    f"(median of {args.runs}) -> {ratio:.2f}x"
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
