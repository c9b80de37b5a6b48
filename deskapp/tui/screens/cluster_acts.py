"""The cluster keys (C cover, X split, + join), shared by the lists and the story screen.

Each runs through `StoryActs.run` (in key order, on a worker thread) and goes on the
undo stack as one act over every story it changed, so `u` takes it all back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from deskapp.services import Services
    from deskapp.services.clusters import ClusterChange
    from deskapp.tui.screens.story_actions import Outcome, StoryActs


def _cluster_act(
    acts: StoryActs, what: str, ids: list[int], call: Callable[[Services], ClusterChange]
) -> None:
    from deskapp.tui.screens.story_actions import Outcome, called

    def work(services: Services) -> Outcome:
        out = Outcome()
        done = called(out, what, lambda: call(services))
        if done is None:
            return out
        out.versions = done.versions()
        others = len(done.changed)
        out.summary = f"{what.capitalize()}: {others} {'story' if others == 1 else 'stories'}"
        return out

    acts.run(what, ids, work)


def _one(acts: StoryActs, what: str) -> int | None:
    """The one story a cluster key acts from; with several selected it says so and
    does nothing (which of them was meant is not for the desk to guess)."""
    ids = acts.targets()
    if len(ids) > 1:
        acts.notify(f"{what} acts on one story: clear the selection (esc) first.", warning=True)
        return None
    return ids[0] if ids else None


def cover(acts: StoryActs) -> None:
    """`C`: spike the other stories of the story's cluster as covered by it."""
    chosen = _one(acts, "Cover")
    if chosen is None:
        return
    known = acts.host.known(chosen)
    seen = known.version if known else None
    _cluster_act(
        acts,
        f"spiked as covered by #{chosen}",
        [chosen],
        lambda s: s.clusters.cover(chosen, expect_version=seen),
    )


def split(acts: StoryActs) -> None:
    """`X`: take the story out of its cluster."""
    chosen = _one(acts, "Split")
    if chosen is None:
        return
    _cluster_act(acts, "taken out of its cluster", [chosen], lambda s: s.clusters.split(chosen))


def join(acts: StoryActs) -> None:
    """`+`: put the clusters of the two selected stories together."""
    ids = acts.targets()
    if not ids:
        return
    if len(ids) != 2:
        acts.notify("Select two stories (space), then + joins their clusters.", warning=True)
        return
    first, second = ids
    _cluster_act(acts, "clusters joined", ids, lambda s: s.clusters.join(first, second))
