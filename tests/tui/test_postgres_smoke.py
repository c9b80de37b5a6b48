"""The desk opens and triages on the shared PostgreSQL database too."""

from __future__ import annotations

import pytest
from desk_data import build_desk
from pilot import SIZE, settle, story_list, until

from deskapp.core.story import Status
from deskapp.tui.app import DeskApp


@pytest.mark.postgres
async def test_desk_on_postgres_lists_tags_and_searches(pg_url):
    from deskapp.config import Settings
    from deskapp.services import open_services

    services = open_services(pg_url, editor="tester", settings=Settings())
    try:
        ids = build_desk(services)
        app = DeskApp(services, live_every=0.3)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert story_list(app).current_id == ids[-1]
            await pilot.press("t")
            await settle(pilot)
            await pilot.press("enter")
            await until(pilot, lambda: services.stories.get(ids[-1]).status == Status.EDITING)
            await pilot.press("slash")
            for ch in "sola":
                await pilot.press(ch)
            await until(pilot, lambda: story_list(app).ids == [ids[2]])
        assert services.stories.get(ids[-1]).desk == "europe"
    finally:
        services.close()
