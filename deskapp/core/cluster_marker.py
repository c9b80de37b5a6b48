"""How a list row shows a cluster: its agencies as a marker (`R·AP·AFP`) and its size.

Pure: the store's listing and the desk's first page (read through sqlite3) both build
a row's marker here, from (cluster, agency, stories, first time) counts.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

AGENCY_MARKS = {
    "reuters": "R",
    "ap": "AP",
    "the associated press": "AP",
    "associated press": "AP",
    "afp": "AFP",
    "agence france-presse": "AFP",
    "dpa": "dpa",
    "ansa": "ANSA",
    "efe": "EFE",
    "aap": "AAP",
    "pa": "PA",
    "ntb": "NTB",
    "tt": "TT",
    "anp": "ANP",
    "apa": "APA",
    "kyodo": "Kyodo",
    "xinhua": "Xinhua",
}
SEPARATOR = "·"


def agency_mark(agency: str) -> str:
    """An agency as the marker names it: `Reuters` → `R`; one not known, its first
    six letters."""
    name = " ".join(agency.split())
    return AGENCY_MARKS.get(name.lower(), name[:6] or "?")


def cluster_marks(rows: Iterable[tuple[int, str, int, Any]]) -> dict[int, tuple[str, int]]:
    """Cluster → (marker, stories), from (cluster, agency, stories, its first time) rows:
    agencies in the order they first filed (then by name), each once."""
    by_cluster: dict[int, list[tuple[str, Any, int]]] = {}
    for cluster, agency, n, first in rows:
        by_cluster.setdefault(cluster, []).append((agency or "", first, n))
    out = {}
    for cluster, items in by_cluster.items():
        items.sort(key=lambda item: (str(item[1] or ""), item[0]))
        marks = list(dict.fromkeys(agency_mark(a) for a, _first, _n in items))
        out[cluster] = (SEPARATOR.join(marks), sum(n for _a, _f, n in items))
    return out
