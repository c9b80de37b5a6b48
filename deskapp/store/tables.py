"""The database tables.

Who owns SQL: the store owns the schema (these tables, migrations, the engine,
search and the queries several services share: listing, bulk inserts, roles);
each service writes the SQL of its own operations against these tables, inside
its one transaction. The CLI and the TUI never import the store: they call
services (checked by import-linter, see pyproject.toml).

Times are stored as timezone-aware UTC. Nothing is hard-deleted by a normal
action: stories are spiked, notes resolved.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    DateTime,
    Index,
    Table,
    UniqueConstraint,
    func,
)
from sqlmodel import Field, SQLModel, col


def _utc() -> Column:
    return Column(DateTime(timezone=True), nullable=True)


class StoryRow(SQLModel, table=True):
    __tablename__ = "story"
    __table_args__ = (Index("ix_story_queue", "status", "queue_position"),)

    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(index=True, unique=True, max_length=512)
    fingerprint: str = Field(index=True, max_length=80)
    version: int = Field(default=1)
    wire_version: int | None = None
    headline: str = ""
    slugline: str = ""
    agency: str = Field(default="", max_length=200)
    section: str = ""
    subheadline: str = ""
    abstract: str = ""
    dateline_place: str = ""
    dateline_date: date | None = None
    published_at: datetime | None = Field(default=None, sa_column=_utc())
    ingested_at: datetime | None = Field(default=None, sa_column=_utc())
    body: str = ""
    signoff: str = ""
    photo_caption: str | None = None
    photo_credit: str | None = None
    keywords: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    killed: bool = False  # the wire withdrew (cancelled) the story
    withdrawn: bool = False  # the wire withheld it for now
    corrected: bool = False  # the wire flagged this version as a correction
    desk: str | None = Field(default=None, max_length=64)
    suggested_desk: str | None = Field(default=None, max_length=64)
    status: str = Field(default="inbox", max_length=16)
    priority: int | None = None
    embargo_until: datetime | None = Field(default=None, sa_column=_utc())
    queue_position: int | None = None
    queue_forced: bool = False
    exported_at: datetime | None = Field(default=None, sa_column=_utc())
    source_format: str = Field(default="text", max_length=32)
    source_ref: str = ""
    raw_text: str = ""
    wire_base: int | None = None  # the StoryVersionRow n the copy is based on (None: 1)
    wire_pending: int | None = None  # a newer wire version held for the editor's choice
    # the cluster of stories on one event it is in: the id of that cluster's first
    # story; None for a story alone (most of them). See docs/clusters.md.
    cluster_id: int | None = None
    cluster_sketch: str | None = None  # core.cluster_sketch.Sketch.to_text


# The story's own time (the wire's, else when it came in): what lists sort by, newest
# first. Expression indexes keep that order an index scan at 100,000 stories; the
# trailing columns make them covering (a list reads ids without touching the rows, its
# cluster included: a list of one row a cluster asks each clustered row's cluster).
STORY_TIME = func.coalesce(col(StoryRow.published_at), col(StoryRow.ingested_at))
_s = StoryRow.metadata.tables["story"].c
_TIMES = (_s.published_at, _s.ingested_at)
Index("ix_story_time", STORY_TIME, _s.id, _s.status, *_TIMES, _s.cluster_id)
Index("ix_story_status_time", _s.status, STORY_TIME, _s.id, *_TIMES, _s.cluster_id)
Index("ix_story_desk_time", _s.desk, STORY_TIME, _s.id, _s.status, *_TIMES, _s.cluster_id)
# A cluster's members, newest first: what a list probes for "a newer member in this
# view" (only stories in a cluster are in it).
CLUSTERED = _s.cluster_id.isnot(None)
Index(
    "ix_story_cluster",
    _s.cluster_id,
    STORY_TIME,
    _s.id,
    _s.status,
    _s.desk,
    _s.agency,  # the agencies of a cluster (its marker) from the index alone
    sqlite_where=CLUSTERED,
    postgresql_where=CLUSTERED,
)


class BandRow(SQLModel, table=True):
    """One LSH band key of a story's sketch (core.cluster_sketch.band_keys): stories of
    one event share some. Only the last `cluster_match.WINDOW` is ever searched (by the
    story's time); rows hang off the story and go with it into the archive."""

    __tablename__ = "story_band"
    __table_args__ = (Index("ix_story_band_story", "story_id"),)

    band: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    story_id: int = Field(foreign_key="story.id", primary_key=True)


class CreditRow(SQLModel, table=True):
    __tablename__ = "credit"
    __table_args__ = (Index("ix_credit_story", "story_id", "ord"),)

    id: int | None = Field(default=None, primary_key=True)
    story_id: int = Field(foreign_key="story.id")
    role: str = Field(max_length=16)
    name: str
    ord: int = 0


class NoteRow(SQLModel, table=True):
    __tablename__ = "note"
    __table_args__ = (Index("ix_note_open_due", "resolved_at", "due"),)

    id: int | None = Field(default=None, primary_key=True)
    story_id: int = Field(foreign_key="story.id", index=True)
    text: str
    author: str = ""
    from_wire: bool = False
    created_at: datetime | None = Field(default=None, sa_column=_utc())
    due: datetime | None = Field(default=None, sa_column=_utc())
    resolved_at: datetime | None = Field(default=None, sa_column=_utc())


class EventRow(SQLModel, table=True):
    """One change to a story: who, when, what, and each field's before and after."""

    __tablename__ = "story_event"
    __table_args__ = (Index("ix_event_story", "story_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    story_id: int = Field(foreign_key="story.id")
    at: datetime | None = Field(default=None, sa_column=_utc())
    editor: str = ""
    action: str = Field(max_length=32)
    version: int = 0  # the story's version after this change
    undoes: int | None = None  # for an undo (or redo): the version whose change it took back
    changes: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class StoryVersionRow(SQLModel, table=True):
    """One version of a story's copy as the wire sent it (n = 1, 2, 3 ... per story),
    written lazily by deskapp/services/versions.py (migration 0010)."""

    __tablename__ = "story_version"
    __table_args__ = (UniqueConstraint("story_id", "n"),)

    id: int | None = Field(default=None, primary_key=True)
    story_id: int = Field(foreign_key="story.id", index=True)
    n: int
    label: str = Field(default="", max_length=80)  # the agency's, as written: "UPDATE 1"
    wire_version: int | None = None
    received_at: datetime | None = Field(default=None, sa_column=_utc())
    headline: str = ""
    subheadline: str = ""
    body: str = ""
    dateline_place: str = ""
    dateline_date: date | None = None
    credits: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    signoff: str = ""
    killed: bool = False
    withdrawn: bool = False
    corrected: bool = False


class LockRow(SQLModel, table=True):
    """A soft edit lock: who is editing a story, kept alive by a heartbeat."""

    __tablename__ = "story_lock"
    # live locks are read by heartbeat (desks following changes): the held ones only,
    # however many lapsed rows crashed terminals left behind
    __table_args__ = (Index("ix_lock_heartbeat", "heartbeat_at"),)

    story_id: int = Field(foreign_key="story.id", primary_key=True)
    editor: str
    acquired_at: datetime | None = Field(default=None, sa_column=_utc())
    heartbeat_at: datetime | None = Field(default=None, sa_column=_utc())


class DraftRow(SQLModel, table=True):
    """Unsaved edits, autosaved so a closed terminal loses nothing."""

    __tablename__ = "draft"
    __table_args__ = (UniqueConstraint("story_id", "editor"),)

    id: int | None = Field(default=None, primary_key=True)
    story_id: int = Field(foreign_key="story.id")
    editor: str
    base_version: int = 0
    headline: str = ""
    body: str = ""
    saved_at: datetime | None = Field(default=None, sa_column=_utc())


class FeedRow(SQLModel, table=True):
    __tablename__ = "feed"

    id: int | None = Field(default=None, primary_key=True)
    url: str = Field(unique=True)
    name: str = ""
    desk: str | None = None
    every_seconds: int = 300
    etag: str | None = None
    last_modified: str | None = None
    last_polled: datetime | None = Field(default=None, sa_column=_utc())
    last_success: datetime | None = Field(default=None, sa_column=_utc())
    last_error: str | None = None
    failures: int = 0
    next_due: datetime | None = Field(default=None, sa_column=_utc())
    items_seen: int = 0
    items_new: int = 0
    encoding: str | None = None  # the feed's code page when the editor names it (else read)


class ExportFileRow(SQLModel, table=True):
    """A file an export wrote: where, for which story, and the SHA-256 of what it wrote
    (a file that no longer has it was changed by hand)."""

    __tablename__ = "export_file"
    __table_args__ = (UniqueConstraint("folder", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    story_id: int = Field(foreign_key="story.id", index=True)
    folder: str  # the absolute folder the file is in
    name: str  # the file name inside it
    target: str = Field(default="plain", max_length=16)
    sha256: str = Field(max_length=64)
    written_at: datetime | None = Field(default=None, sa_column=_utc())


class ExportLockRow(SQLModel, table=True):
    """Who is exporting: one row while an export runs (the lock itself on SQLite; on
    PostgreSQL an advisory lock is the lock and this row names its holder)."""

    __tablename__ = "export_lock"

    name: str = Field(primary_key=True, max_length=32)
    editor: str = ""
    host: str = ""
    pid: int = 0
    started_at: datetime | None = Field(default=None, sa_column=_utc())


def table_of(model: type[SQLModel]) -> Table:
    """The Core table behind a model, for bulk inserts and updates. SQLModel sets
    `__table__` when the class is made but does not declare it to type checkers."""
    return SQLModel.metadata.tables[str(model.__tablename__)]
