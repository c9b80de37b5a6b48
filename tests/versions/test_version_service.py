"""Every wire version of a story is kept; an editor's text is never overwritten by one.

Runs on SQLite and PostgreSQL (`services`)."""

from __future__ import annotations

from datetime import UTC

import pytest

from deskapp.core.story import Credit, Role, Story
from deskapp.core.wire_versions import CURRENT
from deskapp.services.errors import BadValue, NotFound

LEAD = "Rain closed the port of Bergen on Monday."
QUOTE = '"We have never seen this," the harbour master said.'
BACKGROUND = "The port handles a third of the region's freight."


def wire(version: int, *, lead: str = LEAD, background: str = BACKGROUND, **kw) -> Story:
    story = Story(
        headline=kw.pop("headline", "Storm shuts Bergen port"),
        body="\n\n".join([lead, QUOTE, background]),
        uid="fictwire:bergen-port",
        wire_version=version,
        agency="Fictwire",
        credits=[Credit(Role.WRITER, "Ola Nordmann")],
        **kw,
    )
    return story


def take_in(services, story: Story) -> tuple[str, int]:
    [result] = services.ingest.store([(f"v{story.wire_version}", story)])
    assert result.id is not None
    return result.status, result.id


def test_an_update_of_an_unedited_story_replaces_its_copy_and_both_versions_are_kept(services):
    _, sid = take_in(services, wire(1))
    status, same = take_in(
        services,
        wire(2, lead="Rain closed Bergen's port for a second day.", version_label="UPDATE 1"),
    )
    assert (status, same) == ("updated", sid)
    story = services.stories.get(sid)
    assert story.body.startswith("Rain closed Bergen's port for a second day.")
    assert story.wire_pending is None
    timeline = services.versions.timeline(sid)
    assert [(v.n, v.label) for v in timeline.versions] == [(1, "v1"), (2, "UPDATE 1")]
    assert timeline.versions[0].body.startswith(LEAD)
    assert (timeline.base, timeline.pending, timeline.edited) == (2, None, False)


def test_a_story_never_updated_shows_its_copy_as_version_one_and_stores_nothing(services):
    _, sid = take_in(services, wire(1))
    timeline = services.versions.timeline(sid)
    assert [v.n for v in timeline.versions] == [1]
    assert services.versions.diff(sid, 1, CURRENT).body == [("=", wire(1).body)]


def test_the_word_diff_between_two_versions_marks_what_the_wire_changed(services):
    _, sid = take_in(services, wire(1))
    take_in(
        services,
        wire(2, lead="Rain closed the port of Bergen on Tuesday.", dateline_place="Bergen"),
    )
    diff = services.versions.diff(sid, 1, 2)
    assert ("-", "Monday") in diff.body and ("+", "Tuesday") in diff.body
    assert diff.lines == ("dateline: (none) → Bergen",)
    with pytest.raises(BadValue):
        services.versions.diff(sid, 1, 7)


def edited_then_updated(services, *, lead: str = "Rain shut Bergen's port on Monday.") -> int:
    _, sid = take_in(services, wire(1))
    body = "\n\n".join([lead, QUOTE, BACKGROUND])
    services.stories.edit_text(sid, headline="Storm closes Bergen port", body=body)
    status, _ = take_in(
        services,
        wire(
            2,
            background="The port handles half of the region's freight.",
            version_label="UPDATE 1",
        ),
    )
    assert status == "updated"
    return sid


def test_an_update_never_overwrites_what_the_editor_wrote(services):
    sid = edited_then_updated(services)
    story = services.stories.get(sid)
    assert story.headline == "Storm closes Bergen port"
    assert story.body.startswith("Rain shut Bergen's port on Monday.")
    assert "a third of the region" in story.body  # the wire's new background waits
    assert story.wire_pending == 2
    timeline = services.versions.timeline(sid)
    assert (timeline.base, timeline.pending, timeline.edited) == (1, 2, True)
    assert timeline.versions[0].headline == "Storm shuts Bergen port"  # the wire's original


def test_take_puts_the_wire_text_in_and_undo_brings_the_editors_back(services):
    sid = edited_then_updated(services)
    taken = services.versions.take(sid)
    assert taken.headline == "Storm shuts Bergen port"
    assert taken.body == wire(2, background="The port handles half of the region's freight.").body
    assert taken.wire_pending is None
    services.stories.undo(sid)
    back = services.stories.get(sid)
    assert (back.headline, back.wire_pending) == ("Storm closes Bergen port", 2)


def test_keep_leaves_the_editors_text_and_moves_its_base(services):
    sid = edited_then_updated(services)
    kept = services.versions.keep(sid)
    assert kept.headline == "Storm closes Bergen port"
    assert kept.wire_pending is None
    assert services.versions.timeline(sid).base == 2
    with pytest.raises(NotFound):
        services.versions.take(sid)  # nothing waits any more
    services.stories.undo(sid)
    assert services.stories.get(sid).wire_pending == 2


def test_merge_takes_each_sides_own_changes_and_asks_about_clashes(services):
    sid = edited_then_updated(services)
    plan = services.versions.merge_plan(sid)
    # headline changed by the editor only, lead by the editor only, background by the wire
    assert plan.conflicts == 0
    merged = services.versions.merge(sid, [])
    assert merged.headline == "Storm closes Bergen port"
    assert merged.body.startswith("Rain shut Bergen's port on Monday.")
    assert merged.body.endswith("The port handles half of the region's freight.")
    services.stories.undo(sid)
    assert "a third of the region" in services.stories.get(sid).body


def test_a_clash_in_one_paragraph_is_decided_by_the_editor(services):
    _, sid = take_in(services, wire(1))
    services.stories.edit_text(sid, body="\n\n".join(["Editor's lead.", QUOTE, BACKGROUND]))
    take_in(services, wire(2, lead="Wire's new lead."))
    plan = services.versions.merge_plan(sid)
    [conflict] = plan.body.conflicts
    assert (conflict.mine, conflict.theirs) == (("Editor's lead.",), ("Wire's new lead.",))
    with pytest.raises(BadValue):
        services.versions.merge(sid, [])
    assert services.versions.merge(sid, ["wire"]).body.startswith("Wire's new lead.")


def test_a_second_update_while_one_waits_is_kept_and_waits_instead(services):
    sid = edited_then_updated(services)
    take_in(services, wire(3, lead="Rain closed the port for a third day."))
    timeline = services.versions.timeline(sid)
    assert [v.n for v in timeline.versions] == [1, 2, 3]
    assert timeline.pending == 3
    assert services.stories.get(sid).headline == "Storm closes Bergen port"


def test_the_history_says_what_each_choice_did(services):
    sid = edited_then_updated(services)
    services.versions.keep(sid)
    actions = [e.action for e in services.stories.history(sid)]
    assert actions == ["ingest", "edit", "wire-update", "wire-keep"]


def test_the_desk_list_marks_a_story_whose_wire_update_waits(services):
    from deskapp.tui.widgets.story_row import story_line

    sid = edited_then_updated(services)
    summary = services.stories.summaries([sid])[sid]
    assert summary.wire_pending == 2
    line = story_line(summary, 80, now=services.ctx.now(), zone=UTC)
    assert "↻ Storm closes Bergen port" in line.plain
    services.versions.keep(sid)
    assert services.stories.summaries([sid])[sid].wire_pending is None
