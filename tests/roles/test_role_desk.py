"""The desk (TUI) on a PostgreSQL desk with roles: who you are, and only the keys you may use."""

from __future__ import annotations

import pytest

from deskapp.core.permissions import DeskRole
from deskapp.tui.app import DeskApp
from tests.tui.screen_text import screen_lines, screen_text

pytestmark = pytest.mark.postgres


async def _settle(pilot) -> None:  # type: ignore[no-untyped-def]
    for _ in range(4):
        await pilot.pause(0.05)
        busy = [w for w in pilot.app.workers if w.group != "live-feed"]
        if busy:
            await pilot.app.workers.wait_for_complete(busy)


async def test_a_reporters_desk_shows_login_and_role_and_hides_the_editors_keys(room, make_story):
    story_id = make_story("Reporter desk check")
    services = room.services(DeskRole.REPORTER)
    app = DeskApp(services, live_every=0.3)
    async with app.run_test(size=(110, 30)) as pilot:
        await _settle(pilot)
        lines = screen_lines(app)
        status = [line for line in lines if room.logins[DeskRole.REPORTER] in line]
        assert status and f"{room.logins[DeskRole.REPORTER]} (reporter)" in status[-1]
        assert "Reporter desk check" in screen_text(app)
        footer = lines[-1]
        assert "Undo" in footer and "Search" in footer
        for hidden in ("Desk", "Queue", "Spike", "Credits", "Ingest"):
            assert hidden not in footer, footer
        offered = {a.id for a in app.actions_on(app.screen)}  # the ? help and the palette
        assert {"note", "edit", "undo", "redo", "history"} <= offered
        assert not offered & {"tag_desk", "queue", "unqueue", "spike", "credits", "ingest"}
        palette = {
            c.help.rsplit("[", 1)[-1].rstrip("]") for c in app.get_system_commands(app.screen)
        }  # each entry's help ends "[id]"
        assert "note" in palette and not palette & {"tag_desk", "queue", "unqueue", "spike"}
        await pilot.press("t")  # an editor's key: nothing happens
        await _settle(pilot)
        assert app.screen.__class__.__name__ == "DeskScreen"
        await pilot.press("3")  # the queue view's own keys (its pane's bindings) too
        await _settle(pilot)
        offered = {a.id for a in app.actions_on(app.screen)}
        assert not offered & {"queue_up", "queue_down", "priority", "embargo"}, offered
        assert "preview" in offered
        assert "Move" not in screen_lines(app)[-1]
        await pilot.press("4")  # the board: a reporter resolves and edits notes
        await _settle(pilot)
        assert {"resolve_note", "edit_note"} <= {a.id for a in app.actions_on(app.screen)}
    assert services.stories.get(story_id).desk is None


async def test_an_editors_desk_offers_the_editors_keys(room, make_story):
    make_story("Editor desk check")
    app = DeskApp(room.services(DeskRole.EDITOR), live_every=0.3)
    async with app.run_test(size=(110, 30)) as pilot:
        await _settle(pilot)
        footer = screen_lines(app)[-1]
        assert all(key in footer for key in ("Desk", "Queue", "Spike")), footer
        offered = {a.id for a in app.actions_on(app.screen)}
        assert {"tag_desk", "queue", "unqueue", "spike", "credits", "ingest"} <= offered
        assert f"{room.logins[DeskRole.EDITOR]} (editor)" in screen_text(app)
        await pilot.press("3")
        await _settle(pilot)
        offered = {a.id for a in app.actions_on(app.screen)}
        assert {"queue_up", "queue_down", "priority", "embargo"} <= offered, offered


async def test_a_reporters_save_on_a_story_not_theirs_is_refused_with_a_notice(room, make_story):
    import asyncio

    from deskapp.tui.screens.editor import EditorScreen

    story_id = make_story("Not the reporter's story")
    services = room.services(DeskRole.REPORTER)
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=(110, 30)) as pilot:
        await _settle(pilot)
        assert app.screen.stories.current_id == story_id  # type: ignore[attr-defined]
        await pilot.press("e")  # a reporter may open the editor (and hold the lock)...
        for _ in range(100):
            if isinstance(app.screen, EditorScreen) and app.screen.base_version is not None:
                break
            await asyncio.sleep(0.05)
        app.screen.query_one("#edit-headline").value = "A reporter's rewrite"
        await pilot.press("ctrl+s")  # ...but the database refuses the save: an inbox story
        await _settle(pilot)
        for _ in range(100):
            notices = [n.message for n in app._notifications]
            if any("not allowed: editing a story that is not in editing" in m for m in notices):
                break
            await asyncio.sleep(0.05)
        else:
            raise AssertionError(f"no refusal notice: {notices}")
        assert app.is_running
    assert services.stories.get(story_id).headline.startswith("Not the reporter's story")
