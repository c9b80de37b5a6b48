"""Loud kills, holds and corrections: a wire version that reaches a story the desk has
queued or exported raises an alert.

`raise_alert(edit, story)` is called at the end of a wire update's edit
(`deskapp.services.ingest`), inside the one change that applies the version.
When the version newly kills or withholds the story, or is a correction (a new
correction flag, or corrected copy), and the story was queued before it or has
been exported (`exported_at`, or files recorded in `export_file`), it adds to
that same change:

- a follow-up on the story: a note from the wire (author the agency, else
  "wire") due now, so it is overdue on the board at once, whose text says what
  happened and what to do (`deskapp.core.wire_alert.alert_text`); recorded in
  history like any note and resolvable like any follow-up. The same text on the
  story already (the same version again) adds nothing;
- the `alert` field of the history event (its text): every open desk hears of
  it as the change kind "alert", through PostgreSQL's NOTIFY payload
  (`12:alert,copy,notes,status`) or SQLite's history events, both of which
  name kinds by `deskapp.services.changes.change_kinds`. A desk reads the alert
  back with `latest_alerts` and shows a notice.

The alerts a transaction raised are kept on its session (`raised`), so ingest
can say them in its results.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlmodel import Session, col

from deskapp.core.story import Status, Story
from deskapp.core.wire_alert import WireAlert, alert_kind, alert_text, parse_alert
from deskapp.core.wire_versions import waiting_line
from deskapp.services.changes import StoryEdit
from deskapp.services.context import ServiceContext
from deskapp.store.rows import COPY_FIELDS
from deskapp.store.tables import EventRow, ExportFileRow, NoteRow, StoryRow

ALERT_FIELD = "alert"  # the history event's key holding the alert's text
WIRE_UPDATE = "wire-update"  # the action of the change that carries an alert
_RAISED = "deskapp_wire_alerts"  # session.info key: story id -> the alert raised


def raise_alert(edit: StoryEdit, story: Story) -> WireAlert | None:
    """Add the alert to the wire update under way (`edit`), when the version calls for one."""
    what = _what_happened(edit, story)
    where = _where_it_is(edit) if what else None
    if what is None or where is None:
        return None
    sid = edit.story_id
    held = what == "corrected" and edit.row.wire_pending is not None
    text = alert_text(
        what, where, story.wire_version, waiting_line(sid, "CORRECTION") if held else ""
    )
    noted = edit.session.execute(
        select(col(NoteRow.id)).where(col(NoteRow.story_id) == sid, col(NoteRow.text) == text)
    ).first()
    if noted is not None:  # this version's alert was raised before
        return None
    now = edit.ctx.now()
    note = NoteRow(
        story_id=sid,
        text=text,
        author=story.agency or "wire",
        from_wire=True,
        created_at=now,
        due=now,  # overdue on the board at once
    )
    edit.session.add(note)
    edit.session.flush()
    edit.record_note(note, None)
    edit.changes[ALERT_FIELD] = [None, text]
    alert = WireAlert(sid, edit.row.headline, what, where, text)
    edit.session.info.setdefault(_RAISED, {})[sid] = alert
    return alert


def raised(session: Session) -> dict[int, WireAlert]:
    """The alerts this session's transaction raised, by story (taken: asked once)."""
    found: dict[int, WireAlert] = session.info.pop(_RAISED, {})
    return found


def _what_happened(edit: StoryEdit, story: Story) -> str | None:
    changes = edit.changes

    def turned_on(name: str) -> bool:
        return name in changes and bool(changes[name][1]) and not changes[name][0]

    corrected = bool(story.corrected) and (
        turned_on("corrected") or any(name in changes for name in COPY_FIELDS)
    )
    return alert_kind(
        killed=turned_on("killed"), withheld=turned_on("withdrawn"), corrected=corrected
    )


def _where_it_is(edit: StoryEdit) -> str | None:
    """ "exported" (files on a site, or marked exported), "queued" (before this version
    took it out), or None: the desk has not let it out, so the flags say enough."""
    if edit.row.exported_at is not None:
        return "exported"
    has_files = edit.session.execute(
        select(col(ExportFileRow.id)).where(col(ExportFileRow.story_id) == edit.story_id).limit(1)
    ).first()
    if has_files is not None:
        return "exported"
    status = edit.changes["status"][0] if "status" in edit.changes else str(edit.row.status)
    return "queued" if status == Status.QUEUED else None


def latest_alerts(ctx: ServiceContext, story_ids: Iterable[int]) -> list[WireAlert]:
    """The newest alert of each of these stories (none for a story without one), by id."""
    ids = sorted(set(story_ids))
    if not ids:
        return []
    found: dict[int, WireAlert] = {}
    with ctx.db.read() as session:
        rows = session.execute(
            select(col(EventRow.story_id), col(EventRow.changes), col(StoryRow.headline))
            .join(StoryRow, col(StoryRow.id) == col(EventRow.story_id))
            .where(col(EventRow.story_id).in_(ids), col(EventRow.action) == WIRE_UPDATE)
            .order_by(col(EventRow.id).desc())
        ).all()
    for sid, changes, headline in rows:
        pair = (changes or {}).get(ALERT_FIELD)
        if sid in found or not isinstance(pair, list) or len(pair) != 2:
            continue
        alert = parse_alert(sid, headline, str(pair[1] or ""))
        if alert is not None:
            found[sid] = alert
    return [found[sid] for sid in ids if sid in found]
