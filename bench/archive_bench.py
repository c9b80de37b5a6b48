"""The archive at scale: how long `deskapp archive` takes, and how long each batch holds.

    python bench/archive_bench.py                      # 20,000 stories on SQLite
    python bench/archive_bench.py -n 100000 --db postgresql+psycopg://postgres@127.0.0.1/bench

Fills a fresh desk with N stories taken in 200 days ago (two credits, a history
entry each), spikes or publishes three quarters of them, then archives them in
batches and restores one. Prints stories a second, the longest batch (what a
desk waits behind at most) and the time of a list and a search of the archive.
Wall-clock figures: take them on a quiet machine.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402

from deskapp.config import Settings  # noqa: E402
from deskapp.core.listing import StoryFilter  # noqa: E402
from deskapp.core.story import Credit, Role, Story  # noqa: E402
from deskapp.services import open_services  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=20_000, help="stories (default 20,000)")
    parser.add_argument("--batch", type=int, default=1000, help="stories per transaction")
    parser.add_argument("--db", help="a database URL (default: a fresh SQLite file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.db or f"sqlite:///{Path(folder) / 'bench.db'}"
        services = open_services(url, editor="bench", settings=Settings())
        then = datetime.now(UTC) - timedelta(days=200)
        services.ctx.clock = lambda: then
        stories = [
            (
                f"bench:{i}",
                Story(
                    headline=f"Harbour report {i} on ferry {i % 97}",
                    body=f"The harbour board met for the {i}th time.\n\nIt voted.",
                    uid=f"bench-{i}",
                    credits=[Credit(Role.WRITER, "Ana Lima"), Credit(Role.EDITOR, "Bo Yu")],
                ),
            )
            for i in range(args.n)
        ]
        start = time.perf_counter()
        services.ingest.store(stories)
        with services.db.write() as session:  # three quarters done with, long ago
            session.execute(text("UPDATE story SET status = 'spiked' WHERE id % 4 IN (1, 2)"))
            session.execute(text("UPDATE story SET status = 'published' WHERE id % 4 = 3"))
        print(f"filled {args.n:,} stories in {time.perf_counter() - start:.1f} s")
        services.ctx.clock = lambda: datetime.now(UTC)
        batches: list[float] = []
        mark = [time.perf_counter()]

        def timed(_run: object) -> None:
            now = time.perf_counter()
            batches.append(now - mark[0])
            mark[0] = now

        start = time.perf_counter()
        run = services.archive.archive(timedelta(days=90), batch=args.batch, on_batch=timed)
        took = time.perf_counter() - start
        moved = len(run.moved)
        print(
            f"archived {moved:,} in {took:.1f} s ({moved / took:,.0f} stories/s), "
            f"{len(batches)} batches of {args.batch}; longest batch {max(batches) * 1000:.0f} ms"
        )
        start = time.perf_counter()
        services.archive.list_stories(StoryFilter(), limit=50)
        listed = time.perf_counter() - start
        start = time.perf_counter()
        found = services.archive.list_stories(StoryFilter(search="ferry 42"), limit=50)
        searched = time.perf_counter() - start
        print(
            f"list --archive: {listed * 1000:.0f} ms; --search: {searched * 1000:.0f} ms "
            f"({len(found)} found)"
        )
        start = time.perf_counter()
        services.archive.restore(run.moved[len(run.moved) // 2].id)
        print(f"restore one: {(time.perf_counter() - start) * 1000:.0f} ms")
        services.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
