"""How every change to a story is made: one transaction, a version check, a history event.

`change_story` is the only way services modify a story. It locks the row,
refuses a stale `expect_version` with a `Conflict` listing what changed since,
lets the caller edit through a `StoryEdit` (which records each field's before
and after), bumps the version, writes the event, refreshes the search index
and tells other desks about it. A change that changes nothing records nothing.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, event, select, text
from sqlmodel import Session, col

from deskapp.core.listing import StoryChange
from deskapp.core.story import Credit, Story
from deskapp.services.context import ServiceContext
from deskapp.services.errors import ChangeSummary, Conflict, NotFound
from deskapp.store import search
from deskapp.store.rows import (
    as_utc,
    credits_from_json,
    credits_to_json,
    row_to_story,
    to_json_value,
)
from deskapp.store.tables import CreditRow, EventRow, NoteRow, StoryRow

NOTIFY_CHANNEL = "deskapp_changes"
# The channel is per schema (`deskapp_changes:<schema>`), so desks on one server but
# in different schemas never hear each other. The listener computes the same name.
CHANNEL_SQL = "left(:c || ':' || coalesce(current_schema(), ''), 63)"
# PostgreSQL refuses a NOTIFY payload of 8,000 bytes or more: a transaction that
# changed more stories than one payload names sends several (see `payloads`).
PAYLOAD_LIMIT = 7_900
_PENDING = "deskapp_live_changes"  # session.info key: what this transaction will announce

# What a history event's `changes` keys touch, as `StoryChange.what` names it;
# any other field (headline, body, times, agency, flags, priority...) is "copy".
FIELD_KINDS = {
    "status": "status",
    "desk": "desk",
    "queue_position": "queue",
    "queue_forced": "queue",
    "credits": "credits",
    "lock": "lock",
    "alert": "alert",  # a wire kill, hold or fix of queued or exported copy (wire_alerts)
    "cluster_id": "cluster",
}
NEW_ACTIONS = frozenset({"ingest", "restore"})  # events that bring a story onto the desk
GONE_ACTIONS = frozenset({"archive"})  # the event that takes it off (into the archive)


@dataclass
class StoryEdit:
    """The story under change. Use its setters so history records before and after."""

    row: StoryRow
    session: Session
    ctx: ServiceContext
    changes: dict[str, list[Any]] = field(default_factory=dict)
    reindex: bool = False

    @property
    def story_id(self) -> int:
        """The row's id: a story under change is stored, so it has one."""
        assert self.row.id is not None
        return self.row.id

    def set(self, name: str, value: Any) -> None:
        before = getattr(self.row, name)
        if name in ("published_at", "embargo_until", "exported_at"):
            before = as_utc(before)
            value = as_utc(value)
        if before == value:
            return
        self._record(name, to_json_value(name, before), to_json_value(name, value))
        setattr(self.row, name, value)
        if name in ("headline", "body"):
            self.reindex = True

    def credits(self) -> list[Credit]:
        return credits_from_json(self._credit_rows_json())

    def set_credits(self, credits: list[Credit]) -> None:
        before = self._credit_rows_json()
        after = credits_to_json(_unique(credits))
        if before == after:
            return
        self.session.execute(delete(CreditRow).where(col(CreditRow.story_id) == self.row.id))
        for order, (role, name) in enumerate(after):
            self.session.add(CreditRow(story_id=self.story_id, role=role, name=name, ord=order))
        self._record("credits", before, after)
        self.reindex = True

    def record_note(self, note: NoteRow, before: dict[str, Any] | None) -> None:
        """Record a note added (before=None) or changed."""
        self._record(f"note:{note.id}", before, note_snapshot(note))

    def _record(self, name: str, before: Any, after: Any) -> None:
        if name in self.changes:  # changed twice in one edit: keep the first before
            before = self.changes[name][0]
        self.changes[name] = [before, after]

    def _credit_rows_json(self) -> list[list[str]]:
        rows = self.session.execute(
            select(CreditRow)
            .where(col(CreditRow.story_id) == self.row.id)
            .order_by(col(CreditRow.ord))
        ).scalars()
        return [[r.role, r.name] for r in rows]


def note_snapshot(note: NoteRow) -> dict[str, Any]:
    return {
        "text": note.text,
        "due": to_json_value("due", note.due),
        "resolved_at": to_json_value("resolved_at", note.resolved_at),
    }


