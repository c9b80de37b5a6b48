"""The README's key table, the ACTIONS table and the `?` screen of every view agree."""

from __future__ import annotations

import re
from pathlib import Path

from pilot import SIZE, settle, until

from deskapp.tui.app import DeskApp
from deskapp.tui.commands import ACTIONS, BY_ID, EDIT, HISTORY, READ, SUGGEST
from deskapp.tui.screens.help import HelpScreen

README = Path(__file__).resolve().parents[2] / "README.md"
TYPED = {
    "question_mark": "?",
    "slash": "/",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "plus": "+",
}


def readme_rows() -> list[tuple[set[str], set[str]]]:
    """(keys, ids) of each row of the key table in "The desk (TUI)"."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## The desk (TUI)") : text.index("## Command line")]
    rows = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3 or cells[0] in ("key", "---"):
            continue
        rows.append(
            (set(re.findall(r"`([^`]+)`", cells[0])), set(re.findall(r"`([^`]+)`", cells[2])))
        )
    return rows


def desk_action_ids() -> set[str]:
    """Every action of the desk and its views (the editor's and dialogs' keys aside)."""
    return {a.id for a in ACTIONS if not {EDIT, HISTORY, SUGGEST} & set(a.scopes)}


def test_every_desk_action_is_in_the_readme_with_its_key():
    rows = readme_rows()
    documented = set().union(*(ids for _keys, ids in rows))
    assert documented == desk_action_ids()
    for keys, ids in rows:
        for action_id in ids:
            first = BY_ID[action_id].key.split(",")[0]
            assert TYPED.get(first, first) in keys, (action_id, keys)


async def test_the_help_of_every_view_shows_what_the_readme_lists(desk):
    services, _ids = desk
    documented = set().union(*(ids for _keys, ids in readme_rows()))
    shown: set[str] = set()
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for view in "12345":
            await pilot.press(view)
            await settle(pilot)
            await pilot.press("question_mark")
            await until(pilot, lambda: isinstance(app.screen, HelpScreen))
            ids = [a.id for a in app.screen.actions]
            assert len(ids) == len(set(ids))  # each action once
            shown |= set(ids)
            await pilot.press("escape")
            await until(pilot, lambda: not isinstance(app.screen, HelpScreen))
    # the keys of a story's screen alone (]/[ through a cluster) are in its own help
    story_screen_only = {a.id for a in ACTIONS if set(a.scopes) == {READ}}
    assert shown == documented - story_screen_only
