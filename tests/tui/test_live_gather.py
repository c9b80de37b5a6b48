"""A desk takes others' changes in small bursts: what arrives just after a change goes
to the screens with it, one entry per story."""

from __future__ import annotations

import time

from deskapp.core.listing import StoryChange
from deskapp.services.live import gather


class Feed:
    """Stands in for `LiveChanges`: hands out bursts, then nothing."""

    def __init__(self, *bursts: list[StoryChange]) -> None:
        self.bursts = list(bursts)
        self.waited: list[float] = []

    def wait(self, timeout: float) -> list[StoryChange]:
        self.waited.append(timeout)
        if self.bursts:
            return self.bursts.pop(0)
        time.sleep(timeout)
        return []


def test_changes_that_arrive_within_the_window_go_out_together_merged_per_story():
    feed = Feed(
        [StoryChange(7, frozenset({"desk"}))],
        [StoryChange(3, frozenset({"new"})), StoryChange(7, frozenset({"status"}))],
    )
    began = time.monotonic()
    out = gather(feed, [StoryChange(7, frozenset({"lock"}))], 0.2)  # type: ignore[arg-type]
    assert out == [
        StoryChange(3, frozenset({"new"})),
        StoryChange(7, frozenset({"lock", "desk", "status"})),
    ]
    assert 0.15 < time.monotonic() - began < 1.0  # waited out the window, no longer
    assert all(t <= 0.2 for t in feed.waited)


def test_a_change_of_unknown_kind_wins_over_what_else_is_known_of_its_story():
    feed = Feed([StoryChange(5)], [StoryChange(5, frozenset({"notes"}))])
    assert gather(feed, [StoryChange(5, frozenset({"desk"}))], 0.1) == [StoryChange(5)]  # type: ignore[arg-type]
