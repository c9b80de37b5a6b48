"""The desk as an editor uses it, checked against the database afterwards.

Fields are filled in whole (pilot.fill) where the flow, not the typing, is the point;
the search is typed a key at a time, since it narrows the list as you type."""

from __future__ import annotations

from desk_data import MARKUP_HEADLINE
from pilot import SIZE, fill, move_to, settle, story_list, type_text, until
from screen_text import screen_text

from deskapp.core.listing import StoryFilter
from deskapp.core.story import Role, Status
from deskapp.tui.app import DeskApp
from deskapp.tui.commands import shown_key
from deskapp.tui.screens.desk import DeskScreen
from deskapp.tui.screens.help import HelpScreen
from deskapp.tui.screens.story import StoryScreen


async def test_triage_a_story_end_to_end(desk):
    services, ids = desk
    target = ids[-1]  # "Fishing quotas talks resume in the north", suggested europe
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert story_list(app).current_id == target  # newest first
        await pilot.press("enter")
        await until(
            pilot, lambda: isinstance(app.screen, StoryScreen) and app.screen.story is not None
        )
        assert "Fishing quotas talks resume in the north" in screen_text(app)

        await pilot.press("t")
        await settle(pilot)
        await pilot.press("enter")  # the suggested desk is preselected
        await until(pilot, lambda: services.stories.get(target).desk == "europe")

        await pilot.press("c")
        await until(pilot, lambda: app.screen.query("#role-editor"))
        await pilot.click("#role-editor")
        await fill(pilot, "#role-editor", "Ada Quill")
        await pilot.press("enter")
        await until(pilot, lambda: services.stories.get(target).names(Role.EDITOR) == ["Ada Quill"])

        await pilot.press("n")
        await settle(pilot)
        await fill(pilot, "#note-text", "Check quota figures")
        await pilot.press("tab")
        await fill(pilot, "#note-due", "2026-11-28 15:00")
        await pilot.press("enter")
        await until(pilot, lambda: bool(services.stories.get(target).notes))

        await pilot.press("p")
        await until(pilot, lambda: services.stories.get(target).status == Status.QUEUED)
        await settle(pilot)
        assert "queued" in screen_text(app)

    story = services.stories.get(target)
    assert story.desk == "europe"
    assert story.names(Role.WRITER) == ["Sam Hollis"]  # kept
    assert story.names(Role.EDITOR) == ["Ada Quill"]
    [note] = story.notes
    assert note.text == "Check quota figures" and note.author == "tester"
    assert note.due is not None and note.due.hour == 15 and note.due.day == 28
    assert [e.action for e in services.stories.history(target)][-4:] == [
        "desk",
        "credits",
        "note-add",
        "queue",
    ]


async def test_search_narrows_the_list_as_you_type(desk):
    services, ids = desk
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert len(story_list(app).ids) == 10  # two tagged stories left the inbox
        await pilot.press("slash")
        await type_text(pilot, "sola")
        await until(pilot, lambda: story_list(app).ids == [ids[2]])
        assert "Island nation opens first solar farm" in screen_text(app)
        await pilot.press("escape")
        await until(pilot, lambda: len(story_list(app).ids) == 10)


async def test_space_selects_several_then_s_spikes_them_all(desk):
    services, _ids = desk
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        first, second = story_list(app).ids[:2]
        await pilot.press("space", "space")
        assert story_list(app).selected == {first, second}
        assert "2 selected" in screen_text(app)
        await pilot.press("s")
        await until(pilot, lambda: services.stories.get(second).status == Status.SPIKED)
        await settle(pilot)
        assert first not in story_list(app).ids and second not in story_list(app).ids
        assert not story_list(app).selected
        await pilot.press("5")
        await until(pilot, lambda: set(story_list(app).ids) == {first, second})
    assert services.stories.get(first).status == Status.SPIKED
    assert services.stories.count(StoryFilter(statuses=(Status.SPIKED,))) == 2


