"""Other desks' changes arrive within 2 s: LISTEN/NOTIFY on PostgreSQL, data_version on SQLite."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest
from desk_processes import open_as, start_deskapp

from deskapp.core.listing import CHANGE_KINDS, StoryChange
from deskapp.core.story import Story
from deskapp.services import open_services
from deskapp.services.live import LiveChanges

DELIVERY_LIMIT = 2.0


def collect(
    live: LiveChanges, want: set[int], limit: float = 5.0
) -> tuple[dict[int, frozenset[str]], float]:
    """Wait until every id in `want` was reported; (what each story seen changed,
    monotonic arrival time). One story is reported once per `wait`."""
    seen: dict[int, frozenset[str]] = {}
    deadline = time.monotonic() + limit
    while not want <= seen.keys() and time.monotonic() < deadline:
        changes = live.wait(0.2)
        assert len({c.story_id for c in changes}) == len(changes)  # merged per story
        for change in changes:
            assert isinstance(change, StoryChange) and change.what <= CHANGE_KINDS
            seen[change.story_id] = seen.get(change.story_id, frozenset()) | change.what
    return seen, time.monotonic()


def test_a_change_from_another_process_arrives_within_two_seconds(services, new_story):
    sid = new_story()
    with LiveChanges(services.ctx) as live:
        assert live.wait(0.3) == []  # nothing happened yet
        writer = start_deskapp(services.db.url, "desk", str(sid), "europe", editor="bo")
        seen, arrived_mono = collect(live, {sid}, limit=20)
        arrived = datetime.now(UTC) - timedelta(seconds=time.monotonic() - arrived_mono)
        assert writer.wait(30) == 0, writer.stderr.read() if writer.stderr else ""
    assert seen[sid] == {"desk", "status"}  # taken onto a desk: inbox to editing
    event = services.stories.history(sid)[-1]
    assert event.editor == "bo"
    assert (arrived - event.at).total_seconds() < DELIVERY_LIMIT


def test_new_stories_notes_and_locks_are_all_reported(services, new_story):
    first = new_story()
    bo = open_as(services.db.url, "bo")
    try:
        with LiveChanges(services.ctx, lock_check_every=0.5) as live:
            second = new_story("Council names new harbour master")
            assert collect(live, {second})[0] == {second: {"new"}}
            bo.notes.add(first, "call the harbour office")
            assert collect(live, {first})[0] == {first: {"notes"}}
            bo.locks.acquire(second)
            assert collect(live, {second})[0] == {second: {"lock"}}
            bo.locks.release(second)
            assert collect(live, {second})[0] == {second: {"lock"}}
            assert live.wait(0.5) == []  # and then quiet again
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
            assert live.wait(0.5) == []
            now[0] += timedelta(minutes=5)  # bo's terminal died: no heartbeat, no write
            assert collect(live, {sid}, limit=3)[0] == {sid: {"lock"}}
            assert live.wait(0.5) == []  # reported once
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
            assert live.wait(1.0) == []
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


def test_each_change_names_its_story_and_what_it_touched(services, new_story):
    """Tag a desk, spike, unspike, queue, credit, edit, take over a lock: each reported
    as the story and the kinds it touched, within two seconds of the commit."""
    sid = new_story()
    other = new_story("Ferry strike ends after talks")
    bo = open_as(services.db.url, "bo")
    cy = open_as(services.db.url, "cy")
    try:
        with LiveChanges(services.ctx) as live:
            for act, story, what in [
                (lambda: bo.stories.set_desk(sid, "europe"), sid, {"desk", "status"}),
                (lambda: bo.stories.spike(other), other, {"status"}),
                (lambda: bo.stories.unspike(other), other, {"status"}),
                (lambda: bo.queue.add(sid), sid, {"status", "queue"}),
                (lambda: bo.stories.edit_text(sid, headline="Ferry timetable set"), sid, {"copy"}),
                (lambda: bo.locks.acquire(other), other, {"lock"}),
                (lambda: cy.locks.acquire(other, take_over=True), other, {"lock"}),
            ]:
                act()
                committed = time.monotonic()
                seen, arrived = collect(live, {story}, limit=DELIVERY_LIMIT + 1)
                assert seen == {story: what}
                assert arrived - committed < DELIVERY_LIMIT
    finally:
        bo.close()
        cy.close()


def test_a_big_ingest_is_reported_story_by_story(services):
    """An ingest of 1,500 stories: more than one NOTIFY payload holds on PostgreSQL."""
    from deskapp.core.story import Story

    bo = open_as(services.db.url, "bo")
    try:
        with LiveChanges(services.ctx) as live:
            results = bo.ingest.store(
                [
                    (f"t:{n}", Story(headline=f"Harbour notice {n}", body="Text."))
                    for n in range(1500)
                ]
            )
            ids = {r.id for r in results if r.id is not None}
            assert len(ids) == 1500
            seen = collect(live, ids, limit=10)[0]
    finally:
        bo.close()
    assert seen == dict.fromkeys(ids, frozenset({"new"}))


def test_several_changes_to_one_story_come_back_as_one(services, new_story):
    sid = new_story()
    bo = open_as(services.db.url, "bo")
    try:
        with LiveChanges(services.ctx, poll_every=1.0) as live:
            bo.stories.set_desk(sid, "europe")
            bo.notes.add(sid, "call the harbour office")
            time.sleep(0.3)  # both committed before the desk looks
            changes = live.wait(3.0)
    finally:
        bo.close()
    assert changes == [StoryChange(sid, frozenset({"desk", "status", "notes"}))]


@pytest.mark.postgres
def test_a_change_that_commits_after_a_later_one_is_still_reported(pg_url):
    """PostgreSQL takes event ids when rows are written, not at commit: a transaction
    that wrote first and committed last is heard when it commits."""
    from deskapp.core.story import Story
    from deskapp.services.changes import apply_change

    ana = open_as(pg_url, "ana")
    bo = open_as(pg_url, "bo")
    try:
        first, second = (
            r.id
            for r in ana.ingest.store(
                [("t:1", Story(headline="One", body="x")), ("t:2", Story(headline="Two", body="y"))]
            )
        )
        with LiveChanges(ana.ctx) as live:
            with bo.ctx.db.write() as session:
                apply_change(session, bo.ctx, first, "desk", lambda e: e.set("desk", "europe"))
                bo.stories.set_desk(second, "africa")  # its own transaction, committed now
                assert collect(live, {second})[0] == {second: {"desk", "status"}}
                assert live.wait(0.3) == []  # the first is not committed yet
            assert collect(live, {first})[0] == {first: {"desk"}}
    finally:
        ana.close()
        bo.close()


@pytest.mark.postgres
def test_a_desk_that_lost_the_feed_reads_the_events_instead(pg_url):
    """With no NOTIFY (a connection that died), new events are read by id and kinds."""
    from deskapp.core.story import Story
    from deskapp.services import live as live_module

    ana = open_as(pg_url, "ana")
    bo = open_as(pg_url, "bo")
    try:
        [made] = ana.ingest.store([("t:1", Story(headline="One", body="x"))])
        with LiveChanges(ana.ctx) as live:
            live.stop()  # no listener: wake it by hand, as the fallback poll does
            bo.stories.set_desk(made.id, "europe")
            bo.locks.acquire(made.id)
            live._signals.put(live_module._WAKE)
            assert live.wait(0.5) == [StoryChange(made.id, frozenset({"desk", "status", "lock"}))]
    finally:
        ana.close()
        bo.close()


def test_payloads_stay_under_the_notify_limit_and_read_back():
    from deskapp.services.changes import PAYLOAD_LIMIT, parse_payload, payloads

    changes: dict[int, set[str] | None] = {n: {"new"} for n in range(1, 5000)}
    changes[7] = {"desk", "status"}
    changes[9] = None  # anything
    sent = payloads(changes)
    assert len(sent) > 1 and all(len(p.encode()) < min(PAYLOAD_LIMIT, 8000) for p in sent)
    back = [c for p in sent for c in parse_payload(p) or []]
    assert {c.story_id: set(c.what) or None for c in back} == changes
    assert parse_payload("") is None and parse_payload("not a payload") is None
    assert parse_payload("12") == [StoryChange(12)]  # an older desk's payload: anything


def test_a_wake_up_reads_new_events_and_live_locks_by_index(sqlite_services, new_story):
    """The reads a SQLite desk makes on each change are index ranges, not table scans."""
    from sqlalchemy import text

    services = sqlite_services
    with services.db.read() as session:
        plans = [
            " ".join(str(row[-1]) for row in session.execute(text("EXPLAIN QUERY PLAN " + sql)))
            for sql in (
                "SELECT id, story_id, action, changes FROM story_event WHERE id > 5 ORDER BY id",
                "SELECT * FROM story_lock WHERE heartbeat_at > '2026-01-01'",
            )
        ]
    assert "USING INTEGER PRIMARY KEY" in plans[0]
    assert "USING INDEX ix_lock_heartbeat" in plans[1]


def test_an_archived_story_is_reported_gone_and_a_restored_one_new(pg_url):
    """An open desk drops a story the chief archives, and shows it again on restore."""
    services = open_services(pg_url, editor="chief")
    try:
        sid = services.ingest.store([("wire:1", _story("Harbour dredging tender withdrawn"))])[0].id
        assert sid is not None
        services.stories.spike(sid)
        with LiveChanges(services.ctx) as live:
            later = services.ctx.now() + timedelta(days=91)
            services.ctx.clock = lambda: later
            assert [s.id for s in services.archive.archive(timedelta(days=90)).moved] == [sid]
            assert collect(live, {sid})[0] == {sid: {"gone"}}
            services.archive.restore(sid)
            assert collect(live, {sid})[0] == {sid: {"new"}}
    finally:
        services.close()


def _story(headline: str) -> Story:
    return Story(headline=headline, body="The port authority said the tender would be re-run.")


KILL = """<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/"
    guid="urn:newsml:fictwire.example:20261127:ferry" version="{version}" standard="NewsML-G2">
  <itemMeta>
    <itemClass qcode="ninat:text"/>
    <provider qcode="nprov:FICTWIRE"><name>Fictwire</name></provider>
    <pubStatus qcode="stat:{status}"/>
  </itemMeta>
  <contentMeta>
    <creator literal="Amina Otieno" role="crol:writer"/>
    <headline>Ferry timetable changes from Monday</headline>
  </contentMeta>
  <contentSet>
    <inlineData contenttype="text/plain">The ferry leaves an hour earlier from Monday.

The harbour board said so.</inlineData>
  </contentSet>
</newsItem>
"""


def test_a_kill_of_a_queued_story_from_another_process_is_heard_as_an_alert(services, tmp_path):
    first, kill = tmp_path / "ferry-1.xml", tmp_path / "ferry-2.xml"
    first.write_text(KILL.format(version=1, status="usable"))
    kill.write_text(KILL.format(version=2, status="canceled"))
    [taken] = list(services.ingest.ingest([str(first)]))
    services.stories.set_desk(taken.id, "europe")
    services.queue.add(taken.id)
    with LiveChanges(services.ctx) as live:
        writer = start_deskapp(services.db.url, "ingest", str(kill), editor="bo")
        seen, _ = collect(live, {taken.id}, limit=20)
        assert writer.wait(30) == 0, writer.stderr.read() if writer.stderr else ""
    # on PostgreSQL the NOTIFY payload names it, on SQLite the history event does
    assert {"alert", "notes", "status"} <= seen[taken.id]
    [alert] = services.notes.wire_alerts([taken.id])
    assert alert.text.startswith("KILLED by the wire (version 2) while queued")
