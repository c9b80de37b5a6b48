"""The story screen: suggested follow-ups (a), history with revert (h); the live desk."""

from __future__ import annotations

from datetime import date, timedelta

from desk_data import FIXED
from pilot import SIZE, open_story, settle, story_list, until
from screen_text import screen_text

from deskapp.config import Settings
from deskapp.core.story import Credit, Role, Status, Story
from deskapp.services import open_services
from deskapp.tui.app import DeskApp
from deskapp.tui.screens.confirm import ConfirmDialog
from deskapp.tui.screens.history import HistoryScreen
from deskapp.tui.screens.story import StoryScreen
from deskapp.tui.screens.suggestions import SuggestionsDialog

VISIT_STORY = Story(
    headline="Harbour guild delegation to visit Norrvik council",
    agency="Meridian",
    credits=[Credit(Role.WRITER, "Ines Varga")],
    published_at=FIXED - timedelta(minutes=5),
    body=(
        "A harbour guild delegation will visit the Norrvik town council on Dec 9, the "
        "guild's spokeswoman said on Friday.\n\n"
        "Guild chair Ola Brenn last year accepted an invitation to visit Port Alder, though "
        "the date of the trip is still unclear.\n\n"
        "The guild has long argued for deeper berths."
    ),
)


async def test_a_shows_the_suggestions_and_one_key_accepts_one(desk):
    services, _ids = desk
    [stored] = services.ingest.store([("fixture:visit", VISIT_STORY)])
    sid = stored.id
    suggested = services.notes.suggestions(sid)
    assert [s.due for s in suggested] == [date(2026, 12, 9), None]
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        await open_story(pilot, sid)
        await pilot.press("a")
        await until(
            pilot,
            lambda: (
                isinstance(app.screen, SuggestionsDialog) and "Wed 2026-12-09" in screen_text(app)
            ),
        )  # drawn, not only pushed
        assert "no date" in screen_text(app)
        await pilot.press("a")  # the first, highlighted: the dated visit
        await until(pilot, lambda: bool(services.stories.get(sid).notes))
        await until(
            pilot, lambda: isinstance(app.screen, StoryScreen) and "Notes" in screen_text(app)
        )
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, SuggestionsDialog))
        await pilot.press("escape")  # ignore the rest: nothing is added
        await until(pilot, lambda: isinstance(app.screen, StoryScreen))
        await settle(pilot)
    [note] = services.stories.get(sid).notes
    assert note.text == suggested[0].text and note.author == "tester"
    assert note.due is not None and note.due.astimezone(services.notes.zone()).date() == date(
        2026, 12, 9
    )
    assert [s.text for s in services.notes.suggestions(sid)] == [suggested[1].text]


async def test_h_shows_every_change_and_reverts_the_chosen_one(desk):
    services, ids = desk
    target = ids[1]  # tagged americas, then noted, in build_desk
    services.stories.set_desk(target, "europe")
    app = DeskApp(services, live_every=None)
    async with app.run_test(size=SIZE) as pilot:
        await open_story(pilot, target)
        await pilot.press("h")
        await until(
            pilot,
            lambda: (
                isinstance(app.screen, HistoryScreen) and "americas → europe" in screen_text(app)
            ),
        )
        text = screen_text(app)  # newest first: before → after
        assert "tester" in text and "note-add" in text
        history = app.screen
        assert history.entries[0].changes["desk"] == ["americas", "europe"]
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("enter")  # "Revert" has the focus
        await until(pilot, lambda: services.stories.get(target).desk == "americas")
        await until(
            pilot,
            lambda: (
                isinstance(app.screen, HistoryScreen)
                and app.screen.entries[0].action == "revert"
                and "europe → americas" in screen_text(app)
            ),
        )
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, StoryScreen))
        await until(pilot, lambda: "americas" in screen_text(app))
    assert [e.action for e in services.stories.history(target)][-2:] == ["desk", "revert"]


async def test_a_change_from_another_editor_shows_live_and_the_cursor_stays(desk, sqlite_url):
    services, ids = desk
    other = open_services(sqlite_url, editor="ana", settings=Settings())
    app = DeskApp(services, live_every=0.2)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            rows = story_list(app)
            rows.move_to_id(ids[4])
            await settle(pilot)
            below = ids[2]  # further down the inbox, not under the cursor
            assert rows.summary(below) is not None and rows.summary(below).open_notes == 0
            other.notes.add(below, "Check the farm's output")
            await until(
                pilot,
                lambda: (s := rows.summary(below)) is not None and s.open_notes == 1,
                timeout=4,
            )
            other.stories.spike(ids[9])  # leaves the inbox, above the cursor
            await until(pilot, lambda: ids[9] not in rows.ids, timeout=4)
            assert rows.current_id == ids[4]
            other.locks.acquire(ids[4])
            await until(
                pilot,
                lambda: (s := rows.summary(ids[4])) is not None and s.locked_by == "ana",
                timeout=6,
            )
            assert "✎ana" in screen_text(app)
            assert rows.current_id == ids[4]
    finally:
        other.close()
    assert services.stories.get(ids[9]).status == Status.SPIKED


def test_history_names_queue_fields_as_an_editor_says_them():
    from datetime import UTC, datetime
    from types import SimpleNamespace

    from deskapp.tui.screens.history import entry_prompt

    entry = SimpleNamespace(
        id=7,
        at=datetime(2026, 11, 27, 9, 30, tzinfo=UTC),
        editor="ana",
        action="queue",
        version=4,
        changes={
            "status": ["inbox", "queued"],
            "queue_position": [None, 3],
            "queue_forced": [False, True],
            "embargo_until": [None, None],
        },
    )
    shown = entry_prompt(entry, UTC).plain
    assert "queue place" in shown and "queued though not ready" in shown and "embargo" in shown
    assert "queue_position" not in shown and "queue_forced" not in shown
    assert "status" in shown  # plain names stay as they are
    lines = {line.split()[0]: line for line in shown.splitlines()[1:]}
    # a stored queue key (3) is no place an editor knows; flags read yes/no
    assert lines["queue"].split("place", 1)[1].split() == [
        "not",
        "in",
        "the",
        "queue",
        "→",
        "in",
        "the",
        "queue",
    ]
    assert lines["queued"].split("ready", 1)[1].split() == ["no", "→", "yes"]
    moves = [
        SimpleNamespace(
            id=8 + n,
            at=entry.at,
            editor="ana",
            action="queue-move",
            version=5 + n,
            changes={"queue_position": pair},
        )
        for n, pair in enumerate([[3072, 1024], [1024, 2048]])
    ]
    up, down = (entry_prompt(m, UTC).plain.splitlines()[1] for m in moves)
    assert up.split("place", 1)[1].split() == ["in", "the", "queue", "→", "moved", "up"]
    assert down.split("place", 1)[1].split() == ["in", "the", "queue", "→", "moved", "down"]


def test_a_row_marks_another_editors_lock_but_not_ones_own():
    from datetime import UTC, datetime

    from deskapp.core.listing import StorySummary
    from deskapp.tui.widgets.story_row import story_line

    now = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)
    summary = StorySummary(
        id=1,
        version=2,
        headline="Harbour strike ends",
        agency="Wire",
        desk="europe",
        suggested_desk=None,
        status=Status.INBOX,
        priority=None,
        published_at=now,
        ingested_at=now,
        locked_by="ana",
    )
    theirs = story_line(summary, 100, now=now, zone=UTC, me="bo").plain
    mine = story_line(summary, 100, now=now, zone=UTC, me="ana").plain
    assert "✎ana" in theirs
    assert "✎" not in mine and "inbox" in mine
