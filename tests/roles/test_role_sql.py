"""What a login can do straight through SQL, as from psql or a script that bypasses Deskapp."""

from __future__ import annotations

import psycopg
import pytest
from psycopg import errors

from deskapp.core.permissions import DeskRole
from deskapp.core.story import Credit, Role

pytestmark = pytest.mark.postgres

REPORTER, EDITOR, CHIEF, ADMIN = DeskRole


def sql(room, role: DeskRole, statement: str, *params: object) -> list[tuple]:  # type: ignore[no-untyped-def]
    with psycopg.connect(room.dsn(role), autocommit=True) as conn:
        cur = conn.execute(statement, params or None)
        return cur.fetchall() if cur.description else []


def test_a_reporter_cannot_queue_a_story_from_psql(room, make_story):
    story_id = make_story()
    with pytest.raises(errors.InsufficientPrivilege) as refusal:
        sql(room, REPORTER, "UPDATE story SET status = 'queued' WHERE id = %s", story_id)
    assert str(refusal.value).splitlines()[0] == (
        f"not allowed: queueing needs the editor role (you are {room.logins[REPORTER]}, reporter)"
    )
    assert sql(room, REPORTER, "SELECT status FROM story WHERE id = %s", story_id) == [("inbox",)]


@pytest.mark.parametrize(
    "statement, words",
    [
        ("UPDATE story SET desk = 'europe' WHERE id = %s", "setting the desk needs the editor"),
        ("UPDATE story SET priority = 1 WHERE id = %s", "setting priority needs the editor"),
        ("UPDATE story SET status = 'spiked' WHERE id = %s", "spiking needs the editor"),
        ("UPDATE story SET headline = 'Mine now' WHERE id = %s", "editing a story that is not"),
        ("UPDATE story SET exported_at = now() WHERE id = %s", "exporting needs the chief"),
        ("UPDATE story SET killed = true WHERE id = %s", "killing a story needs the chief"),
    ],
)
def test_a_reporters_updates_beyond_their_role_are_refused(room, make_story, statement, words):
    story_id = make_story()
    with pytest.raises(errors.InsufficientPrivilege, match=words):
        sql(room, REPORTER, statement, story_id)


def test_table_privileges_keep_a_reporter_out_of_credits_feeds_and_new_stories(room, make_story):
    story_id = make_story()
    for statement in (
        f"INSERT INTO credit (story_id, role, name, ord) VALUES ({story_id}, 'writer', 'Me', 9)",
        f"DELETE FROM credit WHERE story_id = {story_id}",
        "INSERT INTO feed (url, name, every_seconds, failures, items_seen, "
        "items_new) VALUES ('https://example.org/rss', 'x', 300, 0, 0, 0)",
        "DELETE FROM story_event",
        "UPDATE story_event SET editor = 'nobody'",
    ):
        with pytest.raises(errors.InsufficientPrivilege):
            sql(room, REPORTER, statement)


def test_history_rows_cannot_carry_another_name(room, make_story):
    story_id = make_story()
    insert = (
        "INSERT INTO story_event (story_id, at, editor, action, version, changes) "
        "VALUES (%s, now(), %s, 'note-add', 1, '{}')"
    )
    for role in (REPORTER, EDITOR, CHIEF):
        with pytest.raises(errors.InsufficientPrivilege, match="row-level security"):
            sql(room, role, insert, story_id, "Somebody Else")
    sql(room, REPORTER, insert, story_id, room.logins[REPORTER])  # under one's own login: fine
    sql(room, ADMIN, insert, story_id, "Import Bot")  # an admin imports under other names


def test_only_a_chief_records_a_revert_or_a_takeover(room, make_story):
    story_id = make_story()
    insert = (
        "INSERT INTO story_event (story_id, at, editor, action, version, changes) "
        "VALUES (%s, now(), %s, %s, 1, '{}')"
    )
    for action in ("revert", "lock-takeover"):
        with pytest.raises(errors.InsufficientPrivilege):
            sql(room, EDITOR, insert, story_id, room.logins[EDITOR], action)
        sql(room, CHIEF, insert, story_id, room.logins[CHIEF], action)


@pytest.mark.parametrize("role", [EDITOR, CHIEF])
def test_a_story_enters_the_queue_ready_or_forced(room, make_story, role):
    story_id = make_story(credits=[])
    with pytest.raises(errors.CheckViolation) as refusal:
        sql(
            room,
            role,
            "UPDATE story SET status = 'queued', queue_position = 1 WHERE id = %s",
            story_id,
        )
    assert str(refusal.value).splitlines()[0] == (
        f"story {story_id} is not ready to queue: it needs a desk, a writer credit "
        "(or queue it forced)"
    )
    sql(
        room,
        role,
        "UPDATE story SET status = 'queued', queue_position = 1, queue_forced = true WHERE id = %s",
        story_id,
    )
    ready = make_story()
    sql(room, role, "UPDATE story SET desk = 'europe' WHERE id = %s", ready)
    sql(room, role, "UPDATE story SET status = 'queued', queue_position = 2 WHERE id = %s", ready)


