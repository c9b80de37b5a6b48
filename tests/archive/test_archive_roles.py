"""Archiving on a PostgreSQL desk with roles: a chief's act, checked at both doors.

The services refuse a reporter or an editor before touching anything; the
database refuses them too (a login with psql cannot move, nor delete, a story),
while any role reads the archive.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

import psycopg
import pytest

from deskapp.core.listing import StoryFilter
from deskapp.core.permissions import DeskRole
from deskapp.core.story import Credit, Role, Story
from deskapp.services.guard import NotPermitted
from tests.archive.conftest import LONG_AGO, at
from tests.roles import conftest as roles

# the newsroom of the role tests: a database set up with one login per role
newsroom = roles.newsroom
room = roles.room

pytestmark = pytest.mark.postgres

REPORTER, EDITOR, CHIEF, ADMIN = DeskRole
NINETY_DAYS = timedelta(days=90)


def _old_spiked(room) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    owner = room.services(None, "wire")
    tag = uuid.uuid4().hex[:8]
    story = Story(
        headline=f"Quarry licence lapses {tag}",
        body="The licence lapsed.",
        uid=f"w-quarry-{tag}",
        credits=[Credit(Role.WRITER, "Cy Wire")],
    )
    [result] = at(owner, LONG_AGO, lambda: owner.ingest.store([(tag, story)]))  # type: ignore[misc]
    at(owner, LONG_AGO, lambda: owner.stories.spike(result.id))
    return result.id, tag


@pytest.mark.parametrize("role", [REPORTER, EDITOR])
def test_below_a_chief_archiving_is_refused_at_both_doors(room, role: DeskRole):
    story_id, _ = _old_spiked(room)
    svc = room.services(role)
    with pytest.raises(NotPermitted, match=f"archiving needs the chief role .*{role.label}"):
        svc.archive.archive(NINETY_DAYS)
    with pytest.raises(NotPermitted, match="archiving needs the chief role"):
        svc.archive.restore(story_id)
    assert story_id in [c.id for c in svc.archive.plan(NINETY_DAYS).moved]  # a dry run reads
    with psycopg.connect(room.dsn(role)) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="archiving needs"):
            conn.execute("SELECT desk_archive_move(ARRAY[%s], now(), 'x')", [story_id])
        conn.rollback()
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("DELETE FROM story WHERE id = %s", [story_id])
    assert svc.stories.get(story_id).id == story_id


def test_a_chief_archives_and_restores_and_every_role_reads_the_archive(room):
    story_id, tag = _old_spiked(room)
    chief = room.services(CHIEF)
    run = chief.archive.archive(NINETY_DAYS)
    assert story_id in [c.id for c in run.moved]
    reporter = room.services(REPORTER)
    [found] = reporter.archive.list_stories(StoryFilter(search=tag))
    assert found.summary.id == story_id
    archived = reporter.archive.get(story_id)
    assert archived.archived_by == room.logins[CHIEF]
    assert reporter.archive.history(story_id)[-1].editor == room.logins[CHIEF]
    back = chief.archive.restore(story_id)
    assert back.story.id == story_id
    assert [e.action for e in reporter.stories.history(story_id)][-2:] == ["archive", "restore"]
