"""The grouping over the labelled corpus of fictional multi-agency events (see
tests/fixtures/clusters/README.md): pairwise precision and recall at least 0.95."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location(
    "cluster_quality", ROOT / "bench" / "cluster_quality.py"
)
assert _spec is not None and _spec.loader is not None
quality = importlib.util.module_from_spec(_spec)
sys.modules["cluster_quality"] = quality
_spec.loader.exec_module(quality)


def test_the_corpus_is_grouped_with_precision_and_recall_of_at_least_95_percent():
    result = quality.evaluate()
    assert result.precision >= 0.95, result.wrong
    assert result.recall >= 0.95, result.missed


def test_the_near_misses_stay_apart():
    result = quality.evaluate()
    wrong = {frozenset(pair) for pair in result.wrong}
    quakes = {
        frozenset((a, b))
        for a in ("quake-valdoria-reuters-1.txt", "quake-valdoria-afp-1.txt")
        for b in ("quake-marovia-reuters-1.txt", "quake-marovia-afp-1.txt")
    }
    markets = {
        frozenset(("market-estmark-reuters-day1.json", "market-estmark-reuters-day2.json")),
        frozenset(("market-estmark-reuters-day2.json", "market-estmark-reuters-day3.json")),
    }
    assert not wrong & (quakes | markets)
    assert result.per_event["quake-marovia"] == (3, 3)  # its own cluster, whole


HELDOUT = ROOT / "tests" / "fixtures" / "clusters_heldout"


def test_the_corpus_written_blind_is_grouped_with_at_least_95_percent_too():
    result = quality.evaluate(HELDOUT)
    assert result.precision >= 0.95, result.wrong
    assert result.recall >= 0.95, result.missed


def test_the_near_misses_written_blind_stay_apart():
    result = quality.evaluate(HELDOUT)
    events = {name: event for name, event, _probe in quality.load(HELDOUT)}
    crossed = {frozenset((events[a], events[b])) for a, b in result.wrong}
    apart = [
        ("flood-kessia", "flood-marrowby"),
        ("football-rovers-dunhollow", "football-greywater-aldmoor"),
        ("fx-crown-2026-11-24", "fx-crown-2026-11-25"),
        ("fx-crown-2026-11-25", "fx-crown-2026-11-26"),
        ("results-halvard", "results-tamsin"),
        ("court-quota-ruling", "trial-ashdale"),
        ("crash-castel-aurin", "funeral-san-deodato"),
        ("storm-ingrid", "storm-jarle"),
    ]
    assert not crossed & {frozenset(pair) for pair in apart}
    assert result.per_event["storm-jarle"] == (3, 3)  # its own cluster, whole


CHECK = ROOT / "tests" / "fixtures" / "clusters_check"


def test_the_third_corpus_written_blind_keeps_its_same_day_near_misses_apart():
    # before: 0.712 / 0.804, single link chaining two strikes in Italy the same day
    # and a tournament's two semi-finals with the next day's final
    result = quality.evaluate(CHECK)
    assert result.precision >= 1.0, result.wrong
    assert result.recall >= 0.80, result.missed
    events = {name: event for name, event, _probe in quality.load(CHECK)}
    crossed = {frozenset((events[a], events[b])) for a, b in result.wrong}
    apart = [
        ("strike-rail-italy", "strike-doctors-italy"),
        ("tennis-semi-pennick", "tennis-semi-coleby"),
        ("tennis-semi-coleby", "tennis-final"),
        ("tennis-semi-pennick", "tennis-final"),
    ]
    assert not crossed & {frozenset(pair) for pair in apart}
    for event in ("strike-rail-italy", "tennis-final", "tennis-semi-coleby"):
        grouped, related = result.per_event[event]
        assert grouped == related, event  # each its own cluster, whole


FINAL = ROOT / "tests" / "fixtures" / "clusters_final"


def test_the_last_corpus_written_blind_never_tuned_on_is_grouped_at_95_percent():
    # Written without sight of the grouping or the other corpora, and run once the
    # rules were settled (precision 1.000, recall 0.987 then); kept as a guard.
    result = quality.evaluate(FINAL)
    assert result.precision >= 0.95, result.wrong
    assert result.recall >= 0.95, result.missed
