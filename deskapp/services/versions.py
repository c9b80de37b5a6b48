"""A story's wire versions as a timeline, and the editor's choice when the wire updates
copy they have already changed.

Versions are written lazily, so taking in a new story costs nothing more:

- version 1 (the wire's copy as it came in) is written the first time it is needed:
  when the first wire update of the story lands, or just before an editor's first
  change of its headline or body (`keep_original`), so the wire's original is never lost;
- every later wire update appends a version (`record_wire_version`, from ingest).

`story.wire_base` is the version the desk's copy is based on (NULL: 1). A wire update
of a story whose copy the editor has changed since that version does not overwrite
their text: the version is kept, the copy stays theirs and `story.wire_pending`
names the version waiting. The editor then takes the wire's text, keeps theirs, or
merges paragraph by paragraph (`take`, `keep`, `merge`): each one history event,
undone with `u` like any other act.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select
from sqlmodel import Session, col

from deskapp.core.copy_diff import Merge, merge_paragraphs
from deskapp.core.story import Story, join_paragraphs, split_paragraphs
from deskapp.core.wire_versions import (
    CURRENT,
    Timeline,
    VersionDiff,
    WireVersion,
    compare,
    label_for,
    waiting_line,
    waiting_name,
)
from deskapp.services.changes import StoryEdit, change_story, changes_since, load_story
from deskapp.services.context import ServiceContext
from deskapp.services.errors import BadValue, Conflict, InvalidInput, NotFound
from deskapp.services.first_version import wire_copy
from deskapp.store.rows import as_utc, credits_from_json, credits_to_json
from deskapp.store.tables import StoryRow, StoryVersionRow

# The copy a wire update leaves alone when the editor has changed it.
HELD_FIELDS = ("headline", "body")
Choice = Literal["mine", "wire"]


@dataclass(frozen=True, slots=True)
class PendingMerge:
    """The three-way merge of a pending version: headline, then body paragraphs.
    `version` and `base`: the story's version and base version it was planned on."""

    story_id: int
    pending: WireVersion
    headline: Merge
    body: Merge
    version: int = 0
    base: int = 1

    @property
    def conflicts(self) -> int:
        return len(self.headline.conflicts) + len(self.body.conflicts)


class VersionService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # -- reading -------------------------------------------------------------
    def timeline(self, story_id: int) -> Timeline:
        with self.ctx.db.read() as session:
            row = session.get(StoryRow, story_id)
            if row is None:
                raise NotFound(f"no story {story_id}")
            return _timeline(session, row)

    def diff(self, story_id: int, old: int, new: int) -> VersionDiff:
        """What changed from version `old` to `new` (CURRENT, 0: the desk's copy now)."""
        with self.ctx.db.read() as session:
            row = session.get(StoryRow, story_id)
            if row is None:
                raise NotFound(f"no story {story_id}")
            timeline = _timeline(session, row)
            return compare(_pick(session, row, timeline, old), _pick(session, row, timeline, new))

    def waiting(self, story_id: int) -> str:
        """What to say of the story's held wire version ("wire CORRECTION waiting: deskapp
        versions 12 --take / --keep"), or "" when none waits."""
        with self.ctx.db.read() as session:
            row = session.get(StoryRow, story_id)
            if row is None:
                raise NotFound(f"no story {story_id}")
            pending = (
                _version_row(session, story_id, row.wire_pending) if row.wire_pending else None
            )
            if pending is None:
                return ""
            return waiting_line(story_id, waiting_name(pending.label, pending.corrected, pending.n))

    def merge_plan(self, story_id: int) -> PendingMerge:
        """How the pending version merges with the desk's copy (NotFound: none pending)."""
        with self.ctx.db.read() as session:
            row = session.get(StoryRow, story_id)
            if row is None:
                raise NotFound(f"no story {story_id}")
            return _plan(session, row)

    # -- the editor's choice -------------------------------------------------
    # `expect_pending`: the waiting version the editor was shown; a newer one since (or
    # none) refuses the choice with a Conflict, as `expect_version` does for the text.
    def take(
        self,
        story_id: int,
        *,
        expect_version: int | None = None,
        expect_pending: int | None = None,
    ) -> Story:
        """The pending wire version's headline and body replace the desk's."""

        def apply(edit: StoryEdit) -> None:
            pending = _pending_row(edit.session, edit.row, expect_pending)
            # a version without a headline (some corrections send only the body): the
            # story keeps the desk's headline
            _settle(edit, pending.n, pending.headline or edit.row.headline, pending.body)

        return change_story(self.ctx, story_id, "wire-take", apply, expect_version=expect_version)

    def keep(
        self,
        story_id: int,
        *,
        expect_version: int | None = None,
        expect_pending: int | None = None,
    ) -> Story:
        """The desk's copy stays; it now counts as based on the pending version."""

        def apply(edit: StoryEdit) -> None:
            pending = _pending_row(edit.session, edit.row, expect_pending)
            _settle(edit, pending.n, edit.row.headline, edit.row.body)

        return change_story(self.ctx, story_id, "wire-keep", apply, expect_version=expect_version)

    def merge(
        self,
        story_id: int,
        choices: Sequence[Choice],
        *,
        expect_version: int | None = None,
        expect_pending: int | None = None,
        expect_base: int | None = None,
    ) -> Story:
        """Merge the pending version paragraph by paragraph: what only one side changed
        is taken from it; `choices` decide each conflict in order (headline first).

        Choices are made for the conflicts of one plan (`merge_plan`): pass its
        `version`, `pending.n` and `base`; when the desk's text, the waiting version or
        the base moved since, the conflicts may be others, and nothing is applied
        (Conflict)."""
        picked = list(choices)
        if any(c not in ("mine", "wire") for c in picked):
            raise BadValue("each choice is mine or wire")

        def apply(edit: StoryEdit) -> None:
            plan = _plan(edit.session, edit.row, expect_pending)
            if expect_base is not None and plan.base != expect_base:
                raise _moved(edit.row, f"its text is now based on version {plan.base}")
            if (
                expect_version is not None
                and edit.row.version != expect_version
                and (_text_changed_since(edit, expect_version))
            ):
                raise _moved(edit.row, "its text changed", expect_version)
            if len(picked) != plan.conflicts:
                raise BadValue(
                    f"the merge has {plan.conflicts} conflicts, {len(picked)} choices given"
                )
            heads = len(plan.headline.conflicts)
            headline = " ".join(plan.headline.resolve(picked[:heads]))
            body = join_paragraphs(plan.body.resolve(picked[heads:]))
            _settle(edit, plan.pending.n, headline or edit.row.headline, body)

        return change_story(self.ctx, story_id, "wire-merge", apply, expect_version=expect_version)


