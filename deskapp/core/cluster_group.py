"""Grouping stories into clusters as they arrive: LSH candidates, then the check.

Pure and in memory: ingest loads the stored stories that share a band key with a
batch (`known`), then adds the batch's stories in order; the quality bench runs the
same over the labelled corpus. A story joins the cluster of the first candidate (most
band keys shared, then the newest) that passes `cluster_match.match_score`; with none
it stays alone.

A cluster's label is the id of its first story; a story alone has none (NULL in the
database), so most rows are exactly what they were before clusters.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import chain

from deskapp.core.cluster_match import Probe, match_score

# Checked for one story: those sharing the most band keys with it, newest first. A
# flood of copy on one event (or a template repeated all day) can fill a band; the
# best few are enough, since joining any one member joins the cluster.
MAX_CANDIDATES = 4
PER_KEY = 4  # the newest stories under one band key (as the store reads them)


@dataclass
class Grouper:
    """Stories seen so far, by band key; `add` returns each new story's cluster."""

    probes: dict[int, Probe | Callable[[], Probe | None]] = field(default_factory=dict)
    cluster: dict[int, int | None] = field(default_factory=dict)
    bands: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    changed: dict[int, int] = field(default_factory=dict)  # known stories given a label

    def known(
        self,
        story_id: int,
        probe: Probe | Callable[[], Probe | None],
        cluster_id: int | None,
        keys: list[int],
    ) -> None:
        """A stored story, with its cluster and the band keys it is stored under. `probe`
        may be a function that makes it: most stored candidates are never checked."""
        if story_id in self.probes:
            return
        self.probes[story_id] = probe
        self.cluster[story_id] = cluster_id
        for key in keys:
            self.bands[key].append(story_id)

    def candidates(self, probe: Probe) -> list[int]:
        """Stories sharing a band key with `probe`: those sharing the most first, then
        the newest (ids grow with arrival); at most `MAX_CANDIDATES`."""
        bands = self.bands
        shared = Counter(
            chain.from_iterable(bands[key][-PER_KEY:] for key in probe.sketch.bands if key in bands)
        )
        if len(shared) <= 1:
            return list(shared)
        ranked = sorted(zip(shared.values(), shared.keys(), strict=True), reverse=True)
        return [sid for _, sid in ranked[:MAX_CANDIDATES]]

    def _probe(self, sid: int) -> Probe | None:
        other = self.probes[sid]
        if not isinstance(other, Probe):
            made = other()
            if made is None:
                return None
            other = self.probes[sid] = made
        return other

    def matches(self, probe: Probe, exclude: int | None = None) -> list[int]:
        """The candidates on the same event: the first that passes (most band keys
        shared: the likeliest), then those still alone that pass too."""
        found: list[int] = []
        for sid in self.candidates(probe):
            if sid == exclude or (found and self.cluster.get(sid) is not None):
                continue
            other = self._probe(sid)
            if other is not None and match_score(probe, other) is not None:
                found.append(sid)
        return found

    def add(self, story_id: int, probe: Probe) -> int | None:
        """Take in a new story; its cluster label, or None when it stands alone."""
        found = self.matches(probe, exclude=story_id)
        label: int | None = None
        if found:
            # the first match's cluster, else the oldest of the stories alone it matched
            label = self.cluster.get(found[0]) or min(found)
            for sid in found:
                if self.cluster.get(sid) is None:
                    self.cluster[sid] = label
                    self.changed[sid] = label
        self.probes[story_id] = probe
        self.cluster[story_id] = label
        for key in probe.sketch.bands:
            self.bands[key].append(story_id)
        return label
