"""The SQL of clusters: band keys in and out, a cluster's members, labels.

A cluster's label is the id of its first story (`story.cluster_id`); a story alone
has NULL. `story_band` holds each story's LSH band keys; candidates are read only
among stories of the time window (by the story's time).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ARRAY, Connection, Integer, any_, bindparam, select, update
from sqlmodel import col

from deskapp.store import bulk
from deskapp.store.bulk import BulkInsert
from deskapp.store.tables import STORY_TIME, BandRow, StoryRow, table_of

# The newest stories under each band key, at most `PER_KEY`: a key that a flood of
# copy (or a phrase every story uses) shares is read as far as it helps, never whole.
PER_KEY = 4
_KEYS_A_STATEMENT = 100  # SQLite: one compound SELECT of this many index seeks
_PER_KEY_SQLITE = " UNION ALL ".join(
    ["SELECT * FROM (SELECT band, story_id FROM story_band WHERE band = ? "
     f"ORDER BY story_id DESC LIMIT {PER_KEY})"] * _KEYS_A_STATEMENT
)  # fmt: skip
_PER_KEY_PG = (
    "SELECT k.band, b.story_id FROM unnest(%s::bigint[]) AS k(band), LATERAL "
    "(SELECT story_id FROM story_band WHERE band = k.band "
    f"ORDER BY story_id DESC LIMIT {PER_KEY}) AS b"
)
_STORIES = select(
    col(StoryRow.id),
    col(StoryRow.cluster_id),
    col(StoryRow.cluster_sketch),
    col(StoryRow.dateline_place),
    STORY_TIME,
).where(col(StoryRow.id).in_(bindparam("ids", expanding=True)), STORY_TIME >= bindparam("since"))
_STORIES_PG = select(
    col(StoryRow.id),
    col(StoryRow.cluster_id),
    col(StoryRow.cluster_sketch),
    col(StoryRow.dateline_place),
    STORY_TIME,
).where(
    col(StoryRow.id) == any_(bindparam("ids", type_=ARRAY(Integer))),
    STORY_TIME >= bindparam("since"),
)
_CHUNK = 500


def band_members(conn: Connection, keys: Sequence[int]) -> list[tuple[int, int]]:
    """(band key, story id): the newest `PER_KEY` stories under each of `keys`."""
    if not keys:
        return []
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    if conn.dialect.name == "postgresql":
        cursor.execute(_PER_KEY_PG, (list(keys),))
        return [(band, sid) for band, sid in cursor.fetchall()]
    out: list[tuple[int, int]] = []
    for start in range(0, len(keys), _KEYS_A_STATEMENT):
        chunk = list(keys[start : start + _KEYS_A_STATEMENT])
        chunk += [-1] * (_KEYS_A_STATEMENT - len(chunk))  # one statement text: prepared once
        out.extend(cursor.execute(_PER_KEY_SQLITE, chunk).fetchall())
    return out


def candidates(
    conn: Connection, keys: Sequence[int], since: datetime
) -> list[tuple[int, int, int | None, str | None, str, datetime | None]]:
    """(band, story id, cluster id, sketch, dateline place, time) of the stored stories
    of the window (time >= `since`) under the band `keys` (`band_members`)."""
    members = band_members(conn, keys)
    if not members:
        return []
    ids = sorted({sid for _, sid in members})
    found: dict[int, Any] = {}
    if conn.dialect.name == "postgresql":
        rows: list[Any] = list(conn.execute(_STORIES_PG, {"ids": ids, "since": since}).all())
    else:
        rows = []
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            rows.extend(conn.execute(_STORIES, {"ids": chunk, "since": since}).all())
    for row in rows:
        found[row[0]] = row
    return [(band, *found[sid]) for band, sid in members if sid in found]


def add_bands(conn: Connection, rows: Iterable[tuple[int, int]]) -> None:
    """Store (band key, story id) rows: COPY on PostgreSQL, one prepared INSERT on SQLite."""
    rows = list(rows)
    if not rows:
        return
    table = table_of(BandRow)
    if conn.dialect.name == "postgresql":
        bulk.copy_rows(conn, table, ("band", "story_id"), rows)
    else:
        BulkInsert(conn, table, ("band", "story_id")).run(rows)


def label_alone(conn: Connection, labels: dict[int, int]) -> None:
    """Give stories that stood alone their cluster's label (a new story joined them):
    its own id, which is what a story alone that another joins becomes."""
    own = [sid for sid, label in labels.items() if sid == label]
    for start in range(0, len(own), _CHUNK):
        conn.execute(
            update(StoryRow)
            .where(
                col(StoryRow.id).in_(own[start : start + _CHUNK]),
                col(StoryRow.cluster_id).is_(None),
            )
            .values(cluster_id=StoryRow.id)
        )
    others = [{"sid": sid, "label": label} for sid, label in labels.items() if sid != label]
    if others:  # one prepared statement, executed for each
        conn.execute(
            update(StoryRow)
            .where(col(StoryRow.id) == bindparam("sid"), col(StoryRow.cluster_id).is_(None))
            .values(cluster_id=bindparam("label")),
            others,
        )


def member_ids(conn: Connection, cluster_id: int) -> list[int]:
    """The stories of a cluster, oldest first (by their time, then id)."""
    return [
        sid
        for sid in conn.execute(
            select(col(StoryRow.id))
            .where(col(StoryRow.cluster_id) == cluster_id)
            .order_by(STORY_TIME, col(StoryRow.id))
        ).scalars()
        if sid is not None
    ]


def members_of(conn: Connection, labels: Sequence[int]) -> list[int]:
    """The stories of several clusters (an index range each)."""
    return [
        sid
        for sid in conn.execute(
            select(col(StoryRow.id)).where(col(StoryRow.cluster_id).in_(list(labels)))
        ).scalars()
        if sid is not None
    ]
