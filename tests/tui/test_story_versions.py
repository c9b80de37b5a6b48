"""`V` on a story: the wire's versions, two compared word by word, a waiting update merged."""

from __future__ import annotations

from pilot import notices, read_story, settle, until
from screen_text import screen_text
from textual.widgets import DataTable

from deskapp.core.story import Credit, Role, Story
from deskapp.tui.app import DeskApp
from deskapp.tui.screens.story import StoryScreen
from deskapp.tui.screens.version_merge import MergeScreen
from deskapp.tui.screens.versions import DiffScreen, VersionsScreen

SIZE = (80, 24)
QUOTE = "The harbour master said the storm was the worst in years."


def wire(version: int, lead: str, label: str = "") -> Story:
    return Story(
        headline="Storm shuts Bergen port",
        body=f"{lead}\n\n{QUOTE}",
        uid="fictwire:port",
        wire_version=version,
        version_label=label,
        agency="Fictwire",
        credits=[Credit(Role.WRITER, "Ola Nordmann")],
    )


def take_in(services, story: Story) -> int:  # type: ignore[no-untyped-def]
    [result] = services.ingest.store([("src", story)])
    return result.id


async def test_v_lists_the_versions_and_two_marked_show_what_changed(desk):
    services, _ids = desk
    sid = take_in(services, wire(1, "Rain closed the port on Monday."))
    take_in(services, wire(2, "Rain closed the port for a second day.", "UPDATE 1"))
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        await read_story(pilot, sid)
        await pilot.press("V")
        await until(pilot, lambda: isinstance(app.screen, VersionsScreen) and app.screen.timeline)
        await settle(pilot)
        text = screen_text(app)
        assert "UPDATE 1" in text and "+2 words" in text
        table = app.screen.query_one(DataTable)
        assert table.row_count == 2
        await pilot.press("space", "down", "space")
        await until(pilot, lambda: isinstance(app.screen, DiffScreen))
        await settle(pilot)
        shown = app.screen.query_one("#diff-text").render()
        spans = [(str(s.style), shown.plain[s.start : s.end]) for s in shown.spans]  # type: ignore[attr-defined]
        assert [t for style, t in spans if "strike" in style and "red" in style] == ["on Monday"]
        assert [t for style, t in spans if "underline" in style] == ["for a second day"]
        await pilot.press("escape", "escape")
        await until(pilot, lambda: isinstance(app.screen, StoryScreen))


async def test_a_waiting_update_is_merged_choice_by_choice_and_u_undoes_it(desk):
    services, _ids = desk
    sid = take_in(services, wire(1, "Rain closed the port on Monday."))
    services.stories.edit_text(sid, body=f"Rain shut Bergen's port on Monday.\n\n{QUOTE}")
    take_in(services, wire(2, "Rain closed the port for a second day.", "UPDATE 1"))
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        await read_story(pilot, sid)
        assert "wire UPDATE 1 waiting" in screen_text(app)
        await pilot.press("V")
        await until(pilot, lambda: isinstance(app.screen, VersionsScreen) and app.screen.timeline)
        await pilot.press("m")
        await until(pilot, lambda: isinstance(app.screen, MergeScreen))
        await settle(pilot)
        text = screen_text(app)
        assert "Conflict 1 of 1" in text
        assert "Rain shut Bergen's port on Monday." in text
        assert "Rain closed the port for a second day." in text
        await pilot.press("w", "enter")
        await until(pilot, lambda: isinstance(app.screen, StoryScreen))
        await until(pilot, lambda: services.stories.get(sid).wire_pending is None)
        assert services.stories.get(sid).body.startswith("Rain closed the port for a second day.")
        await settle(pilot)
        assert any("merged" in n for n in notices(app))
        assert "waiting" not in screen_text(app)
        await pilot.press("u")
        await until(pilot, lambda: services.stories.get(sid).wire_pending == 1 + 1)
        assert services.stories.get(sid).body.startswith("Rain shut Bergen's port on Monday.")


