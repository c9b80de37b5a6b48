"""Stories to work on for the shared-newsroom tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from deskapp.core.story import Credit, Role, Story


@pytest.fixture
def new_story(services) -> Callable[..., int]:  # type: ignore[no-untyped-def]
    """Store a fictional wire story and return its id."""

    def make(headline: str = "Harbour board approves ferry timetable", **kw: object) -> int:
        story = Story(
            headline=headline,
            agency="Fictional Wire",
            body=kw.pop("body", "PORT ALDER, Nov 27 - The board met.\n\nIt voted."),
            credits=[Credit(Role.WRITER, "Ana Lima")],
            **kw,
        )  # type: ignore[arg-type]
        [result] = services.ingest.store([(f"test:{headline}", story)])
        return result.id

    return make
