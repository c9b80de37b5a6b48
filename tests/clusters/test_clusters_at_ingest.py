"""Stories on one event are grouped as they come in, and the editor splits, joins and
covers clusters, each change in history and undone by undo (SQLite and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

import pytest

from deskapp.core.listing import StoryFilter
from deskapp.core.story import Status
from deskapp.services.errors import InvalidInput

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "clusters"
QUAKE = sorted(str(p) for p in CORPUS.glob("quake-valdoria-*.txt"))
OTHER_QUAKE = sorted(str(p) for p in CORPUS.glob("quake-marovia-*.txt"))
MARKETS = sorted(str(p) for p in CORPUS.glob("market-*.json"))


def ingest(services, paths: list[str]) -> list[int]:  # type: ignore[no-untyped-def]
    results = list(services.ingest.ingest(paths))
    assert all(r.status == "new" for r in results), [(r.source, r.error) for r in results]
    return [r.id for r in results]


def cluster_of(services, story_id: int) -> list[int]:  # type: ignore[no-untyped-def]
    return sorted(s.id for s in services.clusters.members(story_id).members)


def test_one_event_from_four_agencies_is_one_cluster_and_one_row(services):
    quake = ingest(services, QUAKE)
    other = ingest(services, OTHER_QUAKE)
    markets = ingest(services, MARKETS)
    assert cluster_of(services, quake[0]) == sorted(quake)
    assert cluster_of(services, other[0]) == sorted(other)
    for market in markets:
        assert cluster_of(services, market) == [market]
    rows = services.stories.list_stories(StoryFilter(grouped=True), limit=50)
    assert len(rows) == 2 + len(markets)
    quake_row = next(r for r in rows if r.id in quake)
    assert quake_row.cluster_size == len(quake)
    assert quake_row.cluster_marker.split("·") == ["AFP", "AP", "R", "dpa"]
    assert all(r.cluster_id is None for r in rows if r.id in markets)  # alone: as before
    every = services.stories.list_stories(StoryFilter(), limit=50)
    assert len(every) == len(quake) + len(other) + len(markets)


def test_a_story_taken_in_later_joins_the_cluster_already_stored(services):
    first = ingest(services, QUAKE[:2])
    later = ingest(services, QUAKE[2:])
    assert cluster_of(services, later[-1]) == sorted(first + later)
    history = services.stories.history(later[-1])
    assert history[0].changes["cluster_id"] == [None, min(first)]


def test_split_takes_a_story_out_and_undo_puts_it_back(services):
    quake = ingest(services, QUAKE)
    gone = quake[-1]
    done = services.clusters.split(gone)
    assert [sid for sid, _ in done.changed] == [gone]
    assert cluster_of(services, gone) == [gone]
    assert gone not in cluster_of(services, quake[0])
    entry = services.stories.history(gone)[-1]
    assert entry.action == "cluster-split" and entry.changes["cluster_id"][1] is None
    services.stories.undo(gone)
    assert cluster_of(services, gone) == sorted(quake)
    with pytest.raises(InvalidInput):
        services.clusters.split(ingest(services, MARKETS[:1])[0])  # in no cluster


def test_splitting_the_first_story_relabels_the_rest(services):
    quake = ingest(services, QUAKE)
    label = services.clusters.members(quake[0]).label
    services.clusters.split(label)
    rest = [sid for sid in quake if sid != label]
    assert cluster_of(services, rest[0]) == sorted(rest)
    assert services.clusters.members(rest[0]).label == min(rest)


def test_join_puts_two_clusters_together_and_undo_parts_them(services):
    quake = ingest(services, QUAKE)
    other = ingest(services, OTHER_QUAKE)
    done = services.clusters.join(quake[0], other[0])
    assert cluster_of(services, other[0]) == sorted(quake + other)
    assert {sid for sid, _ in done.changed} == set(other)  # the older cluster kept its label
    for sid, version in done.changed:
        services.stories.undo_change(sid, version)
    assert cluster_of(services, other[0]) == sorted(other)
    assert cluster_of(services, quake[0]) == sorted(quake)
    with pytest.raises(InvalidInput):
        services.clusters.join(quake[0], quake[1])


def test_cover_spikes_the_others_as_covered_and_undo_brings_them_back(services):
    quake = ingest(services, QUAKE)
    chosen = quake[0]
    done = services.clusters.cover(chosen)
    assert {sid for sid, _ in done.changed} == set(quake) - {chosen}
    for sid in quake[1:]:
        assert services.stories.get(sid).status == Status.SPIKED
        entry = services.stories.history(sid)[-1]
        assert entry.action == "cover" and entry.changes["covered_by"] == [None, chosen]
    rows = services.stories.list_stories(StoryFilter(grouped=True), limit=50)
    assert [r.id for r in rows] == [chosen]  # the spiked ones left the view
    for sid, version in done.changed:
        services.stories.undo_change(sid, version)
    assert all(services.stories.get(sid).status == Status.INBOX for sid in quake)


def test_cover_leaves_published_stories_on_the_site_and_a_stale_version_is_a_conflict(
    services, tmp_path
):
    from deskapp.services.errors import Conflict

    quake = ingest(services, QUAKE)
    published, chosen = quake[0], quake[-1]
    from deskapp.core.story import Credit, Role

    services.stories.set_desk(published, "europe")
    services.stories.set_credits(published, [Credit(Role.WRITER, "Ana Lima")])
    services.queue.add(published)
    services.export.export(tmp_path / "site")
    assert services.stories.get(published).status == Status.PUBLISHED
    seen = services.stories.get(chosen).version
    services.stories.set_desk(chosen, "europe")  # a change since the editor looked
    with pytest.raises(Conflict):
        services.clusters.cover(chosen, expect_version=seen)
    assert all(services.stories.get(s).status != Status.SPIKED for s in quake)
    done = services.clusters.cover(chosen)
    assert services.stories.get(published).status == Status.PUBLISHED  # still on the site
    covered = {sid for sid, _version in done.changed}
    assert covered == set(quake) - {published, chosen}
    assert all(services.stories.get(s).status == Status.SPIKED for s in covered)
