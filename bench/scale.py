"""A year of wire on one desk: a million stories, and how the desk feels on them.

    python bench/scale.py                      # 1,000,000 stories in a fresh SQLite file
    python bench/scale.py -n 50000 --keep /tmp/s.db
    python bench/scale.py --db postgresql+psycopg://postgres@127.0.0.1/scale_bench
    python bench/scale.py --reuse --db ...     # measure again without generating

Stories go straight into the tables (not through the parser): ids, agencies, desks
(most untagged), statuses (inbox most, some editing, queued, spiked, published),
credits, some open notes, times spread over a year, and the search index (FTS5 on
SQLite, the `search` tsvector on PostgreSQL) filled. Indexes on `story` are dropped
while loading and built again after (COPY on PostgreSQL, executemany in big
transactions on SQLite).

Then a child process (so its peak RSS is the desk's alone) opens the desk headless
(Textual `run_test`) and prints, beside the budgets:
- first paint: from start until real rows are on screen;
- cursor move: `j`, key press to refreshed screen, median;
- search: last keystroke to first results on screen;
- view switch (inbox → desks → queue → spiked → inbox …): median and worst, from
  the key to the rows of the read it started on screen (the first visit of each
  view mounts its pane), and the CPU the switch costs until the desk is idle;
- peak RSS of the desk process;
and every distinct query the desk ran on that path with its plan (EXPLAIN ANALYZE on
PostgreSQL, EXPLAIN QUERY PLAN on SQLite) and its time, slowest first.
Timings on a shared machine are noisy. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

BUDGETS = {"paint": 1000.0, "cursor": 16.0, "search": 150.0, "switch": 200.0, "rss": 300.0}
SIZE = (120, 40)
WORDS = (
    "council minister harbour flood election tariff rail strike summit drought "
    "budget vaccine port glacier court ferry bridge reactor wildfire talks quota "
    "museum festival coalition refinery pipeline survey treaty airline union "
    "senate verdict protest storm ceasefire merger outbreak satellite harvest "
    "mayor inflation border refugee embassy stadium orchestra earthquake"
).split()
FILLER = (
    "officials said the plan would be reviewed next week after talks with regional "
    "partners stalled over funding and the timing of a new vote while critics warned "
    "that delays could cost millions and leave residents without support"
).split()
AGENCIES = [
    ("Meridian", 30),
    ("Wirepoint", 25),
    ("Globewire", 18),
    ("Northline", 12),
    ("Pacific Press", 8),
    ("Agence Sud", 4),
    ("Baltic News", 2),
    ("Cape Wire", 1),
]
DESKS = [
    ("world", 10),
    ("europe", 8),
    ("americas", 7),
    ("asia-pacific", 5),
    ("middle-east", 4),
    ("africa", 3),
    (None, 63),
]
STATUSES = [("inbox", 70), ("editing", 6), ("spiked", 11), ("published", 13)]
QUEUED = 400  # a desk's queue is a few hundred stories, not a tenth of the year
NAMES = [
    f"{f} {s}"
    for f in ("Ines", "Tomas", "Lena", "Sam", "Mira", "Bo", "Ada", "Kofi")
    for s in ("Varga", "Reyes", "Okafor", "Hollis", "Stone", "Lind", "Moreau", "Asante")
]
EDITORS = ["ana", "bob", "chen", "dee"]
START = datetime(2025, 11, 1, tzinfo=UTC)
YEAR = 365 * 24 * 3600


def pick(rng: random.Random, weighted: list[tuple[Any, int]]) -> Any:
    return rng.choices([v for v, _ in weighted], [w for _, w in weighted])[0]


CLUSTERED = 0.2  # of stories: in a cluster of 2 to 5 neighbours (agencies on one event)


def stories(n: int, seed: int = 7) -> Iterator[tuple[dict[str, Any], list[tuple[str, str]], bool]]:
    """(story columns, credits, has an open note) for ids 1..n, oldest first.

    A fifth of them are in clusters: runs of 2 to 5 neighbours sharing the first's
    words, each with its MinHash sketch (`cluster_sketch`); the band keys of every
    story's sketch go into `story_band` (see `band_rows`)."""
    from deskapp.core.cluster_sketch import sketch

    rng = random.Random(seed)
    cluster_left = 0
    cluster_id: int | None = None
    cluster_words: list[str] = []
    queued = set(rng.sample(range(max(n - 20 * QUEUED, 1), n + 1), min(QUEUED, n)))
    qpos = 0
    step = YEAR / max(n, 1)
    for i in range(1, n + 1):
        words = rng.sample(WORDS, 4)
        if cluster_left:
            cluster_left -= 1
            words = cluster_words
        elif rng.random() < CLUSTERED / 3.5:  # 3.5 stories a cluster on average
            cluster_left = rng.randint(1, 4)
            cluster_id, cluster_words = i, words
        else:
            cluster_id = None
        headline = f"{words[0].capitalize()} {words[1]} {words[2]} {words[3]} {i}"
        body = "\n\n".join(
            " ".join(rng.choices(FILLER + words, k=28)).capitalize() + "." for _ in range(3)
        )
        ingested = START + timedelta(seconds=i * step + rng.uniform(0, 30))
        published = (
            None if rng.random() < 0.1 else ingested - timedelta(seconds=rng.uniform(5, 600))
        )
        status = "queued" if i in queued else pick(rng, STATUSES)
        desk = pick(rng, DESKS)
        if status in ("queued", "published") and desk is None:
            desk = pick(rng, DESKS[:-1])
        if status == "queued":
            qpos += 1
        credits = [("writer", rng.choice(NAMES))]
        if rng.random() < 0.3:
            credits.append(("reporter", rng.choice(NAMES)))
        if status != "inbox" and rng.random() < 0.5:
            credits.append(("editor", rng.choice(NAMES)))
        yield (
            {
                "id": i,
                "uid": f"scale:{i}",
                "fingerprint": f"{i:016x}",
                "headline": headline,
                "slugline": words[0],
                "agency": pick(rng, AGENCIES),
                "published_at": published,
                "ingested_at": ingested,
                "body": body,
                "desk": desk,
                "suggested_desk": pick(rng, DESKS),
                "status": status,
                "priority": rng.choice((None, None, None, 3, 6)),
                "queue_position": qpos * 1024 if status == "queued" else None,
                "cluster_id": cluster_id,
                "cluster_sketch": sketch(headline, body, "").to_text(),
            },
            credits,
            rng.random() < 0.02,
        )


