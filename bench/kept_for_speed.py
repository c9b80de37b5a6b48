"""Speed tricks, measured against the plain code they would replace.

    python bench/kept_for_speed.py            # 10,000 synthetic wire stories

1. `Credit.__reduce__` (deskapp/core/story.py), kept: parse workers send their
   stories back pickled; a frozen, slotted dataclass otherwise pickles through
   `__getstate__`/`__setstate__`. Timed: pickling and unpickling the stories in
   chunks of 64, as `deskapp.ingest.parallel` does, with and without it.
2. Forked workers (deskapp/worker_pool.py), kept: the CPU two workers take to
   start and import what parsing needs, spawned and forked.
3. `gc.freeze()` in the ingest command (deskapp/cli/ingest.py), kept: the time
   the collector runs while the parsed stories, unpickled a chunk at a time as
   the command takes them from its workers, are stored into a fresh SQLite file,
   with and without a freeze, each in a fresh process (the store's own time
   varies more between runs than this, so the collector's time is measured).
4. No cyclic garbage collection until the desk's first frame (`pause_gc` in
   deskapp/tui/launch.py), kept: the CPU `deskapp` takes from exec to its first
   frame of rows on a 20,000-story SQLite desk (the first-paint probe of
   bench/tui_bench.py), with the pause and with `pause_gc` made a no-op.
5. Three caches of plain-text parsing, kept: `parse_date_line`
   (deskapp/ingest/date_lines.py), the short-line half of `classify_line`
   (deskapp/ingest/boilerplate.py) and `parse_credit_line`
   (deskapp/core/credit_line.py), pure functions of a line that a day's copy repeats
   (date lines, page furniture, the desk's reporters and editors). Timed: parsing the
   stories' decoded text with the caches and with each one's plain function.
   In instructions (callgrind, the lead's calm figure): ~745k a story without the
   credit-line cache, ~671k with it; the date-line and boilerplate caches take ~45k
   and ~40k more off.

Each figure is the best of three; the difference, not the figure, is the point.
"""

from __future__ import annotations

import gc
import os
import pickle
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

N = 10_000
CHUNK = 64


def _stories(folder: Path) -> list:
    import random

    from ingest_bench import wire_story

    from deskapp.ingest.parallel import _parse_paths

    rng = random.Random(7)
    for i in range(N):
        (folder / f"story-{i:06d}.txt").write_text(wire_story(i, rng), encoding="utf-8")
    return _parse_paths(sorted(str(p) for p in folder.iterdir()))


def _pickle_round(parsed: list) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for i in range(0, len(parsed), CHUNK):
            pickle.loads(pickle.dumps(parsed[i : i + CHUNK], protocol=pickle.HIGHEST_PROTOCOL))
        best = min(best, time.perf_counter() - start)
    return best


def credit_reduce(parsed: list) -> tuple[float, float]:
    from deskapp.core.story import Credit

    with_it = _pickle_round(parsed)
    kept = Credit.__reduce__
    del Credit.__reduce__  # type: ignore[attr-defined]
    try:
        without = _pickle_round(parsed)
    finally:
        Credit.__reduce__ = kept  # type: ignore[method-assign]
    return with_it, without


_STORE = """
import gc, pickle, sys, time
from deskapp.services import open_services
chunks = pickle.load(open(sys.argv[1], "rb"))  # pickled chunks, as the workers send them
services = open_services(sys.argv[2], editor="bench")
if sys.argv[3] == "freeze":
    gc.freeze()
in_gc, started = [0.0], [0.0]
def clock(phase, info):
    if phase == "start":
        started[0] = time.perf_counter()
    else:
        in_gc[0] += time.perf_counter() - started[0]
gc.callbacks.append(clock)
def parsed():
    for chunk in chunks:  # each chunk unpickled when taken, as the command does
        yield from pickle.loads(chunk)
for _ in services.ingest.ingest_parsed(parsed()):
    pass
print(in_gc[0])
"""


def gc_freeze(parsed: list, tmp: Path) -> tuple[float, float]:
    dump = tmp / "parsed.pickle"
    chunks = [
        pickle.dumps(parsed[i : i + CHUNK], protocol=pickle.HIGHEST_PROTOCOL)
        for i in range(0, len(parsed), CHUNK)
    ]
    dump.write_bytes(pickle.dumps(chunks, protocol=pickle.HIGHEST_PROTOCOL))
    figures: dict[str, float] = {}
    for run in range(3):
        for mode in ("freeze", "plain"):
            db = tmp / f"store-{mode}-{run}.db"
            done = subprocess.run(
                [sys.executable, "-c", _STORE, str(dump), str(db), mode],
                capture_output=True,
                text=True,
                check=True,
                env={**os.environ, "PYTHONPATH": str(ROOT)},
            )
            took = float(done.stdout.strip().splitlines()[-1])
            figures[mode] = min(figures.get(mode, took), took)
    return figures["freeze"], figures["plain"]


