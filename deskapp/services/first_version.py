"""The wire's copy of a story that has no version rows yet, rebuilt from its history.

Versions are written lazily (deskapp/services/versions.py), and desks upgraded from
before migration 0010 have none at all, though editors may have changed the copy
already. The copy as it stands is then not the wire's: each field's wire value is
read back from the history events instead:

- the value the latest wire update (`wire-update`, not taken back) set it to;
- else the "before" of the first event that changed it (the value it came in with);
- else the value it holds now (nobody ever changed it).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from deskapp.core.wire_versions import label_for
from deskapp.store.rows import as_utc, from_json_value
from deskapp.store.tables import CreditRow, EventRow, StoryRow, StoryVersionRow

# What a version holds, as the story row names it (credits: the credit rows).
SNAPSHOT_FIELDS = (
    "headline",
    "subheadline",
    "body",
    "dateline_place",
    "dateline_date",
    "signoff",
    "killed",
    "withdrawn",
    "corrected",
    "wire_version",
)
WIRE_UPDATE = "wire-update"


def wire_copy(session: Session, row: StoryRow, n: int = 1) -> StoryVersionRow:
    """The wire's copy of the story as version n, rebuilt from its history."""
    assert row.id is not None
    events = (
        list(
            session.execute(
                select(EventRow).where(col(EventRow.story_id) == row.id).order_by(col(EventRow.id))
            ).scalars()
        )
        if row.version > 1  # at 1 nothing changed since it came in: no history to read
        else []
    )
    undone = {e.undoes for e in events if e.undoes is not None}
    current: dict[str, Any] = {name: getattr(row, name) for name in SNAPSHOT_FIELDS}
    current["credits"] = _credits_json(session, row.id)
    first: dict[str, Any] = {}
    from_wire: dict[str, Any] = {}
    received_at = row.ingested_at
    for event in events:
        changes = event.changes if isinstance(event.changes, dict) else {}
        by_wire = event.action == WIRE_UPDATE and event.version not in undone
        for name in (*SNAPSHOT_FIELDS, "credits"):
            pair = changes.get(name)
            if not isinstance(pair, list) or len(pair) != 2:
                continue
            first.setdefault(name, pair[0])
            if by_wire:
                from_wire[name] = pair[1]
        if by_wire:
            received_at = event.at
    values: dict[str, Any] = {}
    for name in (*SNAPSHOT_FIELDS, "credits"):
        if name in from_wire:
            values[name] = from_json_value(name, from_wire[name])
        elif name in first:
            values[name] = from_json_value(name, first[name])
        else:
            values[name] = current[name]
    return StoryVersionRow(
        story_id=row.id,
        n=n,
        label=label_for("", values["wire_version"]),
        received_at=as_utc(received_at),
        **{name: _not_none(name, values[name]) for name in (*SNAPSHOT_FIELDS, "credits")},
    )


def _not_none(name: str, value: Any) -> Any:
    if value is not None or name in ("dateline_date", "wire_version"):
        return value
    if name == "credits":
        return []
    return False if name in ("killed", "withdrawn", "corrected") else ""


def _credits_json(session: Session, story_id: int) -> list[list[str]]:
    rows = session.execute(
        select(CreditRow).where(col(CreditRow.story_id) == story_id).order_by(col(CreditRow.ord))
    ).scalars()
    return [[r.role, r.name] for r in rows]
