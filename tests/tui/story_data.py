"""Fictional stories for the story screen tests (story screen, dialogs).

The Pilot helpers (waiting, typing, opening a story) live in pilot.py.
"""

from __future__ import annotations

from datetime import timedelta

from desk_data import FIXED

from deskapp.core.story import Credit, Role, Story

LONG_BODY = (
    "A North Korean delegation to visit Seoul next week will discuss the reopening of the "
    "border rail link, the ministry said on Friday.\n\n"
    "The talks were agreed last month after a year without contact."
)


def credited_story(**changes: object) -> Story:
    """A story with every kind of credit, a suggestion and a dateline."""
    fields: dict[str, object] = dict(
        headline="Ferry crews vote to end harbour strike",
        agency="Meridian",
        suggested_desk="europe",
        dateline_place="Norrvik",
        published_at=FIXED - timedelta(minutes=20),
        credits=[
            Credit(Role.WRITER, "Ines Varga"),
            Credit(Role.EDITOR, "Ada Quill"),
            Credit(Role.CONTRIBUTOR, "Priya Raman"),
            Credit(Role.CONTRIBUTOR, "Tomas Reyes"),
            Credit(Role.PHOTOGRAPHER, "Evgenia Novozhenina"),
        ],
        body="Ferry crews voted on Friday to end a strike that had halted harbour "
        "traffic for nine days.\n\nSailings resume at dawn.",
    )
    fields.update(changes)
    return Story(**fields)  # type: ignore[arg-type]


def store(services, story: Story, ref: str = "fixture:story") -> int:  # type: ignore
    [result] = services.ingest.store([(ref, story)])
    return int(result.id)
