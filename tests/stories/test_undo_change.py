"""An editor's undo takes back their own act, field by field, and never someone else's work."""

from __future__ import annotations

import pytest

from deskapp.config import Settings
from deskapp.core.story import Credit, Role, Status, Story
from deskapp.services import open_services
from deskapp.services.errors import Conflict, InvalidInput, LaterChange, NotFound


def wire(headline: str, **kw) -> Story:
    kw.setdefault("body", "First paragraph.\n\nSecond paragraph.")
    kw.setdefault("credits", [Credit(Role.WRITER, "Ana Lima")])
    return Story(headline=headline, agency="Reuters", **kw)


def store(services, story: Story, desk: str | None = None) -> int:
    [result] = services.ingest.store([(f"test:{story.headline}", story)], desk=desk)
    return result.id


@pytest.fixture
def colleague(db_url):
    bo = open_services(db_url, editor="bo", settings=Settings())
    yield bo
    bo.close()


def state(story: Story) -> tuple:
    return (
        story.headline,
        story.body,
        story.desk,
        story.status,
        story.queue_position,
        story.credits,
        [(n.text, n.due, n.resolved_at) for n in story.notes],
        story.wire_version,
    )


def test_an_agency_update_after_my_desk_change_undo_of_my_change_leaves_the_update(services):
    sid = store(services, wire("Quake hits coast", uid="urn:q:1", wire_version=1))
    tagged = services.stories.set_desk(sid, "asia-pacific")
    services.ingest.store(
        [
            (
                "test:v2",
                wire(
                    "Quake hits coast, toll rises",
                    uid="urn:q:1",
                    wire_version=2,
                    body="Toll now 40.",
                ),
            )
        ]
    )
    story = services.stories.undo_change(sid, tagged.version)
    assert story.desk is None and story.status == Status.INBOX
    assert story.headline == "Quake hits coast, toll rises" and story.wire_version == 2
    assert story.body == "Toll now 40."
    last = services.stories.history(sid)[-1]
    assert last.action == "undo" and last.undoes == tagged.version
    assert set(last.changes) == {"desk", "status"}


def test_my_undo_never_takes_back_the_wire_even_when_i_ingested_it(services):
    sid = store(services, wire("Quake hits coast", uid="urn:q:1", wire_version=1))
    services.ingest.store(
        [("test:v2", wire("Quake hits coast, toll rises", uid="urn:q:1", wire_version=2))]
    )
    update = services.stories.history(sid)[-1]
    assert update.action == "wire-update" and update.editor == "tester"
    assert services.stories.last_own_change(sid) is None
    with pytest.raises(InvalidInput, match="cannot be undone"):
        services.stories.undo_change(sid, update.version)
    with pytest.raises(InvalidInput, match="no change of yours"):
        services.stories.undo(sid)
    assert services.stories.get(sid).wire_version == 2


def test_undo_then_redo_gives_the_story_back_exactly(services):
    sid = store(
        services,
        wire(
            "Summit opens",
            credits=[
                Credit(Role.WRITER, "Ana Lima"),
                Credit(Role.CONTRIBUTOR, "Priya Raman"),
                Credit(Role.EDITOR, "Jo Doe"),
            ],
        ),
    )
    services.stories.set_desk(sid, "europe")
    services.notes.add(sid, "call the ministry")
    changed = services.stories.update_credits(
        sid,
        remove=[Credit(Role.CONTRIBUTOR, "Priya Raman")],
        add=[Credit(Role.PHOTOGRAPHER, "Evgenia Novozhenina")],
    )
    before = state(changed)
    undone = services.stories.undo_change(sid, changed.version)
    assert undone.credits == [
        Credit(Role.WRITER, "Ana Lima"),
        Credit(Role.CONTRIBUTOR, "Priya Raman"),
        Credit(Role.EDITOR, "Jo Doe"),
    ]  # back in its old place
    redone = services.stories.undo_change(sid, undone.version)
    assert state(redone) == before
    assert [e.action for e in services.stories.history(sid)][-2:] == ["undo", "redo"]
    with pytest.raises(InvalidInput, match="already undone"):
        services.stories.undo_change(sid, undone.version)


def test_undo_of_my_credit_leaves_a_credit_a_colleague_added_since(services, colleague):
    sid = store(services, wire("Summit opens"))
    mine = services.stories.update_credits(sid, add=[Credit(Role.EDITOR, "Jo Doe")])
    colleague.stories.update_credits(sid, add=[Credit(Role.REPORTER, "Bo Yu")])
    story = services.stories.undo_change(sid, mine.version)
    assert story.credits == [Credit(Role.WRITER, "Ana Lima"), Credit(Role.REPORTER, "Bo Yu")]


