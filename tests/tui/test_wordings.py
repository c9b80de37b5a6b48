"""What the desk says, read as an editor reads it: an undone spike says where the story is
back, the desk picker's title fits 80 columns, the ingest dialog says a kill left the queue."""

from __future__ import annotations

from pathlib import Path

from pilot import fill, notices, settle, story_list, until
from screen_text import screen_lines, screen_text

from deskapp.core.story import Status
from deskapp.tui.app import DeskApp
from deskapp.tui.screens.confirm import ConfirmDialog
from deskapp.tui.screens.ingest import IngestDialog
from deskapp.tui.screens.pickers import DeskPicker

SMALL = (80, 24)


async def test_undoing_a_spike_of_a_queued_story_says_it_is_back_in_the_queue(desk):
    services, ids = desk
    first, second = ids[1], ids[0]
    services.stories.set_desk(second, "europe")
    services.queue.add(first)
    services.queue.add(second)
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await until(pilot, lambda: len(story_list(app).ids) == 2)
        story_list(app).move_to_id(second)
        await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.click("#yes")
        await until(pilot, lambda: services.stories.get(second).status == Status.SPIKED)
        await settle(pilot)
        await pilot.press("u")
        await until(pilot, lambda: services.stories.get(second).status == Status.QUEUED)
        await settle(pilot)
    assert (
        "Undone: spike of “Lake district council approves new tram line” (it is back in "
        "the queue at #2) · U redoes it"
    ) in notices(app)


async def test_the_desk_pickers_title_fits_one_line_at_80_columns(desk):
    services, ids = desk
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        story_list(app).move_to_id(ids[7])  # a long headline
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, DeskPicker))
        await settle(pilot)
        rows = [line.split("│")[1].strip() for line in screen_lines(app) if line.count("│") >= 2]
    [at] = [i for i, row in enumerate(rows) if row.startswith("Desk for ")]
    assert rows[at].startswith("Desk for [bold]Harbour[/bold] vote") and rows[at].endswith("…")
    assert rows[at + 1] == ""  # the title's margin: no second line of title, no lone "…"


G2 = """<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/"
    guid="urn:newsml:fictwire.example:20261127:night" version="{version}" standard="NewsML-G2">
  <itemMeta>
    <itemClass qcode="ninat:text"/>
    <provider qcode="nprov:FICTWIRE"><name>Fictwire</name></provider>
    <firstCreated>2026-11-27T09:00:00Z</firstCreated>
    <pubStatus qcode="stat:{status}"/>
  </itemMeta>
  <contentMeta>
    <creator literal="Amina Otieno" role="crol:writer"/>
    <headline>Library opens night reading room</headline>
  </contentMeta>
  <contentSet>
    <inlineData contenttype="text/plain">A city library opened a reading room open to midnight.

Staff said students had asked for it for years.</inlineData>
  </contentSet>
</newsItem>
"""


def g2(folder: Path, version: int, status: str) -> str:
    path = folder / f"night-{version}.xml"
    path.write_text(G2.format(version=version, status=status), encoding="utf-8")
    return str(path)


async def test_the_ingest_dialog_says_a_kill_took_a_story_out_of_the_queue(desk, tmp_path):
    services, _ids = desk
    [first] = list(services.ingest.ingest([g2(tmp_path, 2, "usable")]))
    assert first.id is not None
    services.stories.set_desk(first.id, "africa")
    services.queue.add(first.id)
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.push_screen(IngestDialog())
        await until(pilot, lambda: isinstance(app.screen, IngestDialog))
        await fill(pilot, "#ingest-path", g2(tmp_path, 3, "canceled"))
        await pilot.press("enter")
        await until(pilot, lambda: "Done" in screen_text(app))
        text = screen_text(app)
        assert "Done: 1 updated, 1 left the queue: the wire killed or withheld it" in text
        assert "left the queue (the wire killed or withheld it)" in text
        await pilot.press("escape")
        await until(pilot, lambda: "1 updated story (1 left the queue)" in notices(app))
    assert services.stories.get(first.id).status != Status.QUEUED


async def test_revert_over_ones_own_later_change_names_it_once_as_you(desk):
    from pilot import read_story

    from deskapp.tui.screens.history import HistoryScreen

    services, ids = desk
    target = ids[5]
    services.stories.set_desk(target, "europe")
    services.stories.set_desk(target, "world")  # a later change of mine, same field
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=(100, 30)) as pilot:
        await read_story(pilot, target)
        await pilot.press("h")
        await until(
            pilot, lambda: isinstance(app.screen, HistoryScreen) and len(app.screen.entries) >= 3
        )
        await pilot.press("down")  # the europe change, under the world one
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.click("#yes")
        await until(
            pilot,
            lambda: isinstance(app.screen, ConfirmDialog) and "later change" in screen_text(app),
        )
        text = app.screen.question.plain  # type: ignore[attr-defined]
        await pilot.press("enter")  # "Keep the later change" has the focus
        await until(pilot, lambda: isinstance(app.screen, HistoryScreen))
    assert "you (desk, " in text
    assert "tester" not in text
    assert text.count("(desk") == 1  # who and what, said once
    assert services.stories.get(target).desk == "world"
