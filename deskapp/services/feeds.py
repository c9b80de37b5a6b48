"""Feed subscriptions: add, list, remove, and poll the ones that are due.

Polling is a conditional GET (ETag / Last-Modified): a 304 stores nothing. New
entries go through `IngestService.store`, so dedupe and in-place updates are the
same as for any other source, and a feed's desk pre-tags its new stories. A
feed that fails waits longer each time (exponential backoff, capped at a day);
one success resets it. The stories are committed before the feed's state is
updated, so a crash between the two only means the next poll re-reads
entries that dedupe as duplicates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlmodel import col

from deskapp.ingest.errors import IngestError, SkippedItem
from deskapp.services.context import ServiceContext
from deskapp.services.errors import InvalidInput, NotFound
from deskapp.store.rows import as_utc
from deskapp.store.tables import FeedRow

if TYPE_CHECKING:
    import httpx

    from deskapp.services.ingest import IngestResult

MIN_EVERY = 30  # seconds
MAX_BACKOFF = 24 * 3600


@dataclass(slots=True)
class FeedInfo:
    id: int
    url: str
    name: str
    desk: str | None
    every_seconds: int
    last_polled: datetime | None
    last_success: datetime | None
    last_error: str | None
    failures: int
    next_due: datetime | None
    items_seen: int
    items_new: int
    encoding: str | None = None  # the code page its copy is read in (None: read from the copy)

    def to_json(self) -> dict[str, Any]:
        def iso(value: datetime | None) -> str | None:
            return value.isoformat() if value else None

        return {
            "id": self.id,
            "url": self.url,
            "name": self.name,
            "desk": self.desk,
            "every_seconds": self.every_seconds,
            "last_polled": iso(self.last_polled),
            "last_success": iso(self.last_success),
            "last_error": self.last_error,
            "failures": self.failures,
            "next_due": iso(self.next_due),
            "items_seen": self.items_seen,
            "items_new": self.items_new,
            "encoding": self.encoding,
        }


@dataclass(slots=True)
class PollResult:
    feed_id: int
    url: str
    status: str  # "stored" | "not-modified" | "empty" | "error"
    error: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    results: list[IngestResult] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "feed": self.feed_id,
            "url": self.url,
            "status": self.status,
            "error": self.error or None,
            "counts": self.counts,
            "stories": [r.to_json() for r in self.results],
        }


def _info(row: FeedRow) -> FeedInfo:
    return FeedInfo(
        id=row.id or 0,
        url=row.url,
        name=row.name,
        desk=row.desk,
        every_seconds=row.every_seconds,
        last_polled=as_utc(row.last_polled),
        last_success=as_utc(row.last_success),
        last_error=row.last_error,
        failures=row.failures,
        next_due=as_utc(row.next_due),
        items_seen=row.items_seen,
        items_new=row.items_new,
        encoding=row.encoding,
    )


class FeedService:
    def __init__(
        self, ctx: ServiceContext, transport: httpx.AsyncBaseTransport | None = None
    ) -> None:
        self.ctx = ctx
        self.transport = transport  # tests hand in httpx.MockTransport

    def add(
        self,
        url: str,
        *,
        name: str = "",
        desk: str | None = None,
        every_seconds: int = 300,
        encoding: str | None = None,
    ) -> FeedInfo:
        """Follow a feed. `encoding` names its code page, for a feed whose copy is in a
        legacy code page it does not declare (else each poll reads it from the copy)."""
        url = url.strip()
        encoding = (encoding or "").strip() or None
        if encoding:
            import codecs

            try:
                codecs.lookup(encoding)
            except LookupError:
                raise InvalidInput(
                    f"unknown encoding {encoding!r} (try utf-8, cp1252, cp1250, latin-1)"
                ) from None
        if not url.lower().startswith(("http://", "https://")):
            raise InvalidInput(f"not an http(s) URL: {url!r}")
        if desk and desk not in self.ctx.settings.desk_codes():
            raise InvalidInput(
                f"unknown desk {desk!r}; desks are: " + ", ".join(self.ctx.settings.desk_codes())
            )
        if every_seconds < MIN_EVERY:
            raise InvalidInput(f"polling more often than every {MIN_EVERY}s is not allowed")
        with self.ctx.db.write() as session:
            existing = session.execute(select(FeedRow).where(col(FeedRow.url) == url)).scalar()
            if existing is not None:
                raise InvalidInput(f"already subscribed: feed {existing.id} is {url}")
            row = FeedRow(
                url=url,
                name=name.strip() or url,
                desk=desk or None,
                every_seconds=every_seconds,
                next_due=None,
                encoding=encoding,
            )
            session.add(row)
            session.flush()
            return _info(row)

    def list_feeds(self) -> list[FeedInfo]:
        with self.ctx.db.read() as session:
            rows = session.execute(select(FeedRow).order_by(col(FeedRow.id))).scalars().all()
            return [_info(r) for r in rows]

    def get(self, ref: str | int) -> FeedInfo:
        with self.ctx.db.read() as session:
            return _info(self._row(session, ref))

    def remove(self, ref: str | int) -> FeedInfo:
        """Stop following a feed. The stories it brought in stay."""
        with self.ctx.db.write() as session:
            row = self._row(session, ref)
            info = _info(row)
            session.delete(row)
            return info

    def due(self, now: datetime | None = None) -> list[FeedInfo]:
        now = now or self.ctx.now()
        return [f for f in self.list_feeds() if f.next_due is None or f.next_due <= now]

    def poll_due(self, now: datetime | None = None) -> list[PollResult]:
        return [self.poll(feed.id) for feed in self.due(now)]

    def poll(self, ref: str | int) -> PollResult:
        """Poll one feed now, due or not."""
        from deskapp.core.cluster_sketch import sketch
        from deskapp.ingest.decode import to_utf8
        from deskapp.ingest.feeds import parse_feed
        from deskapp.ingest.fetch import fetch
        from deskapp.services.ingest import IngestService

        feed = self.get(ref)
        with self.ctx.db.read() as session:
            row = self._row(session, feed.id)
            etag, modified = row.etag, row.last_modified
        try:
            response = fetch(
                feed.url,
                etag=etag,
                last_modified=modified,
                transport=self.transport,
                deadline=self.ctx.settings.http_deadline,
            )
            if response.not_modified:
                self._record(feed.id, seen=0, new=0)
                return PollResult(feed.id, feed.url, "not-modified")
            try:
                content = response.content
                if feed.encoding:  # the editor's word for the code page beats the copy's
                    content, _how = to_utf8(content, feed.encoding)
                stories = parse_feed(content, feed.url)
            except SkippedItem:
                stories = []
        except IngestError as exc:
            self._record(feed.id, error=str(exc))
            return PollResult(feed.id, feed.url, "error", error=str(exc))
        for story in stories:  # what the parse workers do for files: for its cluster
            story.sketch = sketch(story.headline, story.body, story.dateline_place)
        results = IngestService(self.ctx).store([(feed.url, s) for s in stories], desk=feed.desk)
        counts: dict[str, int] = {}
        for result in results:
            counts[result.status] = counts.get(result.status, 0) + 1
        self._record(
            feed.id,
            seen=len(stories),
            new=counts.get("new", 0),
            etag=response.etag,
            modified=response.last_modified,
        )
        return PollResult(
            feed.id, feed.url, "stored" if stories else "empty", counts=counts, results=results
        )

    def _record(
        self,
        feed_id: int,
        *,
        seen: int = 0,
        new: int = 0,
        error: str | None = None,
        etag: str | None = None,
        modified: str | None = None,
    ) -> None:
        now = self.ctx.now()
        with self.ctx.db.write() as session:
            row = session.get(FeedRow, feed_id)
            if row is None:  # removed while we were polling
                return
            row.last_polled = now
            if error is not None:
                row.failures += 1
                row.last_error = error
                wait = min(row.every_seconds * 2 ** min(row.failures, 12), MAX_BACKOFF)
                row.next_due = now + timedelta(seconds=wait)
                return
            row.failures = 0
            row.last_error = None
            row.last_success = now
            row.items_seen += seen
            row.items_new += new
            if etag is not None or modified is not None:
                row.etag, row.last_modified = etag, modified
            row.next_due = now + timedelta(seconds=row.every_seconds)

    @staticmethod
    def _row(session: Any, ref: str | int) -> FeedRow:
        text = str(ref).strip()
        if text.isdigit():
            row = session.get(FeedRow, int(text))
        else:
            row = session.execute(select(FeedRow).where(col(FeedRow.url) == text)).scalar()
        if row is None:
            raise NotFound(f"no feed {text}")
        return row