def test_undo_asks_before_overwriting_a_colleagues_later_change_to_the_same_field(
    services, colleague
):
    sid = store(services, wire("Summit opens"))
    mine = services.stories.edit_text(sid, headline="Summit opens in Oslo")
    colleague.stories.edit_text(sid, headline="Summit opens in Oslo amid protests")
    with pytest.raises(LaterChange) as asked:
        services.stories.undo_change(sid, mine.version)
    assert [c.editor for c in asked.value.later] == ["bo"]
    assert asked.value.fields == ["headline"] and asked.value.exit_code == 3
    assert "bo changed the headline" in str(asked.value)
    assert services.stories.get(sid).headline == "Summit opens in Oslo amid protests"
    forced = services.stories.undo_change(sid, mine.version, force=True)
    assert forced.headline == "Summit opens"


def test_a_colleague_changing_it_back_is_no_reason_to_ask(services, colleague):
    sid = store(services, wire("Summit opens"))
    mine = services.stories.set_desk(sid, "europe")
    colleague.stories.set_desk(sid, "africa")
    colleague.stories.set_desk(sid, "europe")
    assert services.stories.undo_change(sid, mine.version).desk is None


def test_only_my_own_changes_can_be_undone(services, colleague):
    sid = store(services, wire("Summit opens"))
    theirs = colleague.stories.set_desk(sid, "africa")
    with pytest.raises(InvalidInput, match="made by bo, not you"):
        services.stories.undo_change(sid, theirs.version)
    with pytest.raises(NotFound):
        services.stories.undo_change(sid, 99)
    assert services.stories.last_own_change(sid) is None


def test_undo_walks_back_through_my_own_changes(services, colleague):
    sid = store(services, wire("Summit opens"))
    services.stories.set_desk(sid, "europe")
    services.stories.edit_text(sid, body="New body.")
    colleague.notes.add(sid, "check the venue")  # not mine: never undone by my undo
    assert services.stories.undo(sid).body == "First paragraph.\n\nSecond paragraph."
    story = services.stories.undo(sid)
    assert story.desk is None
    assert [n.text for n in story.notes if not n.resolved] == ["check the venue"]
    with pytest.raises(InvalidInput, match="no change of yours"):
        services.stories.undo(sid)


def test_undo_of_my_note_resolves_it_and_redo_opens_it_again(services):
    sid = store(services, wire("Summit opens"))
    added, _note = services.notes.add(sid, "call the ministry")
    undone = services.stories.undo_change(sid, added.version)
    assert undone.notes[0].resolved and undone.notes[0].text == "call the ministry"
    redone = services.stories.undo_change(sid, undone.version)
    assert not redone.notes[0].resolved


def test_undo_of_a_queueing_takes_the_story_out_and_redo_puts_it_back_in_place(services):
    a, b, c = (store(services, wire(h), desk="europe") for h in ("Alpha", "Bravo", "Charlie"))
    for sid in (a, b, c):
        services.queue.add(sid)
    queued = services.stories.history(b)[-1]
    out = services.stories.undo_change(b, queued.version)
    assert out.status == Status.INBOX and out.queue_position is None  # where it was
    back = services.stories.undo_change(b, out.version)
    assert back.status == Status.QUEUED
    assert [e.story_id for e in services.queue.list_entries()] == [a, b, c]


def test_undo_with_a_stale_expected_version_is_a_conflict(services):
    sid = store(services, wire("Summit opens"))
    mine = services.stories.set_desk(sid, "europe")
    with pytest.raises(Conflict, match="not 7"):
        services.stories.undo_change(sid, mine.version, expect_version=7)
    assert services.stories.get(sid).desk == "europe"


def test_undoing_an_older_act_of_mine_under_a_newer_one_asks_and_names_me(services):
    sid = store(services, wire("Summit opens"))
    first = services.stories.set_desk(sid, "europe")
    services.stories.set_desk(sid, "africa")
    with pytest.raises(LaterChange, match="you changed the desk after version 2"):
        services.stories.undo_change(sid, first.version)
    assert services.stories.get(sid).desk == "africa"


def test_a_later_change_by_a_colleague_and_by_you_names_both_plainly():
    from deskapp.services.errors import ChangeSummary, later_change_message

    later = [
        ChangeSummary(7, "bob", "", "desk", {"desk": ["a", "b"]}),
        ChangeSummary(8, "ana", "", "queue", {"status": ["inbox", "queued"]}),
    ]
    message = later_change_message(6, 4, later, ["desk", "status"], me="ana")
    assert message.startswith("story 6: bob and you changed the desk, status after version 4;")
    assert "(forcing takes it back anyway)" in message
