"""A choice on a held wire update applies to the version the editor was shown: when a
newer one arrived, or the text or base moved, since, nothing is applied (Conflict).

Runs on SQLite and PostgreSQL (`services`)."""

from __future__ import annotations

import pytest

from deskapp.services.errors import Conflict
from tests.versions.test_version_service import QUOTE, edited_then_updated, take_in, wire


def test_take_and_keep_refuse_when_a_newer_version_waits_than_the_one_seen(services):
    sid = edited_then_updated(services)
    seen = services.versions.timeline(sid)
    assert seen.pending == 2
    take_in(services, wire(3, lead="Rain closed the port for a third day."))
    for choose in (services.versions.take, services.versions.keep):
        with pytest.raises(Conflict) as refusal:
            choose(sid, expect_pending=seen.pending)
        assert "changed since you looked" in str(refusal.value)
        with pytest.raises(Conflict):
            choose(sid, expect_version=seen.story_version)
    story = services.stories.get(sid)
    assert (story.headline, story.wire_pending) == ("Storm closes Bergen port", 3)
    assert services.versions.take(sid, expect_pending=3).wire_pending is None


def test_a_merge_planned_before_a_newer_version_arrived_is_refused(services):
    _, sid = take_in(services, wire(1))
    services.stories.edit_text(sid, body="\n\n".join(["Editor's lead.", QUOTE, "Editor's end."]))
    take_in(services, wire(2, lead="Wire's new lead."))
    plan = services.versions.merge_plan(sid)
    assert plan.conflicts == 1 and (plan.base, plan.pending.n) == (1, 2)
    take_in(services, wire(3, lead="Wire's lead, again.", background="Wire's end."))
    with pytest.raises(Conflict):
        services.versions.merge(
            sid,
            ["wire"],
            expect_version=plan.version,
            expect_pending=plan.pending.n,
            expect_base=plan.base,
        )
    assert services.stories.get(sid).body.startswith("Editor's lead.")


def test_a_merge_planned_before_the_text_changed_is_refused(services):
    _, sid = take_in(services, wire(1))
    services.stories.edit_text(sid, body="\n\n".join(["Editor's lead.", QUOTE]))
    take_in(services, wire(2, lead="Wire's new lead."))
    plan = services.versions.merge_plan(sid)
    services.stories.edit_text(sid, body="\n\n".join(["Editor's lead.", QUOTE, "More."]))
    with pytest.raises(Conflict):
        services.versions.merge(
            sid, ["mine"], expect_version=plan.version, expect_pending=plan.pending.n
        )
    fresh = services.versions.merge_plan(sid)
    merged = services.versions.merge(
        sid, ["mine"], expect_version=fresh.version, expect_pending=fresh.pending.n
    )
    assert merged.body.endswith("More.") and merged.wire_pending is None


def test_take_of_a_version_without_a_headline_keeps_the_desks(services):
    sid = edited_then_updated(services)
    take_in(services, wire(3, headline="", lead="Rain closed the port for a third day."))
    taken = services.versions.take(sid)
    assert taken.headline == "Storm closes Bergen port"
    assert taken.body.startswith("Rain closed the port for a third day.")