def _unique(credits: list[Credit]) -> list[Credit]:
    seen: set[tuple[str, str]] = set()
    out = []
    for c in credits:
        key = (str(c.role), c.name.strip())
        if c.name.strip() and key not in seen:
            seen.add(key)
            out.append(Credit(c.role, c.name.strip()))
    return out


def lock_story_row(session: Session, story_id: int) -> StoryRow:
    stmt = select(StoryRow).where(col(StoryRow.id) == story_id)
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    row = session.execute(stmt).scalars().first()
    if row is None:
        raise NotFound(f"no story {story_id}")
    return row


def lock_story_rows(session: Session, story_ids: list[int]) -> dict[int, StoryRow]:
    """Lock several stories' rows, in id order (one order for everyone: no deadlock).

    Stories that do not exist are left out of the result."""
    rows: dict[int, StoryRow] = {}
    for sid in sorted(set(story_ids)):
        with contextlib.suppress(NotFound):
            rows[sid] = lock_story_row(session, sid)
    return rows


def changes_since(session: Session, story_id: int, version: int) -> list[ChangeSummary]:
    events = session.execute(
        select(EventRow)
        .where(col(EventRow.story_id) == story_id, col(EventRow.version) > version)
        .order_by(col(EventRow.id))
    ).scalars()
    return [
        ChangeSummary(
            e.id or 0, e.editor, to_json_value("at", as_utc(e.at)) or "", e.action, dict(e.changes)
        )
        for e in events
    ]


def moved_since(
    session: Session,
    ctx: ServiceContext,
    story_id: int,
    version: int,
    expected: int | None,
    fields: set[str],
) -> str | None:
    """Why a bulk act must leave a story alone, or None to go ahead.

    The story's `version` moved past `expected` (the version the editor saw) AND the
    changes since touched one of `fields` (what this act sets): 'changed by ana since
    you looked'. A colleague's note, or no `expected` at all, lets the act proceed,
    as `apply_change` does for one story.
    """
    if expected is None or expected == version:
        return None
    if expected > version:
        return f"not at the version you saw ({expected}; it is at {version})"
    who = [c.editor for c in changes_since(session, story_id, expected) if set(c.changes) & fields]
    if not who:
        return None
    names = dict.fromkeys("you" if w and w == ctx.editor else (w or "someone") for w in who)
    return f"changed by {', '.join(names)} since you looked"


def change_story(
    ctx: ServiceContext,
    story_id: int,
    action: str,
    apply: Callable[[StoryEdit], None],
    *,
    expect_version: int | None = None,
    undoes: int | None = None,
) -> Story:
    """Apply `apply` to one story as one recorded change. Returns the story after it."""
    with ctx.db.write() as session:
        apply_change(
            session, ctx, story_id, action, apply, expect_version=expect_version, undoes=undoes
        )
        return load_story(session, story_id)


def apply_change(
    session: Session,
    ctx: ServiceContext,
    story_id: int,
    action: str,
    apply: Callable[[StoryEdit], None],
    *,
    expect_version: int | None = None,
    undoes: int | None = None,
) -> bool:
    """`change_story` inside a transaction the caller owns. True if anything changed.

    A stale `expect_version` is a `Conflict` only when the changes made since
    touched a field this change sets: a colleague's note never blocks a body
    save, their headline edit does. (The caller's transaction is rolled back
    by the Conflict, so nothing of this change stays.)
    """
    row = lock_story_row(session, story_id)
    if expect_version is not None and expect_version > row.version:
        raise Conflict(
            story_id,
            expect_version,
            row.version,
            message=f"story {story_id} is at version {row.version}, not "
            f"{expect_version}; nothing applied",
        )
    stale = expect_version is not None and row.version != expect_version
    edit = StoryEdit(row=row, session=session, ctx=ctx)
    apply(edit)
    if stale:
        since = changes_since(session, story_id, expect_version or 0)
        touched = {name for change in since for name in change.changes}
        overlap = sorted(touched & set(edit.changes))
        if overlap or not edit.changes:
            raise Conflict(
                story_id,
                expect_version or 0,
                row.version,
                [c for c in since if set(c.changes) & set(overlap)] or since,
            )
    if not edit.changes:
        return False
    row.version += 1
    session.add(row)
    session.add(
        EventRow(
            story_id=story_id,
            at=ctx.now(),
            editor=ctx.editor,
            action=action,
            version=row.version,
            changes=edit.changes,
            undoes=undoes,
        )
    )
    session.flush()
    if edit.reindex:
        reindex_story(session, row)
    notify(session, [StoryChange(story_id, change_kinds(action, edit.changes))])
    return True


