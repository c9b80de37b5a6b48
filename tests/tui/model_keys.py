"""A model of the desk: random key sequences through Pilot, checked against the services.

`run_sequence(services, keys)` presses each key (answering any dialog the way an
editor would) and after every step checks, against the service layer:

- the app did not fail, and no notice was an error;
- each story's stored state is the replay of its history (each field's last
  recorded `after`, and each change's `before` is the previous change's `after`);
- nothing changed that no key asked for: only the stories a key targeted when it
  was pressed (the selection or the cursor's story, an undone act's stories);
- `u` then `U` at once is the identity on the story;
- an act then `u` in one burst takes back exactly that act (or, when the act
  changed nothing, the editor's newest act before it);
- queue positions are unique; killed stories are never queued.

`random_keys(rng, n)` draws a sequence from the desk's keys. Shared by
tests/tui/test_model_desk.py (short, in CI) and bench/desk_model.py (long).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from desk_data import FIXED, build_desk
from pilot import desk_screen
from pilot import settle as settle_fully

from deskapp.config import Settings
from deskapp.core.story import Credit, Role, Status, Story
from deskapp.services import Services, open_services
from deskapp.services.errors import ServiceError
from deskapp.store.rows import credits_to_json, to_json_value
from deskapp.tui.app import DeskApp
from deskapp.tui.screens.confirm import ConfirmDialog
from deskapp.tui.screens.desk import DeskScreen
from deskapp.tui.screens.note import NoteDialog
from deskapp.tui.screens.pickers import DeskPicker

SIZE = (100, 30)
# the desk's keys, weighted: moving is common, acts less so
KEYS: dict[str, int] = {
    "j": 8,
    "k": 5,
    "g": 2,
    "G": 2,
    "pagedown": 1,
    "space": 4,
    "escape": 2,
    "enter": 2,
    "t": 4,
    "c": 1,
    "n": 2,
    "p": 4,
    "o": 2,
    "s": 3,
    "u": 4,
    "U": 2,
    "uU": 2,
    "x": 1,
    "1": 3,
    "2": 2,
    "3": 2,
    "4": 1,
    "5": 1,
    "left_square_bracket": 1,
    "right_square_bracket": 1,
    "J": 1,
    "K": 1,
    "ana": 2,
    "s+u": 2,
    "p+u": 2,
    "o+u": 1,
    "t+u": 1,
}
# "a+b": two keys in one burst, pressed while an earlier change is still running (as on a
# busy database): `u` must still take back the act of the key just before it
ACTS = {"t", "c", "n", "p", "o", "s", "x", "J", "K"}  # keys that change the stories they target
# "ana": not a key but a colleague, on another terminal, changing a story meanwhile
COLLEAGUE_DESKS = ("world", "europe", "africa", None)
# what a dialog's answer may be, as keys
ANSWERS: dict[type, list[list[str]]] = {
    DeskPicker: [["enter"], ["down", "enter"], ["escape"], ["up", "enter"]],
    ConfirmDialog: [["enter"], ["escape"]],
    NoteDialog: [["note"], ["escape"]],
}
IGNORED_FIELDS = {"version", "updated_at", "locked_by"}


async def settle(pilot: Any) -> None:
    """Workers done and their results on screen: a lighter `pilot.settle` for many keys."""
    await settle_fully(pilot, rounds=1)


def random_keys(rng: random.Random, count: int) -> list[str]:
    names, weights = zip(*KEYS.items(), strict=True)
    return rng.choices(names, weights=weights, k=count)


def mixed_desk(services: Services) -> list[int]:
    """The fixed desk plus a queued story, a spiked one, and one the wire killed."""
    ids = build_desk(services)
    services.queue.add(ids[1])  # americas, with a writer
    services.stories.set_desk(ids[9], "europe")
    services.queue.add(ids[9])
    services.stories.spike(ids[3])
    [killed] = services.ingest.store(
        [
            (
                "fixture:killed",
                Story(
                    headline="Withdrawn: port strike called off",
                    agency="Meridian",
                    killed=True,
                    suggested_desk="europe",
                    credits=[Credit(Role.WRITER, "Ines Varga")],
                    published_at=FIXED - timedelta(minutes=2),
                ),
            )
        ]
    )
    assert killed.id is not None
    ids.append(killed.id)
    return ids


@dataclass
class Model:
    """What the desk must not have done, and what it was allowed to do since the last check."""

    services: Services
    ids: list[int]
    rng: random.Random
    colleague: Services | None = None
    versions: dict[int, int] = field(default_factory=dict)
    allowed: set[int] = field(default_factory=set)
    log: list[str] = field(default_factory=list)

    def current_versions(self) -> dict[int, int]:
        return {sid: s.version for sid, s in self.services.stories.summaries(self.ids).items()}

    def snapshot_versions(self) -> None:
        self.versions = self.current_versions()
        self.allowed = set()


def story_state(story: Story) -> dict[str, Any]:
    """Everything an editor can change on a story, to compare before and after."""
    return {
        "desk": story.desk,
        "status": str(story.status),
        "credits": credits_to_json(story.credits),
        "queued": story.queue_position is not None,
        "priority": story.priority,
        "embargo": story.embargo_until,
        "notes": sorted((n.id or 0, n.text, n.due, n.resolved_at) for n in story.notes),
    }


def stored_value(story: Story, name: str) -> tuple[bool, Any]:
    """(known, value as history records it) of a recorded field of the story."""
    if name == "credits":
        return True, credits_to_json(story.credits)
    if name.startswith("note:"):
        note_id = int(name.split(":", 1)[1])
        for note in story.notes:
            if note.id == note_id:
                return True, {
                    "text": note.text,
                    "due": to_json_value("due", note.due),
                    "resolved_at": to_json_value("resolved_at", note.resolved_at),
                }
        return True, None
    if name == "status":
        return True, str(story.status)
    if not hasattr(story, name):
        return False, None
    return True, to_json_value(name, getattr(story, name))


def check_history_replay(services: Services, story_id: int) -> None:
    story = services.stories.get(story_id)
    last: dict[str, Any] = {}
    for entry in services.stories.history(story_id):
        for name, (before, after) in (entry.changes or {}).items():
            if name in last and name != "queue_position":  # positions are renumbered
                assert before == last[name], (
                    f"story {story_id}: {name} before {before!r} in version {entry.version} "
                    f"is not what version's predecessor left ({last[name]!r})"
                )
            last[name] = after
    for name, value in last.items():
        known, stored = stored_value(story, name)
        if known and name not in IGNORED_FIELDS and name != "queue_position":
            assert stored == value, (
                f"story {story_id}: stored {name} {stored!r} is not "
                f"the replay of its history ({value!r})"
            )


def check_invariants(model: Model, app: DeskApp, *, every_story: bool = False) -> None:
    """The invariants; the history replay only of the stories that changed (unless told)."""
    services = model.services
    errors = [n.message for n in app._notifications if n.severity == "error"]
    assert not errors, f"error notices: {errors}"
    internal = [
        n.message
        for n in app._notifications
        if "not available" in n.message or "Traceback" in n.message
    ]
    assert not internal, f"internal errors shown: {internal}"
    entries = services.queue.list_entries()
    positions = [e.position for e in entries]
    assert len(positions) == len(set(positions)), f"queue positions repeat: {positions}"
    summaries = services.stories.summaries(model.ids)
    for sid, summary in summaries.items():
        if summary.killed:
            assert summary.status != Status.QUEUED, f"killed story {sid} is queued"
        changed = summary.version != model.versions.get(sid, summary.version)
        if changed:
            assert sid in model.allowed, (
                f"story {sid} changed (version {model.versions[sid]} → {summary.version}) "
                f"but no key asked for it; keys: {model.log}"
            )
        if changed or every_story:
            check_history_replay(services, sid)


async def answer_dialog(pilot: Any, model: Model) -> bool:
    """Answer the dialog on top as an editor might; False when the desk is on top."""
    app = pilot.app
    screen = app.screen
    if isinstance(screen, DeskScreen):
        return False
    choices = ANSWERS.get(type(screen), [["escape"]])
    answer = model.rng.choice(choices)
    model.log.append(f"[{type(screen).__name__}: {' '.join(answer)}]")
    for key in answer:
        if key == "note":
            screen.query_one("#note-text").value = "Model note"
            await pilot.press("enter")
        else:
            await pilot.press(key)
    await settle(pilot)
    return True


def allowed_for(key: str, desk: DeskScreen, app: DeskApp) -> set[int]:
    """The stories a key may change, read when it is pressed."""
    if key in ACTS:
        return set(desk.target_ids())
    if key in ("u", "uU") and app.undo.done:
        return {sid for sid, _ in app.undo.done[-1].stories}
    if key == "U" and app.undo.undone:
        return {sid for sid, _ in app.undo.undone[-1].stories}
    return set()


def colleague_acts(model: Model) -> None:
    """Another editor tags a story with a desk, or notes it: `u` must never take that back
    without asking, and a stale key must be refused, not applied over it."""
    if model.colleague is None:
        return
    sid = model.rng.choice(model.ids)
    desk = model.rng.choice(COLLEAGUE_DESKS)
    model.allowed.add(sid)
    model.log.append(f"ana:{sid}:{desk}")
    try:
        if model.rng.random() < 0.7:
            model.colleague.stories.set_desk(sid, desk)
        else:
            model.colleague.notes.add(sid, "Ana's follow-up")
    except ServiceError:
        pass  # e.g. the story is spiked: refused, nothing changed


async def step(pilot: Any, model: Model, key: str) -> None:
    app = pilot.app
    if key == "ana":
        colleague_acts(model)
        return
    for _ in range(4):  # a dialog left open by the previous key is answered first
        if not await answer_dialog(pilot, model):
            break
    if not isinstance(app.screen, DeskScreen):
        return
    desk = desk_screen(app)
    model.allowed |= allowed_for(key, desk, app)
    model.log.append(key)
    if "+" in key:
        await burst(pilot, model, desk, *key.split("+"))
        return
    if key == "uU":  # undo then redo at once: the identity
        act = app.undo.done[-1] if app.undo.done else None
        if act is None:
            return
        before = {sid: story_state(model.services.stories.get(sid)) for sid, _ in act.stories}
        await pilot.press("u")
        await settle(pilot)
        if isinstance(app.screen, ConfirmDialog):  # a colleague changed it since: leave it
            model.log.append("[ConfirmDialog: escape]")
            await pilot.press("escape")
            await settle(pilot)
            return
        await pilot.press("U")
        await settle(pilot)
        await answer_dialog(pilot, model)
        after = {sid: story_state(model.services.stories.get(sid)) for sid in before}
        assert after == before, f"undo then redo changed the story: {before} → {after}"
        return
    await pilot.press(key)
    await settle(pilot)


async def burst(pilot: Any, model: Model, desk: DeskScreen, act: str, then: str) -> None:
    """`act` then `then` (`u`) with no wait between, behind a change still running; then
    check that `u` took back exactly the newest of the editor's own acts."""
    app = pilot.app
    stack = app.undo
    done_before, undone_before = list(stack.done), list(stack.undone)
    targets = set(desk.target_ids())
    model.allowed |= targets | {sid for a in done_before[-1:] for sid, _ in a.stories}
    model.log[-1] = f"{act}+{then}"
    before = {sid: story_state(model.services.stories.get(sid)) for sid in targets}
    notices_before = len(app._notifications)
    hold = app.in_order.ticket()  # an earlier change, not finished yet
    try:
        await pilot.press(act, then)
    finally:
        app.in_order.done(hold)
    await settle(pilot)
    said = [n.message for n in list(app._notifications)[notices_before:]]
    if (
        not isinstance(app.screen, DeskScreen)  # a dialog took the keys: answered next
        or any(m.startswith("Not undone") for m in said)
    ):
        return
    done, undone = stack.done, stack.undone
    newest = undone[-1] if undone else None
    if done == done_before and newest is not None and all(newest is not a for a in undone_before):
        # the act did something, and `u` took exactly that back
        ids = {sid for sid, _ in newest.stories}
        assert ids <= targets, f"u took back {newest} on {ids}, not the act on {targets}"
        after = {sid: story_state(model.services.stories.get(sid)) for sid in targets}
        assert after == before, f"{act} then u is not the identity: {before} → {after}"
    elif done_before and done == done_before[:-1]:
        # the act changed nothing: `u` took back the newest act before it
        assert (
            newest is not None
            and newest.what == done_before[-1].what
            and ({sid for sid, _ in newest.stories} <= {sid for sid, _ in done_before[-1].stories})
        ), f"u took back {newest}, not {done_before[-1]}"
    else:
        assert not done_before and not done and undone == undone_before, (
            f"{act} then u: the undo stack went from {done_before} to {done} "
            f"(undone {undone}); keys: {model.log}"
        )


async def run_sequence(services: Services, ids: list[int], keys: list[str], seed: int) -> Model:
    """Press `keys` on a fresh desk; check the invariants after every step."""
    colleague = open_services(services.db.url, editor="ana", settings=Settings())
    model = Model(services, ids, random.Random(seed), colleague)
    app = DeskApp(services, live_every=None)
    try:
        return await _run(app, model, keys)
    finally:
        colleague.close()


async def _run(app: DeskApp, model: Model, keys: list[str]) -> Model:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        model.snapshot_versions()
        for key in keys:
            await step(pilot, model, key)
            if isinstance(app.screen, DeskScreen):
                check_invariants(model, app)
                model.snapshot_versions()
        while await answer_dialog(pilot, model):
            pass
        check_invariants(model, app, every_story=True)
    return model