def test_an_editor_may_not_mark_a_story_exported(room, make_story):
    story_id = make_story()
    sql(room, EDITOR, "UPDATE story SET desk = 'europe', status = 'queued' WHERE id = %s", story_id)
    with pytest.raises(errors.InsufficientPrivilege, match="exporting needs the chief"):
        sql(room, EDITOR, "UPDATE story SET status = 'published' WHERE id = %s", story_id)
    sql(
        room,
        CHIEF,
        "UPDATE story SET status = 'published', exported_at = now() WHERE id = %s",
        story_id,
    )


def test_a_reporter_edits_a_story_credited_to_their_display_name(room, make_story):
    story_id = make_story(credits=[Credit(Role.WRITER, room.displays[REPORTER].lower())])
    sql(room, REPORTER, "UPDATE story SET headline = 'Filed by me' WHERE id = %s", story_id)
    assert sql(room, EDITOR, "SELECT headline FROM story WHERE id = %s", story_id) == [
        ("Filed by me",)
    ]


def test_locks_and_drafts_belong_to_their_login(room, make_story):
    story_id = make_story()
    rep, ed = room.logins[REPORTER], room.logins[EDITOR]
    sql(
        room,
        REPORTER,
        "INSERT INTO story_lock (story_id, editor, acquired_at, heartbeat_at) "
        "VALUES (%s, %s, now(), now())",
        story_id,
        rep,
    )
    with pytest.raises(errors.InsufficientPrivilege):  # taking a lock in someone's name
        sql(
            room,
            REPORTER,
            "INSERT INTO story_lock (story_id, editor, acquired_at, "
            "heartbeat_at) VALUES (%s, %s, now(), now())",
            make_story(),
            ed,
        )
    # an editor's takeover of a live lock touches no row; a chief's does
    assert (
        sql(
            room,
            EDITOR,
            "UPDATE story_lock SET editor = %s WHERE story_id = %s RETURNING editor",
            ed,
            story_id,
        )
        == []
    )
    assert sql(
        room, CHIEF, "DELETE FROM story_lock WHERE story_id = %s RETURNING editor", story_id
    ) == [(rep,)]
    sql(
        room,
        EDITOR,
        "INSERT INTO draft (story_id, editor, base_version, headline, body, "
        "saved_at) VALUES (%s, %s, 1, 'h', 'b', now())",
        story_id,
        ed,
    )
    assert sql(room, REPORTER, "SELECT count(*) FROM draft WHERE story_id = %s", story_id) == [
        (0,)
    ]  # nobody reads another's unsaved draft


def test_a_note_keeps_its_author(room, make_story):
    story_id = make_story()
    [(note_id,)] = sql(
        room,
        REPORTER,
        "INSERT INTO note (story_id, text, author, from_wire) "
        "VALUES (%s, 'call the port', %s, false) RETURNING id",
        story_id,
        room.logins[REPORTER],
    )
    sql(room, EDITOR, "UPDATE note SET resolved_at = now() WHERE id = %s", note_id)
    for role in (REPORTER, EDITOR, CHIEF):
        with pytest.raises(errors.InsufficientPrivilege):
            sql(room, role, "UPDATE note SET author = 'someone' WHERE id = %s", note_id)
    with pytest.raises(errors.InsufficientPrivilege):  # a note in someone else's name
        sql(
            room,
            REPORTER,
            "INSERT INTO note (story_id, text, author, from_wire) "
            "VALUES (%s, 'x', 'Chief Editor', false)",
            story_id,
        )


def test_people_are_managed_only_by_an_admin(room):
    with pytest.raises(errors.InsufficientPrivilege):  # internal: not even for admins
        sql(room, ADMIN, "SELECT desk_person_grant(%s, 'desk_admin')", room.logins[CHIEF])
    with pytest.raises(errors.InsufficientPrivilege):
        sql(room, CHIEF, "SELECT desk_person_add('intruder_x', 'desk_admin', '', '')")
    with pytest.raises(errors.InsufficientPrivilege):
        sql(room, CHIEF, "GRANT desk_admin TO " + room.logins[CHIEF])
    with pytest.raises(errors.InsufficientPrivilege):
        sql(room, CHIEF, "INSERT INTO desk_people (login) VALUES ('intruder_x')")


@pytest.mark.parametrize(
    "statement, words",
    [
        ("UPDATE story SET withdrawn = true WHERE id = %s", "ingesting needs the editor"),
        ("UPDATE story SET corrected = true WHERE id = %s", "ingesting needs the editor"),
        ("UPDATE story SET queue_forced = true WHERE id = %s", "queueing needs the editor"),
    ],
)
def test_a_reporter_cannot_set_the_wires_flags_or_queue_state(room, make_story, statement, words):
    story_id = make_story()
    with pytest.raises(errors.InsufficientPrivilege, match=words):
        sql(room, REPORTER, statement, story_id)


def test_an_editor_kills_a_story_only_with_a_new_wire_version(room, make_story):
    story_id = make_story()
    with pytest.raises(errors.InsufficientPrivilege, match="killing a story needs the chief"):
        sql(room, EDITOR, "UPDATE story SET killed = true WHERE id = %s", story_id)
    sql(room, EDITOR, "UPDATE story SET killed = true, raw_text = 'KILL' WHERE id = %s", story_id)
    assert sql(room, EDITOR, "SELECT killed FROM story WHERE id = %s", story_id) == [(True,)]
    with pytest.raises(errors.InsufficientPrivilege, match="killing a story needs the chief"):
        sql(room, EDITOR, "UPDATE story SET killed = false WHERE id = %s", story_id)
