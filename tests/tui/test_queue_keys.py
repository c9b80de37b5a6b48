"""`p` only queues, on one story or a selection; `o` unqueues; `p` again within 10 s queues
the not-ready ones anyway, flagged; bulk acts refuse stories a colleague changed since."""

from __future__ import annotations

import pytest
from pilot import SIZE, notices, settle, story_list, until

from deskapp.config import Settings
from deskapp.core.story import Credit, Role, Status, Story
from deskapp.services import open_services
from deskapp.tui.app import DeskApp
from deskapp.tui.screens.pickers import DeskPicker


async def select(pilot, *story_ids: int) -> None:  # type: ignore[no-untyped-def]
    for sid in story_ids:
        await until(pilot, lambda s=sid: s in story_list(pilot.app).ids)
        story_list(pilot.app).move_to_id(sid)
        await pilot.press("space")
    await settle(pilot)


@pytest.fixture
def colleague(sqlite_url):  # type: ignore[no-untyped-def]
    other = open_services(sqlite_url, editor="ana", settings=Settings())
    yield other
    other.close()


async def test_p_on_a_queued_story_keeps_it_queued_and_o_unqueues(desk):
    services, ids = desk
    target = ids[1]  # americas, credited
    services.queue.add(target)
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await until(pilot, lambda: story_list(app).ids == [target])
        await pilot.press("p")
        await settle(pilot)
        assert any(m == "Already queued · o unqueues" for m in notices(app))
        assert services.stories.get(target).status == Status.QUEUED
        await pilot.press("space", "p")  # a one-story selection: the same
        await settle(pilot)
        assert services.stories.get(target).status == Status.QUEUED
        await pilot.press("o")
        await until(pilot, lambda: services.stories.get(target).status != Status.QUEUED)


async def test_p_again_on_a_selection_queues_the_not_ready_ones_flagged_never_a_kill(desk):
    services, ids = desk
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
    assert killed.id is not None
    queued, not_ready = ids[1], [ids[3], ids[4]]  # no desk and/or no writer
    services.queue.add(queued)
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await select(pilot, *not_ready, killed.id)
        await pilot.press("p")
        await until(pilot, lambda: any(m.startswith("Queued 0 of 3") for m in notices(app)))
        line = next(m for m in notices(app) if m.startswith("Queued 0 of 3"))
        assert "1 killed by the wire" in line
        assert "p again within 10 s queues the 2 not ready anyway, flagged" in line
        assert story_list(app).selected == {*not_ready, killed.id}  # still selected
        await pilot.press("p")  # again, soon
        await until(
            pilot, lambda: all(services.stories.get(s).status == Status.QUEUED for s in not_ready)
        )
        await settle(pilot)
    assert all(services.stories.get(s).queue_forced for s in not_ready)
    assert services.stories.get(killed.id).status != Status.QUEUED
    assert services.stories.get(queued).status == Status.QUEUED


async def test_bulk_t_refuses_a_story_a_colleague_tagged_since_the_editor_looked(desk, colleague):
    services, ids = desk
    picked = [ids[11], ids[9]]  # both suggested europe
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await select(pilot, *picked)
        colleague.stories.set_desk(ids[9], "world")  # after the editor looked
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, DeskPicker))
        await pilot.press("enter")  # europe, the shared suggestion
        await until(pilot, lambda: services.stories.get(ids[11]).desk == "europe")
        await settle(pilot)
        assert any("changed by ana since you looked" in m for m in notices(app))
    assert services.stories.get(ids[9]).desk == "world"  # ana's desk kept


async def test_bulk_o_refuses_a_story_a_colleague_moved_since(desk, colleague):
    services, ids = desk
    services.queue.add(ids[1])
    services.stories.set_desk(ids[0], "europe")
    services.queue.add(ids[0])
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await until(pilot, lambda: len(story_list(app).ids) == 2)
        await select(pilot, ids[0], ids[1])
        colleague.queue.remove(ids[0])
        colleague.queue.add(ids[0])  # taken out and put back by ana
        await pilot.press("o")
        await until(pilot, lambda: services.stories.get(ids[1]).status != Status.QUEUED)
        await settle(pilot)
        assert any("changed by ana since you looked" in m for m in notices(app))
    assert services.stories.get(ids[0]).status == Status.QUEUED
