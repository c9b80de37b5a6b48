"""The story as plain data: what every parser produces and every face shows.

Nothing here knows about the database or the screen. Parsers fill a `Story`
from wire copy; the store turns rows into `Story` objects carrying their `id`
and `version`; the CLI and the TUI only ever see these objects.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only named here: the desk's first paint imports this module
    from deskapp.core.cluster_sketch import Sketch


class Role(StrEnum):
    """What a person did on a story."""

    WRITER = "writer"
    EDITOR = "editor"
    REPORTER = "reporter"
    CONTRIBUTOR = "contributor"
    PHOTOGRAPHER = "photographer"


ROLE_VALUES: tuple[str, ...] = tuple(r.value for r in Role)


class Status(StrEnum):
    """Where a story stands on the desk. `spiked` is a soft delete."""

    INBOX = "inbox"
    EDITING = "editing"
    QUEUED = "queued"
    PUBLISHED = "published"
    SPIKED = "spiked"


@dataclass(frozen=True, slots=True)
class Credit:
    role: Role
    name: str

    def __reduce__(self) -> tuple[type[Credit], tuple[Role, str]]:
        # Pickled as its two values: parse workers hand back credits by the
        # thousand, and a frozen dataclass's own state handling costs 10-20 µs a
        # story more (bench/kept_for_speed.py), against a 200 µs-a-story budget.
        return (Credit, (self.role, self.name))


@dataclass(slots=True)
class Photo:
    caption: str
    credit: str = ""

    @classmethod
    def from_columns(cls, caption: str | None, credit: str | None) -> Photo | None:
        """The photo a story's two stored columns describe, or None if it has none."""
        if caption is None and not credit:
            return None
        return cls(caption=caption or "", credit=credit or "")


@dataclass(slots=True)
class Note:
    """A follow-up on a story. Notes from the wire have the agency as author."""

    text: str
    author: str = ""
    created_at: datetime | None = None
    due: datetime | None = None
    resolved_at: datetime | None = None
    from_wire: bool = False
    id: int | None = None
    story_id: int | None = None

    @property
    def resolved(self) -> bool:
        return self.resolved_at is not None


@dataclass(slots=True)
class Story:
    """One piece of wire copy, parsed or stored.

    Parsers set the copy fields (headline ... raw_text). The store adds the
    desk fields (id, version, desk, status, ...). `body` is Markdown: plain
    paragraphs separated by one blank line.
    """

    headline: str
    body: str = ""
    # identity
    uid: str = ""  # the wire's own id; empty means "use the fingerprint"
    wire_version: int | None = None  # the wire's revision number, when it has one
    version_label: str = ""  # the agency's name for this version, as written ("UPDATE 1")
    # copy fields
    slugline: str = ""
    agency: str = ""
    section: str = ""
    subheadline: str = ""
    abstract: str = ""
    dateline_place: str = ""
    dateline_date: date | None = None
    # a dateline's date with no year ("Nov 24") in copy that gives no date to take the
    # year from: settled by `settle_dateline_date` with the day the story arrives
    dateline_date_text: str = ""
    published_at: datetime | None = None
    signoff: str = ""
    photo: Photo | None = None
    credits: list[Credit] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    wire_notes: list[str] = field(default_factory=list)  # editor's notes sent by the wire
    killed: bool = False  # the wire withdrew (cancelled) this story
    withdrawn: bool = False  # the wire withheld it for now (pubStatus withheld)
    corrected: bool = False  # the wire flagged this version as a correction
    suggested_desk: str | None = None
    priority: int | None = None  # wire urgency: 1 flash ... 6 ordinary (9 lowest)
    embargo_until: datetime | None = None
    source_format: str = "text"
    source_ref: str = ""
    raw_text: str = ""
    decoded_as: str = ""  # how copy that was not UTF-8 was read, when it was a guess
    ready_to_store: bool = False  # cleaned, body made Markdown (safe_text.prepare_copy)
    sketch: Sketch | None = None  # what it is about, for clusters (core.cluster_sketch)
    # desk fields, set by the store
    id: int | None = None
    cluster_id: int | None = None  # the cluster it is in (its first story's id), or None
    version: int = 0
    fingerprint: str = ""
    desk: str | None = None
    status: Status = Status.INBOX
    ingested_at: datetime | None = None
    queue_position: int | None = None
    queue_forced: bool = False
    exported_at: datetime | None = None
    wire_base: int | None = None  # the wire version the copy is based on (None: the first)
    wire_pending: int | None = None  # a newer wire version waiting for the editor's choice
    notes: list[Note] = field(default_factory=list)

    def paragraphs(self) -> list[str]:
        return split_paragraphs(self.body)

    def names(self, role: Role) -> list[str]:
        return [c.name for c in self.credits if c.role == role]

    def content_fingerprint(self) -> str:
        """A stable hash of what the copy says, for dedupe of copy with no wire id."""
        return content_fingerprint(self.headline, self.body)

    @property
    def effective_uid(self) -> str:
        return self.uid or self.fingerprint or self.content_fingerprint()


def split_paragraphs(body: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", body) if p.strip()]


def join_paragraphs(paragraphs: list[str]) -> str:
    return "\n\n".join(p.strip() for p in paragraphs if p.strip())


# ASCII copy's folding in one bytes pass: capitals to lower case (what `casefold` does to
# ASCII) and every character `str.split` splits on to a space.
_ASCII_FOLD = bytes.maketrans(
    bytes(range(ord("A"), ord("Z") + 1)) + b"\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f",
    bytes(range(ord("a"), ord("z") + 1)) + b" " * 9,
)


def content_fingerprint(headline: str, body: str) -> str:
    """sha256 of the copy case-folded, its words joined by single spaces."""
    text = f"{headline}\n{body}"
    if text.isascii():  # the same bytes as the general way, with no word list built
        norm = text.encode("ascii").translate(_ASCII_FOLD)
        while b"  " in norm:
            norm = norm.replace(b"  ", b" ")
        norm = norm.strip(b" ")
    else:
        norm = " ".join(text.casefold().split()).encode("utf-8")
    return "sha256:" + hashlib.sha256(norm).hexdigest()[:32]
