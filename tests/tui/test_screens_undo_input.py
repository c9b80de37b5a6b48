"""The editor's headline field: any run of edits can be taken back to where it started,
and ctrl+y brings every step back (random key sequences, with Hypothesis)."""

from __future__ import annotations

import asyncio

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual.app import App, ComposeResult

from deskapp.tui.widgets.undo_input import UndoableInput

START = "Ferry crews vote"
EDIT_KEYS = st.sampled_from(
    [
        "a",
        "b",
        "space",
        "backspace",
        "delete",
        "left",
        "right",
        "home",
        "end",
        "ctrl+shift+a",
        "shift+left",
    ]
)


class OneField(App[None]):
    def compose(self) -> ComposeResult:
        yield UndoableInput(START, id="field")


async def run(keys: list[str]) -> tuple[str, list[str], list[str]]:
    """Press `keys`, then ctrl+z until nothing changes, then ctrl+y until nothing changes."""
    app = OneField()
    async with app.run_test() as pilot:
        field = app.query_one(UndoableInput)
        field.reset_history()
        field.focus()
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
        edited = field.value
        undone = [field.value]
        for _ in range(len(keys) + 1):
            await pilot.press("ctrl+z")
            undone.append(field.value)
        redone = [field.value]
        for _ in range(len(keys) + 1):
            await pilot.press("ctrl+y")
            redone.append(field.value)
    return edited, undone, redone


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(EDIT_KEYS, max_size=14))
def test_any_edits_undo_to_the_start_and_redo_to_the_end(keys):
    edited, undone, redone = asyncio.run(run(keys))
    assert undone[-1] == START
    assert redone[-1] == edited


def test_focus_keeps_the_text_unselected_so_one_key_cannot_replace_it():
    async def go() -> str:
        app = OneField()
        async with app.run_test() as pilot:
            app.query_one(UndoableInput).focus()
            await pilot.pause()
            await pilot.press("x")
            return app.query_one(UndoableInput).value

    assert asyncio.run(go()) == START + "x"
