"""A key on a selection does one thing to every selected story, and the notice says what."""

from __future__ import annotations

from pilot import SIZE, desk_screen, notices, settle, show_desk, story_list, until
from textual.widgets import OptionList

from deskapp.core.story import Credit, Role, Status, Story
from deskapp.tui.app import DeskApp
from deskapp.tui.screens.confirm import ConfirmDialog
from deskapp.tui.screens.pickers import EACH, DeskPicker


def highlighted(app: DeskApp) -> str | None:
    options = app.screen.query_one(OptionList)
    if options.highlighted is None:
        return None
    return options.get_option_at_index(options.highlighted).id


async def select(pilot, *story_ids: int) -> None:  # type: ignore[no-untyped-def]
    for sid in story_ids:
        await until(pilot, lambda s=sid: s in story_list(pilot.app).ids)
        story_list(pilot.app).move_to_id(sid)
        await pilot.press("space")
    await settle(pilot)


async def test_p_on_a_selection_queues_all_and_keeps_the_queued_one(desk):
    services, ids = desk
    europe = [ids[0], ids[7], ids[9], ids[11]]  # writers credited, suggested europe
    for sid in europe:
        services.stories.set_desk(sid, "europe")
    services.queue.add(ids[9])
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await show_desk(pilot, "europe")
        await select(pilot, *europe)
        await pilot.press("p")
        await until(
            pilot, lambda: all(services.stories.get(s).status == Status.QUEUED for s in europe)
        )
        await settle(pilot)
        assert any(m.startswith("Queued 3 of 4 (1 already queued)") for m in notices(app))
        assert not story_list(app).selected
        # unqueueing a selection is its own key: o
        await select(pilot, ids[0], ids[7])
        await pilot.press("o")
        await until(pilot, lambda: services.stories.get(ids[7]).status != Status.QUEUED)
        await settle(pilot)
        assert services.stories.get(ids[0]).status != Status.QUEUED
        assert services.stories.get(ids[9]).status == Status.QUEUED  # not selected: stays
        assert any(m.startswith("Unqueued 2 stories") for m in notices(app))


async def test_t_on_a_selection_with_different_suggestions_offers_each_its_own(desk):
    services, ids = desk
    picked = [ids[11], ids[10], ids[2]]  # europe, asia-pacific, asia-pacific
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await select(pilot, *picked)
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, DeskPicker))
        await settle(pilot)
        assert highlighted(app) == EACH  # offered first, and preselected
        await pilot.press("enter")
        await until(pilot, lambda: services.stories.get(ids[10]).desk == "asia-pacific")
        await settle(pilot)
        assert services.stories.get(ids[11]).desk == "europe"
        assert services.stories.get(ids[2]).desk == "asia-pacific"
        assert any(m.startswith("Desk by each story's suggestion: 3 stories") for m in notices(app))
        await pilot.press("u")  # one act: undone as one
        await until(pilot, lambda: all(services.stories.get(s).desk is None for s in picked))


async def test_the_picker_preselects_the_suggestion_even_on_a_tagged_story(desk):
    services, ids = desk
    services.stories.set_desk(ids[6], "europe")  # suggested world, tagged europe
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await show_desk(pilot, "europe")
        story_list(app).move_to_id(ids[6])
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, DeskPicker))
        await settle(pilot)
        assert highlighted(app) == "world"


async def test_with_no_suggestion_t_enter_tags_nothing(desk):
    services, ids = desk
    target = ids[4]  # the football story: no suggestion, no desk
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        story_list(app).move_to_id(target)
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, DeskPicker))
        await settle(pilot)
        assert highlighted(app) is None
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DeskPicker)  # still choosing
        assert services.stories.get(target).desk is None
        await pilot.press("escape")


async def test_p_refuses_a_killed_story_with_a_notice(desk):
    services, _ids = desk
    [killed] = services.ingest.store(
        [
            (
                "fixture:killed",
                Story(
                    headline="Withdrawn: ferry story",
                    agency="Meridian",
                    killed=True,
                    suggested_desk="europe",
                    credits=[Credit(Role.WRITER, "Ines Varga")],
                ),
            )
        ]
    )
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        story_list(app).move_to_id(killed.id)
        await pilot.press("p")
        await pilot.press("p")  # not even "again, anyway"
        await settle(pilot)
        assert any("the wire killed this story" in m for m in notices(app))
    assert services.stories.get(killed.id).status != Status.QUEUED


async def test_spiking_a_queued_story_asks_and_says_it_left_the_queue(desk):
    services, ids = desk
    services.queue.add(ids[1])
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await until(pilot, lambda: story_list(app).ids == [ids[1]])
        await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("escape")  # keep it queued
        await settle(pilot)
        assert services.stories.get(ids[1]).status == Status.QUEUED
        await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.click("#yes")
        await until(pilot, lambda: services.stories.get(ids[1]).status == Status.SPIKED)
        await settle(pilot)
        assert any("left the queue" in m for m in notices(app))
        assert desk_screen(app).view.id == "queue"
