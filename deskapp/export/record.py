"""What an export needs of one story, as plain values.

An export of 10,000 stories loads, checks and renders every story. An
`ExportRecord` is a tuple of the story columns the export reads (ready?
embargoed? which name?) and the file shows, read straight from the rows
(building a full `Story` for each costs more than rendering it).
"""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from deskapp.core import queue_rules
from deskapp.core.story import Credit, Photo, Role, Story
from deskapp.export.markdown import wire_date


class ExportRecord(NamedTuple):
    """One story's exported fields; times are timezone-aware UTC."""

    id: int
    version: int
    uid: str
    headline: str
    body: str
    desk: str | None
    dateline_place: str
    agency: str
    priority: int | None
    published_at: datetime | None
    ingested_at: datetime | None
    embargo_until: datetime | None
    killed: bool
    photo_caption: str | None
    photo_credit: str | None
    source_format: str
    source_ref: str
    section: str
    abstract: str
    slugline: str
    exported_at: datetime | None
    credits: tuple[tuple[str, str], ...] = ()  # (role, name), in credit order

    def missing(self) -> list[str]:
        """What the story still needs before it can be published (see `queue_rules`)."""
        writers = [name for role, name in self.credits if role in queue_rules.AUTHOR_ROLES]
        return queue_rules.missing_parts(
            desk=self.desk,
            headline=self.headline,
            body=self.body,
            writers=writers,
            killed=self.killed,
        )

    @property
    def date(self) -> datetime:
        """The date the story carries on the site (as `markdown.story_date`)."""
        return wire_date(self.published_at, self.ingested_at)

    def story(self) -> Story:
        """The story to render: every field `markdown.render` reads."""
        return Story(
            id=self.id,
            version=self.version,
            uid=self.uid,
            headline=self.headline,
            body=self.body,
            desk=self.desk,
            dateline_place=self.dateline_place,
            agency=self.agency,
            priority=self.priority,
            published_at=self.published_at,
            ingested_at=self.ingested_at,
            embargo_until=self.embargo_until,
            killed=self.killed,
            source_format=self.source_format,
            source_ref=self.source_ref,
            section=self.section,
            abstract=self.abstract,
            slugline=self.slugline,
            exported_at=self.exported_at,
            photo=Photo.from_columns(self.photo_caption, self.photo_credit),
            credits=[Credit(Role(role), name) for role, name in self.credits],
        )

    @classmethod
    def from_story(cls, story: Story) -> ExportRecord:
        """The record of a story already loaded (the preview's)."""
        photo = story.photo
        return cls(
            story.id or 0,
            story.version,
            story.uid,
            story.headline,
            story.body,
            story.desk,
            story.dateline_place,
            story.agency,
            story.priority,
            story.published_at,
            story.ingested_at,
            story.embargo_until,
            story.killed,
            photo.caption if photo else None,
            photo.credit if photo else None,
            story.source_format,
            story.source_ref,
            story.section,
            story.abstract,
            story.slugline,
            story.exported_at,
            tuple((str(c.role), c.name) for c in story.credits),
        )


# the story table's columns an ExportRecord is loaded from, in field order
STORY_COLUMNS: tuple[str, ...] = ExportRecord._fields[:-1]
