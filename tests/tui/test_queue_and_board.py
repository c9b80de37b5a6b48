"""The queue view (J/K, priority, embargo, preview) and the follow-ups board (x, e), by key."""

from __future__ import annotations

from datetime import timedelta

from desk_data import FIXED
from pilot import SIZE, board, fill, move_to, notices, settle, story_list, type_text, until
from screen_text import screen_text

from deskapp.core.story import Status
from deskapp.tui.app import DeskApp
from deskapp.tui.screens.preview import PreviewScreen
from deskapp.tui.screens.prompt import PromptDialog


def queued_three(services, ids) -> list[int]:  # type: ignore[no-untyped-def]
    services.stories.set_desk(ids[6], "world")
    for sid in (ids[1], ids[5], ids[6]):
        services.queue.add(sid)
    return [ids[1], ids[5], ids[6]]


def queue_order(services) -> list[int]:  # type: ignore[no-untyped-def]
    return [e.story_id for e in services.queue.list_entries()]


async def open_queue(pilot, first: int) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("3")
    await until(pilot, lambda: first in story_list(pilot.app).ids)
    await settle(pilot)


async def test_shift_j_and_k_reorder_the_queue_and_the_cursor_follows(desk):
    services, ids = desk
    a, b, c = queued_three(services, ids)
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        await open_queue(pilot, a)
        assert story_list(app).ids == [a, b, c]
        story_list(app).move_to_id(c)
        await pilot.press("K")
        await until(pilot, lambda: queue_order(services) == [a, c, b])
        await pilot.press("K")
        await until(pilot, lambda: queue_order(services) == [c, a, b])
        await until(pilot, lambda: story_list(app).ids == [c, a, b])
        assert story_list(app).current_id == c  # the cursor moved with the story
        await pilot.press("J")
        await until(pilot, lambda: queue_order(services) == [a, c, b])
        await until(pilot, lambda: story_list(app).ids == [a, c, b])
        assert story_list(app).current_id == c
    assert [e.action for e in services.stories.history(c)][-3:] == ["queue-move"] * 3


async def test_priority_and_embargo_are_set_from_the_queue(desk):
    services, ids = desk
    a, _b, c = queued_three(services, ids)
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        await open_queue(pilot, a)
        story_list(app).move_to_id(c)
        await settle(pilot)
        await pilot.press("P")
        await until(pilot, lambda: isinstance(app.screen, PromptDialog))
        await type_text(pilot, "12")
        await pilot.press("enter")
        await settle(pilot)
        assert "priority must be 1 (flash) to 9" in screen_text(app)  # refused, still open
        await pilot.press("backspace", "backspace", "1")
        await pilot.press("enter")
        await until(pilot, lambda: services.stories.get(c).priority == 1)

        await pilot.press("E")
        await until(pilot, lambda: isinstance(app.screen, PromptDialog))
        await fill(pilot, "#prompt-value", "next blue moon")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PromptDialog)  # a date it cannot read: said, not saved
        assert services.stories.get(c).embargo_until is None
        await fill(pilot, "#prompt-value", "sat 15:00")
        await pilot.press("enter")
        await until(pilot, lambda: services.stories.get(c).embargo_until is not None)
        await settle(pilot)
        text = screen_text(app)
        assert "embargoed until Sat 28 Nov 15:00" in text  # local time (UTC in the tests)
        assert "priority 1 flash" in text
    story = services.stories.get(c)
    assert story.embargo_until == services.notes.when("sat 15:00")
    [entry] = [e for e in services.queue.list_entries() if e.story_id == c]
    assert entry.embargoed(FIXED)


async def test_preview_shows_the_exact_markdown_export_writes(desk):
    services, ids = desk
    a, _b, _c = queued_three(services, ids)
    expected = services.export.preview(a)
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        await open_queue(pilot, a)
        story_list(app).move_to_id(a)
        await pilot.press("v")
        await until(pilot, lambda: isinstance(app.screen, PreviewScreen))
        shown = app.screen.query_one("#preview-text").render()
        assert str(shown) == expected
        assert "title" in screen_text(app) and "Copper exporters" in screen_text(app)
        # never exported: nothing to take down, and the hint does not offer it
        assert "u take down" not in screen_text(app)
        await pilot.press("u")
        await until(pilot, lambda: "Not exported: nothing to take down." in notices(app))
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, PreviewScreen))


