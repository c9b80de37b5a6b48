"""The desk's model-based test, long: many random key sequences on a fresh desk each.

    python bench/desk_model.py                    # 200 sequences of 30 keys, seeds 1000…
    python bench/desk_model.py -n 50 --keys 60 --seed 5000

Each sequence runs on a fresh SQLite desk of mixed stories (queued, spiked, killed,
with notes) through Textual's Pilot; after every key the invariants of
tests/tui/model_keys.py are checked against the services. A failing sequence is
printed with its seed and keys: add it to FOUND in tests/tui/test_model_desk.py.
Prints the figures (sequences, keys, seconds per key); exits 1 if any failed.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "tui"))

from model_keys import mixed_desk, random_keys, run_sequence  # noqa: E402

from deskapp.config import Settings  # noqa: E402
from deskapp.services import open_services  # noqa: E402


async def one(seed: int, count: int, folder: Path) -> tuple[list[str], str]:
    services = open_services(
        f"sqlite:///{folder / f'model-{seed}.db'}", editor="tester", settings=Settings()
    )
    keys = random_keys(random.Random(seed), count)
    try:
        ids = mixed_desk(services)
        await run_sequence(services, ids, keys, seed)
        return keys, ""
    except Exception:  # a broken invariant or a failure: report the sequence and go on
        return keys, traceback.format_exc(limit=3)
    finally:
        services.close()


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=200, help="sequences")
    parser.add_argument("--keys", type=int, default=30, help="keys per sequence")
    parser.add_argument("--seed", type=int, default=1000, help="first seed")
    args = parser.parse_args()
    failed = 0
    began = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for seed in range(args.seed, args.seed + args.n):
            keys, problem = await one(seed, args.keys, Path(tmp))
            if problem:
                failed += 1
                print(f"FAILED seed {seed}: keys {keys}\n{problem}", flush=True)
    took = time.perf_counter() - began
    total = args.n * args.keys
    print(
        f"{args.n} sequences of {args.keys} keys ({total:,} keys) in {took:.0f} s: "
        f"{took / total * 1000:.0f} ms per key, dialogs and checks included; "
        f"{failed} failed"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
