"""A story's row in every list: wire flags, dates with their year, columns that use the width."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from deskapp.core.listing import StorySummary
from deskapp.core.story import Status
from deskapp.tui.widgets.story_row import header_line, shown_time, story_line

NOW = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)
ROW = StorySummary(
    id=1,
    version=2,
    headline="Harbour strike ends after nine days",
    agency="Meridian",
    desk=None,
    suggested_desk="asia-pacific",
    status=Status.QUEUED,
    priority=None,
    published_at=NOW,
    ingested_at=NOW,
    credits_short="Ines Varga, Priya Raman / ed. Ada Quill",
)


def row(summary: StorySummary, width: int) -> str:
    return story_line(summary, width, now=NOW, zone=UTC).plain


@pytest.mark.parametrize(
    ("flag", "tag"), [("killed", "KILLED"), ("withdrawn", "WITHDRAWN"), ("corrected", "CORRECTED")]
)
def test_every_row_marks_what_the_wire_did(flag, tag):
    flagged = replace(ROW, **{flag: True})
    for width in (80, 200):
        shown = row(flagged, width)
        assert f"{tag} Harbour strike" in shown
        assert tag not in row(ROW, width)


def test_a_killed_row_is_struck_and_never_reads_queued():
    killed = replace(ROW, killed=True)
    line = story_line(killed, 120, now=NOW, zone=UTC)
    assert "queued" not in line.plain and "killed" in line.plain
    struck = [line.plain[s.start : s.end] for s in line.spans if "strike" in str(s.style)]
    assert any("Harbour strike ends" in part for part in struck)


def test_dates_show_the_year_only_when_it_is_not_this_year():
    def when(moment: datetime, wide: bool = False) -> str:
        return shown_time(replace(ROW, published_at=moment), NOW, UTC, wide=wide)

    assert when(NOW) == "09:30"
    assert when(datetime(2026, 2, 12, 8, 0, tzinfo=UTC)) == "12 Feb"
    assert when(datetime(2025, 2, 12, 8, 0, tzinfo=UTC)) == "Feb '25"
    assert when(datetime(2025, 2, 12, 8, 0, tzinfo=UTC), wide=True) == "12 Feb 2025"
    assert "2025" in row(replace(ROW, published_at=datetime(2025, 2, 12, tzinfo=UTC)), 200)


def test_rows_use_the_room_at_200_and_still_fit_80():
    wide = row(ROW, 200)
    assert "asia-pacific?" in wide  # the whole desk
    assert ROW.credits_short in wide  # the whole credits, not 18 characters of them
    assert len(wide) == 200
    narrow = row(ROW, 80)
    assert len(narrow) == 80 and "Harbour strike" in narrow


@pytest.mark.parametrize("width", [80, 90, 100, 120, 160, 200])
def test_the_header_sits_over_its_columns(width):
    header = header_line(width).plain
    line = row(ROW, width)
    for title, value in (
        ("Agency", "Meridian"),
        ("Desk", "asia-pac"),
        ("Headline", "Harbour"),
        ("Credits", "Ines Varga"),
    ):
        if title in header:
            assert line.index(value) == header.index(title), (title, width)


async def test_the_inbox_header_stays_over_its_columns_after_the_desks_view(desk):
    from pilot import settle
    from screen_text import screen_lines

    from deskapp.tui.app import DeskApp

    services, _ids = desk
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        for key in ("2", "1"):
            await pilot.press(key)
            await settle(pilot)
        lines = screen_lines(app)
    [header] = [line for line in lines if "Headline" in line and "Credits" in line]
    row = next(line for line in lines if "Fishing quotas talks resume" in line)
    assert row.index("Hollis") == header.index("Credits")
    assert row.index("Fishing quotas") == header.index("Headline")


async def test_the_desk_lists_show_the_wire_flags(desk):
    from pilot import settle, story_list, until
    from screen_text import screen_text
    from story_data import credited_story, store

    from deskapp.tui.app import DeskApp

    services, _ids = desk
    killed = store(services, credited_story(headline="Night trains return", killed=True), "f:k")
    fixed = store(services, credited_story(headline="Tram fares corrected", corrected=True), "f:c")
    services.stories.set_desk(fixed, "europe")
    services.queue.add(fixed)
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: killed in story_list(app).ids)
        await settle(pilot)
        assert "KILLED Night trains return" in screen_text(app)
        await pilot.press("3")  # the queue view: its status column shows readiness
        await until(pilot, lambda: fixed in story_list(app).ids)
        await settle(pilot)
        assert "CORRECTED Tram fares corrected" in screen_text(app)
