"""The desk's first screen of rows, read straight through the sqlite3 driver.

Opening the services imports SQLAlchemy and SQLModel (and Alembic when the schema
lags): most of a second on a small machine, before anything could be drawn. This
module reads the first page of a list without any of them, read-only, so the desk
draws its first screen at once while the services open behind it
(deskapp/services/first_page.py, deskapp/tui/launch.py).

It is the same read as `listing.story_ids(..., limit=)` then `listing.summaries`,
for a list filtered by status only, in the default order (the story's time, newest
first, then id): tests/store/test_first_page.py holds the two to the same answer.
Anything unexpected (no file, not a database, locked, a schema other than this
Deskapp's) returns None, and the desk opens the usual way, with the usual messages.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

from deskapp.core.cluster_marker import cluster_marks
from deskapp.core.listing import StorySummary, short_credits
from deskapp.core.story import Status
from deskapp.store.schema import SCHEMA_HEAD

LOCK_TTL = timedelta(seconds=30)  # store.listing.LOCK_TTL (tests hold them equal)
BUSY_WAIT = 0.2  # seconds: a database busy for longer opens the usual way

_SUMMARY_COLUMNS = (
    "id, version, headline, agency, desk, suggested_desk, status, priority, published_at,"
    " ingested_at, embargo_until, queue_position, killed, withdrawn, corrected, cluster_id,"
    " wire_pending"
)
_TIME = "coalesce({t}.published_at, {t}.ingested_at)"
# listing._newer_member for a list filtered by status: one row a cluster
_NO_NEWER_MEMBER = (
    " AND (story.cluster_id IS NULL OR NOT EXISTS (SELECT 1 FROM story AS member"
    " WHERE member.cluster_id = story.cluster_id AND member.status IN ({marks})"
    f" AND {_TIME.format(t='member')} >= {_TIME.format(t='story')}"
    f" AND ({_TIME.format(t='member')} > {_TIME.format(t='story')}"
    " OR member.id > story.id)))"
)


def sqlite_file(value: str) -> Path | None:
    """The file a `--db` value names when it is a SQLite file: a plain path (as
    `engine.normalise_url` reads it) or a `sqlite:///` URL without options; else None."""
    value = value.strip()
    if not value:
        return None
    if "://" not in value:
        return Path(value).expanduser().resolve()
    prefix = "sqlite:///"
    rest = value[len(prefix) :]
    if not value.startswith(prefix) or not rest or rest == ":memory:" or set("?%#") & set(rest):
        return None
    return Path(rest)


def read_first_page(
    path: Path, statuses: Sequence[Status], limit: int, now: datetime, *, grouped: bool = False
) -> tuple[list[int], dict[int, StorySummary]] | None:
    """The first `limit` ids of the list of stories in `statuses` and their summaries,
    or None when the file is not a database at this Deskapp's schema that reads at once.
    `grouped`: one row a cluster, as `StoryFilter.grouped`."""
    if not statuses or not path.is_file():
        return None
    try:
        conn = sqlite3.connect(
            f"file:{quote(str(path))}?mode=ro", uri=True, timeout=BUSY_WAIT, isolation_level=None
        )
    except (sqlite3.Error, OSError):
        return None
    try:
        conn.execute("BEGIN")  # one snapshot for the ids and their rows
        if _revision(conn) != SCHEMA_HEAD:
            return None
        marks = ", ".join("?" for _ in statuses)
        wanted = [str(s) for s in statuses]
        grouping = _NO_NEWER_MEMBER.format(marks=marks) if grouped else ""
        ids = [
            row[0]
            for row in conn.execute(
                f"SELECT id FROM story WHERE status IN ({marks}){grouping}"
                " ORDER BY coalesce(published_at, ingested_at) DESC, id DESC LIMIT ?",
                wanted + (wanted if grouped else []) + [limit],
            )
        ]
        return ids, _summaries(conn, ids, now)
    except (sqlite3.Error, ValueError):  # locked, not a database, a value that does not read
        return None
    finally:
        conn.close()


def _revision(conn: sqlite3.Connection) -> str | None:
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.OperationalError:  # no such table: an empty or a foreign database
        return None
    return row[0] if row else None


def _summaries(conn: sqlite3.Connection, ids: list[int], now: datetime) -> dict[int, StorySummary]:
    if not ids:
        return {}
    marks = ", ".join("?" for _ in ids)
    credits: dict[int, list[tuple[str, str]]] = {}
    for sid, role, name in conn.execute(
        f"SELECT story_id, role, name FROM credit WHERE story_id IN ({marks})"
        " ORDER BY story_id, ord",
        ids,
    ):
        credits.setdefault(sid, []).append((role, name))
    open_notes = (
        f"SELECT story_id, count(*) FROM note WHERE story_id IN ({marks}) AND resolved_at IS NULL"
    )
    n_open = dict(conn.execute(open_notes + " GROUP BY story_id", ids).fetchall())
    n_overdue = dict(
        conn.execute(open_notes + " AND due < ? GROUP BY story_id", [*ids, _stored(now)])
    )
    locks = dict(
        conn.execute(
            f"SELECT story_id, editor FROM story_lock WHERE story_id IN ({marks})"
            " AND heartbeat_at > ?",
            [*ids, _stored(now - LOCK_TTL)],
        )
    )
    rows = conn.execute(
        f"SELECT {_SUMMARY_COLUMNS} FROM story WHERE id IN ({marks})", ids
    ).fetchall()
    labels = sorted({r[15] for r in rows if r[15] is not None})
    clusters = {}
    if labels:
        counted = conn.execute(
            "SELECT cluster_id, agency, count(*), min(coalesce(published_at, ingested_at))"
            f" FROM story WHERE cluster_id IN ({', '.join('?' for _ in labels)})"
            " AND status != 'spiked' GROUP BY cluster_id, agency",
            labels,
        )
        clusters = cluster_marks((c, a, n, _when(first)) for c, a, n, first in counted)
    out = {}
    for r in rows:
        sid = r[0]
        cluster = clusters.get(r[15]) if r[15] is not None else None
        out[sid] = StorySummary(
            id=sid,
            version=r[1],
            headline=r[2],
            agency=r[3],
            desk=r[4],
            suggested_desk=r[5],
            status=Status(r[6]),
            priority=r[7],
            published_at=_when(r[8]),
            ingested_at=_when(r[9]),
            embargo_until=_when(r[10]),
            queue_position=r[11],
            credits_short=short_credits(credits.get(sid, [])),
            open_notes=n_open.get(sid, 0),
            overdue_notes=n_overdue.get(sid, 0),
            locked_by=locks.get(sid),
            killed=bool(r[12]),
            withdrawn=bool(r[13]),
            corrected=bool(r[14]),
            wire_pending=r[16],
            cluster_id=r[15] if cluster else None,
            cluster_marker=cluster[0] if cluster else "",
            cluster_size=cluster[1] if cluster else 0,
        )
    return out


def _stored(value: datetime) -> str:
    """A UTC time as SQLAlchemy stores it in SQLite (what comparisons are made against)."""
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def _when(value: str | None) -> datetime | None:
    """A stored time back as an aware UTC datetime (SQLite keeps it as text, in UTC)."""
    if value is None:
        return None
    parsed = datetime.fromisoformat(value)
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
