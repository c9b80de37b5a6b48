"""A cluster on the desk: one row marked with its agencies, enter opens it, ] and [ step
through its stories, C covers the others (u takes it back), X splits, + joins."""

from __future__ import annotations

from pathlib import Path

from pilot import notices, settle, story_list, until
from screen_text import screen_text

from deskapp.core.story import Status
from deskapp.tui.app import DeskApp
from deskapp.tui.screens.story import StoryScreen

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "clusters"
QUAKE = sorted(str(p) for p in CORPUS.glob("quake-valdoria-*.txt"))
OTHER = sorted(str(p) for p in CORPUS.glob("quake-marovia-*.txt"))
SMALL = (80, 24)


def ingest(services, paths):  # type: ignore[no-untyped-def]
    return [r.id for r in services.ingest.ingest(paths)]


async def test_a_cluster_is_one_row_and_enter_steps_through_its_stories(sqlite_services):
    services = sqlite_services
    quake = ingest(services, QUAKE)
    other = ingest(services, OTHER)
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        rows = story_list(app).ids
        assert len(rows) == 2  # two events, two rows
        assert max(quake) in rows and max(other) in rows
        text = screen_text(app)
        assert "AFP·AP·R·dpa 6" in text and "AFP·R·dpa 3" in text
        story_list(app).move_to_id(max(quake))
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, StoryScreen) and app.screen.story)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StoryScreen)
        members = sorted(quake)
        assert screen.cluster == members
        assert "6 of 6" in screen_text(app)
        await pilot.press("left_square_bracket")
        await until(pilot, lambda: screen.story and screen.story.id == members[-2])
        await settle(pilot)
        assert "5 of 6" in screen_text(app)
        await pilot.press("right_square_bracket")
        await until(pilot, lambda: screen.story and screen.story.id == members[-1])
        await pilot.press("right_square_bracket")  # the last one: says so, stays
        await settle(pilot)
        assert screen.story and screen.story.id == members[-1]
        assert any("last story" in m for m in notices(app))


async def test_cover_spikes_the_others_and_u_brings_them_back(sqlite_services):
    from pilot import desk_screen

    from deskapp.core.listing import StoryChange

    services = sqlite_services
    quake = ingest(services, QUAKE)
    chosen = min(quake)
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        app.push_screen(StoryScreen(chosen))
        await until(pilot, lambda: isinstance(app.screen, StoryScreen) and app.screen.story)
        await settle(pilot)
        await pilot.press("C")
        others = [sid for sid in quake if sid != chosen]
        await until(
            pilot,
            lambda: all(services.stories.get(s).status == Status.SPIKED for s in others),
        )
        await settle(pilot)
        assert services.stories.get(chosen).status == Status.INBOX
        history = services.stories.history(others[0])[-1]
        assert history.action == "cover" and history.changes["covered_by"] == [None, chosen]
        await pilot.press("q")  # back on the inbox, which hears of the act as any change
        await until(pilot, lambda: not isinstance(app.screen, StoryScreen))
        status = frozenset({"status"})
        desk_screen(app).live_update([StoryChange(s, status) for s in others])
        # the covered stories left the inbox; the chosen one, in their cluster, stands
        await until(pilot, lambda: story_list(app).ids == [chosen])
        await pilot.press("u")
        await until(
            pilot, lambda: all(services.stories.get(s).status == Status.INBOX for s in others)
        )
        desk_screen(app).live_update([StoryChange(s, status) for s in others])
        await until(pilot, lambda: story_list(app).ids == [max(quake)])  # one row again


