"""How well stories are grouped into clusters: pairwise precision and recall on a labelled corpus.

    python bench/cluster_quality.py                  # tests/fixtures/clusters
    python bench/cluster_quality.py --show-scores    # every pair's score, to tune by

Each story of the folder is parsed by the real parsers, sketched as the parse workers
sketch it and grouped in the order it came in (`labels.json`: event and time), with
the same `Grouper` ingest uses. A pair of stories is *grouped* when they end in one
cluster, *related* when the labels give them one event. Precision: grouped pairs that
are related; recall: related pairs that are grouped. Also per event.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "fixtures" / "clusters"


@dataclass
class Quality:
    precision: float
    recall: float
    per_event: dict[str, tuple[int, int]] = field(default_factory=dict)  # (grouped, related)
    wrong: list[tuple[str, str]] = field(default_factory=list)  # grouped, not related
    missed: list[tuple[str, str]] = field(default_factory=list)  # related, not grouped


def load(folder: Path = CORPUS) -> list[tuple[str, str, object]]:
    """(name, event, probe) for every story of the folder, in the order they came in."""
    from deskapp.core.cluster_match import Probe
    from deskapp.core.cluster_sketch import place_key
    from deskapp.ingest.parallel import parse_one
    from deskapp.ingest.sources import Source

    labels = json.loads((folder / "labels.json").read_text())["stories"]
    out = []
    for name, (event, at) in sorted(labels.items(), key=lambda item: item[1][1]):
        path = folder / name
        parsed = parse_one(Source(str(path), path.read_bytes, path=str(path)))
        if parsed.status != "ok":
            raise SystemExit(f"{name}: {parsed.error}")
        story = parsed.stories[0]
        sketch = story.sketch
        assert sketch is not None
        when = story.published_at or datetime.fromisoformat(at.replace("Z", "+00:00"))
        out.append((name, event, Probe(sketch, place_key(story.dateline_place), when)))
    return out


def evaluate(folder: Path = CORPUS) -> Quality:
    from deskapp.core.cluster_group import Grouper

    stories = load(folder)
    grouper = Grouper()
    for number, (_name, _event, probe) in enumerate(stories, start=1):
        grouper.add(number, probe)  # type: ignore[arg-type]
    cluster = {name: grouper.cluster[n] or n for n, (name, _e, _p) in enumerate(stories, start=1)}
    event = {name: ev for name, ev, _ in stories}
    grouped = related = both = 0
    per_event: dict[str, list[int]] = {}
    wrong, missed = [], []
    for (a, _ea, _pa), (b, _eb, _pb) in itertools.combinations(stories, 2):
        same_cluster = cluster[a] == cluster[b]
        same_event = event[a] == event[b]
        grouped += same_cluster
        related += same_event
        both += same_cluster and same_event
        if same_event:
            counts = per_event.setdefault(event[a], [0, 0])
            counts[0] += same_cluster
            counts[1] += 1
            if not same_cluster:
                missed.append((a, b))
        elif same_cluster:
            wrong.append((a, b))
    return Quality(
        precision=both / grouped if grouped else 1.0,
        recall=both / related if related else 1.0,
        per_event={k: (v[0], v[1]) for k, v in per_event.items()},
        wrong=wrong,
        missed=missed,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=CORPUS)
    parser.add_argument("--show-scores", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    quality = evaluate(args.folder)
    print(f"stories: {len(load(args.folder))}")
    print(f"pairwise precision: {quality.precision:.3f}")
    print(f"pairwise recall:    {quality.recall:.3f}")
    for name, (grouped, related) in sorted(quality.per_event.items()):
        print(f"  {name:<22} {grouped}/{related} related pairs grouped")
    for a, b in quality.wrong:
        print(f"  grouped but not related: {a} + {b}")
    for a, b in quality.missed:
        print(f"  related but not grouped: {a} + {b}")
    if args.show_scores:
        from deskapp.core.cluster_match import head_overlap, jaccard, score

        stories = load(args.folder)
        for (a, ea, pa), (b, eb, pb) in itertools.combinations(stories, 2):
            s = score(pa, pb)  # type: ignore[arg-type]
            if s > 0.15 or ea == eb:
                mark = "=" if ea == eb else "x"
                j = jaccard(pa.sketch, pb.sketch)  # type: ignore[attr-defined]
                h = head_overlap(pa.sketch, pb.sketch)  # type: ignore[attr-defined]
                print(f"{mark} {s:6.3f} j={j:.2f} h={h:.2f} {a} + {b}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
