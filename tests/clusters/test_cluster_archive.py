"""A clustered story archived and restored keeps its band keys and its cluster."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import text

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "clusters"
QUAKE = sorted(str(p) for p in CORPUS.glob("quake-valdoria-*.txt"))


def bands(services, table: str, story_id: int) -> int:  # type: ignore[no-untyped-def]
    with services.db.read() as session:
        return int(
            session.execute(
                text(f"SELECT count(*) FROM {table} WHERE story_id = :i"), {"i": story_id}
            ).scalar_one()
        )


def test_archive_carries_the_band_rows_and_restore_brings_them_back(services):
    clock = services.ctx.clock
    services.ctx.clock = lambda: datetime.now(UTC) - timedelta(days=200)
    try:
        ids = [r.id for r in services.ingest.ingest(QUAKE)]
        services.clusters.cover(ids[0])  # the others spiked long ago
    finally:
        services.ctx.clock = clock
    gone = ids[1]
    label = services.stories.get(gone).cluster_id
    before = bands(services, "story_band", gone)
    assert before > 0
    services.archive.archive(timedelta(days=90))
    assert bands(services, "story_band", gone) == 0
    assert bands(services, "archive_story_band", gone) == before
    restored = services.archive.restore(gone).story.id
    assert bands(services, "story_band", restored) == before
    assert bands(services, "archive_story_band", gone) == 0
    assert services.stories.get(restored).cluster_id == label
