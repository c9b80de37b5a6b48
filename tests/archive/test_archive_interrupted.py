"""A run stopped anywhere leaves each story wholly on the desk or wholly archived.

One batch is one transaction: an exception between batches (a kill after a
commit) keeps the batches done; one inside a batch (a kill mid-way) keeps
nothing of that batch. Running again finishes the work and copies nothing twice.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text

from deskapp.core.listing import StoryFilter
from deskapp.core.story import Credit, Role, Story
from deskapp.store import archive as store
from tests.archive.conftest import LONG_AGO, OldDesk, at

NINETY_DAYS = timedelta(days=90)
CHILDREN = ("credit", "note", "story_event", "draft", "export_file")


class Stop(Exception):
    pass


def _more_old_spikes(services, n: int) -> list[int]:  # type: ignore[no-untyped-def]
    stories = [
        Story(
            headline=f"Council minutes part {i}",
            body=f"Minutes {i}.",
            uid=f"w-min-{i}",
            credits=[Credit(Role.WRITER, "Cy Wire")],
        )
        for i in range(n)
    ]
    results = at(services, LONG_AGO, lambda: services.ingest.store([(s.uid, s) for s in stories]))
    ids = [r.id for r in results]  # type: ignore[attr-defined]
    for sid in ids:
        at(services, LONG_AGO, lambda sid=sid: services.stories.spike(sid))
    return ids


def _rows(services, story_id: int) -> tuple[dict[str, int], dict[str, int]]:  # type: ignore[no-untyped-def]
    """(rows per working table, rows per archive table) of one story."""
    with services.db.read() as session:

        def count(sql: str) -> int:
            return int(session.execute(text(sql), {"i": story_id}).scalar_one())

        live = {"story": count("SELECT count(*) FROM story WHERE id = :i")}
        gone = {"story": count("SELECT count(*) FROM archive_story WHERE id = :i")}
        for table in CHILDREN:
            live[table] = count(f"SELECT count(*) FROM {table} WHERE story_id = :i")
            gone[table] = count(f"SELECT count(*) FROM archive_{table} WHERE story_id = :i")
    return live, gone


def _whole(services, rows_before: dict[int, dict[str, int]]) -> dict[int, str]:  # type: ignore[no-untyped-def]
    """Where each story is, checking it is all there and only there."""
    where = {}
    for sid, before in rows_before.items():
        live, gone = _rows(services, sid)
        if live["story"]:
            assert live == before and not any(gone.values()), sid
            where[sid] = "live"
        else:
            archived = {**before, "story_event": before["story_event"] + 1}  # + "archive"
            assert gone == archived and not any(live.values()), sid
            where[sid] = "archived"
    return where


@pytest.fixture
def busy_desk(services, old_desk: OldDesk) -> tuple[list[int], dict[int, dict[str, int]]]:  # type: ignore[no-untyped-def]
    going = sorted([old_desk.spiked, old_desk.published, *_more_old_spikes(services, 5)])
    every = services.stories.ids(StoryFilter(include_spiked=True))
    rows = {sid: _rows(services, sid)[0] for sid in every}
    return going, rows


def test_a_run_stopped_between_batches_keeps_what_it_did(services, busy_desk):
    going, rows = busy_desk

    def stop_after_two(run) -> None:  # type: ignore[no-untyped-def]
        if run.batches == 2:
            raise Stop

    with pytest.raises(Stop):
        services.archive.archive(NINETY_DAYS, batch=2, on_batch=stop_after_two)
    where = _whole(services, rows)
    archived = sorted(sid for sid, w in where.items() if w == "archived")
    assert 0 < len(archived) < len(going) and set(archived) < set(going)
    run = services.archive.archive(NINETY_DAYS, batch=2)  # again: the rest, nothing twice
    assert sorted(c.id for c in run.moved) == sorted(set(going) - set(archived))
    where = _whole(services, rows)
    assert sorted(sid for sid, w in where.items() if w == "archived") == going
    assert services.archive.count() == len(going)


def test_a_run_stopped_inside_a_batch_keeps_nothing_of_that_batch(
    services, busy_desk, monkeypatch: pytest.MonkeyPatch
):
    going, rows = busy_desk
    real = store._statements
    calls = {"n": 0}

    def dying(dialect: str, **kw):  # type: ignore[no-untyped-def]
        statements = real(dialect, **kw)
        calls["n"] += 1
        if calls["n"] == 2 and not kw["restore"]:  # the second batch dies half-way
            half = len(statements) // 2
            return [*statements[:half], "SELECT no_such_column FROM story", *statements[half:]]
        return statements

    monkeypatch.setattr(store, "_statements", dying)
    first: list[int] = []

    def committed(run) -> None:  # type: ignore[no-untyped-def]
        first[:] = [c.id for c in run.moved]

    with pytest.raises(Exception, match="no_such_column"):
        services.archive.archive(NINETY_DAYS, batch=3, on_batch=committed)
    where = _whole(services, rows)
    assert first and set(first) < set(going)
    assert sorted(sid for sid, w in where.items() if w == "archived") == sorted(first)
    monkeypatch.setattr(store, "_statements", real)
    services.archive.archive(NINETY_DAYS, batch=3)
    where = _whole(services, rows)
    assert sorted(sid for sid, w in where.items() if w == "archived") == going
