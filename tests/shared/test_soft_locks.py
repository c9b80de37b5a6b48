"""Soft edit locks on SQLite and PostgreSQL: who is editing, expiry, takeover, release."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from desk_processes import deskapp, open_as

from deskapp.services.errors import NotFound
from deskapp.services.locks import HEARTBEAT_EVERY, LOCK_TTL, Locked

T0 = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


class Clock:
    def __init__(self, now: datetime = T0) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def two_desks(services):  # type: ignore[no-untyped-def]
    """`services` acts as ana, the second desk as bo; both on one clock."""
    clock = Clock()
    services.ctx.editor = "ana"
    services.ctx.clock = clock
    bo = open_as(services.db.url, "bo")
    bo.ctx.clock = clock
    yield services, bo, clock
    bo.close()


def test_a_live_lock_names_its_holder_to_others(two_desks, new_story):
    ana, bo, _clock = two_desks
    sid = new_story()
    info = ana.locks.acquire(sid)
    assert (info.editor, info.acquired_at) == ("ana", T0)
    with pytest.raises(Locked, match="being edited by ana since 2026-11-27 09:00:00") as exc:
        bo.locks.acquire(sid)
    assert exc.value.exit_code == 3 and exc.value.holder.editor == "ana"
    assert bo.locks.holder(sid).editor == "ana"
    assert bo.stories.summaries([sid])[sid].locked_by == "ana"
    assert bo.stories.get(sid).headline  # reading is never blocked


def test_heartbeats_keep_a_lock_and_silence_expires_it(two_desks, new_story):
    ana, bo, clock = two_desks
    sid = new_story()
    ana.locks.acquire(sid)
    for _ in range(6):  # a minute of editing, beating every 10 s
        clock.advance(HEARTBEAT_EVERY)
        ana.locks.heartbeat(sid)
    with pytest.raises(Locked):
        bo.locks.acquire(sid)
    clock.advance(LOCK_TTL.total_seconds() + 1)  # ana's terminal crashed: no more beats
    assert bo.locks.holder(sid) is None
    assert bo.stories.summaries([sid])[sid].locked_by is None
    assert bo.locks.live_locks() == {}
    taken = bo.locks.acquire(sid)  # no takeover needed, and none recorded
    assert taken.editor == "bo"
    assert [e.action for e in bo.stories.history(sid)] == ["ingest"]


def test_a_heartbeat_after_a_takeover_tells_the_old_holder(two_desks, new_story):
    ana, bo, clock = two_desks
    sid = new_story()
    ana.locks.acquire(sid)
    clock.advance(5)
    bo.locks.acquire(sid, take_over=True)
    with pytest.raises(Locked, match="being edited by bo"):
        ana.locks.heartbeat(sid)
    assert ana.locks.holder(sid).editor == "bo"


def test_takeover_is_recorded_in_history_and_is_not_undoable(two_desks, new_story):
    ana, bo, _clock = two_desks
    sid = new_story()
    ana.stories.set_desk(sid, "europe")
    ana.locks.acquire(sid)
    bo.locks.acquire(sid, take_over=True)
    last = bo.stories.history(sid)[-1]
    assert (last.action, last.editor, last.changes) == (
        "lock-takeover",
        "bo",
        {"lock": ["ana", "bo"]},
    )
    story = bo.stories.get(sid)
    assert story.version == 2  # a lock is not a change to the copy
    with pytest.raises(Exception, match="no change of yours to undo"):
        bo.stories.undo(sid)
    assert bo.stories.get(sid).desk == "europe"


def test_an_expired_lock_lapsing_to_its_own_holder_is_renewed_by_a_heartbeat(two_desks, new_story):
    ana, _bo, clock = two_desks
    sid = new_story()
    ana.locks.acquire(sid)
    clock.advance(LOCK_TTL.total_seconds() * 2)  # laptop slept; nobody took the story
    info = ana.locks.heartbeat(sid)
    assert info.editor == "ana" and info.heartbeat_at == clock.now
    assert ana.locks.holder(sid).editor == "ana"


def test_release_frees_only_your_own_lock(two_desks, new_story):
    ana, bo, _clock = two_desks
    sid = new_story()
    ana.locks.acquire(sid)
    assert bo.locks.release(sid) is False
    assert bo.locks.holder(sid).editor == "ana"
    assert ana.locks.release(sid) is True
    assert bo.locks.holder(sid) is None
    assert bo.locks.acquire(sid).editor == "bo"


def test_locking_a_missing_story_is_not_found(two_desks):
    ana, _bo, _clock = two_desks
    with pytest.raises(NotFound):
        ana.locks.acquire(999)


def test_cli_lock_unlock_and_takeover_across_processes(services, new_story):
    sid = new_story()
    url = services.db.url
    first = deskapp(url, "lock", str(sid), editor="ana")
    assert first.returncode == 0, first.stderr
    refused = deskapp(url, "lock", str(sid), editor="bo")
    assert refused.returncode == 3
    assert refused.stderr.strip().startswith(f"deskapp: story {sid} is being edited by ana")
    listed = deskapp(url, "locks", editor="bo")
    assert f"{sid:>6}  ana" in listed.stdout
    taken = deskapp(url, "lock", str(sid), "--take-over", editor="bo")
    assert taken.returncode == 0, taken.stderr
    assert services.locks.holder(sid).editor == "bo"
    assert deskapp(url, "unlock", str(sid), editor="bo").returncode == 0
    assert services.locks.holder(sid) is None


def test_after_a_takeover_and_a_reapply_leaving_leaves_no_lock_in_the_old_holders_name(
    two_desks, new_story
):
    """root edits; ana takes over; root's save conflicts and root re-applies on top;
    ana leaves, root's editor beats on, then root leaves: no lock says root."""
    from deskapp.services.errors import Conflict
    from deskapp.services.locks import LockLost

    root, ana, clock = two_desks
    root.ctx.editor, ana.ctx.editor = "root", "ana"
    sid = new_story()
    seen = root.stories.get(sid).version
    root.locks.acquire(sid)
    clock.advance(5)
    ana.locks.acquire(sid, take_over=True)
    ana.stories.edit_text(sid, body="Ana's body.")
    clock.advance(HEARTBEAT_EVERY)
    with pytest.raises(Locked, match="being edited by ana"):
        root.locks.heartbeat(sid)  # root's editor learns it lost the lock
    with pytest.raises(Conflict):
        root.stories.edit_text(sid, body="Root's body.", expect_version=seen)
    root.stories.edit_text(sid, body="Root's body, on top.")  # "Re-apply mine on top"
    assert ana.locks.holder(sid).editor == "ana"  # the save did not take the lock back
    ana.locks.release(sid)  # ana leaves her editor
    clock.advance(HEARTBEAT_EVERY)
    with pytest.raises(LockLost, match="taken by ana"):
        root.locks.heartbeat(sid)  # root's editor still beating: it must not take it back
    assert root.locks.release(sid) is False  # root leaves: nothing of root's to let go
    assert root.locks.live_locks() == {} and ana.locks.holder(sid) is None
    assert ana.stories.summaries([sid])[sid].locked_by is None
    assert ana.locks.acquire(sid).editor == "ana"  # ana opens it again: no takeover asked
