"""suggest_desk: a dateline place to a regional desk."""

import pytest

from deskapp.core.gazetteer import PLACES, suggest_desk


@pytest.mark.parametrize(
    ("place", "region", "desk"),
    [
        ("Moscow", "", "europe"),
        ("Kyiv", "Ukraine", "europe"),
        ("Kiev", "", "europe"),
        ("Tokyo", "", "asia-pacific"),
        ("Sydney", "", "asia-pacific"),
        ("Nairobi", "", "africa"),
        ("Tehran", "", "middle-east"),
        ("Jerusalem", "", "middle-east"),
        ("Gaza", "", "middle-east"),
        ("Dubai", "", "middle-east"),
        ("Cairo", "", "middle-east"),
        ("Washington", "", "americas"),
        ("Brasilia", "", "americas"),
        ("Santiago", "", "americas"),
        ("Geneva", "", "europe"),
        ("New Delhi", "", "asia-pacific"),
        ("Springfield", "Illinois", "americas"),
        ("Bologna", "Italy", "europe"),
        ("Perth", "Scotland", "europe"),
        ("Perth", "", "asia-pacific"),
        ("Atlanta", "Georgia", "americas"),
        ("Tbilisi", "Georgia", "europe"),
    ],
)
def test_places_go_to_their_desk(place: str, region: str, desk: str) -> None:
    assert suggest_desk(place, region) == desk


@pytest.mark.parametrize(
    "place", ["SÃO PAULO", "sao paulo", "Sao Paulo", "São Paulo", "BOGOTÁ", "Saint Petersburg"]
)
def test_lookup_ignores_case_accents_and_spelling_of_saint(place: str) -> None:
    assert suggest_desk(place) in {"americas", "europe"}
    assert suggest_desk(place) is not None


def test_st_dot_and_saint_are_the_same_place() -> None:
    assert suggest_desk("St. Petersburg") == suggest_desk("Saint Petersburg") == "europe"


def test_unknown_places_have_no_desk() -> None:
    assert suggest_desk("Atlantis") is None
    assert suggest_desk("") is None


def test_table_covers_every_region_widely() -> None:
    assert len(PLACES) >= 400
    assert set(PLACES.values()) == {"europe", "americas", "asia-pacific", "middle-east", "africa"}
