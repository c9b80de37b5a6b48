"""`kill -9` mid-ingest or mid-export leaves everything consistent; a rerun completes it."""

from __future__ import annotations

import os
import signal
import sqlite3
import time
from pathlib import Path

import pytest
from desk_processes import deskapp, kill_group, open_as, start_deskapp
from sqlalchemy import text

from deskapp.core.story import Credit, Role, Story

FILES = 8000
QUEUED = 3000


@pytest.fixture(scope="module")
def wire_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("wire")
    for n in range(FILES):
        (folder / f"{n:05d}.txt").write_text(
            f"Fictional council {n} approves harbour budget\n\n"
            f"RIVERTON, Nov 27 (Fictional Wire) - Council number {n} met on Thursday.\n\n"
            f"It approved item {n} of the plan.\n",
            encoding="utf-8",
        )
    return folder


def stored_count(services) -> int:  # type: ignore[no-untyped-def]
    with services.db.read() as session:
        return int(session.execute(text("SELECT count(*) FROM story")).scalar_one())


def check_consistent(services) -> int:  # type: ignore[no-untyped-def]
    """Every stored story is whole: its ingest event, its search entry; no stray rows."""
    with services.db.read() as session:
        q = lambda sql: session.execute(text(sql)).scalar_one()  # noqa: E731
        stories = q("SELECT count(*) FROM story")
        assert (
            q(
                "SELECT count(*) FROM story s WHERE (SELECT count(*) FROM story_event e "
                "WHERE e.story_id = s.id AND e.action = 'ingest') <> 1"
            )
            == 0
        )
        assert (
            q(
                "SELECT count(*) FROM story_event e "
                "WHERE NOT EXISTS (SELECT 1 FROM story s WHERE s.id = e.story_id)"
            )
            == 0
        )
        if services.db.is_sqlite:
            assert q("SELECT count(*) FROM story_fts") == stories
            assert (
                q(
                    "SELECT count(*) FROM story s WHERE NOT EXISTS "
                    "(SELECT 1 FROM story_fts f WHERE f.rowid = s.id)"
                )
                == 0
            )
        else:
            assert q("SELECT count(*) FROM story WHERE search IS NULL") == 0
        assert q("SELECT count(*) FROM story WHERE headline = '' OR body = ''") == 0
    return int(stories)


def kill_when(proc, ready, limit: float = 60) -> None:  # type: ignore[no-untyped-def]
    """SIGKILL `proc` as soon as `ready()` is true (some of its work is committed).

    Only the command's own process is killed, as a crash would; any helper
    processes it started are killed afterwards so none outlives the test.
    """
    try:
        deadline = time.monotonic() + limit
        while not ready() and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.005)
        proc.send_signal(signal.SIGKILL)
        assert proc.wait(30) == -signal.SIGKILL, "it finished before it could be killed"
    finally:
        kill_group(proc)


def check_sqlite_file(services) -> None:  # type: ignore[no-untyped-def]
    if services.db.is_sqlite:
        path = services.db.url.removeprefix("sqlite:///")
        with sqlite3.connect(path) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_kill_9_during_ingest_leaves_whole_stories_only(services, wire_folder):
    url = services.db.url
    proc = start_deskapp(url, "ingest", str(wire_folder), editor="wire")
    kill_when(proc, lambda: stored_count(services) > 0)
    check_sqlite_file(services)
    reopened = open_as(url, "checker")  # a fresh process-like view after the crash
    try:
        partial = check_consistent(reopened)
        assert 0 < partial < FILES
    finally:
        reopened.close()
    rerun = deskapp(url, "ingest", str(wire_folder), editor="wire", timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{FILES - partial} new, {partial} duplicate" in rerun.stderr
    assert check_consistent(services) == FILES  # nothing lost, nothing twice


def published_count(services) -> int:  # type: ignore[no-untyped-def]
    with services.db.read() as session:
        return int(
            session.execute(
                text("SELECT count(*) FROM story WHERE status = 'published'")
            ).scalar_one()
        )


def written_count(folder: Path) -> int:
    if not folder.is_dir():
        return 0
    return sum(1 for e in os.scandir(folder) if e.name.endswith(".md") and e.name[0] != ".")


def story_files(folder: Path) -> dict[int, str]:
    """Exported files by the story id in their front matter; every one must be whole."""
    found: dict[int, str] = {}
    for path in folder.glob("*.md"):
        if path.name == "index.md":
            continue
        content = path.read_text(encoding="utf-8")
        assert content.startswith("---\n") and content.endswith("It voted.\n"), path.name
        [sid] = [int(line[4:]) for line in content.splitlines() if line.startswith("id: ")]
        assert sid not in found, f"story {sid} exported twice"
        found[sid] = path.name
    return found


def check_export_state(services, folder: Path) -> int:  # type: ignore[no-untyped-def]
    """Published stories have their file and one export event; the rest are still queued."""
    files = story_files(folder)
    published = 0
    with services.db.read() as session:
        rows = session.execute(
            text(
                "SELECT s.id, s.status, s.queue_position, s.exported_at, (SELECT count(*) FROM "
                "story_event e WHERE e.story_id = s.id AND e.action = 'export') FROM story s"
            )
        ).all()
    queue_keys = []
    for sid, status, position, exported_at, exports in rows:
        if status == "published":
            published += 1
            assert exports == 1 and exported_at is not None and position is None, sid
            assert sid in files, f"story {sid} published without its file"
        else:
            assert status == "queued" and exports == 0 and position is not None, sid
            queue_keys.append(position)
    assert len(set(queue_keys)) == len(queue_keys)
    return published


def test_kill_9_during_export_leaves_whole_files_and_honest_statuses(services, tmp_path):
    results = services.ingest.store(
        [
            (
                f"t:{n}",
                Story(
                    headline=f"Council {n} approves harbour budget",
                    agency="Fictional Wire",
                    body=f"RIVERTON - Council {n} met.\n\nIt voted.",
                    credits=[Credit(Role.WRITER, "Ana Lima")],
                ),
            )
            for n in range(QUEUED)
        ],
        desk="europe",
    )
    assert len(services.queue.add_many([r.id for r in results]).done) == QUEUED
    out = tmp_path / "site"
    proc = start_deskapp(services.db.url, "export", "--out", str(out), editor="web")
    # files are renamed into place first and published in bulk later: kill in between
    kill_when(proc, lambda: published_count(services) > 0 or written_count(out) >= 500)
    check_sqlite_file(services)
    partial = check_export_state(services, out)
    assert partial < QUEUED and (partial or story_files(out))
    rerun = deskapp(services.db.url, "export", "--out", str(out), editor="web", timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert check_export_state(services, out) == QUEUED
    assert len(story_files(out)) == QUEUED