COLUMNS = (
    "id",
    "uid",
    "fingerprint",
    "version",
    "headline",
    "slugline",
    "agency",
    "section",
    "subheadline",
    "abstract",
    "dateline_place",
    "published_at",
    "ingested_at",
    "body",
    "signoff",
    "keywords",
    "killed",
    "withdrawn",
    "corrected",
    "desk",
    "suggested_desk",
    "status",
    "priority",
    "queue_position",
    "queue_forced",
    "source_format",
    "source_ref",
    "raw_text",
    "cluster_id",
    "cluster_sketch",
)


def band_rows(s: dict[str, Any]) -> list[tuple[int, int]]:
    """(band key, story id) of a generated story: what ingest writes into `story_band`."""
    from deskapp.core.cluster_sketch import Sketch

    made = Sketch.from_text(s["cluster_sketch"])
    return [(key, s["id"]) for key in made.bands] if made else []


def row_values(s: dict[str, Any], when: Any) -> tuple[Any, ...]:
    fixed = {
        "version": 1,
        "section": "",
        "subheadline": "",
        "abstract": "",
        "dateline_place": "",
        "signoff": "",
        "keywords": "[]",
        "killed": False,
        "withdrawn": False,
        "corrected": False,
        "queue_forced": False,
        "source_format": "text",
        "source_ref": "",
        "raw_text": "",
    }
    out = []
    for c in COLUMNS:
        v = s[c] if c in s else fixed[c]
        if c in ("published_at", "ingested_at"):
            v = when(v)
        out.append(v)
    return tuple(out)


def _sqlite_time(v: datetime | None) -> str | None:
    return None if v is None else v.replace(tzinfo=None).isoformat(" ", "microseconds")


