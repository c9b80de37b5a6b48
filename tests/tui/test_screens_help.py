"""`?` lists every key of the screen with the action id that `[keys]` remaps."""

from __future__ import annotations

from pilot import read_story, until
from screen_text import screen_lines
from story_data import credited_story, store

from deskapp.tui.app import DeskApp
from deskapp.tui.screens.help import HelpScreen


async def test_help_shows_each_keys_action_id_on_the_story_screen(desk):
    services, _ids = desk
    sid = store(services, credited_story())
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=(120, 50)) as pilot:
        screen = await read_story(pilot, sid)
        offered = app.actions_on(screen)
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        await until(pilot, lambda: "id for [keys]" in "".join(screen_lines(app)))
        # the dialog's rows: what lies between its borders
        lines = [line.split("│")[1].strip() for line in screen_lines(app) if line.count("│") >= 2]
    assert {"spike", "undo", "tag_desk", "history"} <= {a.id for a in offered}
    for action in offered:
        key = action.key_display or action.key.replace(",", " ")
        [line] = [x for x in lines if x.startswith(key + " ") and f"{action.label} —" in x]
        assert line.split()[-1] == action.id