# -- what ingest and the editor's edits call, inside their change ----------------------


def keep_original(edit: StoryEdit) -> None:
    """Before the first change of the copy: the wire's copy kept as version 1."""
    if not _has_versions(edit.session, edit.story_id):
        edit.session.add(wire_copy(edit.session, edit.row))


def record_wire_version(edit: StoryEdit, story: Story) -> bool:
    """A wire update lands: kept as the next version. True when the editor has changed
    the copy since its base version: then their headline and body must stay (the
    update waits in `wire_pending`); False: the update's copy replaces the story's."""
    session, row = edit.session, edit.row
    newest = _newest(session, edit.story_id)
    if newest is None:  # the first update: the wire's copy so far, rebuilt from history
        newest = wire_copy(session, row)
        session.add(newest)
        edited = (newest.headline, newest.body) != (row.headline, row.body)
    else:
        edited = _edited(session, row)
    latest = newest.n
    if _same_copy(newest, story):
        n = latest  # this version again (after its update was reverted): kept once
    else:
        n = latest + 1
        session.add(_version_of(edit, story, n))
    if edited:
        edit.set("wire_pending", n)
        return True
    edit.set("wire_base", n)
    edit.set("wire_pending", None)
    return False


def _same_copy(v: StoryVersionRow, story: Story) -> bool:
    return (
        v.wire_version == story.wire_version
        and (v.headline, v.subheadline, v.body, v.signoff)
        == (
            story.headline,
            story.subheadline,
            story.body,
            story.signoff,
        )
        and (v.dateline_place, v.dateline_date) == (story.dateline_place, story.dateline_date)
        and list(v.credits or []) == credits_to_json(list(story.credits))
        and (v.killed, v.withdrawn, v.corrected)
        == (bool(story.killed), bool(story.withdrawn), bool(story.corrected))
    )


def _version_of(edit: StoryEdit, story: Story, n: int) -> StoryVersionRow:
    return StoryVersionRow(
        story_id=edit.story_id,
        n=n,
        label=label_for(story.version_label, story.wire_version),
        wire_version=story.wire_version,
        received_at=edit.ctx.now(),
        headline=story.headline,
        subheadline=story.subheadline,
        body=story.body,
        dateline_place=story.dateline_place,
        dateline_date=story.dateline_date,
        credits=credits_to_json(list(story.credits)),
        signoff=story.signoff,
        killed=story.killed,
        withdrawn=story.withdrawn,
        corrected=story.corrected,
    )


# -- inside -------------------------------------------------------------------


def _settle(edit: StoryEdit, n: int, headline: str, body: str) -> None:
    if not headline.strip():
        raise InvalidInput("a story needs a headline")
    edit.set("headline", headline)  # as the version holds it: then nothing counts as edited
    edit.set("body", body)
    edit.set("wire_base", n)
    edit.set("wire_pending", None)


def _has_versions(session: Session, story_id: int) -> bool:
    found = session.execute(
        select(col(StoryVersionRow.id)).where(col(StoryVersionRow.story_id) == story_id).limit(1)
    ).first()
    return found is not None


