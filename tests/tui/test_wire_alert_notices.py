"""A kill or a correction of copy the desk let out shows a notice on every open desk."""

from __future__ import annotations

import pytest
from pilot import SIZE, fill, settle, until

from deskapp.config import Settings
from deskapp.core.story import Credit, Role, Story
from deskapp.services import open_services
from deskapp.tui.app import DeskApp
from deskapp.tui.screens.ingest import IngestDialog
from deskapp.tui.wire_notices import NOTICE_TITLE

HEADLINE = "[bold]Ferry[/bold] timetable [/close] changes"  # wire text, not markup


def version(n: int, **flags: bool) -> Story:
    return Story(
        uid="urn:newsml:fictwire.example:20261127:ferry",
        wire_version=n,
        headline=HEADLINE,
        body=f"The ferry leaves an hour earlier from Monday (take {n}).",
        agency="Fictwire",
        credits=[Credit(Role.WRITER, "Amina Otieno")],
        **flags,
    )


def queued(services) -> int:  # type: ignore[no-untyped-def]
    [result] = services.ingest.store([("wire", version(1))])
    services.stories.set_desk(result.id, "europe")
    services.queue.add(result.id)
    return result.id


def alerts(app: DeskApp) -> list:
    return [n for n in app._notifications if n.title == NOTICE_TITLE]


async def a_second_desk_shows_the_kill(url: str) -> None:
    ana = open_services(url, editor="ana", settings=Settings())
    bo = open_services(url, editor="bo", settings=Settings())
    try:
        sid = queued(bo)
        app = DeskApp(ana, live_every=0.3)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            bo.ingest.store([("wire", version(2, killed=True))])  # bo's desk takes it in
            await until(pilot, lambda: alerts(app), timeout=10)
            [notice] = alerts(app)
            assert notice.message == (
                f"Story {sid} “{HEADLINE}”: KILLED by the wire (version 2) while queued: "
                "taken out of the queue: do not publish it"
            )
            # plain text: "[bold]" and "[/close]" are shown as the wire sent them
            assert (notice.severity, notice.timeout, notice.markup) == ("warning", 60, False)
            bo.notes.add(sid, "called the agency")  # other news of the story: no new notice
            await pilot.pause(1.0)
            await settle(pilot)
            assert len(alerts(app)) == 1
    finally:
        ana.close()
        bo.close()


async def test_a_second_desk_on_sqlite_shows_a_kill_of_a_queued_story(sqlite_url):
    await a_second_desk_shows_the_kill(sqlite_url)


@pytest.mark.postgres
async def test_a_second_desk_on_postgres_shows_a_kill_of_a_queued_story(pg_url):
    await a_second_desk_shows_the_kill(pg_url)


G2 = """<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/"
    guid="urn:newsml:fictwire.example:20261127:tram" version="{version}" standard="NewsML-G2">
  <itemMeta>
    <itemClass qcode="ninat:text"/>
    <provider qcode="nprov:FICTWIRE"><name>Fictwire</name></provider>
    <pubStatus qcode="stat:{status}"/>
  </itemMeta>
  <contentMeta>
    <creator literal="Amina Otieno" role="crol:writer"/>
    <headline>Tram line opens to the airport</headline>
  </contentMeta>
  <contentSet>
    <inlineData contenttype="text/plain">The tram line to the airport opened on Friday.

It runs every ten minutes.</inlineData>
  </contentSet>
</newsItem>
"""


@pytest.mark.parametrize("live_every", [None, 0.3])
async def test_the_desk_that_ingests_a_kill_shows_it_once(sqlite_url, tmp_path, live_every):
    services = open_services(sqlite_url, editor="ana", settings=Settings())
    first, kill = tmp_path / "tram-1.xml", tmp_path / "tram-2.xml"
    first.write_text(G2.format(version=1, status="usable"))
    kill.write_text(G2.format(version=2, status="canceled"))
    try:
        [taken] = list(services.ingest.ingest([str(first)]))
        services.stories.set_desk(taken.id, "europe")
        services.queue.add(taken.id)
        app = DeskApp(services, live_every=live_every)  # None: no live feed at all
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("i")
            await until(pilot, lambda: isinstance(app.screen, IngestDialog))
            await fill(pilot, "#ingest-path", str(kill))
            await pilot.press("enter")
            await until(pilot, lambda: alerts(app), timeout=10)
            await pilot.pause(1.0)  # the live feed hears of it too
            await settle(pilot)
            [notice] = alerts(app)
            assert notice.message == (
                f"Story {taken.id} “Tram line opens to the airport”: KILLED by the wire "
                "(version 2) while queued: taken out of the queue: do not publish it"
            )
            status = str(app.screen.query_one("#ingest-status").render())
            assert "1 wire alert on queued or exported copy: follow-up added" in status
    finally:
        services.close()
