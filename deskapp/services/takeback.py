"""Taking back one past change, field by field: what undo, redo and revert share.

A change recorded each field's [before, after]. Taking it back puts "before"
back only where the story still holds what that change left:

- plain fields: the value must still be the change's "after";
- credits, as a diff: the credits the change added are removed and the ones it
  removed come back (at their old place), so a credit someone else added or
  removed since is left as they left it;
- notes, by id and by part (text, due, resolved): an added note is withdrawn by
  resolving it (notes are never deleted);
- the queue place: stored keys move without history when the queue is
  renumbered, so it counts as overwritten only when a later change moved the
  story in or out of the queue (and that change is still in effect).

Where a later change left a different value, taking back would overwrite it:
`LaterChange` names who changed what, and nothing is applied, unless forced.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlmodel import col

from deskapp.core import queue_rules
from deskapp.core.listing import HistoryEntry
from deskapp.core.story import Credit, Role, Status
from deskapp.services.changes import StoryEdit, note_snapshot
from deskapp.services.errors import ChangeSummary, InvalidInput, LaterChange
from deskapp.store.rows import as_utc, from_json_value, to_json_value
from deskapp.store.tables import EventRow, NoteRow

UNDO_ACTIONS = ("undo", "redo")
# What a take-back can put back: story fields, credits, notes (not ingest sources, locks).


def can_take_back(name: str) -> bool:
    from deskapp.store.rows import TRACKED_FIELDS

    return name in TRACKED_FIELDS or name == "credits" or name.startswith("note:")


NOTE_PARTS = ("text", "due", "resolved_at")


def later_events(edit: StoryEdit, entry: HistoryEntry) -> list[EventRow]:
    """The story's changes after `entry`, oldest first (lock takeovers change no field)."""
    return list(
        edit.session.execute(
            select(EventRow)
            .where(
                col(EventRow.story_id) == entry.story_id,
                col(EventRow.version) > entry.version,
                col(EventRow.action) != "lock-takeover",
            )
            .order_by(col(EventRow.version), col(EventRow.id))
        ).scalars()
    )


def in_effect(events: list[EventRow]) -> list[EventRow]:
    """The events whose change still stands: neither undone nor an undo of one of them.

    An undo (or redo) of an event in the list cancels it and counts as no change
    itself; an undo of an earlier event is a change like any other.
    """
    versions = {e.version for e in events}
    cancelled: set[int] = set()
    for event in reversed(events):  # a later undo decides whether an earlier one stands
        if event.version in cancelled:
            continue
        if event.undoes is not None and event.undoes in versions:
            cancelled.add(event.undoes)
            cancelled.add(event.version)
    return [e for e in events if e.version not in cancelled]


def summary(event: EventRow) -> ChangeSummary:
    return ChangeSummary(
        event.id or 0,
        event.editor,
        to_json_value("at", as_utc(event.at)) or "",
        event.action,
        dict(event.changes),
    )


def take_back(edit: StoryEdit, entry: HistoryEntry, names: list[str], *, force: bool) -> None:
    """Put back what `entry` set for the fields `names`; LaterChange unless `force`."""
    later = later_events(edit, entry)
    standing = in_effect(later)
    overwritten = [name for name in names if _overwrites(edit, entry, name, standing)]
    if overwritten and not force:
        touching = [e for e in standing if any(n in e.changes for n in overwritten)] or [
            e for e in later if any(n in e.changes for n in overwritten)
        ]
        raise LaterChange(
            entry.story_id,
            entry.version,
            edit.row.version,
            [summary(e) for e in touching],
            overwritten,
            me=edit.ctx.editor,
        )
    from deskapp.services import queue

    for name in names:
        before, after = entry.changes[name]
        if name == "credits":
            edit.set_credits(credits_taken_back(edit.credits(), before or [], after or []))
        elif name.startswith("note:"):
            _take_back_note(edit, int(name.split(":", 1)[1]), before, after, force=force)
        elif name != "queue_position":
            edit.set(name, from_json_value(name, before))
    if "queue_position" in names or "status" in names:
        refusal = queue_rules.wire_refusal(
            entry.story_id, killed=edit.row.killed, withdrawn=edit.row.withdrawn
        )
        if refusal and edit.row.status == Status.QUEUED and "status" in edit.changes:
            raise InvalidInput(f"{refusal}; nothing changed")  # not even forced
        wanted = (
            entry.changes["queue_position"][0]
            if "queue_position" in names
            else edit.row.queue_position
        )
        queue.restore_position(edit, wanted)


def _current(edit: StoryEdit, name: str) -> Any:
    return to_json_value(name, getattr(edit.row, name))


def _overwrites(edit: StoryEdit, entry: HistoryEntry, name: str, standing: list[EventRow]) -> bool:
    before, after = entry.changes[name]
    if name == "credits":
        return False  # a diff: what others did to other credits stays as it is
    if name.startswith("note:"):
        note = edit.session.get(NoteRow, int(name.split(":", 1)[1]))
        if note is None:
            return False
        now = note_snapshot(note)
        if before is None:  # an added note: edited since, it is someone's work
            return any(now[p] != after[p] for p in ("text", "due"))
        return any(now[p] != after[p] for p in NOTE_PARTS if before[p] != after[p])
    if name == "queue_position":
        return any("queue_position" in e.changes for e in standing)
    return _current(edit, name) != after


def credits_taken_back(current: list[Credit], before: list, after: list) -> list[Credit]:
    """`current` without the credits the change added, with those it removed back in place."""
    as_credit = [Credit(Role(r), n) for r, n in before]
    left = [Credit(Role(r), n) for r, n in after]
    added = [c for c in left if c not in as_credit]
    removed = [c for c in as_credit if c not in left]
    out = [c for c in current if c not in added]
    for credit in removed:
        if credit in out:
            continue
        index = as_credit.index(credit)
        place = 0
        for earlier in reversed(as_credit[:index]):  # after its old neighbour, if still there
            if earlier in out:
                place = out.index(earlier) + 1
                break
        out.insert(place, credit)
    return out


def _moment(value: str | None) -> datetime | None:
    return as_utc(datetime.fromisoformat(value)) if value else None


def _take_back_note(
    edit: StoryEdit, note_id: int, before: dict | None, after: dict, *, force: bool
) -> None:
    note = edit.session.get(NoteRow, note_id)
    if note is None:
        return
    old = note_snapshot(note)
    if before is None:  # the change added it: withdraw it by resolving (never deleted)
        if note.resolved_at is None:
            note.resolved_at = edit.ctx.now()
    else:
        for part in NOTE_PARTS:
            if before[part] == after[part]:
                continue
            if not force and old[part] != after[part]:
                continue
            setattr(note, part, before[part] if part == "text" else _moment(before[part]))
    if note_snapshot(note) != old:
        edit.session.add(note)
        edit.session.flush()
        edit.record_note(note, old)
