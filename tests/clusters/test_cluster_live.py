"""A desk listening for changes hears of a cluster's other stories when another editor
splits one out of it (their row changes), on SQLite and on PostgreSQL."""

from __future__ import annotations

import time
from pathlib import Path

from deskapp.services.live import LiveChanges

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "clusters"
QUAKE = sorted(str(p) for p in CORPUS.glob("quake-valdoria-*.txt"))


def heard_until(live: LiveChanges, want: set[int], limit: float = 5.0) -> dict[int, frozenset]:
    seen: dict[int, frozenset] = {}
    deadline = time.monotonic() + limit
    while not want <= seen.keys() and time.monotonic() < deadline:
        for change in live.wait(0.2):
            seen[change.story_id] = seen.get(change.story_id, frozenset()) | change.what
    return seen


def test_a_split_is_heard_for_the_clusters_other_stories(services):
    quake = [r.id for r in services.ingest.ingest(QUAKE)]
    middle = sorted(quake)[2]  # neither the label nor the newest: no other story changes
    with LiveChanges(services.ctx) as live:
        services.clusters.split(middle)
        seen = heard_until(live, set(quake))
    assert set(quake) <= seen.keys()
    assert all("cluster" in seen[sid] for sid in quake)
