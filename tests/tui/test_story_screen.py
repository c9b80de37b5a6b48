"""The story screen as an editor reads and works it: labels, flags, desks, queue, spike, u."""

from __future__ import annotations

import re

import pytest
from desk_data import build_desk
from pilot import notices, read_story, settle, until
from screen_text import screen_lines, screen_text
from story_data import credited_story, store

from deskapp.core.story import Status
from deskapp.tui.app import DeskApp
from deskapp.tui.screens.confirm import ConfirmDialog
from deskapp.tui.screens.pickers import DeskPicker
from deskapp.tui.screens.story import StoryScreen

SIZE = (100, 30)


@pytest.fixture
def both_desks(services):  # type: ignore[no-untyped-def]
    """The fixed desk on SQLite and on PostgreSQL."""
    return services, build_desk(services)


async def test_labels_stand_apart_from_their_values(desk):
    services, _ids = desk
    sid = store(services, credited_story())
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        await read_story(pilot, sid)
        lines = screen_lines(app)
    text = "\n".join(lines)
    assert re.search(r"Photographer {2,}Evgenia Novozhenina", text)
    assert re.search(r"Contributors {2,}Priya Raman, Tomas Reyes", text)
    assert "PhotographerEvgenia" not in text and "ContributorsPriya" not in text
    # every value starts in the same column
    starts = {
        line.index(name)
        for line in lines
        for name in ("Evgenia Novozhenina", "Priya Raman", "Meridian", "Norrvik")
        if name in line
    }
    assert len(starts) == 1


async def test_a_killed_story_says_so_and_p_does_not_queue_it(both_desks):
    services, _ids = both_desks
    sid = store(services, credited_story(killed=True))
    services.stories.set_desk(sid, "europe")
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        screen = await read_story(pilot, sid)
        text = screen_text(app)
        assert "KILLED by the wire" in text and "killed by the wire" in text
        head = screen.query_one("#story-head").render()
        struck = [s for s in head.spans if "strike" in str(s.style)]  # type: ignore[attr-defined]
        assert struck, "the killed headline is struck through"
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("p")  # not even a second p forces it in
        await settle(pilot)
        assert any("killed" in m and "cannot be queued" in m for m in notices(app))
    assert services.stories.get(sid).status != Status.QUEUED
    assert services.queue.rank(sid) is None


async def test_withdrawn_and_corrected_stories_are_marked(desk):
    services, _ids = desk
    withheld = store(services, credited_story(withdrawn=True, headline="Held copy"), "f:w")
    corrected = store(services, credited_story(corrected=True, headline="Fixed copy"), "f:c")
    services.stories.set_desk(withheld, "europe")
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        await read_story(pilot, withheld)
        assert "WITHDRAWN by the wire" in screen_text(app)
        await pilot.press("p")  # withheld: not queued, and the notice says why
        await until(pilot, lambda: any("queued" in m for m in notices(app)))
        assert services.stories.get(withheld).status != Status.QUEUED
        await pilot.press("escape")
        await read_story(pilot, corrected)
        assert "CORRECTED" in screen_text(app)
        assert "WITHDRAWN" not in screen_text(app)


async def test_t_preselects_the_suggestion_even_when_the_story_has_a_desk(desk):
    services, _ids = desk
    sid = store(services, credited_story(suggested_desk="africa"))
    services.stories.set_desk(sid, "europe")
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        await read_story(pilot, sid)
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, DeskPicker))
        await settle(pilot)
        await pilot.press("enter")
        await until(pilot, lambda: services.stories.get(sid).desk == "africa")


async def test_t_enter_without_a_suggestion_tags_no_desk_nobody_chose(desk):
    services, _ids = desk
    sid = store(services, credited_story(suggested_desk=None))
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        await read_story(pilot, sid)
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, DeskPicker))
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert services.stories.get(sid).desk is None  # not "world", not anything
        if isinstance(app.screen, DeskPicker):
            await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, StoryScreen))
    assert services.stories.get(sid).desk is None
    assert [e.action for e in services.stories.history(sid)] == ["ingest"]


async def test_a_queued_story_shows_its_place_as_the_queue_view_numbers_it(desk):
    services, ids = desk
    services.queue.add(ids[1])  # americas, with a writer: ready
    sid = store(services, credited_story())
    services.stories.set_desk(sid, "europe")
    services.queue.add(sid)
    assert services.queue.rank(sid) == 2
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        await read_story(pilot, sid)
        text = screen_text(app)
    assert "queued #2" in text
    assert not re.search(r"#\d{3,}", text)  # no stored queue key like #2048