async def test_ingest_from_the_desk_shows_new_stories_without_restart(desk, tmp_path):
    services, _ids = desk
    wire = tmp_path / "wire.txt"
    wire.write_text(
        "Glacier survey finds faster melt\n\nScientists on the survey said the "
        "ice retreated further than expected.\n",
        encoding="utf-8",
    )
    app = DeskApp(services, live_every=0.2)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        await fill(pilot, "#ingest-path", str(wire))
        await pilot.press("enter")
        await until(pilot, lambda: "Done:" in screen_text(app))
        assert "1 new" in screen_text(app)
        await pilot.press("escape")
        new = services.stories.ids(StoryFilter(search="glacier"))
        assert len(new) == 1
        await until(pilot, lambda: new[0] in story_list(app).ids)
        await until(pilot, lambda: "Glacier survey finds faster melt" in screen_text(app))


async def test_ingest_of_a_missing_path_says_so_in_one_line(desk, tmp_path):
    services, _ids = desk
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        await fill(pilot, "#ingest-path", str(tmp_path / "nowhere.txt"))
        await pilot.press("enter")
        await until(pilot, lambda: "Failed:" in screen_text(app) or "error" in screen_text(app))
    assert services.stories.count(StoryFilter()) == 12


async def test_a_remapped_key_runs_the_action_and_the_old_key_does_not(desk):
    services, _ids = desk
    services.ctx.settings.keys = {"spike": "x"}
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        current = story_list(app).current_id
        await pilot.press("s")
        await settle(pilot)
        assert services.stories.get(current).status == Status.INBOX
        await pilot.press("x")
        await until(pilot, lambda: services.stories.get(current).status == Status.SPIKED)
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        shown = {a.id: shown_key(a, app.screen.keymap) for a in app.screen.actions}
        assert shown["spike"] == "x"


async def test_a_key_another_action_has_is_refused_and_said_and_both_keep_theirs(desk):
    services, _ids = desk
    services.ctx.settings.keys = {"spike": "1", "note": "x"}  # 1 is the inbox's key
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        current = story_list(app).current_id
        said = [n.message for n in app._notifications]
        assert any(
            'spike = "1" left out: 1 is already Inbox (view_inbox); spike stays on s' in m
            for m in said
        ), said
        await pilot.press("1")
        await settle(pilot)
        assert services.stories.get(current).status == Status.INBOX  # 1 still shows the inbox
        await pilot.press("s")
        await until(pilot, lambda: services.stories.get(current).status == Status.SPIKED)
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        shown = {a.id: shown_key(a, app.screen.keymap) for a in app.screen.actions}
        assert shown["spike"] == "s" and shown["note"] == "x"  # the other remap stands


async def test_markup_and_escapes_in_headlines_show_literally(desk):
    services, ids = desk
    markup_id, ansi_id = ids[7], ids[8]
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=(140, 30)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "[bold]Harbour[/bold] vote [/close] ends" in text
        assert "Ferry strike spreads to" in text  # escape sequences removed whole at ingest
        assert "\x1b" not in text
        await move_to(pilot, markup_id)
        await pilot.press("enter")
        await until(
            pilot, lambda: isinstance(app.screen, StoryScreen) and app.screen.story is not None
        )
        await settle(pilot)
        text = screen_text(app)
        assert MARKUP_HEADLINE in text
        assert "Voting closed [bold]early[/bold] in the harbour town." in text
        await pilot.press("escape")
        await move_to(pilot, ansi_id)
        await pilot.press("enter")
        await until(
            pilot,
            lambda: (
                isinstance(app.screen, StoryScreen)
                and app.screen.story_id == ansi_id
                and app.screen.story is not None
            ),
        )
        await settle(pilot)
        # the escape sequences removed whole at ingest, the words kept
        assert "Ferry strike spreads to northern ports" in screen_text(app)
        assert isinstance(app.screen_stack[0], DeskScreen)