async def test_t_refuses_when_a_newer_update_came_since_the_screen_showed_one(desk):
    services, _ids = desk
    sid = take_in(services, wire(1, "Rain closed the port on Monday."))
    services.stories.edit_text(sid, body=f"Rain shut Bergen's port on Monday.\n\n{QUOTE}")
    take_in(services, wire(2, "Rain closed the port for a second day.", "UPDATE 1"))
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        await read_story(pilot, sid)
        await pilot.press("V")
        await until(pilot, lambda: isinstance(app.screen, VersionsScreen) and app.screen.timeline)
        take_in(services, wire(3, "Rain closed the port for a third day.", "UPDATE 2"))
        await pilot.press("t")  # the screen shows UPDATE 1 waiting, not UPDATE 2
        await until(pilot, lambda: any("changed since you looked" in n for n in notices(app)))
        story = services.stories.get(sid)
        assert story.wire_pending == 3 and story.body.startswith("Rain shut Bergen's port")
        screen = app.screen
        assert isinstance(screen, VersionsScreen)
        await until(pilot, lambda: screen.timeline is not None and screen.timeline.pending == 3)


async def test_a_merge_whose_conflicts_moved_is_not_applied(desk):
    services, _ids = desk
    sid = take_in(services, wire(1, "Rain closed the port on Monday."))
    services.stories.edit_text(sid, body=f"Rain shut Bergen's port on Monday.\n\n{QUOTE}")
    take_in(services, wire(2, "Rain closed the port for a second day.", "UPDATE 1"))
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        await read_story(pilot, sid)
        await pilot.press("V")
        await until(pilot, lambda: isinstance(app.screen, VersionsScreen) and app.screen.timeline)
        await pilot.press("m")
        await until(pilot, lambda: isinstance(app.screen, MergeScreen))
        await settle(pilot)
        take_in(services, wire(3, "Rain closed the port for a third day.", "UPDATE 2"))
        await pilot.press("w", "enter")
        await until(pilot, lambda: any("changed since you looked" in n for n in notices(app)))
        await until(pilot, lambda: isinstance(app.screen, VersionsScreen))
        story = services.stories.get(sid)
        assert story.wire_pending == 3 and story.body.startswith("Rain shut Bergen's port")


async def test_enter_marks_as_space_does_and_the_marks_clear_after_the_comparison(desk):
    services, _ids = desk
    sid = take_in(services, wire(1, "Rain closed the port on Monday."))
    take_in(services, wire(2, "Rain closed the port for a second day.", "UPDATE 1"))
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        await read_story(pilot, sid)
        await pilot.press("V")
        await until(pilot, lambda: isinstance(app.screen, VersionsScreen) and app.screen.timeline)
        await pilot.press("enter")
        await settle(pilot)
        assert "●" in screen_text(app)
        await pilot.press("down", "enter")
        await until(pilot, lambda: isinstance(app.screen, DiffScreen))
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, VersionsScreen))
        await settle(pilot)
        assert "●" not in screen_text(app)


async def test_p_queues_a_story_with_a_correction_waiting_and_names_it(desk):
    services, _ids = desk
    sid = take_in(services, wire(1, "Rain closed the port on Monday."))
    services.stories.set_desk(sid, "europe")
    services.stories.edit_text(sid, body=f"Rain shut Bergen's port on Monday.\n\n{QUOTE}")
    fix = wire(2, "Rain closed the port on Tuesday.", "CORRECTED")
    fix.corrected = True
    take_in(services, fix)
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        await read_story(pilot, sid)
        await pilot.press("p")
        await until(pilot, lambda: services.stories.get(sid).status == "queued")
        await until(pilot, lambda: any("CORRECTION waiting" in n for n in notices(app)))
        [said] = [n for n in notices(app) if "CORRECTION waiting" in n]
        assert said == (
            f"Queued · wire CORRECTION waiting: deskapp versions {sid} "
            "--take / --keep (V on the story)"
        )
