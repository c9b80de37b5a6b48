"""Fictional stories and Pilot steps for the story screen tests (story screen, dialogs).

The desk-wide Pilot helpers live in pilot.py; they are re-exported here for these tests.
"""

from __future__ import annotations

from datetime import timedelta

from desk_data import FIXED
from pilot import notices, settle, type_text, until

from deskapp.core.story import Credit, Role, Story
from deskapp.tui.screens.story import StoryScreen

LONG_BODY = (
    "A North Korean delegation to visit Seoul next week will discuss the reopening of the "
    "border rail link, the ministry said on Friday.\n\n"
    "The talks were agreed last month after a year without contact."
)


def credited_story(**changes: object) -> Story:
    """A story with every kind of credit, a suggestion and a dateline."""
    fields: dict[str, object] = dict(
        headline="Ferry crews vote to end harbour strike", agency="Meridian",
        suggested_desk="europe", dateline_place="Norrvik",
        published_at=FIXED - timedelta(minutes=20),
        credits=[Credit(Role.WRITER, "Ines Varga"), Credit(Role.EDITOR, "Ada Quill"),
                 Credit(Role.CONTRIBUTOR, "Priya Raman"),
                 Credit(Role.CONTRIBUTOR, "Tomas Reyes"),
                 Credit(Role.PHOTOGRAPHER, "Evgenia Novozhenina")],
        body="Ferry crews voted on Friday to end a strike that had halted harbour "
             "traffic for nine days.\n\nSailings resume at dawn.",
    )
    fields.update(changes)
    return Story(**fields)  # type: ignore[arg-type]


__all__ = ["LONG_BODY", "credited_story", "notices", "read_story", "settle", "store",
           "type_text", "until"]


def store(services, story: Story, ref: str = "fixture:story") -> int:  # type: ignore
    [result] = services.ingest.store([(ref, story)])
    return int(result.id)


async def read_story(pilot, story_id: int) -> StoryScreen:  # type: ignore[no-untyped-def]
    """Open a story's screen (as enter on its row does) and wait until it shows the story."""
    app = pilot.app
    await settle(pilot)
    app.push_screen(StoryScreen(story_id))
    await until(pilot, lambda: isinstance(app.screen, StoryScreen)
                and app.screen.story is not None)
    await settle(pilot)
    return app.screen  # type: ignore[return-value]