async def test_spiking_a_queued_story_asks_then_says_it_left_the_queue(desk):
    services, _ids = desk
    sid = store(services, credited_story())
    services.stories.set_desk(sid, "europe")
    services.queue.add(sid)
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        await read_story(pilot, sid)
        await pilot.press("s")
        await until(
            pilot,
            lambda: (
                isinstance(app.screen, ConfirmDialog) and "Spike a queued story" in screen_text(app)
            ),
        )
        await pilot.press("escape")  # keep it queued
        await until(pilot, lambda: isinstance(app.screen, StoryScreen))
        await settle(pilot)
        assert services.stories.get(sid).status == Status.QUEUED
        await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.click("#yes")
        await until(pilot, lambda: services.stories.get(sid).status == Status.SPIKED)
        await until(pilot, lambda: any("left the queue" in m for m in notices(app)))
        await until(pilot, lambda: "spiked" in screen_text(app))


async def test_u_takes_back_the_editors_own_last_act_on_this_story(both_desks):
    from deskapp.config import Settings
    from deskapp.services import open_services

    services, _ids = both_desks
    sid = store(services, credited_story(suggested_desk="africa"))
    other = open_services(services.db.url, editor="ana", settings=Settings())
    app = DeskApp(services, live_every=None)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await read_story(pilot, sid)
            await pilot.press("t")
            await until(pilot, lambda: isinstance(app.screen, DeskPicker))
            await settle(pilot)
            await pilot.press("enter")
            await until(pilot, lambda: services.stories.get(sid).desk == "africa")
            await until(pilot, lambda: "africa" in screen_text(app))
            other.notes.add(sid, "Call the harbour master")  # a colleague's note: untouched
            await pilot.press("u")
            await until(pilot, lambda: services.stories.get(sid).desk is None)
            assert [n.text for n in services.stories.get(sid).notes] == ["Call the harbour master"]
            await until(pilot, lambda: any("Undone" in m for m in notices(app)))
            await pilot.press("U")
            await until(pilot, lambda: services.stories.get(sid).desk == "africa")

            # a colleague moves it on: u asks before overwriting their desk
            other.stories.set_desk(sid, "world")
            await pilot.press("u")
            await until(
                pilot, lambda: isinstance(app.screen, ConfirmDialog) and "ana" in screen_text(app)
            )
            await pilot.press("escape")
            await settle(pilot)
            assert services.stories.get(sid).desk == "world"
    finally:
        other.close()


async def test_u_on_a_story_screen_leaves_other_stories_acts_alone(desk):
    services, ids = desk
    tagged, opened = ids[-1], ids[-2]  # suggested europe / asia-pacific
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("t")  # on the desk: the newest story, to its suggestion
        await until(pilot, lambda: isinstance(app.screen, DeskPicker))
        await settle(pilot)
        await pilot.press("enter")
        await until(pilot, lambda: services.stories.get(tagged).desk == "europe")
        await read_story(pilot, opened)
        await pilot.press("u")  # nothing of mine on this story: the other act stays
        await until(pilot, lambda: any("Nothing" in m for m in notices(app)))
        assert services.stories.get(tagged).desk == "europe"
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, StoryScreen))
        await settle(pilot)
        await pilot.press("u")  # on the desk, u reaches it
        await until(pilot, lambda: services.stories.get(tagged).desk is None)


async def test_wire_copy_with_markup_characters_reads_as_sent(desk):
    """A `<tag>`, `*stars*` and `[brackets]` in wire copy show as the wire sent them."""
    services, _ids = desk
    body = "Traders said prices <b>rose</b> and a < b, *not* [confirmed] by officials."
    sid = store(services, credited_story(body=body, headline="Markup in copy"), "f:markup")
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=(120, 30)) as pilot:
        await read_story(pilot, sid)
        text = " ".join(screen_text(app).split())
    assert "prices <b>rose</b> and a < b, *not* [confirmed] by officials." in text
    assert "\\" not in text


async def test_v_on_a_story_shows_what_export_will_publish(desk):
    from deskapp.tui.screens.preview import PreviewScreen

    services, _ids = desk
    sid = store(services, credited_story(headline="Ferry timetable returns"), "f:v")
    services.stories.set_desk(sid, "europe")
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        await read_story(pilot, sid)
        await pilot.press("v")
        await until(pilot, lambda: isinstance(app.screen, PreviewScreen))
        screen = app.screen
        assert screen.story_id == sid
        assert screen.meta["title"] == "Ferry timetable returns"
        await pilot.press("r")  # the raw file, as export writes it
        assert screen.raw and 'title: "Ferry timetable returns"' in screen.markdown
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, StoryScreen))
