"""A story as its history records it, to replay history against: used by bench/stress.py
and by tests/stories/test_undo_property.py, which both check that replaying a story's
history from its ingest state gives the stored story."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from deskapp.core.story import Story


def snapshot(story: Story) -> dict[str, Any]:
    """A story as history records it: {field: json value}, credits, note:ID."""
    from deskapp.store.rows import TRACKED_FIELDS, credits_to_json, to_json_value

    photo = story.photo
    values = {
        "photo_caption": photo.caption if photo else None,
        "photo_credit": photo.credit if photo else None,
    }
    state = {
        n: to_json_value(n, values[n] if n in values else getattr(story, n)) for n in TRACKED_FIELDS
    }
    state["status"] = str(story.status)
    state["credits"] = credits_to_json(story.credits)
    for note in story.notes:
        state[f"note:{note.id}"] = {
            "text": note.text,
            "due": to_json_value("due", note.due),
            "resolved_at": to_json_value("resolved_at", note.resolved_at),
        }
    return state
