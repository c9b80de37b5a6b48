"""Other desks' changes arrive within 2 s: LISTEN/NOTIFY on PostgreSQL, data_version on SQLite."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest
from desk_processes import open_as, start_deskapp

from deskapp.services.live import LiveChanges

DELIVERY_LIMIT = 2.0


def collect(live: LiveChanges, want: set[int], limit: float = 5.0) -> tuple[set[int], float]:
    """Wait until every id in `want` was reported; (ids seen, monotonic arrival time)."""
    seen: set[int] = set()
    deadline = time.monotonic() + limit
    while not want <= seen and time.monotonic() < deadline:
        seen |= live.wait(0.2)
    return seen, time.monotonic()


def test_a_change_from_another_process_arrives_within_two_seconds(services, new_story):
    sid = new_story()
    with LiveChanges(services.ctx) as live:
        assert live.wait(0.3) == set()  # nothing happened yet
        writer = start_deskapp(services.db.url, "desk", str(sid), "europe", editor="bo")
        seen, arrived_mono = collect(live, {sid}, limit=20)
        arrived = datetime.now(UTC) - timedelta(seconds=time.monotonic() - arrived_mono)
        assert writer.wait(30) == 0, writer.stderr.read() if writer.stderr else ""
    assert sid in seen
    event = services.stories.history(sid)[-1]
    assert event.editor == "bo"
    assert (arrived - event.at).total_seconds() < DELIVERY_LIMIT


def test_new_stories_notes_and_locks_are_all_reported(services, new_story):
    first = new_story()
    bo = open_as(services.db.url, "bo")
    try:
        with LiveChanges(services.ctx, lock_check_every=0.5) as live:
            second = new_story("Council names new harbour master")
            assert collect(live, {second})[0] >= {second}
            bo.notes.add(first, "call the harbour office")
            assert first in collect(live, {first})[0]
            bo.locks.acquire(second)
            assert second in collect(live, {second})[0]
            bo.locks.release(second)
            assert second in collect(live, {second})[0]
            assert live.wait(0.5) == set()  # and then quiet again
    finally:
        bo.close()


def test_an_expired_lock_is_reported_without_anyone_writing(services, new_story):
    sid = new_story()
    now = [datetime.now(UTC)]
    services.ctx.clock = lambda: now[0]
    bo = open_as(services.db.url, "bo")
    bo.ctx.clock = lambda: now[0]
    try:
        bo.locks.acquire(sid)
        with LiveChanges(services.ctx, lock_check_every=0.2) as live:
            assert live.wait(0.5) == set()
            now[0] += timedelta(minutes=5)  # bo's terminal died: no heartbeat, no write
            assert sid in collect(live, {sid}, limit=3)[0]
    finally:
        bo.close()


@pytest.mark.postgres
def test_desks_in_other_schemas_hear_nothing(pg_url):
    import uuid

    import psycopg

    from deskapp.core.story import Story

    schema = f"t_{uuid.uuid4().hex[:12]}"
    dsn = "postgresql://postgres@127.0.0.1:5432/test"
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    ours = open_as(pg_url, "ana")
    theirs = open_as(pg_url.split("?")[0] + f"?options=-csearch_path%3D{schema}", "bo")
    try:
        [mine] = ours.ingest.store([("t:1", Story(headline="Ours", body="y"))])
        [other] = theirs.ingest.store([("t:1", Story(headline="Elsewhere", body="x"))])
        assert mine.id == other.id  # the same story id in both schemas
        with LiveChanges(ours.ctx) as live:
            theirs.stories.set_desk(other.id, "europe")
            theirs.locks.acquire(other.id)
            assert live.wait(1.0) == set()
            ours.stories.set_desk(mine.id, "africa")
            assert mine.id in collect(live, {mine.id})[0]
    finally:
        ours.close()
        theirs.close()
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def test_a_change_right_after_listening_starts_is_reported_on_a_slow_machine(
    sqlite_services, monkeypatch
):
    """The listening thread may start late; a commit before it runs is still reported."""
    services = sqlite_services
    slow_start = LiveChanges._poll_sqlite

    def late(self, *args):  # type: ignore[no-untyped-def]
        time.sleep(0.6)  # a loaded machine: the thread gets going after the commit below
        return slow_start(self, *args)

    monkeypatch.setattr(LiveChanges, "_poll_sqlite", late)
    from deskapp.core.story import Story

    with LiveChanges(services.ctx) as live:
        [result] = services.ingest.store(
            [("t", Story(headline="Harbour reopens", body="Ships sail again."))]
        )
        assert result.id in collect(live, {result.id}, limit=3)[0]