def _newest(session: Session, story_id: int) -> StoryVersionRow | None:
    return (
        session.execute(
            select(StoryVersionRow)
            .where(col(StoryVersionRow.story_id) == story_id)
            .order_by(col(StoryVersionRow.n).desc())
            .limit(1)
        )
        .scalars()
        .first()
    )


def _version_row(session: Session, story_id: int, n: int) -> StoryVersionRow | None:
    return (
        session.execute(
            select(StoryVersionRow).where(
                col(StoryVersionRow.story_id) == story_id, col(StoryVersionRow.n) == n
            )
        )
        .scalars()
        .first()
    )


def _edited(session: Session, row: StoryRow) -> bool:
    """The desk's headline or body differ from those of the version they are based on."""
    base = session.execute(
        select(col(StoryVersionRow.headline), col(StoryVersionRow.body)).where(
            col(StoryVersionRow.story_id) == row.id, col(StoryVersionRow.n) == (row.wire_base or 1)
        )
    ).first()
    return base is not None and tuple(base) != (row.headline, row.body)


def _pending_row(session: Session, row: StoryRow, expect: int | None = None) -> StoryVersionRow:
    assert row.id is not None
    if expect is not None and row.wire_pending != expect:
        now = f"version {row.wire_pending} waits" if row.wire_pending else "none waits"
        raise _moved(row, f"wire version {expect} no longer waits ({now})")
    found = _version_row(session, row.id, row.wire_pending) if row.wire_pending else None
    if found is None:
        raise NotFound(f"story {row.id} has no wire version waiting")
    return found


def _moved(row: StoryRow, what: str, expected: int | None = None) -> Conflict:
    """The waiting version, the base or the text moved since the editor looked."""
    assert row.id is not None
    return Conflict(
        row.id,
        expected if expected is not None else row.version,
        row.version,
        message=f"story {row.id} changed since you looked: {what}; nothing applied",
    )


def _text_changed_since(edit: StoryEdit, version: int) -> bool:
    since = changes_since(edit.session, edit.story_id, version)
    return any(set(c.changes) & {"headline", "body"} for c in since)


def _plain(v: StoryVersionRow) -> WireVersion:
    return WireVersion(
        n=v.n,
        label=v.label,
        headline=v.headline,
        body=v.body,
        wire_version=v.wire_version,
        received_at=as_utc(v.received_at),
        subheadline=v.subheadline,
        dateline_place=v.dateline_place,
        dateline_date=v.dateline_date,
        credits=tuple(credits_from_json(v.credits or [])),
        signoff=v.signoff,
        killed=v.killed,
        withdrawn=v.withdrawn,
        corrected=v.corrected,
    )


def _current(session: Session, row: StoryRow) -> WireVersion:
    story = load_story(session, row.id or 0)
    return WireVersion(
        n=CURRENT,
        label="desk",
        headline=story.headline,
        body=story.body,
        wire_version=story.wire_version,
        subheadline=story.subheadline,
        dateline_place=story.dateline_place,
        dateline_date=story.dateline_date,
        credits=tuple(story.credits),
        signoff=story.signoff,
        killed=story.killed,
        withdrawn=story.withdrawn,
        corrected=story.corrected,
    )


def _timeline(session: Session, row: StoryRow) -> Timeline:
    assert row.id is not None
    rows = session.execute(
        select(StoryVersionRow)
        .where(col(StoryVersionRow.story_id) == row.id)
        .order_by(col(StoryVersionRow.n))
    ).scalars()
    versions = [_plain(v) for v in rows]
    if not versions:  # never updated nor edited: the story's copy is the wire's first
        versions = [_plain(wire_copy(session, row))]
    base = row.wire_base or 1
    based_on = next((v for v in versions if v.n == base), None)
    edited = based_on is not None and (based_on.headline, based_on.body) != (
        row.headline,
        row.body,
    )
    return Timeline(row.id, tuple(versions), base, row.wire_pending, edited, row.version)


def _pick(session: Session, row: StoryRow, timeline: Timeline, n: int) -> WireVersion:
    if n == CURRENT:
        return _current(session, row)
    found = timeline.get(n)
    if found is None:
        known = ", ".join(str(v.n) for v in timeline.versions)
        raise BadValue(f"story {row.id} has no version {n}; its versions are: {known}")
    return found


def _plan(session: Session, row: StoryRow, expect_pending: int | None = None) -> PendingMerge:
    pending = _pending_row(session, row, expect_pending)
    assert row.id is not None
    base = _version_row(session, row.id, row.wire_base or 1)
    base_headline, base_body = (base.headline, base.body) if base else ("", "")
    return PendingMerge(
        row.id,
        _plain(pending),
        merge_paragraphs([base_headline], [row.headline], [pending.headline]),
        merge_paragraphs(
            split_paragraphs(base_body), split_paragraphs(row.body), split_paragraphs(pending.body)
        ),
        row.version,
        row.wire_base or 1,
    )
