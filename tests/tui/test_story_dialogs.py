"""The story's dialogs as an editor uses them: notes and their dates, ingest, history,
the editor (selection, ctrl+z) and what it says when someone changed the story meanwhile."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from desk_data import FIXED
from pilot import fill, notices, read_story, settle, story_list, type_text, until
from screen_text import screen_text
from story_data import LONG_BODY, credited_story, store

from deskapp.config import Settings
from deskapp.services import open_services
from deskapp.tui.app import DeskApp
from deskapp.tui.screens.confirm import ConfirmDialog
from deskapp.tui.screens.conflict import ConflictDialog
from deskapp.tui.screens.editor import EditorScreen
from deskapp.tui.screens.history import HistoryScreen
from deskapp.tui.screens.ingest import IngestDialog, changed_words, summary
from deskapp.tui.screens.note import DUE_EXAMPLES, NoteDialog
from deskapp.tui.screens.story import StoryScreen

SIZE = (100, 30)


# -- the note dialog: every date it suggests is taken; a past one is asked about -----------
async def add_note(pilot, text: str, due: str) -> None:  # type: ignore[no-untyped-def]
    app = pilot.app
    await pilot.press("n")
    await until(pilot, lambda: isinstance(app.screen, NoteDialog))
    await fill(pilot, "#note-text", text)
    await pilot.press("tab")
    await fill(pilot, "#note-due", due)
    await pilot.press("enter")


async def test_every_due_date_the_note_dialog_suggests_is_taken(desk):
    services, _ids = desk
    sid = store(services, credited_story())
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        await read_story(pilot, sid)
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, NoteDialog))
        hint = str(app.screen.query_one("#note-due-hint").render())
        await pilot.press("escape")
        for n, example in enumerate(DUE_EXAMPLES):
            assert example in hint  # what the dialog suggests …
            await add_note(pilot, f"Check {n}", example)
            # … it takes
            await until(pilot, lambda n=n: len(services.stories.get(sid).notes) == n + 1)
            await until(pilot, lambda: isinstance(app.screen, StoryScreen))
    dues = [note.due for note in services.stories.get(sid).notes]
    assert all(due is not None for due in dues)


async def test_a_past_due_date_is_asked_about_before_it_is_kept(desk):
    services, _ids = desk
    sid = store(services, credited_story())
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        await read_story(pilot, sid)
        await add_note(pilot, "Old promise", "2020-01-01")
        await until(
            pilot, lambda: isinstance(app.screen, ConfirmDialog) and "past" in screen_text(app)
        )
        await pilot.press("enter")  # "Change it" has the focus: enter alone keeps nothing
        await until(pilot, lambda: isinstance(app.screen, NoteDialog))
        assert services.stories.get(sid).notes == []
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.click("#yes")
        await until(pilot, lambda: len(services.stories.get(sid).notes) == 1)
    [note] = services.stories.get(sid).notes
    assert note.due is not None and note.due.year == 2020


# -- ingest: each run starts clean and counts in words --------------------------------------
def test_ingest_counts_read_as_words_with_plurals():
    assert changed_words(Counter(new=1)) == "1 new story"
    assert changed_words(Counter(updated=1)) == "1 updated story"
    assert changed_words(Counter(new=3, updated=2)) == "3 new, 2 updated"
    assert changed_words(Counter(new=2)) == "2 new stories"
    assert changed_words(Counter(duplicate=4)) == "nothing new or updated"
    assert summary(Counter(new=1, duplicate=1, error=2)) == "1 new, 1 duplicate, 2 errors"


async def test_the_ingest_dialog_shows_only_this_runs_lines(desk, tmp_path):
    from deskapp.tui.screens.ingest import IngestFinished

    services, _ids = desk
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    first.write_text(
        "Harbour pilots return to work\n\nNORRVIK (Meridian) - Pilots returned on Friday.\n",
        encoding="utf-8",
    )
    second.write_text(
        "Tram depot gets new roof\n\nPORT ALDER (Meridian) - The depot got a roof.\n",
        encoding="utf-8",
    )
    finished: list[IngestFinished] = []
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        post = app.post_message

        def posted(message):  # type: ignore[no-untyped-def]
            if isinstance(message, IngestFinished):
                finished.append(message)
            return post(message)

        app.post_message = posted  # type: ignore[method-assign]
        dialog = IngestDialog()
        app.push_screen(dialog)
        await until(pilot, lambda: app.screen is dialog)
        await fill(pilot, "#ingest-path", str(first))
        await pilot.press("enter")
        # the log paints its lines on its own refresh, after the status line
        await until(pilot, lambda: "Done" in screen_text(app) and "first.txt" in screen_text(app))
        dialog.query_one("#ingest-path").value = str(second)
        await pilot.press("enter")
        await until(pilot, lambda: "Done" in screen_text(app) and "second.txt" in screen_text(app))
        text = screen_text(app)
        assert "first.txt" not in text  # the first run's lines are gone
        assert "Done: 1 new" in text
        said = notices(app)
        assert "1 new story" in said and not any("stories" in m for m in said)
    assert [m.summary for m in finished] == ["1 new story", "1 new story"]


# -- history: readable before → after ------------------------------------------------------
async def test_history_shows_what_differs_and_a_resolved_note_as_resolved(desk):
    services, _ids = desk
    sid = store(
        services,
        credited_story(
            headline="North Korean delegation to visit Seoul next week for rail talks",
            body=LONG_BODY,
        ),
    )
    services.stories.edit_text(
        sid, headline="North Korean delegation to visit Pyongyang next week for rail talks"
    )
    _story, note = services.notes.add(
        sid, "Confirm the talks' venue", due=FIXED + timedelta(days=1)
    )
    services.notes.resolve(note.id)
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        await read_story(pilot, sid)
        await pilot.press("h")
        await until(
            pilot, lambda: isinstance(app.screen, HistoryScreen) and bool(app.screen.entries)
        )
        await settle(pilot)
        text = screen_text(app)
    assert "Seoul" in text and "Pyongyang" in text
    assert "resolved" in text
    assert "note added: Confirm the talks' venue" in text
    assert "note:" not in text and "{" not in text


# -- the editor: no select-all on focus; ctrl+z in headline and body ------------------------
async def open_editor(pilot, sid: int) -> EditorScreen:  # type: ignore[no-untyped-def]
    app = pilot.app
    await read_story(pilot, sid)
    await pilot.press("e")
    await until(
        pilot, lambda: isinstance(app.screen, EditorScreen) and app.screen.base_version is not None
    )
    await settle(pilot)
    return app.screen  # type: ignore[return-value]


async def test_shift_tab_into_the_headline_does_not_select_it_and_ctrl_z_undoes(desk):
    services, _ids = desk
    sid = store(services, credited_story())
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(pilot, sid)
        headline = editor.query_one("#edit-headline")
        await pilot.press("shift+tab")
        await until(pilot, lambda: headline.has_focus)
        await pilot.press("x")
        assert headline.value != "x"  # one key did not replace the headline
        await pilot.press("ctrl+shift+a")  # select all on purpose, then replace it
        await pilot.press("y")
        assert headline.value == "y"
        await pilot.press("ctrl+z")
        assert headline.value == "Ferry crews vote to end harbour strikex"
        await pilot.press("ctrl+z")
        assert headline.value == "Ferry crews vote to end harbour strike"
        await pilot.press("tab")  # the body
        body = editor.query_one("#edit-body")
        await until(pilot, lambda: body.has_focus)
        await type_text(pilot, "Oops ")
        assert body.text.startswith("Oops ") or "Oops" in body.text
        await pilot.press("ctrl+z")
        assert "Oops" not in body.text
        await pilot.press("escape")
        await settle(pilot)
    assert services.stories.get(sid).headline == "Ferry crews vote to end harbour strike"


@pytest.fixture
def colleague(sqlite_url):  # type: ignore[no-untyped-def]
    other = open_services(sqlite_url, editor="ana", settings=Settings())
    yield other
    other.close()


async def test_a_colleagues_note_does_not_block_a_body_save(desk, colleague):
    services, _ids = desk
    sid = store(services, credited_story())
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(pilot, sid)
        editor.query_one("#edit-body").insert("Update: ", (0, 0))
        colleague.notes.add(sid, "Call the harbour master")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: services.stories.get(sid).body.startswith("Update: "))
        assert not isinstance(app.screen, ConflictDialog)
    assert [n.text for n in services.stories.get(sid).notes] == ["Call the harbour master"]


async def test_the_conflict_dialog_reads_as_words_not_stored_fields(desk, colleague):
    services, _ids = desk
    sid = store(services, credited_story(body=LONG_BODY))
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(pilot, sid)
        editor.query_one("#edit-body").insert("Update: ", (0, 0))
        # meanwhile Ana rewrites the body (and adds a note, which is no conflict)
        colleague.stories.edit_text(sid, body=LONG_BODY.replace("Seoul", "Pyongyang"))
        colleague.notes.add(sid, "Check the rail link date")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ConflictDialog))
        await until(pilot, lambda: "Pyongyang" in screen_text(app))
        text = screen_text(app)
        assert "ana" in text and "Seoul" in text  # the part that differs, both ways
        assert "status" in text and "editing" in text
        for raw in ("{", "resolved_at", "note:", "exported_at"):
            assert raw not in text
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, EditorScreen))


async def test_a_real_overlap_asks_and_reapply_puts_mine_on_top(desk, colleague):
    services, _ids = desk
    sid = store(services, credited_story())
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(pilot, sid)
        editor.query_one("#edit-headline").value = "Ferry crews end harbour strike"
        # meanwhile Ana retitles it and tags it: the headline overlaps, the desk does not
        colleague.stories.edit_text(sid, headline="Harbour strike over as crews vote")
        colleague.stories.set_desk(sid, "europe")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ConflictDialog))
        await until(pilot, lambda: "Harbour strike over" in screen_text(app))
        assert "ana" in screen_text(app) and "headline" in screen_text(app)
        await pilot.click("#reapply")
        await until(
            pilot, lambda: services.stories.get(sid).headline == "Ferry crews end harbour strike"
        )
    story = services.stories.get(sid)
    assert story.desk == "europe"  # Ana's desk kept
    assert [e.editor for e in services.stories.history(sid)][-3:] == ["ana", "ana", "tester"]


async def test_every_embargo_the_embargo_field_suggests_is_taken(desk):
    from deskapp.tui.screens.prompt import PromptDialog

    services, _ids = desk
    sid = store(services, credited_story())
    services.stories.set_desk(sid, "europe")
    services.queue.add(sid)
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await until(pilot, lambda: sid in story_list(app).ids)
        story_list(app).move_to_id(sid)
        await settle(pilot)
        await pilot.press("E")
        await until(pilot, lambda: isinstance(app.screen, PromptDialog))
        placeholder = app.screen.query_one("#prompt-value").placeholder
        await pilot.press("escape")
        # "fri 15:00, 13/2 09:00, tomorrow, +2h — your local time": each example, typed
        examples = [e.strip() for e in placeholder.split("—")[0].split(",") if e.strip()]
        assert "+2h" in examples and len(examples) >= 3
        for example in examples:
            await until(pilot, lambda: not isinstance(app.screen, PromptDialog))
            await settle(pilot)
            before = services.stories.get(sid).version
            await pilot.press("E")
            await until(pilot, lambda: isinstance(app.screen, PromptDialog))
            app.screen.query_one("#prompt-value").value = example
            await pilot.press("enter")
            await until(pilot, lambda v=before: services.stories.get(sid).version > v)
            assert services.stories.get(sid).embargo_until == services.notes.when(example)


async def test_revert_over_a_colleagues_later_change_asks_first(desk, colleague):
    services, _ids = desk
    sid = store(services, credited_story())
    services.stories.set_desk(sid, "europe")
    colleague.stories.set_desk(sid, "world")  # a later change to the same field
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        await read_story(pilot, sid)
        await pilot.press("h")
        await until(
            pilot, lambda: isinstance(app.screen, HistoryScreen) and len(app.screen.entries) == 3
        )
        await pilot.press("down")  # my desk change, under Ana's
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.click("#yes")  # "Revert"
        await until(
            pilot,
            lambda: isinstance(app.screen, ConfirmDialog) and "later change" in screen_text(app),
        )
        assert "ana" in screen_text(app)
        await pilot.press("enter")  # "Keep the later change" has the focus
        await until(pilot, lambda: isinstance(app.screen, HistoryScreen))
        await settle(pilot)
        assert services.stories.get(sid).desk == "world"
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.click("#yes")
        await until(
            pilot,
            lambda: isinstance(app.screen, ConfirmDialog) and "later change" in screen_text(app),
        )
        await pilot.click("#yes")  # "Revert anyway"
        await until(pilot, lambda: services.stories.get(sid).desk is None)


# -- keys typed ahead: a terminal delivers them all at once ---------------------------------
async def test_tab_typed_ahead_moves_to_the_next_field_before_the_letters_after_it(desk):
    from textual import events
    from textual.widgets import Input

    services, _ids = desk
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, NoteDialog))
        await settle(pilot)
        for key in ("R", "i", "n", "g", "tab", "f", "r", "i"):  # queued before any is handled
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        await until(pilot, lambda: app.screen.query_one("#note-due", Input).value == "fri")
        assert app.screen.query_one("#note-text", Input).value == "Ring"
