"""What roles cost: the same export as the desk's owner and as a chief login.

    python bench/roles_bench.py -n 10000 --dir /dev/shm

Makes a throwaway database on the test server (postgres, trust), sets it up with
`admin setup`, adds a chief login, stores and queues N ready stories (not timed),
then times `export` once as the owner (no row-level security, the guard trigger
lets it through at once) and once, on fresh copies of the same stories, as the
chief (every marked story passes the guard trigger; every history row the
row-level security check). Prints both and the difference.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SERVER = "127.0.0.1:5432"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=10_000)
    parser.add_argument("--dir", default=None)
    args = parser.parse_args()

    import psycopg

    from deskapp.config import Settings
    from deskapp.core.permissions import DeskRole
    from deskapp.core.story import Credit, Role, Story
    from deskapp.services import open_services
    from deskapp.services.people import PeopleService

    tag = uuid.uuid4().hex[:8]
    database, chief = f"desk_bench_{tag}", f"chief_{tag}"
    admin = f"postgresql://postgres@{SERVER}/test"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{database}"')
    owner_url = f"postgresql+psycopg://postgres@{SERVER}/{database}"
    try:
        owner = open_services(owner_url, "bench", Settings())
        PeopleService(owner.ctx).setup()
        PeopleService(owner.ctx).add(chief, DeskRole.CHIEF)
        as_chief = open_services(
            f"postgresql+psycopg://{chief}@{SERVER}/{database}",
            settings=Settings(),
            editor_given=False,
        )
        for who, services in (("owner", owner), ("chief", as_chief)):
            stories = [
                (
                    f"bench:{who}:{i}",
                    Story(
                        headline=f"Story {i} for the {who}",
                        agency="Bench Wire",
                        desk="europe",
                        body=f"PORT ALDER - Paragraph one of {i}.\n\nParagraph two.",
                        credits=[Credit(Role.WRITER, "Ana Lima")],
                    ),
                )
                for i in range(args.n)
            ]
            ids = [r.id for r in owner.ingest.store(stories)]
            owner.queue.add_many(ids, force=True)
            with tempfile.TemporaryDirectory(dir=args.dir) as out:
                start = time.perf_counter()
                report = services.export.export(out)
                took = time.perf_counter() - start
            print(f"export of {len(report.exported):,} as {who}: {took:.2f} s")
        as_chief.close()
        owner.close()
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            conn.execute(f'DROP ROLE IF EXISTS "{chief}"')


if __name__ == "__main__":
    main()
