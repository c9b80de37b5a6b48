"""The similarity behind clusters: symmetric, identical copy always grouped, stored whole."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from deskapp.core.cluster_group import Grouper
from deskapp.core.cluster_match import WINDOW, Probe, match_score, same_event, score
from deskapp.core.cluster_sketch import Sketch, sketch

WORDS = st.sampled_from(
    "Valdoria Port Ellis quake killed 12 31 6.4 rescuers harbour said the minister "
    "Norland election Halvorsen 41% ferry capsized Calvara missing fire Montclaro".split()
)
COPY = st.lists(WORDS, min_size=1, max_size=80).map(" ".join)
PLACES = st.sampled_from(["", "PORT ELLIS", "Skarvik", "Rosta, Estmark"])
T0 = datetime(2026, 11, 27, 6, tzinfo=UTC)
HOURS = st.floats(min_value=0, max_value=47)


def probe(headline: str, body: str, place: str, hours: float = 0.0) -> Probe:
    return Probe(sketch(headline, body, place), place.lower(), T0 + timedelta(hours=hours))


@settings(max_examples=200, deadline=None)
@given(COPY, COPY, PLACES, COPY, COPY, PLACES, HOURS)
def test_the_score_is_symmetric(h1, b1, p1, h2, b2, p2, hours):
    a, b = probe(h1, b1, p1), probe(h2, b2, p2, hours)
    assert score(a, b) == score(b, a)
    assert same_event(a, b) == same_event(b, a)


@settings(max_examples=200, deadline=None)
@given(COPY, COPY, PLACES, HOURS)
def test_identical_copy_is_always_grouped_within_the_window(headline, body, place, hours):
    first, again = probe(headline, body, place), probe(headline, body, place, hours)
    assert match_score(first, again) is not None
    grouper = Grouper()
    assert grouper.add(1, first) is None
    assert grouper.add(2, again) == 1


@settings(max_examples=100, deadline=None)
@given(COPY, COPY, PLACES)
def test_copy_outside_the_window_is_never_grouped(headline, body, place):
    late = WINDOW.total_seconds() / 3600 + 1
    assert not same_event(probe(headline, body, place), probe(headline, body, place, late))


@settings(max_examples=200, deadline=None)
@given(COPY, COPY, PLACES)
def test_a_stored_sketch_reads_back_the_same(headline, body, place):
    made = sketch(headline, body, place)
    assert Sketch.from_text(made.to_text()) == made
    assert Sketch.from_text(made.to_text()).bands == made.bands


def test_a_damaged_stored_sketch_reads_as_none():
    assert Sketch.from_text("") is None
    assert Sketch.from_text("zz/") is None
    assert Sketch.from_text("0" * 255 + "g//") is None
