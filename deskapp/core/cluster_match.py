"""Whether two stories are about the same event: the check after LSH found them.

Pure. A story's `Probe` is its sketch, its dateline place and its time. The score:

- the estimated Jaccard similarity of the two feature sets (`cluster_sketch`);
- plus the share of headline marks they have in common (of the shorter headline);
- plus up to `NAME_WEIGHT` for names and figures in common beyond the two any stories
  of one country share (a place, the country), while the two are within `NAME_HOURS`:
  different agencies word an event differently but name the same towns, people and
  figures (a daily report repeats its names every day, so not a day apart);
- plus a little for the same dateline place; minus as much for two different places,
  unless one story names the other's place (one agency files from the capital, the
  other from the town);
- minus a little for each hour apart beyond `CLOSE_HOURS` (a daily report that
  repeats its template is a day apart; an event's updates come within hours);
- minus `FIGURES_PENALTY` when both give several figures and share none (the daily
  report again: the same words, every number new).

Stories more than `WINDOW` apart are never grouped. The weights and `THRESHOLD` were
tuned on tests/fixtures/clusters and tests/fixtures/clusters_heldout
(bench/cluster_quality.py prints the result): both are grouped whole and apart from
their near misses for any threshold from 0.31 to 0.36; 0.34 is the middle.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from operator import eq

from deskapp.core.cluster_sketch import SLOTS, Sketch, place_names

WINDOW = timedelta(hours=48)
_WINDOW_HOURS = WINDOW.total_seconds() / 3600
CLOSE_HOURS = 8.0
THRESHOLD = 0.34
IDENTICAL = 2.0  # the score of identical copy
HEAD_WEIGHT = 0.35
PLACE_WEIGHT = 0.12
HOUR_PENALTY = 0.012
FIGURES_PENALTY = 0.3
FIGURES_TO_DISAGREE = 3
NAME_WEIGHT = 0.3  # for names in common beyond `NAMES_COMMON`, up to `NAMES_FULL` more
NAMES_COMMON = 2  # a country and a capital: what unrelated stories of one place share
NAMES_FULL = 3
NAME_HOURS = 12.0  # names count as much only this close in time (a daily report's names)


@dataclass(frozen=True, slots=True)
class Probe:
    """What the check reads of one story."""

    sketch: Sketch
    place: str = ""  # `cluster_sketch.place_key` of its dateline
    at: datetime | None = None  # its time: the wire's, else when it came in
    place_names: frozenset[int] = field(default=frozenset(), compare=False, repr=False)
    hour: float | None = field(default=None, compare=False, repr=False)  # `at` in hours

    def __post_init__(self) -> None:
        if self.place and not self.place_names:
            object.__setattr__(self, "place_names", place_names(self.place))
        if self.at is not None and self.hour is None:
            object.__setattr__(self, "hour", self.at.timestamp() / 3600)


def jaccard(a: Sketch, b: Sketch) -> float:
    """The estimated Jaccard similarity: slots that agree, of the slots either filled."""
    same = sum(map(eq, a.slots, b.slots))
    both_empty = (a.empty & b.empty).bit_count()
    filled = len(a.slots) - both_empty
    return (same - both_empty) / filled if filled else 0.0


def head_overlap(a: Sketch, b: Sketch) -> float:
    if not a.heads or not b.heads:
        return 0.0
    return len(a.head_set & b.head_set) / min(len(a.heads), len(b.heads))


def place_weight(a: Probe, b: Probe) -> float:
    """The same dateline place: `PLACE_WEIGHT`; two places, one named in the other's lead
    (one agency files from the capital, another from the town): nothing; else minus."""
    if not a.place or not b.place:
        return 0.0
    if a.place == b.place:
        return PLACE_WEIGHT
    if a.place_names <= b.sketch.name_set or b.place_names <= a.sketch.name_set:
        return 0.0
    return -PLACE_WEIGHT


def name_weight(a: Sketch, b: Sketch, hours: float) -> float:
    """Names in common beyond the few that any two stories of one country share, while
    the two are close in time."""
    if hours >= NAME_HOURS:
        return 0.0
    beyond = min(max(len(a.marks & b.marks) - NAMES_COMMON, 0), NAMES_FULL)
    return NAME_WEIGHT * beyond / NAMES_FULL


def figures_disagree(a: Sketch, b: Sketch) -> bool:
    """Both give several figures and share none: a template filled in on another day (a
    market report), or another event told the same way."""
    if len(a.numbers) < FIGURES_TO_DISAGREE or len(b.numbers) < FIGURES_TO_DISAGREE:
        return False
    return set(a.numbers).isdisjoint(b.numbers)


def _hours(a: Probe, b: Probe) -> float:
    """How far apart two probes are, in hours, from the hours each keeps."""
    if a.hour is None or b.hour is None:
        return 0.0
    return abs(a.hour - b.hour)


def score(a: Probe, b: Probe, hours: float | None = None) -> float:
    """How alike two stories are (symmetric; higher is more alike). `hours`: how far
    apart they are, when the caller knows."""
    x, y = a.sketch, b.sketch
    # `jaccard` and `head_overlap`, written out: this runs for every candidate
    both_empty = (x.empty & y.empty).bit_count()
    filled = SLOTS - both_empty
    value = (sum(map(eq, x.slots, y.slots)) - both_empty) / filled if filled else 0.0
    if x.heads and y.heads:
        value += HEAD_WEIGHT * len(x.head_set & y.head_set) / min(len(x.heads), len(y.heads))
    if a.place and b.place:
        value += place_weight(a, b)
    if hours is None:
        hours = _hours(a, b)
    if hours < NAME_HOURS:
        shared = len(x.marks & y.marks)
        if shared > NAMES_COMMON:
            value += name_weight(x, y, hours)
    if hours > CLOSE_HOURS:
        value -= HOUR_PENALTY * (hours - CLOSE_HOURS)
    if figures_disagree(a.sketch, b.sketch):
        value -= FIGURES_PENALTY
    return value


def pair_score(a: Probe, b: Probe) -> float | None:
    """The score of two stories within the window (identical copy: 2.0), else None."""
    hours = _hours(a, b)
    if hours > _WINDOW_HOURS:
        return None
    if a.sketch.slots == b.sketch.slots and a.sketch == b.sketch:
        return IDENTICAL
    return score(a, b, hours)


def match_score(a: Probe, b: Probe) -> float | None:
    """The score of two stories that belong in one cluster, else None. Identical copy
    (one sketch) always belongs together within the window."""
    value = pair_score(a, b)
    return value if value is not None and value >= THRESHOLD else None


def same_event(a: Probe, b: Probe) -> bool:
    """True when the two stories belong in one cluster."""
    return match_score(a, b) is not None
