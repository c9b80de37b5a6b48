"""Each role's allowed and refused actions through the services, as the desk calls them."""

from __future__ import annotations

import pytest

from deskapp.core.permissions import DeskRole
from deskapp.core.story import Credit, Role, Status
from deskapp.services.guard import NotPermitted

pytestmark = pytest.mark.postgres

REPORTER, EDITOR, CHIEF, ADMIN = DeskRole


def refused(room, role: DeskRole, doing: str, need: str) -> str:  # type: ignore[no-untyped-def]
    return f"not allowed: {doing} needs the {need} role (you are {room.logins[role]}, {role.label})"


def test_the_acting_editor_is_the_login_and_its_role(room):
    svc = room.services(REPORTER)
    assert svc.editor == room.logins[REPORTER]
    assert svc.ctx.login == room.logins[REPORTER] and svc.ctx.role is REPORTER


def test_a_reporter_cannot_forge_another_name(room):
    with pytest.raises(NotPermitted) as refusal:
        room.services(REPORTER, editor="Chief Editor")
    assert str(refusal.value) == refused(room, REPORTER, "acting as someone else (--as)", "admin")
    assert refusal.value.exit_code == 5


def test_naming_yourself_is_not_forging(room):
    svc = room.services(EDITOR, editor=room.logins[EDITOR])
    assert svc.editor == room.logins[EDITOR]


def test_an_admin_may_act_as_someone_else_for_imports(room, make_story):
    story_id = make_story()
    svc = room.services(ADMIN, editor="Import Bot")
    svc.notes.add(story_id, "imported from the old desk")
    assert svc.history.entries(story_id)[-1].editor == "Import Bot"


def test_a_reporter_reads_and_adds_notes_under_their_login(room, make_story):
    story_id = make_story()
    svc = room.services(REPORTER)
    assert svc.stories.get(story_id).id == story_id
    svc.notes.add(story_id, "call the harbour master")
    last = svc.history.entries(story_id)[-1]
    assert (last.action, last.editor) == ("note-add", room.logins[REPORTER])


def test_a_reporter_is_refused_the_editors_work(room, make_story):
    story_id = make_story()
    svc = room.services(REPORTER)
    attempts = [
        (lambda: svc.queue.add(story_id, force=True), "queueing", "editor"),
        (lambda: svc.stories.set_desk(story_id, "europe"), "setting the desk", "editor"),
        (
            lambda: svc.stories.update_credits(story_id, add=[Credit(Role.WRITER, "Me")]),
            "crediting",
            "editor",
        ),
        (lambda: svc.stories.spike(story_id), "spiking", "editor"),
        (lambda: svc.queue.set_priority(story_id, 1), "setting priority", "editor"),
        (lambda: svc.export.export("/nonexistent/never-written"), "exporting", "chief"),
        (lambda: svc.locks.acquire(story_id, take_over=True), "taking over a lock", "chief"),
    ]
    version = svc.stories.get(story_id).version
    for attempt, doing, need in attempts:
        with pytest.raises(NotPermitted) as refusal:
            attempt()
        assert str(refusal.value) == refused(room, REPORTER, doing, need)
    assert svc.stories.get(story_id).version == version  # nothing changed


def test_a_reporter_edits_text_only_of_stories_in_editing_or_credited_to_them(room, make_story):
    rep = room.services(REPORTER)
    ed = room.services(EDITOR)
    in_inbox = make_story()
    in_editing = make_story()
    ed.stories.set_desk(in_editing, "europe")  # inbox -> editing
    theirs = make_story(credits=[Credit(Role.REPORTER, room.displays[REPORTER])])

    with pytest.raises(NotPermitted) as refusal:
        rep.stories.edit_text(in_inbox, headline="Reporter's own headline")
    assert str(refusal.value).startswith("not allowed: editing a story that is not in editing")
    assert rep.stories.get(in_inbox).version == 1

    assert rep.stories.edit_text(in_editing, body="New body.").body == "New body."
    edited = rep.stories.edit_text(theirs, headline="Their headline")
    assert (edited.headline, edited.status) == ("Their headline", Status.EDITING)
    assert rep.history.entries(theirs)[-1].editor == room.logins[REPORTER]


def test_an_editor_desks_credits_and_queues_but_does_not_export_or_revert(room, make_story):
    story_id = make_story()
    ed = room.services(EDITOR)
    ed.stories.set_desk(story_id, "europe")
    ed.stories.update_credits(story_id, add=[Credit(Role.WRITER, "Ana Lima")])
    ed.queue.add(story_id, priority=2)
    assert ed.queue.position(story_id) is not None
    ed.stories.spike(story_id)
    ed.stories.unspike(story_id)
    first = ed.history.entries(story_id)[1]
    with pytest.raises(NotPermitted, match="reverting needs the chief role"):
        ed.history.revert(story_id, first.id)
    with pytest.raises(NotPermitted, match="exporting needs the chief role"):
        ed.export.export("/nonexistent/never-written")
    assert {e.editor for e in ed.history.entries(story_id)[1:]} == {room.logins[EDITOR]}


