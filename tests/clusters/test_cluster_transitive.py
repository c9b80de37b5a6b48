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


def scripted(monkeypatch, scores: dict[frozenset[str], float]) -> dict[str, Probe]:
    """Probes named by their headline, whose scores against each other are `scores`."""
    from deskapp.core import cluster_group

    def pair_score(a: Probe, b: Probe) -> float:
        return scores.get(frozenset((names[a], names[b])), 0.0)

    monkeypatch.setattr(cluster_group, "pair_score", pair_score)
    names: dict[Probe, str] = {}
    return names


def test_a_story_a_day_later_joins_a_cluster_only_when_it_matches_every_member_checked(
    monkeypatch,
):
    # the semi-final's two stories match; the final, a day later, names the winner and
    # matches one of them (0.52) but not the other (0.21)
    names = scripted(
        monkeypatch,
        {frozenset(("semi a", "semi b")): 0.76, frozenset(("final", "semi b")): 0.52,
         frozenset(("final", "semi a")): 0.21, frozenset(("final 2", "final")): 0.6,
         frozenset(("final 2", "semi a")): 0.5, frozenset(("final 2", "semi b")): 0.5},
    )  # fmt: skip
    stories = [("semi a", 0), ("semi b", 0.5), ("final", 20), ("final 2", 20.5)]
    grouper = Grouper()
    labels = []
    for number, (name, hours) in enumerate(stories, start=1):
        made = probe("MARLOW BAY", name, f"{name} story", hours)
        names[made] = name
        labels.append(grouper.add(number, made))
    # the final stands alone; both semi-final stories match the second final story a
    # day later, so it could join them, but it joins its best match's cluster: the final
    assert labels == [None, 1, None, 3]
    assert [grouper.cluster[n] for n in (1, 2, 3, 4)] == [1, 1, 3, 3]


def test_a_story_joins_the_cluster_of_its_best_match_not_the_first(monkeypatch):
    names = scripted(
        monkeypatch,
        {frozenset(("rail a", "rail b")): 0.6, frozenset(("doctors b", "rail b")): 0.35,
         frozenset(("doctors a", "doctors b")): 0.46},
    )  # fmt: skip
    # the doctors' strike's second story matches the newer rail strike's cluster too
    stories = [("doctors a", 0), ("rail a", 0.5), ("rail b", 1), ("doctors b", 2)]
    grouper = Grouper()
    for number, (name, hours) in enumerate(stories, start=1):
        made = probe("ROME", "Strike in Rome", "A strike in Rome.", hours)
        names[made] = name
        grouper.add(number, made)
    assert [grouper.cluster[n] for n in (1, 2, 3, 4)] == [1, 2, 2, 1]
