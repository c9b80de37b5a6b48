"""parse_dateline and resolve_dateline_date."""

from datetime import date

import pytest

from deskapp.core.dateline import Dateline, parse_dateline, resolve_dateline_date


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("MOSCOW (Reuters) - A delegation", Dateline("Moscow", "Reuters", "", "A delegation")),
        ("LONDON, March 3 (Reuters) - Prices", Dateline("London", "Reuters", "March 3", "Prices")),
        ("BOLOGNA, Italy (AP) — The bells", Dateline("Bologna", "AP", "", "The bells", "Italy")),
        ("Santiago (AFP) – Chile's", Dateline("Santiago", "AFP", "", "Chile's")),
        ("WASHINGTON, Feb. 12 (Reuters) - A", Dateline("Washington", "Reuters", "Feb. 12", "A")),
        ("NEW YORK (AP) _ Stocks", Dateline("New York", "AP", "", "Stocks")),
        ("PARIS, 4 mars (AFP) - Le", Dateline("Paris", "AFP", "4 mars", "Le")),
        (
            "KYIV, Ukraine, Jan 5 (Reuters) - Air",
            Dateline("Kyiv", "Reuters", "Jan 5", "Air", "Ukraine"),
        ),
        ("RIO DE JANEIRO (REUTERS) -- Rain", Dateline("Rio de Janeiro", "Reuters", "", "Rain")),
        ("ST. PETERSBURG (Reuters) - Ice", Dateline("St. Petersburg", "Reuters", "", "Ice")),
        ("UNITED NATIONS (UN) - Talks", Dateline("United Nations", "UN", "", "Talks")),
        # AFP's country in brackets, before or after a date
        ("KYIV (Ukraine) (AFP) - Air", Dateline("Kyiv", "AFP", "", "Air", "Ukraine")),
        ("Kessia (Valdoria) (AFP) – The", Dateline("Kessia", "AFP", "", "The", "Valdoria")),
        (
            "BOGOTA (Colombia), Nov 27 (AFP) - A",
            Dateline("Bogota", "AFP", "Nov 27", "A", "Colombia"),
        ),
    ],
)
def test_dateline_forms(paragraph: str, expected: Dateline) -> None:
    assert parse_dateline(paragraph) == expected


@pytest.mark.parametrize(
    "paragraph",
    [
        "Prices rose (Reuters) - a lot",
        "The minister (who was absent) - said nothing",
        "Ministers (in Brussels) (Reuters) - agreed",
        "The United Nations (UN) - a body",
        "MOSCOW - no agency here",
        "He said (Reuters) that",
        "LONDON, 2024 budget (Reuters) - x",
        "",
    ],
)
def test_non_datelines_are_none(paragraph: str) -> None:
    assert parse_dateline(paragraph) is None


def test_rest_keeps_its_capitalisation_and_markup() -> None:
    line = parse_dateline("GENEVA (Reuters) - [bold]WHO[/bold] said on Monday.")
    assert line is not None
    assert line.rest == "[bold]WHO[/bold] said on Monday."


@pytest.mark.parametrize(
    ("text", "reference", "expected"),
    [
        ("March 3", date(2024, 2, 1), date(2024, 3, 3)),
        ("Feb. 12", date(2024, 2, 1), date(2024, 2, 12)),
        ("Jan 5", date(2024, 1, 5), date(2024, 1, 5)),
        ("Sept 9", date(2024, 9, 10), date(2024, 9, 9)),
        ("4 mars", date(2024, 3, 4), date(2024, 3, 4)),
        ("Dec 31", date(2024, 1, 1), date(2023, 12, 31)),
        ("Jan 2", date(2023, 12, 30), date(2024, 1, 2)),
        ("March 3, 2022", None, date(2022, 3, 3)),
        ("Jan 5", None, None),
        ("Feb 30", date(2024, 2, 1), None),
        ("Smarch 3", date(2024, 2, 1), None),
        ("", date(2024, 2, 1), None),
    ],
)
def test_resolve_dateline_date(text: str, reference: date | None, expected: date | None) -> None:
    assert resolve_dateline_date(text, reference) == expected