def test_locks_belong_to_a_login_and_only_a_chief_takes_one_over(room, make_story):
    from deskapp.services.locks import Locked

    story_id = make_story()
    room.services(REPORTER).locks.acquire(story_id)
    ed = room.services(EDITOR)
    with pytest.raises(Locked):
        ed.locks.acquire(story_id)
    with pytest.raises(NotPermitted, match="taking over a lock needs the chief role"):
        ed.locks.acquire(story_id, take_over=True)
    chief = room.services(CHIEF)
    assert chief.locks.acquire(story_id, take_over=True).editor == room.logins[CHIEF]
    last = chief.history.entries(story_id)[-1]
    assert last.action == "lock-takeover"
    assert last.changes["lock"] == [room.logins[REPORTER], room.logins[CHIEF]]


def test_a_chief_reverts_anyones_change_and_exports(room, make_story, tmp_path):
    story_id = make_story()
    ed = room.services(EDITOR)
    ed.stories.set_desk(story_id, "europe")
    chief = room.services(CHIEF)
    change = chief.history.entries(story_id)[-1]
    assert chief.history.revert(story_id, change.id).desk is None
    assert chief.history.entries(story_id)[-1].editor == room.logins[CHIEF]

    ed.stories.set_desk(story_id, "europe")
    ed.queue.add(story_id)
    report = chief.export.export(tmp_path / "out")
    assert story_id in {s.story_id for s in report.exported}
    assert chief.stories.get(story_id).status == Status.PUBLISHED


def test_only_a_chief_takes_an_exported_story_down(room, make_story, tmp_path):
    story_id = make_story()
    ed = room.services(EDITOR)
    ed.stories.set_desk(story_id, "europe")
    ed.queue.add(story_id)
    chief = room.services(CHIEF)
    [exported] = chief.export.export(tmp_path / "out").exported
    page = tmp_path / "out" / exported.name
    assert page.exists()
    with pytest.raises(NotPermitted, match="exporting needs the chief role"):
        ed.export.unpublish(story_id)
    assert page.exists()
    assert chief.export.unpublish(story_id) == [str(page)]
    assert not page.exists()
    last = chief.history.entries(story_id)[-1]
    assert (last.action, last.editor) == ("unpublish", room.logins[CHIEF])


def test_an_editor_ingests_a_batch_with_wire_notes_under_row_security(room):
    """Notes and history are under row-level security, which COPY refuses for a desk
    login: the batch goes in with one INSERT a table, and reads back whole."""
    import uuid

    from deskapp.core.story import Story

    tag = uuid.uuid4().hex[:8]
    svc = room.services(EDITOR)
    stories = [
        Story(
            headline=f"Ferry {n} {tag}",
            body=f"PORT ALDER - Tab\there, back\\slash, \\N ({tag}).",
            agency="Fictional Wire",
            credits=[Credit(Role.WRITER, "Cy Wire")],
            wire_notes=[f"Embargoed\tuntil noon {n}", "\\N"],
            keywords=["ferry", 'quote " \\'],
        )
        for n in range(3)
    ]
    results = svc.ingest.store([(f"test:{tag}:{n}", s) for n, s in enumerate(stories)])
    assert [r.status for r in results] == ["new", "new", "new"]
    for n, result in enumerate(results):
        story = svc.stories.get(result.id)
        assert [(x.text, x.author, x.from_wire) for x in story.notes] == [
            (f"Embargoed\tuntil noon {n}", "Fictional Wire", True),
            ("\\N", "Fictional Wire", True),
        ]
        assert story.keywords == ["ferry", 'quote " \\']
        [event] = svc.history.entries(result.id)
        assert (event.action, event.editor, event.version) == (
            "ingest",
            room.logins[EDITOR],
            1,
        )
        assert event.changes == {"source": [None, f"test:{tag}:{n}"]}


def test_an_editor_ingests_where_temporary_tables_are_revoked(room):
    """Ingest stages a batch in a temporary table; where an administrator revoked
    TEMPORARY the batch goes in with one INSERT instead, searchable all the same."""
    import uuid

    import psycopg

    from deskapp.core.listing import StoryFilter
    from deskapp.core.story import Story
    from tests.conftest import PG_BASE

    tag = uuid.uuid4().hex[:8]
    owner_dsn = PG_BASE.replace("postgresql+psycopg://", "postgresql://").rsplit("/", 1)[0]
    with psycopg.connect(f"{owner_dsn}/{room.database}", autocommit=True) as conn:
        conn.execute(f'REVOKE TEMPORARY ON DATABASE "{room.database}" FROM PUBLIC')
    try:
        svc = room.services(EDITOR)
        stories = [
            Story(
                headline=f"Lighthouse {n} relit {tag}",
                body=f"PORT ALDER - The keeper\tsaid so \\ ({tag}).",
                agency="Fictional Wire",
                credits=[Credit(Role.WRITER, f"Keeper{tag}")],
                keywords=["light", 'quote " \\'],
            )
            for n in range(2)
        ]
        results = svc.ingest.store([(f"test:{tag}:{n}", s) for n, s in enumerate(stories)])
        assert [r.status for r in results] == ["new", "new"]
        got = svc.stories.get(results[1].id)
        assert (got.headline, got.body, got.keywords) == (
            f"Lighthouse 1 relit {tag}",
            stories[1].body,
            ["light", 'quote " \\'],
        )
        found = svc.stories.ids(StoryFilter(search=f"keeper{tag}"))
        assert sorted(found) == sorted(r.id for r in results)
    finally:
        with psycopg.connect(f"{owner_dsn}/{room.database}", autocommit=True) as conn:
            conn.execute(f'GRANT TEMPORARY ON DATABASE "{room.database}" TO PUBLIC')