def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def worker_start() -> tuple[float, float]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from deskapp.ingest.parallel import _parse_paths

    figures: dict[str, float] = {}
    for _ in range(3):
        for method in ("spawn", "fork"):
            before = _children_cpu()
            with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context(method)) as pool:
                list(pool.map(_parse_paths, [[], []]))
            took = _children_cpu() - before
            figures[method] = min(figures.get(method, took), took)
    return figures["spawn"], figures["fork"]


def gc_pause(tmp: Path) -> tuple[float, float]:
    """(CPU to the desk's first frame with the pause, without it), best of five each."""
    from tui_bench import child_paint, desk_command, generate

    from deskapp.config import Settings
    from deskapp.services import open_services

    url = f"sqlite:///{tmp / 'desk.db'}"
    services = open_services(url, editor="bench", settings=Settings(), create_folder=True)
    try:
        generate(services, 20_000)
    finally:
        services.close()
    command, env = desk_command(url, tmp)
    plain = [
        *command[: command.index("-m")],
        "-c",
        "import runpy, deskapp.tui.launch as launch; launch.pause_gc = lambda: None; "
        "runpy.run_module('deskapp', run_name='__main__', alter_sys=True)",
        *command[command.index("-m") + 2 :],
    ]
    child_paint(command, tmp, env)  # warm-up: bytecode compiled, the file in the page cache
    paused = min(child_paint(command, tmp, env)[1] for _ in range(5))
    collecting = min(child_paint(plain, tmp, env)[1] for _ in range(5))
    return paused, collecting


def parse_caches(folder: Path) -> tuple[float, float]:
    from deskapp.core import credit_line
    from deskapp.ingest import boilerplate, date_lines, plaintext
    from deskapp.ingest.decode import decode_bytes

    texts = [decode_bytes(path.read_bytes()) for path in sorted(folder.iterdir())]

    def parse_all() -> float:
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            for text in texts:
                plaintext.parse_plaintext(text)
            best = min(best, time.perf_counter() - start)
        return best

    with_them = parse_all()
    cached = (
        (plaintext, "parse_date_line", date_lines.parse_date_line),
        (boilerplate, "_classify_short", boilerplate._classify_short),
        (credit_line, "_credit_line", credit_line._credit_line),
    )
    for module, name, function in cached:
        setattr(module, name, function.__wrapped__)
    try:
        without = parse_all()
    finally:
        for module, name, function in cached:
            setattr(module, name, function)
    return with_them, without


def main() -> None:
    gc.collect()
    with tempfile.TemporaryDirectory(prefix="deskapp-kept-") as name:
        tmp = Path(name)
        (tmp / "wire").mkdir()
        parsed = _stories(tmp / "wire")
        with_it, without = credit_reduce(parsed)
        print(
            f"Credit.__reduce__: pickle round trip of {N:,} stories {with_it:.2f} s with it, "
            f"{without:.2f} s without ({(without - with_it) * 1e6 / N:+.1f} µs a story saved)"
        )
        spawned, forked = worker_start()
        print(
            f"worker start:      two parse workers took {spawned:.3f} s of CPU spawned, "
            f"{forked:.3f} s forked"
        )
        cached, uncached = parse_caches(tmp / "wire")
        print(
            f"parse caches:      parsing {N:,} stories took {cached:.2f} s with them, "
            f"{uncached:.2f} s without ({(uncached - cached) * 1e6 / N:+.1f} µs a story saved)"
        )
        frozen, plain = gc_freeze(parsed, tmp)
        print(
            f"gc.freeze():       the collector ran {frozen:.3f} s with it, {plain:.3f} s "
            f"without, while {N:,} stories were stored ({plain - frozen:+.3f} s saved)"
        )
        paused, collecting = gc_pause(tmp)
        print(
            f"gc paused:         the desk's first frame took {paused:.3f} s of CPU with the "
            f"pause, {collecting:.3f} s without ({collecting - paused:+.3f} s saved)"
        )


if __name__ == "__main__":
    main()
