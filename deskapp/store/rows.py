"""Converting between table rows and the plain `Story` objects the faces see."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any, cast, overload

from sqlalchemy import CursorResult, Result

from deskapp.core.story import Credit, Note, Photo, Role, Status, Story
from deskapp.store.tables import CreditRow, NoteRow, StoryRow

# Story fields that live as plain columns and are recorded in history as
# {field: [before, after]}. Credits are recorded under "credits".
COPY_FIELDS = (
    "headline",
    "slugline",
    "agency",
    "section",
    "subheadline",
    "abstract",
    "dateline_place",
    "dateline_date",
    "published_at",
    "body",
    "signoff",
    "photo_caption",
    "photo_credit",
    "keywords",
    "killed",
    "withdrawn",
    "corrected",
    "wire_version",
)
DESK_FIELDS = (
    "desk",
    "suggested_desk",
    "status",
    "priority",
    "embargo_until",
    "queue_position",
    "queue_forced",
    "exported_at",
    "cluster_id",
)
# Where the copy stands among the wire's versions (deskapp/services/versions.py).
VERSION_FIELDS = ("wire_base", "wire_pending")
TRACKED_FIELDS = COPY_FIELDS + DESK_FIELDS + VERSION_FIELDS
_DATETIME_FIELDS = {"published_at", "embargo_until", "exported_at"}
_DATE_FIELDS = {"dateline_date"}


@overload
def as_utc(value: datetime) -> datetime: ...
@overload
def as_utc(value: None) -> None: ...
@overload
def as_utc(value: datetime | None) -> datetime | None: ...
def as_utc(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; everything stored is UTC."""
    if value is None:
        return None
    if value.tzinfo is UTC:
        return value  # the common case, and astimezone is not free
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def to_json_value(field: str, value: Any) -> Any:
    if isinstance(value, datetime):
        return as_utc(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def from_json_value(field: str, value: Any) -> Any:
    if value is None:
        return None
    if field in _DATETIME_FIELDS:
        return as_utc(datetime.fromisoformat(value))
    if field in _DATE_FIELDS:
        return date.fromisoformat(value)
    return value


def credits_to_json(credits: list[Credit]) -> list[list[str]]:
    return [[str(c.role), c.name] for c in credits]


def credits_from_json(value: list[list[str]]) -> list[Credit]:
    return [Credit(Role(role), name) for role, name in value]


# The columns a new story row is written with, in the order `story_row` gives them.
STORY_COLUMNS = (
    "uid",
    "fingerprint",
    "version",
    "wire_version",
    "headline",
    "slugline",
    "agency",
    "section",
    "subheadline",
    "abstract",
    "dateline_place",
    "dateline_date",
    "published_at",
    "ingested_at",
    "body",
    "signoff",
    "photo_caption",
    "photo_credit",
    "keywords",
    "killed",
    "withdrawn",
    "corrected",
    "desk",
    "suggested_desk",
    "status",
    "priority",
    "embargo_until",
    "queue_position",
    "queue_forced",
    "exported_at",
    "source_format",
    "source_ref",
    "raw_text",
    "cluster_id",
    "cluster_sketch",
)


def story_row(story: Story) -> tuple[Any, ...]:
    """Column values for a new row from a parsed story, in `STORY_COLUMNS` order."""
    photo = story.photo
    return (
        story.effective_uid, story.fingerprint or story.content_fingerprint(), 1,
        story.wire_version, story.headline, story.slugline, story.agency, story.section,
        story.subheadline, story.abstract, story.dateline_place, story.dateline_date,
        as_utc(story.published_at), as_utc(story.ingested_at), story.body, story.signoff,
        photo.caption if photo else None, photo.credit if photo else None,
        list(story.keywords), story.killed, story.withdrawn, story.corrected, story.desk,
        story.suggested_desk,
        str(story.status), story.priority, as_utc(story.embargo_until), story.queue_position,
        story.queue_forced, as_utc(story.exported_at), story.source_format, story.source_ref,
        story.raw_text, story.cluster_id, story.sketch.to_text() if story.sketch else None,
    )  # fmt: skip


def story_to_row_values(story: Story) -> dict[str, Any]:
    """Column values for a new row from a parsed story, by column name."""
    return dict(zip(STORY_COLUMNS, story_row(story), strict=True))


def row_to_story(
    row: StoryRow, credits: Sequence[CreditRow] = (), notes: Sequence[NoteRow] = ()
) -> Story:
    photo = Photo.from_columns(row.photo_caption, row.photo_credit)
    return Story(
        id=row.id,
        uid=row.uid,
        fingerprint=row.fingerprint,
        version=row.version,
        wire_version=row.wire_version,
        headline=row.headline,
        slugline=row.slugline,
        agency=row.agency,
        section=row.section,
        subheadline=row.subheadline,
        abstract=row.abstract,
        dateline_place=row.dateline_place,
        dateline_date=row.dateline_date,
        published_at=as_utc(row.published_at),
        ingested_at=as_utc(row.ingested_at),
        body=row.body,
        signoff=row.signoff,
        photo=photo,
        credits=[Credit(Role(c.role), c.name) for c in sorted(credits, key=lambda c: c.ord)],
        keywords=list(row.keywords or []),
        killed=row.killed,
        withdrawn=row.withdrawn,
        corrected=row.corrected,
        desk=row.desk,
        suggested_desk=row.suggested_desk,
        status=Status(row.status),
        priority=row.priority,
        embargo_until=as_utc(row.embargo_until),
        queue_position=row.queue_position,
        queue_forced=row.queue_forced,
        exported_at=as_utc(row.exported_at),
        source_format=row.source_format,
        source_ref=row.source_ref,
        raw_text=row.raw_text,
        wire_base=row.wire_base,
        wire_pending=row.wire_pending,
        cluster_id=row.cluster_id,
        notes=[note_row_to_note(n) for n in notes],
    )


def note_row_to_note(row: NoteRow) -> Note:
    return Note(
        id=row.id,
        story_id=row.story_id,
        text=row.text,
        author=row.author,
        from_wire=row.from_wire,
        created_at=as_utc(row.created_at),
        due=as_utc(row.due),
        resolved_at=as_utc(row.resolved_at),
    )


def rows_changed(result: Result[Any]) -> int:
    """How many rows an UPDATE or DELETE touched. SQLAlchemy answers DML with a
    CursorResult; a Session's `execute` is typed as answering with any Result."""
    return cast(CursorResult[Any], result).rowcount
