"""Ingest throughput: generate N synthetic wire files, ingest them, print stories/s and memory.

    python bench/ingest_bench.py               # 10,000 files into a fresh SQLite file
    python bench/ingest_bench.py -n 2000 --db postgresql+psycopg://postgres@127.0.0.1/test

Runs the real command (`python -m deskapp ingest DIR`) in a child process, so the
figure includes start-up, reading, decoding, parsing, dedupe and storage. With a
PostgreSQL URL each run goes into a fresh schema there, dropped at the end.
Budget: at least 5,000 stories/s for 10,000 files on a 2-core machine.
"""

from __future__ import annotations

import argparse
import atexit
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PLACES = [
    ("MOSCOW", "Reuters"),
    ("TOKYO", "Reuters"),
    ("NAIROBI", "Reuters"),
    ("LIMA", "AFP"),
    ("BOLOGNA, Italy", "AP"),
    ("SYDNEY", "Reuters"),
    ("DOHA", "AFP"),
]
WORDS = (
    "ministry officials said the plan would be reviewed next week after talks with "
    "regional partners stalled over funding and the timing of a new vote in parliament "
    "while opposition lawmakers called for an inquiry into the contracts"
).split()
NAMES = ["Ana Lima", "Bo Yu", "Cyrus Ode", "Dana Eng", "Eli Park", "Fay Moss", "Gus Hale"]


def sentence(rng: random.Random, n: int = 24) -> str:
    words = rng.choices(WORDS, k=n)
    return " ".join(words).capitalize() + "."


def wire_story(i: int, rng: random.Random) -> str:
    place, agency = rng.choice(PLACES)
    paragraphs = [" ".join(sentence(rng) for _ in range(2)) for _ in range(rng.randint(4, 8))]
    writer, editor = rng.sample(NAMES, 2)
    return (
        "\n\n".join(
            [
                f"Story number {i}: {sentence(rng, 8)[:-1]}",
                "  \u2022 World\n  \u2022 Thursday, 01 Feb 2024",
                f"{place} ({agency}) - {paragraphs[0]}",
                *paragraphs[1:],
                f"(Writing by {writer}; editing by {editor})",
                "Follow us on our channel for breaking news alerts!",
                "Next In World\n\n" + "\n".join(sentence(rng, 7) for _ in range(5)),
            ]
        )
        + "\n"
    )


def _libpq(url: str) -> str:
    return "postgresql://" + url.split("://", 1)[1]


def fresh_schema(url: str, made: list[str]) -> str:
    """A new, empty schema on the PostgreSQL server of `url`; the URL that works in it."""
    import psycopg

    name = f"ingest_bench_{os.getpid()}_{len(made)}"
    with psycopg.connect(_libpq(url), autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {name}")
    made.append(name)
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}options=-csearch_path%3D{name}"


def drop_schemas(url: str | None, names: list[str]) -> None:
    if not url or not names:
        return
    import psycopg

    with psycopg.connect(_libpq(url), autocommit=True) as conn:
        for name in names:
            conn.execute(f"DROP SCHEMA IF EXISTS {name} CASCADE")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-n", type=int, default=10_000, help="number of files (default 10,000)")
    parser.add_argument("--db", help="database URL (default: a fresh SQLite file)")
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        metavar="N",
        help="ingest N times, each into a fresh database, and print every "
        "figure, the best and the median (this machine's figures vary by a fifth)",
    )
    parser.add_argument(
        "--dir",
        help="make the temporary folder (wire files, database) under "
        "DIR, e.g. /dev/shm to leave the disk's file system out of the figure",
    )
    args = parser.parse_args()
    if args.dir and not Path(args.dir).is_dir():
        parser.error(f"--dir: no such folder: {args.dir}")

    rng = random.Random(7)
    with tempfile.TemporaryDirectory(prefix="deskapp-bench-", dir=args.dir) as tmp:
        folder = Path(tmp) / "wire"
        folder.mkdir()
        for i in range(args.n):
            (folder / f"story-{i:06d}.txt").write_text(wire_story(i, rng), encoding="utf-8")
        size_mb = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
        times: list[float] = []
        schemas: list[str] = []
        atexit.register(drop_schemas, args.db, schemas)  # also when a run fails
        for run in range(max(args.repeat, 1)):
            db = args.db or str(Path(tmp) / f"bench-{run}.db")
            if args.db and "://" in args.db and args.db.startswith("postgres"):
                db = fresh_schema(args.db, schemas)  # each run into an empty desk
            command = [
                sys.executable,
                "-m",
                "deskapp",
                "--db",
                db,
                "--as",
                "bench",
                "ingest",
                str(folder),
            ]
            start = time.perf_counter()
            done = subprocess.run(command, capture_output=True, text=True)
            times.append(time.perf_counter() - start)
            if done.returncode != 0:
                print(done.stderr[-2000:], file=sys.stderr)
                raise SystemExit(f"ingest failed with exit code {done.returncode}")
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        again_start = time.perf_counter()
        subprocess.run(command, capture_output=True, text=True, check=False)
        again = time.perf_counter() - again_start

    print(f"files:             {args.n:,} ({size_mb:.1f} MB of wire copy)")
    where = "fresh SQLite file"
    if args.db:
        where = "a fresh schema at the given URL" if schemas else "given URL"
    print(f"database:          {where}")
    for elapsed in times:
        print(
            f"ingest:            {elapsed:.2f} s  ->  {args.n / elapsed:,.0f} stories/s "
            "(budget: 5,000 stories/s)"
        )
    if len(times) > 1:
        best, median = min(times), statistics.median(times)
        print(
            f"best / median:     {args.n / best:,.0f} / {args.n / median:,.0f} stories/s "
            f"over {len(times)} runs"
        )
    print(f"peak memory (RSS): {peak_mb:.0f} MB")
    print(f"re-ingest (all duplicates): {again:.2f} s  ->  {args.n / again:,.0f} sources/s")
    print(f"summary line:      {done.stderr.strip().splitlines()[-1]}")


if __name__ == "__main__":
    main()
