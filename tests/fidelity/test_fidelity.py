"""Every source of the fidelity corpus reads right, field by field (see bench/fidelity.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("fidelity", ROOT / "bench" / "fidelity.py")
assert _spec is not None and _spec.loader is not None
fidelity = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fidelity)

CASES = list(fidelity.cases(fidelity.CORPUS))


def test_the_corpus_covers_every_agency_and_format() -> None:
    names = [source.name for source, _ in CASES]
    for agency in ("reuters", "ap", "afp", "dpa", "pa", "aap", "ansa", "ntb", "stt", "iptc"):
        assert any(n.startswith(agency + "-") for n in names), agency
    suffixes = {source.suffix for source, _ in CASES}
    assert {".txt", ".xml", ".json", ".html"} <= suffixes


@pytest.mark.parametrize(("source", "expected"), CASES, ids=[s.name for s, _ in CASES])
def test_source_reads_right(source: Path, expected: dict) -> None:
    wrong = {
        name: (got, want)
        for name, (right, got, want) in fidelity.check(source, expected).items()
        if not right
    }
    assert wrong == {}