def load_sqlite(conn: Any, n: int) -> None:
    """executemany in transactions of 50,000 stories, `story` indexes built at the end."""
    cur = conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=OFF")
    indexes = cur.execute(
        "SELECT name, sql FROM sqlite_master WHERE type='index' AND tbl_name='story' "
        "AND sql IS NOT NULL"
    ).fetchall()
    for name, _ in indexes:
        cur.execute(f'DROP INDEX "{name}"')
    cols = ", ".join(COLUMNS)
    marks = ", ".join("?" for _ in COLUMNS)
    story_sql = f"INSERT INTO story ({cols}) VALUES ({marks})"
    credit_sql = "INSERT INTO credit (story_id, role, name, ord) VALUES (?, ?, ?, ?)"
    note_sql = (
        "INSERT INTO note (story_id, text, author, from_wire, created_at, due) "
        "VALUES (?, ?, ?, 0, ?, ?)"
    )
    fts_sql = "INSERT INTO story_fts(rowid, headline, body, names) VALUES (?, ?, ?, ?)"
    band_sql = "INSERT INTO story_band (band, story_id) VALUES (?, ?)"
    bands: list[tuple[int, int]] = []
    batch: list[tuple[Any, ...]] = []
    credits: list[tuple[Any, ...]] = []
    notes: list[tuple[Any, ...]] = []
    fts: list[tuple[Any, ...]] = []

    def flush() -> None:
        cur.execute("BEGIN")
        cur.executemany(story_sql, batch)
        cur.executemany(credit_sql, credits)
        cur.executemany(note_sql, notes)
        cur.executemany(fts_sql, fts)
        cur.executemany(band_sql, bands)
        cur.execute("COMMIT")
        for part in (batch, credits, notes, fts, bands):
            part.clear()

    for s, creds, note in stories(n):
        batch.append(row_values(s, _sqlite_time))
        credits.extend((s["id"], r, name, k) for k, (r, name) in enumerate(creds))
        if note:
            made = s["ingested_at"]
            notes.append(
                (
                    s["id"],
                    "Call the ministry back",
                    "ana",
                    _sqlite_time(made),
                    _sqlite_time(made + timedelta(days=2)),
                )
            )
        fts.append((s["id"], s["headline"], s["body"], " ".join(name for _, name in creds)))
        bands.extend(band_rows(s))
        if len(batch) >= 50_000:
            flush()
    if batch:
        flush()
    for _, sql in indexes:
        cur.execute(sql)
    cur.execute("ANALYZE")
    conn.commit()


def load_postgres(conn: Any, n: int) -> None:
    """COPY into a staging table, then one INSERT … SELECT that fills `search`."""
    cur = conn.cursor()
    cur.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'story' "
        "AND schemaname = current_schema() AND indexname <> 'story_pkey'"
    )
    indexes = cur.fetchall()
    for name, _ in indexes:
        cur.execute(f'DROP INDEX "{name}"')
    cols = ", ".join(COLUMNS)
    cur.execute("CREATE TEMP TABLE stage (LIKE story INCLUDING DEFAULTS, names text)")
    with cur.copy(f"COPY stage ({cols}, names) FROM STDIN") as copy:
        credit_rows: list[tuple[Any, ...]] = []
        note_rows: list[tuple[Any, ...]] = []
        band_list: list[tuple[int, int]] = []
        for s, creds, note in stories(n):
            copy.write_row((*row_values(s, lambda v: v), " ".join(nm for _, nm in creds)))
            band_list.extend(band_rows(s))
            credit_rows.extend((s["id"], r, nm, k) for k, (r, nm) in enumerate(creds))
            if note:
                made = s["ingested_at"]
                note_rows.append(
                    (
                        s["id"],
                        "Call the ministry back",
                        "ana",
                        False,
                        made,
                        made + timedelta(days=2),
                    )
                )
    cur.execute(
        f"INSERT INTO story ({cols}, search) SELECT {cols}, "
        "setweight(to_tsvector('simple', headline), 'A') || to_tsvector('simple', body) "
        "|| to_tsvector('simple', names) FROM stage"
    )
    with cur.copy("COPY credit (story_id, role, name, ord) FROM STDIN") as copy:
        for row in credit_rows:
            copy.write_row(row)
    with cur.copy(
        "COPY note (story_id, text, author, from_wire, created_at, due) FROM STDIN"
    ) as copy:
        for row in note_rows:
            copy.write_row(row)
    with cur.copy("COPY story_band (band, story_id) FROM STDIN") as copy:
        for row in band_list:
            copy.write_row(row)
    cur.execute("DROP TABLE stage")
    for table in ("story", "credit", "note"):
        cur.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"(SELECT coalesce(max(id), 1) FROM {table}))"
        )
    conn.commit()
    for _, sql in indexes:
        cur.execute(sql)
        conn.commit()
    conn.commit()
    conn.driver_connection.autocommit = True  # VACUUM needs it (not the pool's proxy)
    for table in ("story", "credit", "note", "story_band"):
        cur.execute(f"VACUUM ANALYZE {table}")


