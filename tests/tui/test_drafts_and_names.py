"""The two small services behind the editor and the credits form, on both databases."""

from __future__ import annotations

import pytest

from deskapp.core.story import Credit, Role, Story
from deskapp.services.drafts import DraftService
from deskapp.services.errors import NotFound
from deskapp.services.names import NameService


def store(services, *stories: Story) -> list[int]:  # type: ignore[no-untyped-def]
    return [r.id for r in services.ingest.store([(f"t:{s.headline}", s) for s in stories])]


def test_a_draft_is_kept_per_editor_and_records_no_change(services):
    [sid] = store(services, Story(headline="Bridge reopens", body="Traffic resumed."))
    drafts = DraftService(services.ctx)
    assert drafts.load(sid) is None
    drafts.save(sid, headline="Bridge reopens early", body="Traffic resumed.", base_version=1)
    drafts.save(sid, headline="Bridge reopens at dawn", body="Traffic resumed.", base_version=1)
    draft = drafts.load(sid)
    assert draft is not None and draft.headline == "Bridge reopens at dawn"
    assert draft.base_version == 1 and draft.saved_at is not None
    story = services.stories.get(sid)
    assert story.version == 1 and story.headline == "Bridge reopens"
    assert [e.action for e in services.stories.history(sid)] == ["ingest"]
    services.ctx.editor = "ana"  # another editor has no draft of it
    assert drafts.load(sid) is None
    services.ctx.editor = "tester"
    assert drafts.discard(sid) is True
    assert drafts.load(sid) is None
    assert drafts.discard(sid) is False


def test_a_draft_of_a_missing_story_is_refused(services):
    with pytest.raises(NotFound):
        DraftService(services.ctx).save(999, headline="x", body="", base_version=1)


def test_known_names_complete_by_prefix_most_credited_first(services):
    store(
        services,
        Story(headline="One", credits=[Credit(Role.WRITER, "Ana Lima")]),
        Story(
            headline="Two",
            credits=[Credit(Role.WRITER, "Ana Lima"), Credit(Role.EDITOR, "Andre Kos")],
        ),
        Story(headline="Three", credits=[Credit(Role.WRITER, "Bo_Yu 100%")]),
    )
    names = NameService(services.ctx)
    assert names.known_names("an") == ["Ana Lima", "Andre Kos"]
    assert names.known_names("ANDRE") == ["Andre Kos"]
    assert names.known_names("bo_") == ["Bo_Yu 100%"]
    assert names.known_names("b%") == []  # wildcards are plain characters
    assert names.known_names("") == ["Ana Lima", "Andre Kos", "Bo_Yu 100%"]