def reindex_story(session: Session, row: StoryRow) -> None:
    names = session.execute(
        select(col(CreditRow.name)).where(col(CreditRow.story_id) == row.id)
    ).scalars()
    search.refresh_index(
        session.connection(), [(row.id or 0, row.headline, row.body, " ".join(names))]
    )


def change_kinds(action: str, changes: Mapping[str, Any]) -> frozenset[str]:
    """What a history event touched, in the words of `CHANGE_KINDS`."""
    if action in NEW_ACTIONS:
        return frozenset({"new"})
    if action in GONE_ACTIONS:
        return frozenset({"gone"})
    return frozenset(
        "notes" if name.startswith("note:") else FIELD_KINDS.get(name, "copy") for name in changes
    )


def notify(session: Session, changes: Iterable[StoryChange]) -> None:
    """Tell every listening desk what this transaction changed, once it commits.

    PostgreSQL: the changes are gathered per story and sent by `pg_notify` just
    before the commit, in the same transaction, so a desk hears of a change when
    (and only if) it is committed, however late. SQLite desks read the history
    events instead (`deskapp.services.live`), so nothing is sent there.
    """
    if session.get_bind().dialect.name != "postgresql":
        return
    pending: dict[int, set[str] | None] | None = session.info.get(_PENDING)
    if pending is None:
        pending = session.info[_PENDING] = {}
        event.listen(session, "before_commit", _send_pending, once=True)
    for change in changes:
        merge_change(pending, change.story_id, change.what)


def merge_change(into: dict[int, set[str] | None], story_id: int, what: Iterable[str]) -> None:
    """Add one story's change to `into`; None (or an empty `what`) means "anything"."""
    kinds = set(what)
    if not kinds:
        into[story_id] = None
    elif story_id not in into:
        into[story_id] = kinds
    else:
        known = into[story_id]
        if known is not None:
            known |= kinds


def _send_pending(session: Session) -> None:
    pending = session.info.pop(_PENDING, None)
    if not pending:
        return
    for payload in payloads(pending):
        session.execute(
            text(f"SELECT pg_notify({CHANNEL_SQL}, :p)"), {"c": NOTIFY_CHANNEL, "p": payload}
        )


def payloads(changes: Mapping[int, Iterable[str] | None]) -> list[str]:
    """The NOTIFY payloads naming `changes`: `12:desk,status 13:new 14` (14: anything).

    Each stays under `PAYLOAD_LIMIT` bytes; a big batch (an ingest of thousands)
    is split over several, all sent in the one transaction.
    """
    out: list[str] = []
    words: list[str] = []
    size = 0
    for sid in sorted(changes):
        what = changes[sid]
        word = f"{sid}:{','.join(sorted(what))}" if what else str(sid)
        if words and size + len(word) + 1 > PAYLOAD_LIMIT:
            out.append(" ".join(words))
            words, size = [], 0
        words.append(word)
        size += len(word) + 1
    if words:
        out.append(" ".join(words))
    return out


def parse_payload(payload: str) -> list[StoryChange] | None:
    """The changes a payload names, or None when it is not one `payloads` writes."""
    out = []
    for word in payload.split():
        sid, _, kinds = word.partition(":")
        if not sid.isdigit():
            return None
        out.append(StoryChange(int(sid), frozenset(k for k in kinds.split(",") if k)))
    return out or None


def load_story(session: Session, story_id: int) -> Story:
    row = session.get(StoryRow, story_id)
    if row is None:
        raise NotFound(f"no story {story_id}")
    credits = (
        session.execute(select(CreditRow).where(col(CreditRow.story_id) == story_id))
        .scalars()
        .all()
    )
    notes = (
        session.execute(
            select(NoteRow).where(col(NoteRow.story_id) == story_id).order_by(col(NoteRow.id))
        )
        .scalars()
        .all()
    )
    return row_to_story(row, list(credits), list(notes))
