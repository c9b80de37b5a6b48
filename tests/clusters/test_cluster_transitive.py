"""Agencies tell one event in different words: two stories that do not match each other
are grouped when a third matches both (in memory and at ingest, SQLite and PostgreSQL);
two clusters are not joined at ingest (the editor joins them)."""

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


def test_a_story_matching_two_stories_alone_groups_all_three_under_the_older_label():
    port, selby = probe(*PORT[0], hours=0), probe(*SELBY[0], hours=0.5)
    both = probe(*BOTH, hours=1)
    assert not same_event(port, selby)
    grouper = Grouper()
    assert grouper.add(1, port) is None
    assert grouper.add(2, selby) is None
    assert grouper.add(3, both) == 1
    assert grouper.cluster == {1: 1, 2: 1, 3: 1}
    assert grouper.changed == {1: 1, 2: 1}  # the stored ones a caller labels


def test_a_story_matching_two_clusters_joins_one_and_leaves_the_other_whole():
    port = [probe(*story, hours=n / 10) for n, story in enumerate(PORT)]
    selby = [probe(*story, hours=0.5 + n / 10) for n, story in enumerate(SELBY)]
    grouper = Grouper()
    for number, story in enumerate([*port, *selby], start=1):
        grouper.add(number, story)
    assert [grouper.cluster[n] for n in (1, 2, 3, 4)] == [1, 1, 3, 3]
    assert grouper.add(5, probe(*BOTH, hours=1)) in (1, 3)
    assert [grouper.cluster[n] for n in (1, 2, 3, 4)] == [1, 1, 3, 3]


def write(folder: Path, name: str, place: str, headline: str, lead: str) -> str:
    path = folder / name
    path.write_text(f"{headline}\n\n{place} (Reuters) - {lead}\n", encoding="utf-8")
    return str(path)


def test_at_ingest_the_stored_stories_alone_a_new_story_matches_join_it(services, tmp_path):
    first = [write(tmp_path, "port.txt", *PORT[0]), write(tmp_path, "selby.txt", *SELBY[0])]
    stored = [r.id for r in services.ingest.ingest(first)]
    members = services.clusters.members
    assert [members(sid).label for sid in stored] == [None, None]
    (new,) = [r.id for r in services.ingest.ingest([write(tmp_path, "both.txt", *BOTH)])]
    cluster = members(new)
    assert sorted(s.id for s in cluster.members) == [*stored, new]
    assert cluster.label == stored[0]  # the older story's id
