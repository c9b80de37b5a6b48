"""Shared-desk stress: N processes x M random edits on a few shared stories, then proof.

    python bench/stress.py --db sqlite              # a fresh SQLite file in a temp folder
    python bench/stress.py --db postgres            # a fresh schema on 127.0.0.1:5432/test
    python bench/stress.py --db postgres --procs 8 --edits 300 --stories 20

Each process is one editor. It picks a story, reads it, and makes one random
edit (desk, credits, a note, the body, a queue add/move/remove, the priority)
with `expect_version` set to what it read; on a conflict it reads again and
retries. Afterwards the script checks, from the database alone:

- every edit a process saw applied is in the story's history (same version,
  editor and action), and no stress editor has an event it did not report;
- each story's versions run 1, 2, 3 ... without gaps, every event's "before"
  values equal the state replayed from the ingest state, and the replayed
  final state equals the stored story (fields, credits, notes);
- queued stories have distinct queue positions.

It prints edits/s and conflicts, and exits 1 when a check fails. Only local
databases: 127.0.0.1 / localhost, or a file. Bounded by --time-limit.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

from story_state import snapshot  # bench/story_state.py, beside this script

PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
DESKS = ["world", "europe", "americas", "asia-pacific", "middle-east", "africa"]
NAMES = ["Ana Lima", "Bo Yu", "Cyrus Ode", "Dana Eng", "Eli Park", "Fay Moss", "Gus Hale"]
WORDS = (
    "the harbour board met again on thursday and voted to delay the ferry timetable "
    "while the council asked for a new survey of the old pier"
).split()
OPS = ["desk", "credits", "note", "body", "queue", "priority"]
ATTEMPTS = 50  # per edit: conflicts and inapplicable picks before giving up on one edit


def open_as(url: str, editor: str):  # type: ignore[no-untyped-def]
    from deskapp.config import Settings
    from deskapp.services import open_services

    return open_services(url, editor=editor, settings=Settings())


# -- the editors ---------------------------------------------------------------
def one_edit(services, rng: random.Random, op: str, story) -> Any:  # type: ignore[no-untyped-def]
    """Make one edit of kind `op` from the story as read; returns the story after it."""
    from deskapp.core.story import Credit, Role, Status

    sid, v = story.id, story.version
    if op == "desk":
        desk = rng.choice([d for d in DESKS if d != story.desk])
        return services.stories.set_desk(sid, desk, expect_version=v)
    if op == "credits":
        free = [n for n in NAMES if Credit(Role.EDITOR, n) not in story.credits]
        if not free or (len(free) < len(NAMES) and rng.random() < 0.4):
            return services.stories.update_credits(sid, clear=[Role.EDITOR], expect_version=v)
        name = rng.choice(free)
        return services.stories.update_credits(
            sid, add=[Credit(Role.EDITOR, name)], expect_version=v
        )
    if op == "note":
        text = " ".join(rng.choices(WORDS, k=6))
        return services.notes.add(sid, f"check {text}", expect_version=v)[0]
    if op == "body":
        paras = [
            " ".join(rng.choices(WORDS, k=12)).capitalize() + "." for _ in range(rng.randint(1, 4))
        ]
        return services.stories.edit_text(sid, body="\n\n".join(paras), expect_version=v)
    if op == "queue":
        if story.status != Status.QUEUED:
            return services.queue.add(sid, force=True, expect_version=v)
        if rng.random() < 0.25:
            return services.queue.remove(sid, expect_version=v)
        return services.queue.move(sid, to=rng.randint(1, 50), expect_version=v)
    if op == "priority":
        priority = rng.choice([p for p in range(1, 7) if p != story.priority])
        return services.queue.set_priority(sid, priority, expect_version=v)
    raise ValueError(op)


def worker(
    url: str, editor: str, story_ids: list[int], edits: int, seed: int, deadline: float, out
) -> None:  # type: ignore[no-untyped-def]
    from deskapp.services.errors import Conflict, ServiceError

    rng = random.Random(seed)
    services = open_as(url, editor)
    applied: list[tuple[int, int, str]] = []
    stats: Counter[str] = Counter()
    services.stories.get(story_ids[0])  # connected and warm before the clock starts
    span = [time.time(), 0.0]
    try:
        for _ in range(edits):
            if time.time() > deadline:
                stats["stopped by time limit"] += 1
                break
            sid, op = rng.choice(story_ids), rng.choice(OPS)
            for _attempt in range(ATTEMPTS):
                story = services.stories.get(sid)
                try:
                    after = one_edit(services, rng, op, story)
                except Conflict:
                    stats["conflicts"] += 1
                    continue
                except ServiceError:  # not applicable right now (e.g. a move to its place)
                    stats["inapplicable"] += 1
                    op = rng.choice(OPS)
                    continue
                if after.version == story.version:
                    stats["no-op"] += 1
                    op = rng.choice(OPS)
                    continue
                applied.append((sid, after.version, op))
                stats[f"op {op}"] += 1
                break
            else:
                stats["gave up"] += 1
        span[1] = time.time()
        out.put((editor, applied, dict(stats), span, None))
    except Exception as exc:  # report, never hang the parent
        out.put((editor, applied, dict(stats), span, f"{type(exc).__name__}: {exc}"))
    finally:
        services.close()


# -- the proof -----------------------------------------------------------------
ACTIONS = {
    "desk": {"desk"},
    "credits": {"credits"},
    "note": {"note-add"},
    "body": {"edit"},
    "queue": {"queue", "unqueue", "queue-move"},
    "priority": {"priority"},
}


def verify(
    services,
    initial: dict[int, dict],
    applied: dict[str, list],  # type: ignore[no-untyped-def]
    renumbered: list[int],
) -> list[str]:
    problems: list[str] = []
    seen: set[tuple[int, int, str, str]] = set()
    queue_keys: dict[int, int] = {}
    for sid, start in initial.items():
        history = services.stories.history(sid)
        story = services.stories.get(sid)
        versions = [e.version for e in history if e.action != "lock-takeover"]
        if versions != list(range(1, story.version + 1)):
            problems.append(f"story {sid}: versions {versions[:5]}... not 1..{story.version}")
        state = dict(start)
        for e in sorted(history, key=lambda e: (e.version, e.id))[1:]:
            seen.add((sid, e.version, e.editor, e.action))
            for name, (before, after) in e.changes.items():
                if name == "queue_position":
                    pass  # keys may be renumbered without an event; order is checked below
                elif state.get(name) != before:
                    problems.append(
                        f"story {sid} v{e.version} {name}: before {before!r} "
                        f"but replay had {state.get(name)!r} (a lost update)"
                    )
                state[name] = after
        final = snapshot(story)
        for name in sorted(set(final) | set(state)):
            if name != "queue_position" and final.get(name) != state.get(name):
                problems.append(
                    f"story {sid}: {name} is {final.get(name)!r}, replay gives {state.get(name)!r}"
                )
        if (story.queue_position is None) != (state.get("queue_position") is None):
            problems.append(f"story {sid}: queued state differs from replay")
        elif story.queue_position != state.get("queue_position"):
            renumbered.append(sid)
        if str(story.status) == "queued":
            queue_keys[sid] = story.queue_position
    for editor, edits in applied.items():
        for sid, version, op in edits:
            if not any((sid, version, editor, a) in seen for a in ACTIONS[op]):
                problems.append(f"{editor}'s {op} on story {sid} (v{version}) not in history")
        recorded = sum(1 for s in seen if s[2] == editor)
        if recorded != len(edits):
            problems.append(f"{editor}: {recorded} events in history, {len(edits)} reported")
    if None in queue_keys.values() or len(set(queue_keys.values())) != len(queue_keys):
        problems.append(f"queue positions not unique: {sorted(queue_keys.values())}")
    return problems


# -- running it ----------------------------------------------------------------
def local_url(db: str, tmp: Path) -> tuple[str, str | None]:
    """(URL, PostgreSQL schema to create and drop) for --db; refuses remote servers."""
    from sqlalchemy.engine import make_url

    if db == "sqlite":
        return f"sqlite:///{tmp / 'stress.db'}", None
    url = PG_DEFAULT if db == "postgres" else db
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql":
        if parsed.host not in ("127.0.0.1", "localhost", "::1"):
            sys.exit(f"stress: only a local server (127.0.0.1), not {parsed.host}")
        schema = f"stress_{uuid.uuid4().hex[:10]}"
        return f"{url}?options=-csearch_path%3D{schema}", schema
    if parsed.get_backend_name() == "sqlite":
        return url, None
    sys.exit(f"stress: unsupported database {db}")


def pg_schema(url: str, schema: str, create: bool) -> None:
    import psycopg

    dsn = url.split("?")[0].replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(
            f'CREATE SCHEMA "{schema}"' if create else f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'
        )


def seed_stories(services, n: int) -> list[int]:  # type: ignore[no-untyped-def]
    from deskapp.core.story import Credit, Role, Story

    stories = [
        (
            f"stress:{i}",
            Story(
                headline=f"Harbour story {i}: board weighs ferry plan",
                agency="Fictional Wire",
                body=f"PORT ALDER - Paragraph one of story {i}.\n\nParagraph two.",
                credits=[Credit(Role.WRITER, NAMES[i % len(NAMES)])],
            ),
        )
        for i in range(n)
    ]
    return [r.id for r in services.ingest.store(stories)]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--db", default="sqlite", help="sqlite, postgres, or a local URL (default sqlite)"
    )
    parser.add_argument("--procs", type=int, default=4, help="editor processes (default 4)")
    parser.add_argument("--edits", type=int, default=500, help="edits per process (default 500)")
    parser.add_argument("--stories", type=int, default=50, help="shared stories (default 50)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--time-limit",
        type=float,
        default=300,
        help="stop editing after this many seconds (default 300)",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="deskapp-stress-") as tmp:
        url, schema = local_url(args.db, Path(tmp))
        if schema:
            pg_schema(url, schema, create=True)
        try:
            return run(url, args)
        finally:
            if schema:
                pg_schema(url, schema, create=False)


def run(url: str, args: argparse.Namespace) -> int:
    setup = open_as(url, "wire")
    ids = seed_stories(setup, args.stories)
    initial = {sid: snapshot(setup.stories.get(sid)) for sid in ids}
    mp = multiprocessing.get_context("spawn")
    out = mp.Queue()
    deadline = time.time() + args.time_limit
    procs = [
        mp.Process(
            target=worker,
            args=(url, f"stress{n}", ids, args.edits, args.seed * 1000 + n, deadline, out),
        )
        for n in range(args.procs)
    ]
    started = time.perf_counter()
    for p in procs:
        p.start()
    results = [out.get(timeout=args.time_limit + 120) for _ in procs]
    elapsed = time.perf_counter() - started
    for p in procs:
        p.join(timeout=30)
    applied = {editor: edits for editor, edits, _stats, _span, _err in results}
    editing = max(r[3][1] for r in results) - min(r[3][0] for r in results)
    stats: Counter[str] = Counter()
    for _editor, _edits, s, _span, err in results:
        stats.update(s)
        if err:
            stats["worker errors"] += 1
            print(f"worker error: {err}", file=sys.stderr)
    total = sum(len(e) for e in applied.values())
    kind = "PostgreSQL" if url.startswith("postgres") else "SQLite"
    print(f"{kind}: {args.procs} processes x {args.edits} edits on {args.stories} stories")
    print(
        f"  applied {total} edits in {editing:.1f} s of editing: {total / editing:.0f} edits/s"
        f" ({total / elapsed:.0f}/s over {elapsed:.1f} s including process start-up)"
    )
    print(
        f"  conflicts (retried): {stats['conflicts']}; inapplicable picks: "
        f"{stats['inapplicable']}; no-ops: {stats['no-op']}; gave up: {stats['gave up']}"
    )
    print(
        "  by kind: "
        + ", ".join(f"{k[3:]} {v}" for k, v in sorted(stats.items()) if k.startswith("op "))
    )
    renumbered: list[int] = []
    problems = verify(setup, initial, applied, renumbered)
    queued = sum(1 for sid in ids if str(setup.stories.get(sid).status) == "queued")
    setup.close()
    if stats["worker errors"] or stats["stopped by time limit"]:
        problems.append(
            f"{stats['worker errors']} worker errors, "
            f"{stats['stopped by time limit']} stopped by the time limit"
        )
    if problems:
        print(f"  FAILED: {len(problems)} problem(s)")
        for p in problems[:20]:
            print(f"    {p}")
        return 1
    print(
        f"  verified: every applied edit is in history; every story replays from its "
        f"ingest state to its stored state; {queued} queued stories, positions unique"
    )
    if renumbered:
        print(
            f"  note: {len(renumbered)} stories' stored queue keys differ from their history "
            "(renumbered by the queue without an event; their order is unchanged)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
