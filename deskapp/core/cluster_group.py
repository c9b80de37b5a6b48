"""Grouping stories into clusters as they arrive: LSH candidates, then the check.

Pure and in memory: ingest loads the stored stories that share a band key with a
batch (`known`), then adds the batch's stories in order; the quality bench runs the
same over the labelled corpus. A story joins the cluster of its best match among the
candidates (most band keys shared, then the newest) that pass `cluster_match`'s
threshold, when that cluster passes `Grouper.choose`; with none it stays alone.

A cluster's label is the id of its first story; a story alone has none (NULL in the
database), so most rows are exactly what they were before clusters.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import chain
from typing import NamedTuple

from deskapp.core.cluster_match import NAME_HOURS, THRESHOLD, Probe, pair_score

# Checked for one story: those sharing the most band keys with it, newest first. A
# flood of copy on one event (or a template repeated all day) can fill a band; the
# best few are enough, since matching one member checked is enough to join a cluster.
MAX_CANDIDATES = 4
PER_KEY = 4  # the newest stories under one band key (as the store reads them)


class Scored(NamedTuple):
    """A candidate checked: its score against the new story, its id, and whether the
    two are `NAME_HOURS` or more apart."""

    value: float
    sid: int
    far: bool


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

    def scored(self, probe: Probe, exclude: int | None = None) -> list[Scored]:
        """The candidates within the window, each with its score against `probe`."""
        out: list[Scored] = []
        for sid in self.candidates(probe):
            if sid == exclude:
                continue
            other = self._probe(sid)
            if other is not None and (value := pair_score(probe, other)) is not None:
                far = (
                    probe.hour is not None
                    and other.hour is not None
                    and (abs(probe.hour - other.hour) >= NAME_HOURS)
                )
                out.append(Scored(value, sid, far))
        return out

    def choose(self, scored: list[Scored]) -> list[Scored]:
        """The members checked of the cluster a new story joins (best first), or none.

        A story alone counts as a cluster of its own. A cluster passes when the new
        story matches one of its members checked (`THRESHOLD`), and every one of them
        when a match is `NAME_HOURS` or more away: a day apart, stories that share
        their names (a tournament's semi-final and its final, which names the
        semi-final's winner) need more than one member's word. Of those that pass, the
        cluster of the best match, not the first: a story like two clusters belongs to
        the one it is most like."""
        groups: dict[int, list[Scored]] = {}
        for row in scored:
            groups.setdefault(self.cluster.get(row.sid) or row.sid, []).append(row)
        best: list[Scored] = []
        for rows in groups.values():
            rows.sort(reverse=True)
            if rows[0].value < THRESHOLD:
                continue
            if any(r.far for r in rows if r.value >= THRESHOLD) and rows[-1].value < THRESHOLD:
                continue
            if not best or rows[0].value > best[0].value:
                best = rows
        return best

    def add(self, story_id: int, probe: Probe) -> int | None:
        """Take in a new story; its cluster label, or None when it stands alone. The
        candidates still alone that it matches join its cluster too (two agencies that
        each match a third but not each other end in one cluster); two clusters are
        never joined."""
        scored = self.scored(probe, exclude=story_id)
        found = self.choose(scored)
        label: int | None = None
        if found:
            chosen = {r.sid for r in found}
            drawn = [
                r.sid
                for r in scored
                if r.value >= THRESHOLD and r.sid not in chosen and self.cluster.get(r.sid) is None
            ]
            # the cluster's label, else the oldest of the stories alone it draws in
            drawn.append(found[0].sid)
            label = self.cluster.get(found[0].sid) or min(drawn)
            for sid in drawn:
                if self.cluster.get(sid) is None:
                    self.cluster[sid] = self.changed[sid] = label
        self.probes[story_id] = probe
        self.cluster[story_id] = label
        for key in probe.sketch.bands:
            self.bands[key].append(story_id)
        return label
