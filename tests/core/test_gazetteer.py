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
    # (Atlantis is a real town in South Africa, which the GeoNames table knows)
    assert suggest_desk("Qwertyville") is None
    assert suggest_desk("") is None


@pytest.mark.parametrize(
    ("place", "region", "desk"),
    [
        ("Kramatorsk", "", "europe"),
        ("Galway", "", "europe"),
        ("Aberdeen", "", "europe"),  # the most populous namesake: Scotland
        ("Aberdeen", "Wash.", "americas"),  # the region decides between namesakes
        ("Aberdeen", "S.D.", "americas"),
        ("Baton Rouge", "La.", "americas"),
        ("Bismarck", "N.D.", "americas"),
        ("Peoria", "Ill.", "americas"),
        ("Chatham", "Mass.", "americas"),  # too small for the table: the state decides
        ("Lviv", "", "europe"),
        ("Mosul", "", "middle-east"),
        ("Port Said", "", "middle-east"),  # Egypt: an editorial choice
        ("Kumamoto", "", "asia-pacific"),
        ("Bobo-Dioulasso", "", "africa"),
        ("Antofagasta", "", "americas"),
        ("Batumi", "", "europe"),  # the Caucasus goes to europe
        ("Tbilisi", "Georgia", "europe"),
        ("Savannah", "Ga.", "americas"),
    ],
)
def test_geonames_cities_and_ap_states(place: str, region: str, desk: str) -> None:
    assert suggest_desk(place, region) == desk


def test_every_country_of_the_city_table_has_a_desk() -> None:
    from deskapp.core.country_desks import COUNTRIES
    from deskapp.core.geonames_cities import CITIES

    countries = {line.split("\t")[1] for line in CITIES.splitlines()}
    assert countries <= set(COUNTRIES)
    assert len(CITIES.splitlines()) > 15_000


def test_the_city_table_is_not_loaded_at_import(tmp_path) -> None:
    import subprocess
    import sys

    code = (
        "import sys, deskapp.core.gazetteer as g, deskapp.ingest.plaintext;"
        "print('deskapp.core.geonames_cities' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(__import__("pathlib").Path(__file__).resolve().parents[2])},
    )
    assert out.stdout.strip() == "False"


def test_table_covers_every_region_widely() -> None:
    assert len(PLACES) >= 400
    assert set(PLACES.values()) == {"europe", "americas", "asia-pacific", "middle-east", "africa"}