async def test_others_changes_appear_live_and_the_cursor_stays(desk, sqlite_url):
    from deskapp.config import Settings
    from deskapp.services import open_services

    services, ids = desk
    other = open_services(sqlite_url, editor="ana", settings=Settings())
    app = DeskApp(services, live_every=0.3)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await move_to(pilot, ids[4])
            other.stories.set_desk(ids[8], "europe")  # above the cursor: leaves the inbox
            other.notes.add(ids[2], "Call the energy ministry")
            await until(pilot, lambda: ids[8] not in story_list(app).ids, timeout=2.0)
            await until(
                pilot,
                lambda: any(
                    "Island nation" in line and "•" in line
                    for line in screen_text(app).splitlines()
                ),
                timeout=2.0,
            )
            assert story_list(app).current_id == ids[4]
    finally:
        other.close()


async def test_edit_save_over_a_colleagues_desk_keeps_both(desk, sqlite_url):
    """Ana's desk does not touch the headline: the save is no conflict, and both stay.
    (A real overlap, and re-apply, is in test_story_dialogs.py.)"""
    from deskapp.config import Settings
    from deskapp.services import open_services
    from deskapp.tui.screens.editor import EditorScreen

    services, ids = desk
    target = ids[-1]
    other = open_services(sqlite_url, editor="ana", settings=Settings())
    app = DeskApp(services, live_every=None)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("e")
            await until(
                pilot,
                lambda: (
                    isinstance(app.screen, EditorScreen) and app.screen.base_version is not None
                ),
            )
            editor = app.screen
            editor.query_one("#edit-headline").value = "Fishing quota talks resume"
            other.stories.set_desk(target, "europe")  # meanwhile Ana tags the story
            await pilot.press("ctrl+s")
            await until(
                pilot, lambda: services.stories.get(target).headline == "Fishing quota talks resume"
            )
            await until(pilot, lambda: not isinstance(app.screen, EditorScreen))
    finally:
        other.close()
    story = services.stories.get(target)
    assert story.desk == "europe"  # Ana's change kept
    assert [e.editor for e in services.stories.history(target)][-2:] == ["ana", "tester"]


async def test_an_unsaved_edit_is_kept_as_a_draft_and_offered_again(desk):
    from deskapp.services.drafts import DraftService
    from deskapp.tui.screens.confirm import ConfirmDialog
    from deskapp.tui.screens.editor import EditorScreen

    services, ids = desk
    target = ids[-1]
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await until(
            pilot,
            lambda: isinstance(app.screen, EditorScreen) and app.screen.base_version is not None,
        )
        app.screen.query_one("#edit-body").insert("Draft paragraph.\n\n", (0, 0))
        await settle(pilot)
        app.screen.autosave()  # what the timer does a few seconds after typing stops
        await until(pilot, lambda: DraftService(services.ctx).load(target) is not None)
        await pilot.press("escape")
        await settle(pilot)
        assert services.stories.get(target).body.startswith("Fishing quotas")  # nothing saved
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.click("#yes")
        await settle(pilot)
        assert app.screen.query_one("#edit-body").text.startswith("Draft paragraph.")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: services.stories.get(target).body.startswith("Draft"))
    assert DraftService(services.ctx).load(target) is None


async def test_follow_ups_view_lists_open_notes_overdue_first(desk):
    services, ids = desk
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        text = screen_text(app)
        assert text.index("Confirm tariff date") < text.index("Add analyst reaction")
        await pilot.press("enter")
        await until(
            pilot, lambda: isinstance(app.screen, StoryScreen) and app.screen.story is not None
        )
        assert app.screen.story_id == ids[1]


async def test_an_unknown_time_zone_in_the_config_is_said_not_silently_replaced(desk):
    services, _ids = desk
    services.ctx.settings.timezone = "Mars/Olympus_Mons"
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        notices = [n.message for n in app._notifications]
        assert any("Mars/Olympus_Mons" in m and "shown in UTC" in m for m in notices)
        assert str(app.zone) == "UTC"