async def test_split_with_x_and_join_two_selected_rows_with_plus(sqlite_services):
    services = sqlite_services
    quake = ingest(services, QUAKE)
    other = ingest(services, OTHER)
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        rows = story_list(app)
        rows.move_to_id(max(quake))
        await pilot.press("X")
        await until(pilot, lambda: services.clusters.members(max(quake)).label is None)
        await settle(pilot)
        await pilot.press("r")
        await until(pilot, lambda: len(story_list(app).ids) == 3)
        story_list(app).move_to_id(max(quake))
        await pilot.press("space")
        story_list(app).move_to_id(max(other))
        await pilot.press("space")
        await pilot.press("plus")
        await until(
            pilot,
            lambda: max(quake) in [m.id for m in services.clusters.members(max(other)).members],
        )
        await settle(pilot)
        await pilot.press("u")
        await until(pilot, lambda: services.clusters.members(max(quake)).label is None)


async def test_a_new_member_arriving_live_takes_the_clusters_row(sqlite_services):
    from pilot import desk_screen

    from deskapp.core.listing import StoryChange

    services = sqlite_services
    first = ingest(services, QUAKE[:3])
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        assert story_list(app).ids == [max(first)]
        [late] = ingest(services, QUAKE[3:4])
        desk_screen(app).live_update([StoryChange(late, frozenset({"new"}))])
        await until(pilot, lambda: story_list(app).ids == [late])
        await settle(pilot)
        assert "AFP·AP·dpa 4" in screen_text(app)  # the row counts the newcomer


async def test_a_story_split_out_by_another_editor_leaves_the_rest_of_its_cluster_a_row(
    sqlite_services,
):
    """Another editor splits out the story that stood for the cluster: the live change
    names the cluster's other stories too, so the newest of them takes the row."""
    from pilot import desk_screen

    from deskapp.services.live import LiveChanges

    services = sqlite_services
    quake = ingest(services, QUAKE)
    newest, *rest = sorted(quake, reverse=True)
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        assert story_list(app).ids == [newest]
        with LiveChanges(services.ctx, poll_every=0.05) as live:
            services.clusters.split(newest)
            heard = []
            for _ in range(40):
                heard = live.wait(0.25)
                if heard:
                    break
        assert {c.story_id for c in heard} == set(quake)
        desk_screen(app).live_update(heard)
        await until(pilot, lambda: sorted(story_list(app).ids) == sorted([newest, rest[0]]))
        await settle(pilot)
        assert f"AFP·AP·R·dpa {len(rest)}" in screen_text(app)  # the rest, one row


async def test_a_key_right_after_a_step_acts_on_the_story_shown_never_one_not_yet_shown(
    sqlite_services,
):
    services = sqlite_services
    quake = sorted(ingest(services, QUAKE))
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        app.push_screen(StoryScreen(quake[-1]))
        await until(pilot, lambda: isinstance(app.screen, StoryScreen) and app.screen.story)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StoryScreen)
        reads: list[int] = []
        real_load = screen.load
        screen.load = lambda: reads.append(screen.story_id)  # type: ignore[method-assign]
        await pilot.press("left_square_bracket")  # the step's read has not come back yet
        await settle(pilot)
        assert reads == [quake[-2]] and screen.story and screen.story.id == quake[-1]
        await pilot.press("s")  # the story shown is not the one stepped to: nothing
        await settle(pilot)
        assert all(services.stories.get(s).status == Status.INBOX for s in quake)
        screen.load = real_load  # type: ignore[method-assign]
        screen.load()
        await until(pilot, lambda: screen.story and screen.story.id == quake[-2])
        await pilot.press("s")  # now shown: it is the one spiked
        await until(pilot, lambda: services.stories.get(quake[-2]).status == Status.SPIKED)
        assert services.stories.get(quake[-1]).status == Status.INBOX


async def test_cover_and_split_with_several_selected_say_they_act_on_one(sqlite_services):
    services = sqlite_services
    quake = ingest(services, QUAKE)
    other = ingest(services, OTHER)
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("space", "j", "space")
        await settle(pilot)
        for key in ("C", "X"):
            await pilot.press(key)
            await until(pilot, lambda: any("acts on one story" in m for m in notices(app)))
        assert all(services.stories.get(s).status == Status.INBOX for s in quake + other)
        assert len({services.stories.get(s).cluster_id for s in quake}) == 1
