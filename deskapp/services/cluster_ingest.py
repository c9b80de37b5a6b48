"""Clusters at ingest: a batch of new stories joins the clusters of stories on the same event.

The parse workers sketched each story (`core.cluster_sketch`). Here, in the batch's
transaction: one read of the stored stories of the window that share a band key with
the batch, then `core.cluster_group.Grouper` decides each new story's cluster in
order (a story may join one that came in earlier in the same batch). The new stories'
band keys are written with the batch (COPY on PostgreSQL); a stored story alone that
a new one joins gets the cluster's label (its own id).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial

from sqlalchemy import Connection

from deskapp.core.cluster_group import Grouper
from deskapp.core.cluster_match import WINDOW, Probe
from deskapp.core.cluster_sketch import Sketch, place_key
from deskapp.core.story import Story
from deskapp.store import clusters
from deskapp.store.rows import as_utc


@dataclass
class Grouped:
    """What grouping a batch decided."""

    labels: list[int | None]  # each new story's cluster, in the batch's order
    bands: list[tuple[int, int]] = field(default_factory=list)  # (band key, story id) to store
    joined: dict[int, int] = field(default_factory=dict)  # stored stories alone, now labelled


def probe_of(story: Story, now: datetime) -> Probe | None:
    if story.sketch is None:
        return None
    return Probe(story.sketch, place_key(story.dateline_place), as_utc(story.published_at) or now)


def _stored_probe(text: str | None, place: str, at: datetime | None) -> Probe | None:
    sketch = Sketch.from_text(text or "")
    return Probe(sketch, place_key(place), as_utc(at)) if sketch else None


def group_new(
    conn: Connection, ids: Sequence[int], stories: Sequence[Story], now: datetime
) -> Grouped:
    """Decide the clusters of new stories `stories` (stored as `ids`), read what it needs."""
    probes = [probe_of(s, now) for s in stories]
    keys_of = [p.sketch.bands if p else () for p in probes]
    wanted = sorted({k for keys in keys_of for k in keys})
    times = [p.at for p in probes if p is not None and p.at is not None]
    grouper = Grouper()
    if wanted and times:
        found: dict[int, list[int]] = defaultdict(list)
        known: dict[int, tuple[int | None, str | None, str, datetime | None]] = {}
        for band, sid, cluster_id, text, place, at in clusters.candidates(
            conn, wanted, min(times) - WINDOW
        ):
            found[sid].append(band)
            known[sid] = (cluster_id, text, place, at)
        for sid, (cluster_id, text, place, at) in known.items():
            grouper.known(sid, partial(_stored_probe, text, place, at), cluster_id, found[sid])
    out = Grouped([])
    for sid, probe, keys in zip(ids, probes, keys_of, strict=True):
        if probe is None:
            out.labels.append(None)
            continue
        out.labels.append(grouper.add(sid, probe))
        out.bands.extend((key, sid) for key in keys)
    new = set(ids)
    # a new story that a later one in the batch joined takes the label as it is written
    out.labels = [grouper.cluster.get(sid) for sid in ids]
    out.joined = {sid: label for sid, label in grouper.changed.items() if sid not in new}
    return out
