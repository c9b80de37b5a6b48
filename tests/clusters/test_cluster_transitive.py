"""Agencies tell one event in different words: two stories that do not match each other
are grouped when a third matches both, and two clusters a new story matches become one
(in memory and at ingest, SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from deskapp.core.cluster_group import Grouper
from deskapp.core.cluster_match import Probe, same_event
from deskapp.core.cluster_sketch import sketch

T0 = datetime(2026, 11, 27, 6, tzinfo=UTC)
# (dateline place, headline, lead): two first versions each told one way, then a story
# that names what both told
PORT = [
    ("PORT ELLIS", "Quake shakes Port Ellis", "The quake hit Port Ellis and Valdoria on "
     "Monday, said Mayor Ana Rist and Governor Olli Vask."),
    ("PORT ELLIS", "Quake shakes Port Ellis harbour", "The quake hit Port Ellis and "
     "Valdoria on Monday, said Mayor Ana Rist of Port Ellis."),
]  # fmt: skip
SELBY = [
    ("SELBY", "Tremor in Valdoria", "In Valdoria a tremor struck Selby and Norrin, "
     "Minister Kai Lund told Radio Vald."),
    ("SELBY", "Tremor in Valdoria, Selby hit", "In Valdoria a tremor struck Selby and "
     "Norrin, Minister Kai Lund said."),
]  # fmt: skip
BOTH = (
    "PORT ELLIS",
    "Valdoria quake: Port Ellis and Selby hit",
    "The quake hit Port Ellis, Selby and Norrin in Valdoria, Mayor Ana Rist and Minister "
    "Kai Lund said.",
)


def probe(place: str, headline: str, lead: str, hours: float) -> Probe:
    return Probe(sketch(headline, lead, place), place.lower(), T0 + timedelta(hours=hours))


def test_a_story_matching_two_clusters_makes_them_one_under_the_older_label():
    port = [probe(*story, hours=n / 10) for n, story in enumerate(PORT)]
    selby = [probe(*story, hours=0.5 + n / 10) for n, story in enumerate(SELBY)]
    both = probe(*BOTH, hours=1)
    assert not same_event(port[0], selby[0])
    grouper = Grouper()
    for number, story in enumerate([*port, *selby], start=1):
        grouper.add(number, story)
    assert [grouper.cluster[n] for n in (1, 2, 3, 4)] == [1, 1, 3, 3]
    assert grouper.add(5, both) == 1
    assert [grouper.cluster[n] for n in (1, 2, 3, 4, 5)] == [1] * 5
    assert grouper.merged == {3: 1}


def write(folder: Path, name: str, place: str, headline: str, lead: str) -> str:
    path = folder / name
    path.write_text(f"{headline}\n\n{place} (Reuters) - {lead}\n", encoding="utf-8")
    return str(path)


def test_at_ingest_the_stored_clusters_a_new_story_matches_become_one(services, tmp_path):
    port = [write(tmp_path, f"port-{n}.txt", *story) for n, story in enumerate(PORT)]
    selby = [write(tmp_path, f"selby-{n}.txt", *story) for n, story in enumerate(SELBY)]
    stored = [r.id for r in services.ingest.ingest(port + selby)]
    members = services.clusters.members
    assert sorted(s.id for s in members(stored[0]).members) == stored[:2]
    assert sorted(s.id for s in members(stored[2]).members) == stored[2:]
    (new,) = [r.id for r in services.ingest.ingest([write(tmp_path, "both.txt", *BOTH)])]
    cluster = members(new)
    assert sorted(s.id for s in cluster.members) == [*stored, new]
    assert cluster.label == stored[0]  # the older cluster's label
