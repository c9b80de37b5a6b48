"""Archiving a story takes its wire versions along; restoring brings them back."""

from __future__ import annotations

from datetime import timedelta

import pytest

from deskapp.core.story import Story
from deskapp.services.errors import NotFound
from tests.archive.conftest import LONG_AGO, at


def test_archive_and_restore_carry_every_version(services):
    def old_story() -> int:
        [first] = services.ingest.store(
            [
                (
                    "a",
                    Story(
                        headline="Dam opens", body="The dam opened.", uid="w:dam", wire_version=1
                    ),
                )
            ]
        )
        services.stories.edit_text(first.id, body="The dam opened on time.")
        services.ingest.store(
            [
                (
                    "b",
                    Story(
                        headline="Dam opens",
                        body="The dam opened late.",
                        uid="w:dam",
                        wire_version=2,
                    ),
                )
            ]
        )
        services.stories.spike(first.id)
        return first.id

    sid = at(services, LONG_AGO, old_story)
    assert isinstance(sid, int)
    before = services.versions.timeline(sid)
    assert [v.n for v in before.versions] == [1, 2] and before.pending == 2
    run = services.archive.archive(timedelta(days=90))
    assert [c.id for c in run.moved] == [sid]
    with pytest.raises(NotFound):
        services.versions.timeline(sid)
    services.archive.restore(sid)
    after = services.versions.timeline(sid)
    assert after == before