async def test_readiness_shows_what_a_forced_story_lacks(desk):
    services, ids = desk
    services.queue.add(ids[3], force=True)  # no desk, no writer
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        await open_queue(pilot, ids[3])
        text = screen_text(app)
        assert "forced!" in text
        assert "needs a desk, an author credit (writer or reporter)  (queued anyway)" in text


async def test_resolve_and_edit_from_the_board(desk):
    services, ids = desk
    services.notes.add(
        ids[2], "Ask the operator for output figures", due=FIXED + timedelta(hours=3)
    )
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await until(pilot, lambda: board(app).item_at_cursor() is not None)
        text = screen_text(app)
        assert text.index("Overdue (1)") < text.index("Today (1)") < text.index("Later (1)")
        first = board(app).item_at_cursor()
        assert first.note.text == "Confirm tariff date with ministry"  # overdue comes first
        await pilot.press("x")
        await until(pilot, lambda: services.stories.get(ids[1]).notes[0].resolved)
        await until(pilot, lambda: "Confirm tariff date" not in screen_text(app))
        item = board(app).item_at_cursor()
        assert item is not None and item.story_id == ids[2]  # the next one, not a heading

        await pilot.press("e")
        await until(pilot, lambda: app.screen.query("#note-text"))
        await fill(pilot, "#note-text", "Ask for monthly output")  # in place of the old text
        await pilot.press("tab")
        await fill(pilot, "#note-due", "mon 10:00")
        await pilot.press("enter")
        await until(
            pilot, lambda: services.stories.get(ids[2]).notes[0].text == "Ask for monthly output"
        )
    [note] = services.stories.get(ids[2]).notes
    assert note.due == services.notes.when("mon 10:00")
    assert [e.action for e in services.stories.history(ids[1])][-1] == "note-resolve"
    assert [e.action for e in services.stories.history(ids[2])][-1] == "note-edit"


async def test_the_note_dialog_reads_dates_as_the_cli_does(desk):
    services, ids = desk
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await until(pilot, lambda: app.screen.query("#note-text"))
        await fill(pilot, "#note-text", "Call the harbour master")
        await pilot.press("tab")
        await fill(pilot, "#note-due", "13/2")
        await pilot.press("enter")
        await until(pilot, lambda: bool(services.stories.get(ids[-1]).notes))
    [note] = services.stories.get(ids[-1]).notes
    assert note.due == services.notes.when("13/2")
    assert note.text == "Call the harbour master"


async def test_p_again_queues_a_story_that_is_not_ready_anyway_flagged(desk):
    services, ids = desk
    target = ids[3]  # no desk, no writer
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        story_list(app).move_to_id(target)
        await pilot.press("p")
        await settle(pilot)
        notices = [n.message for n in app._notifications]
        assert any(
            "needs a desk and an author credit (writer or reporter)" in m and "press p again" in m
            for m in notices
        )
        assert services.stories.get(target).status != Status.QUEUED
        await pilot.press("p")
        await until(pilot, lambda: services.stories.get(target).status == Status.QUEUED)
    assert services.stories.get(target).queue_forced


async def test_a_key_that_changes_nothing_leaves_nothing_for_u_to_take_back(desk):
    services, ids = desk
    a, b, c = queued_three(services, ids)
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        await open_queue(pilot, a)
        await move_to(pilot, c)
        # the same editor embargoes the last story from elsewhere (the command line):
        # the desk has not seen that version
        until_noon = FIXED + timedelta(hours=2)
        services.queue.set_embargo(c, until_noon)
        await pilot.press("J")  # already last: nothing moves
        await until(pilot, lambda: any("nothing changed" in m for m in notices(app)))
        assert not any("u undoes it" in m for m in notices(app))
        await pilot.press("u")
        await until(pilot, lambda: any("Nothing of yours to undo" in m for m in notices(app)))
        await settle(pilot)
    assert queue_order(services) == [a, b, c]
    assert services.stories.get(c).embargo_until == until_noon  # not taken back
