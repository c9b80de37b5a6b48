"""Two editors triage at random, undoing their own acts at random: the story stays its history.

Hypothesis drives sequences of service acts (desk, credits, text, queue and
unqueue, spike and unspike, notes, reverts of anyone's past change) by two
editors on a few stories, plus `undo_change` of random own changes (forced or
not). After every sequence:

- each story's stored state equals the replay of its history from what
  ingest stored, and every change's "before" is what the replay had then
  (no change was lost or overwritten unrecorded);
- an undo not forced overwrote nothing: every field it set still held what the
  undone change left;
- every undo that went through, redone at once, gives the story back exactly;
- queue positions are unique, and a story the wire killed is never queued.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.story_state import snapshot
from deskapp.config import Settings
from deskapp.core.story import Credit, Role, Status, Story
from deskapp.services import open_services
from deskapp.services.errors import InvalidInput, LaterChange, ServiceError
from deskapp.store.rows import TRACKED_FIELDS

EDITORS = ("ana", "bo")
STORIES = 2
NAMES = [
    Credit(Role.EDITOR, "Jo Doe"),
    Credit(Role.CONTRIBUTOR, "Priya Raman"),
    Credit(Role.WRITER, "Bo Yu"),
    Credit(Role.PHOTOGRAPHER, "Evgenia Novozhenina"),
]
_uids = itertools.count()

editor = st.sampled_from(EDITORS)
story = st.integers(0, STORIES - 1)
acts = st.one_of(
    st.tuples(st.just("desk"), editor, story, st.sampled_from(["europe", "africa", None])),
    st.tuples(st.just("credit+"), editor, story, st.sampled_from(NAMES)),
    st.tuples(st.just("credit-"), editor, story, st.sampled_from(NAMES)),
    st.tuples(st.just("edit"), editor, story, st.sampled_from(["headline", "body"])),
    st.tuples(st.just("queue"), editor, story, st.booleans()),
    st.tuples(st.just("unqueue"), editor, story, st.none()),
    st.tuples(st.just("spike"), editor, story, st.none()),
    st.tuples(st.just("unspike"), editor, story, st.none()),
    st.tuples(st.just("note"), editor, story, st.none()),
    st.tuples(st.just("resolve"), editor, story, st.none()),
    *[
        st.tuples(st.just("undo"), editor, story, st.tuples(st.integers(0, 20), st.booleans()))
        for _ in range(4)
    ],  # undo as often as four acts together
    *[st.tuples(st.just("queue"), editor, story, st.booleans()) for _ in range(2)],
    st.tuples(st.just("revert"), editor, story, st.tuples(st.integers(0, 40), st.booleans())),
)


@pytest.fixture
def desks(db_url):
    opened = {name: open_services(db_url, editor=name, settings=Settings()) for name in EDITORS}
    yield opened
    for services in opened.values():
        services.close()


def comparable(state: dict[str, Any]) -> dict[str, Any]:
    """Queue keys may be renumbered without history: whether queued is what counts."""
    out = dict(state)
    out["queue_position"] = state["queue_position"] is not None
    return out


def act(services, kind: str, sid: int, arg: Any, n: int) -> Story:  # type: ignore[no-untyped-def]
    stories = services.stories
    if kind == "desk":
        return stories.set_desk(sid, arg)
    if kind == "credit+":
        return stories.update_credits(sid, add=[arg])
    if kind == "credit-":
        return stories.update_credits(sid, remove=[arg])
    if kind == "edit":
        text = f"{arg} by {services.editor} #{n}"
        return stories.edit_text(sid, **{arg: text})
    if kind == "queue":
        return services.queue.add(sid, force=arg)
    if kind == "unqueue":
        return services.queue.remove(sid)
    if kind == "spike":
        return stories.spike(sid)
    if kind == "unspike":
        return stories.unspike(sid)
    if kind == "note":
        return services.notes.add(sid, f"check #{n} by {services.editor}")[0]
    if kind == "revert":  # any past change, anyone's: field by field, asked or forced
        pick, force = arg
        history = stories.history(sid)
        event = history[pick % len(history)]
        return services.history.revert(sid, event.id, force=force)
    if kind == "resolve":
        open_notes = [note for note in stories.get(sid).notes if not note.resolved]
        if not open_notes:
            raise InvalidInput("no open note")
        return services.notes.resolve(open_notes[0].id)[0]
    raise AssertionError(kind)


def replay_problems(services, sid: int, start: dict[str, Any]) -> list[str]:  # type: ignore[no-untyped-def]
    history = services.stories.history(sid)
    stored = services.stories.get(sid)
    assert [e.version for e in history if e.action != "lock-takeover"] == list(
        range(1, stored.version + 1)
    )
    state = dict(start)
    problems = []
    for event in history[1:]:
        for name, (before, after) in event.changes.items():
            if name != "queue_position" and state.get(name) != before:
                problems.append(
                    f"v{event.version} {event.action} {name}: before {before!r}, "
                    f"replay had {state.get(name)!r}"
                )
            state[name] = after
    if comparable(snapshot(stored)) != comparable(state):
        problems.append(f"stored {snapshot(stored)} != replay {state}")
    return problems


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(acts, min_size=5, max_size=30))
def test_random_triage_with_undo_keeps_every_story_equal_to_its_history(desks, sequence):
    ana = desks["ana"]
    run = next(_uids)
    wire = [
        Story(
            headline=f"Story {run}.{n}",
            body="A paragraph.",
            agency="Wire",
            uid=f"urn:prop:{run}:{n}",
            credits=[Credit(Role.WRITER, "Ana Lima")],
            killed=n == STORIES - 1 and run % 2 == 0,
        )
        for n in range(STORIES)
    ]
    ids = [r.id for r in ana.ingest.store([(s.uid, s) for s in wire], desk="europe")]
    start = {sid: snapshot(ana.stories.get(sid)) for sid in ids}
    own: dict[tuple[str, int], list[int]] = {}  # (editor, story) -> versions they made
    for n, (kind, who, index, arg) in enumerate(sequence):
        services, sid = desks[who], ids[index]
        if kind == "undo":
            versions = own.get((who, sid))
            if not versions:
                continue
            pick, force = arg
            version = versions[pick % len(versions)]
            current = services.stories.get(sid)
            before = snapshot(current)
            try:
                undone = services.stories.undo_change(sid, version, force=force)
            except LaterChange as exc:
                assert not force and exc.later and exc.exit_code == 3
                assert snapshot(services.stories.get(sid)) == before  # nothing applied
                continue
            except InvalidInput as exc:
                assert "already undone" in str(exc), exc
                continue
            if undone.version == current.version:
                continue  # nothing was left to take back
            if not force:  # it overwrote nothing: each field still held what the change left
                history = {e.version: e for e in services.stories.history(sid)}
                left = history[version].changes
                for name in history[undone.version].changes:
                    if name in TRACKED_FIELDS and name != "queue_position":
                        assert before[name] == left[name][1], (name, before[name], left[name])
            redone = services.stories.undo_change(sid, undone.version)
            assert comparable(snapshot(redone)) == comparable(before), (version, kind)
            own.setdefault((who, sid), []).extend([undone.version, redone.version])
            continue
        version = services.stories.get(sid).version
        try:
            story = act(services, kind, sid, arg, n)
        except LaterChange as exc:
            assert kind == "revert" and not arg[1] and exc.later
            assert services.stories.get(sid).version == version  # nothing applied
            continue
        except ServiceError:
            continue
        if story.version != version:  # something changed: the editor's own act
            own.setdefault((who, sid), []).append(story.version)

    for sid in ids:
        problems = replay_problems(ana, sid, start[sid])
        assert not problems, problems
    queued = [ana.stories.get(e.story_id) for e in ana.queue.list_entries()]
    keys = [s.queue_position for s in queued]
    assert None not in keys and len(keys) == len(set(keys))
    assert not [s.id for s in queued if s.killed or s.withdrawn]
    assert all(s.status == Status.QUEUED for s in queued)