def generate(url: str, n: int) -> float:
    from deskapp.config import Settings
    from deskapp.services import open_services

    services = open_services(url, editor="bench", settings=Settings())  # schema at head
    engine = services.db.engine
    with engine.connect() as check:
        present = check.exec_driver_sql("SELECT count(*) FROM story").scalar_one()
    if present:
        services.close()
        raise SystemExit(f"{url} already holds {present:,} stories: use --reuse or a fresh one")
    began = time.perf_counter()
    raw = engine.raw_connection()
    try:
        if services.db.is_sqlite:
            raw.isolation_level = None  # type: ignore[attr-defined]
            load_sqlite(raw, n)
        else:
            load_postgres(raw, n)
    finally:
        raw.close()
        services.close()
    return time.perf_counter() - began


# -- measuring (in a child process: `--measure`) ---------------------------------------


class Recorder:
    """Every statement the desk sends, with its parameters and its time, by phase."""

    def __init__(self) -> None:
        self.phase = ""
        self.seen: dict[str, dict[str, Any]] = {}
        self._started: dict[int, float] = {}

    def attach(self, engine: Any) -> None:
        from sqlalchemy import event

        event.listen(engine, "before_cursor_execute", self.before)
        event.listen(engine, "after_cursor_execute", self.after)

    def before(self, conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        self._started[id(cursor)] = time.perf_counter()

    def after(self, conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        took = time.perf_counter() - self._started.pop(id(cursor), time.perf_counter())
        if executemany or not self.phase or not statement.lstrip().upper().startswith("SELECT"):
            return
        entry = self.seen.setdefault(
            statement, {"phases": set(), "times": [], "params": parameters}
        )
        entry["phases"].add(self.phase)
        entry["times"].append(took)
        if took >= max(entry["times"]):
            entry["params"] = parameters  # explain the slowest call


async def wait_until(check: Any, timeout: float = 60.0, step: float = 0.002) -> None:
    end = time.perf_counter() + timeout
    while not check():
        if time.perf_counter() > end:
            raise TimeoutError("the desk never got there")
        await asyncio.sleep(step)


def rows_on_screen(app: Any) -> bool:
    from deskapp.tui.widgets.story_list import StoryList

    screen = app.screen
    pane = getattr(screen, "pane", None)
    lists = pane.query(StoryList) if pane is not None else screen.query(StoryList)
    if not lists:
        return False
    story_list = lists.first()
    if not story_list.loaded:
        return False
    if not len(story_list.ids):
        return True
    top = int(story_list.scroll_y)
    visible = story_list.ids[top : top + min(story_list.size.height, len(story_list.ids) - top)]
    return len(visible) > 0 and all(story_list.summary(sid) is not None for sid in visible)


def peak_rss_mb() -> float:
    """This process's peak resident memory. Linux keeps `ru_maxrss` across exec, so a
    child started by the generating parent would report the parent's peak (its COPY
    buffers, hundreds of MB); the memory map's own high-water mark starts at exec."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def measure(url: str) -> dict[str, Any]:
    from textual import events
    from textual._wait import wait_for_idle

    from deskapp.config import Settings
    from deskapp.core.listing import StoryFilter
    from deskapp.services import open_services
    from deskapp.tui.app import DeskApp
    from deskapp.tui.widgets.story_list import StoryList

    began, cpu0 = time.perf_counter(), time.process_time()
    if os.environ.get("SCALE_SQLITE_CACHE_KIB"):  # to see what SQLite's page caches cost
        import deskapp.store.engine as engine_module

        engine_module.SQLITE_CACHE_KIB = int(os.environ["SCALE_SQLITE_CACHE_KIB"])
    services = open_services(url, editor="bench", settings=Settings())
    rec = Recorder()
    rec.attach(services.db.engine)
    rec.phase = "paint"
    out: dict[str, Any] = {}
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(lambda: rows_on_screen(app))
        app.screen._on_timer_update()
        out["paint"] = (time.perf_counter() - began) * 1000
        out["paint_cpu"] = (time.process_time() - cpu0) * 1000
        await pilot.pause()
        await wait_until(lambda: app.screen.pane.shown is not None)
        out["shown"] = app.screen.pane.shown

        rec.phase = "move"
        story_list = app.screen.query_one(StoryList)
        frames, cpus = [], []
        for i in range(300):
            key = "j" if (i // 100) % 2 == 0 else "k"
            was = story_list.cursor
            t0, c0 = time.perf_counter(), time.process_time()
            app.post_message(events.Key(key, key))
            await wait_until(lambda w=was: story_list.cursor != w, step=0)
            app.screen._on_timer_update()
            frames.append((time.perf_counter() - t0) * 1000)
            cpus.append((time.process_time() - c0) * 1000)
            await wait_until(lambda: rows_on_screen(app))
        out["cursor"] = statistics.median(frames)
        out["cursor_cpu"] = statistics.median(cpus)
        out["cursor_p95"] = sorted(frames)[int(len(frames) * 0.95)]

        rec.phase = "search"
        searches = []
        for query in ("glacier", "ferry strike", "zzq", "refin"):
            await pilot.press("slash")
            for ch in query[:-1]:
                await pilot.press("space" if ch == " " else ch)
            await pilot.pause(0.1)
            t0, c0 = time.perf_counter(), time.process_time()
            app.post_message(events.Key(query[-1], query[-1]))
            await wait_until(lambda q=query: app.screen.search_text == q and rows_on_screen(app))
            app.screen._on_timer_update()
            searches.append(
                (
                    query,
                    (time.perf_counter() - t0) * 1000,
                    len(story_list.ids),
                    (time.process_time() - c0) * 1000,
                )
            )
            await pilot.press("escape")
            await wait_until(lambda: not app.screen.search_text and rows_on_screen(app))
            await pilot.pause(0.2)
        out["search"] = searches

        rec.phase = "switch"
        switches = []
        for key in ["2", "3", "5", "1"] * 3:
            await pilot.pause(0.2)
            t0, c0 = time.perf_counter(), time.process_time()
            # the key as the terminal sends it (not pilot.press: it waits for the desk to
            # go idle, 2 × 20 ms at least); done when the rows of the read this key
            # started are on screen (a view shown before still holds its old rows)
            app.post_message(events.Key(key, key))
            await wait_until(
                lambda k=key: (
                    app.screen.view.key == k and not app.screen.reading and rows_on_screen(app)
                ),
                step=0,
            )
            app.screen._on_timer_update()
            wall, cpu = (time.perf_counter() - t0) * 1000, (time.process_time() - c0) * 1000
            await wait_for_idle(0)  # and what the switch costs in all (footer, counts)
            switches.append((key, wall, cpu, (time.process_time() - c0) * 1000))
        out["switch"] = switches
        rec.phase = ""
        await pilot.pause(0.3)
    out["total"] = services.stories.count(StoryFilter(include_spiked=True))
    out["rss"] = peak_rss_mb()
    out["plans"] = explain(services, rec)
    services.close()
    return out


def explain(services: Any, rec: Recorder) -> list[dict[str, Any]]:
    engine = services.db.engine
    plans = []
    with engine.connect() as conn:
        for statement, entry in rec.seen.items():
            params = entry["params"]
            try:
                if services.db.is_sqlite:
                    t0 = time.perf_counter()
                    conn.exec_driver_sql(statement, params).fetchall()
                    took = (time.perf_counter() - t0) * 1000
                    rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, params).all()
                    plan = "\n".join(f"{'  ' * 0}{r[-1]}" for r in rows)
                else:
                    if "coalesce(story.search" in statement:  # as the desk runs it (listing.py)
                        conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
                        conn.exec_driver_sql("SET LOCAL enable_bitmapscan = off")
                    rows = conn.exec_driver_sql(
                        "EXPLAIN (ANALYZE, BUFFERS) " + statement, params
                    ).all()
                    conn.rollback()
                    plan = "\n".join(r[0] for r in rows)
                    took = next(
                        (
                            float(r[0].split(":")[1].split()[0])
                            for r in rows
                            if r[0].startswith("Execution Time")
                        ),
                        0.0,
                    )
            except Exception as exc:  # a plan we cannot take is said, not fatal
                plan, took = f"(no plan: {str(exc).splitlines()[0]})", 0.0
                conn.rollback()
            plans.append(
                {
                    "sql": " ".join(statement.split()),
                    "phases": sorted(entry["phases"]),
                    "calls": len(entry["times"]),
                    "desk_ms": max(entry["times"]) * 1000,
                    "explain_ms": took,
                    "plan": plan,
                }
            )
    plans.sort(key=lambda p: -max(p["desk_ms"], p["explain_ms"]))
    return plans


def report(out: dict[str, Any], dialect: str, n: int) -> None:
    def line(what: str, ms: float, cpu: float, budget: float, note: str = "") -> None:
        verdict = "ok" if ms <= budget else "OVER"
        print(
            f"{what:24} {ms:8.1f} ms  (CPU {cpu:7.1f} ms)  budget ≤ {budget:g} ms  "
            f"{verdict}{'  ' + note if note else ''}"
        )

    load = os.getloadavg()[0]
    print(f"\n== the desk on {n:,} stories ({dialect}) ==")
    print(
        f"load average {load:.1f} on {os.cpu_count()} cores: wall-clock figures are noisy; "
        "CPU is the whole desk process's (all its threads) over the same span"
    )
    print(f"the inbox holds {out['shown']:,} stories")
    line("first paint", out["paint"], out["paint_cpu"], BUDGETS["paint"])
    line(
        "cursor move (j) median",
        out["cursor"],
        out["cursor_cpu"],
        BUDGETS["cursor"],
        f"p95 {out['cursor_p95']:.1f} ms",
    )
    for query, ms, hits, cpu in out["search"]:
        line(f"search {query!r}", ms, cpu, BUDGETS["search"], f"{hits:,} rows loaded")
    times = sorted(out["switch"], key=lambda s: s[1])
    middle = times[len(times) // 2]
    line("view switch median", middle[1], middle[2], BUDGETS["switch"])
    worst = times[-1]
    line("view switch worst", worst[1], worst[2], BUDGETS["switch"], f"to view {worst[0]}")
    settled = statistics.median(s[3] for s in out["switch"])
    print(
        f"{'view switch, all its CPU':24} {settled:8.1f} ms  median, from the key until the "
        "desk is idle (footer, counts, the next rows' summaries)"
    )
    verdict = "ok" if out["rss"] <= BUDGETS["rss"] else "OVER"
    print(f"{'peak RSS':24} {out['rss']:8.0f} MB  budget ≤ 300 MB  {verdict}")
    print("\n== queries on the paint/move/search/switch path, slowest first ==")
    for i, p in enumerate(out["plans"]):
        mark = "  <-- slowest" if i == 0 else ""
        print(
            f"\n[{i + 1}] {', '.join(p['phases'])}: {p['calls']} call(s), slowest in the "
            f"desk {p['desk_ms']:.1f} ms, explained {p['explain_ms']:.1f} ms{mark}"
        )
        sql = re.sub(r"\((?:\?|%\(\w+\)s|%s)(?:, (?:\?|%\(\w+\)s|%s))+\)", "(…)", p["sql"])
        print("    " + sql[:600])
        for line in p["plan"].splitlines():
            print("      " + line)


def measure_clusters(url: str, tries: int = 60) -> None:
    """Finding a new story's cluster (budget 5 ms): the copy of stories among the newest
    2,000 sketched again and looked up as ingest does (`cluster_ingest.group_new`: band
    keys, the newest stories under each, the check), one story a batch; and reading a
    cluster's stories (`ClusterService.members`)."""
    from deskapp.config import Settings
    from deskapp.core.cluster_sketch import sketch
    from deskapp.core.listing import StoryFilter
    from deskapp.services import open_services
    from deskapp.services.cluster_ingest import group_new

    services = open_services(url, editor="bench", settings=Settings())
    try:
        newest = services.stories.ids(StoryFilter(include_spiked=True), limit=2000)
        sample = random.Random(3).sample(newest, min(tries, len(newest)))
        stories = [services.stories.get(sid) for sid in sample]
        lookups: list[float] = []
        found = 0
        with services.db.read() as session:
            conn = session.connection()
            for k, story in enumerate(stories):
                story.sketch = sketch(story.headline, story.body, story.dateline_place)
                now = story.ingested_at or datetime.now(UTC)  # as if it came in again then
                began = time.perf_counter()
                grouped = group_new(conn, [10**9 + k], [story], now)
                lookups.append((time.perf_counter() - began) * 1000)
                found += grouped.labels[0] is not None
        members: list[float] = []
        for sid in sample[:20]:
            began = time.perf_counter()
            services.clusters.members(sid)
            members.append((time.perf_counter() - began) * 1000)
    finally:
        services.close()
    lookups.sort()
    verdict = "ok" if statistics.median(lookups) <= 5.0 else "OVER"
    print("\n== clusters ==")
    find, read = "find a story's cluster", "a cluster's stories"
    print(
        f"{find:24} {statistics.median(lookups):8.2f} ms  median, "
        f"p95 {lookups[int(len(lookups) * 0.95) - 1]:.2f} ms, worst {lookups[-1]:.2f} ms  "
        f"budget ≤ 5 ms  {verdict}  ({found} of {len(lookups)} found their stored copy)"
    )
    print(f"{read:24} {statistics.median(members):8.2f} ms  median")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("-n", type=int, default=1_000_000, help="stories to generate")
    parser.add_argument("--db", help="a PostgreSQL URL (default: a fresh SQLite file)")
    parser.add_argument("--keep", help="the SQLite file to write (kept; default: a temp file)")
    parser.add_argument("--reuse", action="store_true", help="measure the database as it is")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.measure:
        out = asyncio.run(measure(args.db))
        print(json.dumps(out, default=str))
        return
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or f"sqlite:///{Path(args.keep or Path(tmp) / 'scale.db').resolve()}"
        if args.reuse and not args.db and not args.keep:
            raise SystemExit("--reuse needs --db or --keep (the database to measure)")
        if not args.reuse:
            if url.startswith("sqlite") and Path(url.split(":///", 1)[1]).exists():
                raise SystemExit(f"{url}: the file exists; use --reuse or another --keep")
            seconds = generate(url, args.n)
            print(f"generated {args.n:,} stories in {seconds:.0f} s ({args.n / seconds:,.0f}/s)")
        from deskapp.config import Settings
        from deskapp.services import open_services

        open_services(url, editor="bench", settings=Settings()).close()  # migrate: not timed
        child = subprocess.run(
            [sys.executable, __file__, "--measure", "--db", url],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])},
        )
        if child.returncode:
            print(child.stdout[-3000:], child.stderr[-5000:], file=sys.stderr)
            raise SystemExit(child.returncode)
        out = json.loads(child.stdout.strip().splitlines()[-1])
        from sqlalchemy.engine import make_url

        dialect = make_url(url).get_backend_name()
        report(out, dialect, out["total"])
        measure_clusters(url)


if __name__ == "__main__":
    main()
