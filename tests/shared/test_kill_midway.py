"""`kill -9` in the middle of an ingest leaves the database consistent, and a rerun completes it."""

from __future__ import annotations

import signal
import sqlite3
import time
from pathlib import Path

import pytest
from desk_processes import deskapp, open_as, start_deskapp
from sqlalchemy import text

FILES = 8000


@pytest.fixture(scope="module")
def wire_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("wire")
    for n in range(FILES):
        (folder / f"{n:05d}.txt").write_text(
            f"Fictional council {n} approves harbour budget\n\n"
            f"RIVERTON, Nov 27 (Fictional Wire) - Council number {n} met on Thursday.\n\n"
            f"It approved item {n} of the plan.\n", encoding="utf-8")
    return folder


def stored_count(services) -> int:  # type: ignore[no-untyped-def]
    with services.db.read() as session:
        return int(session.execute(text("SELECT count(*) FROM story")).scalar_one())


def check_consistent(services) -> int:  # type: ignore[no-untyped-def]
    """Every stored story is whole: its ingest event, its search entry; no stray rows."""
    with services.db.read() as session:
        q = lambda sql: session.execute(text(sql)).scalar_one()  # noqa: E731
        stories = q("SELECT count(*) FROM story")
        assert q("SELECT count(*) FROM story s WHERE (SELECT count(*) FROM story_event e "
                 "WHERE e.story_id = s.id AND e.action = 'ingest') <> 1") == 0
        assert q("SELECT count(*) FROM story_event e "
                 "WHERE NOT EXISTS (SELECT 1 FROM story s WHERE s.id = e.story_id)") == 0
        if services.db.is_sqlite:
            assert q("SELECT count(*) FROM story_fts") == stories
            assert q("SELECT count(*) FROM story s WHERE NOT EXISTS "
                     "(SELECT 1 FROM story_fts f WHERE f.rowid = s.id)") == 0
        else:
            assert q("SELECT count(*) FROM story WHERE search IS NULL") == 0
        assert q("SELECT count(*) FROM story WHERE headline = '' OR body = ''") == 0
    return int(stories)


def test_kill_9_during_ingest_leaves_whole_stories_only(services, wire_folder):
    url = services.db.url
    proc = start_deskapp(url, "ingest", str(wire_folder), editor="wire")
    deadline = time.monotonic() + 60
    while stored_count(services) == 0 and time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    assert proc.wait(30) == -signal.SIGKILL, "ingest finished before it could be killed"
    if services.db.is_sqlite:
        path = url.removeprefix("sqlite:///")
        with sqlite3.connect(path) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
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
