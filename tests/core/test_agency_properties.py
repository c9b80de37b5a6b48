"""Property tests: credit lines, bylines and datelines generated in each agency's pattern
(case, separators, titles, particles, line breaks) parse back to what was generated."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from deskapp.core.credit_line import parse_byline, parse_credit_line
from deskapp.core.dateline import parse_dateline
from deskapp.core.story import Credit, Role

FIRST = [
    "Ana",
    "Jean",
    "Piet",
    "Olena",
    "Wanjiru",
    "Lars",
    "Mia",
    "Kate",
    "Tom",
    "Jose",
    "Siobhan",
    "Omar",
    "Hana",
    "Ken",
    "Lea",
    "Jurgen",
    "Aino",
    "Kari",
]
SURNAMES = [
    "Ruiz",
    "Hale",
    "Koval",
    "Kamau",
    "Eng",
    "Holt",
    "Moss",
    "Reed",
    "Pena",
    "Kelly",
    "Ito",
    "Brun",
    "Maier",
    "Nilsen",
    "Virtanen",
    "O'Brien",
    "McDonald",
    "Ibanez",
]
PARTICLES = ["van", "de", "van der", "al-", "d'", "della", "von"]
CITIES = ["Tokyo", "Paris", "Nairobi", "Lima", "Oslo", "Helsinki", "Sydney", "Rome"]


@st.composite
def person(draw: st.DrawFn) -> str:
    """A name as the desk should store it: "Jean d'Arcy", "Omar al-Sayed", "Piet van Dijk"."""
    first = draw(st.sampled_from(FIRST))
    last = draw(st.sampled_from(SURNAMES))
    particle = draw(st.none() | st.sampled_from(PARTICLES))
    if particle is None or not last.isalpha():  # no "d'O'Brien"
        return f"{first} {last}"
    if particle.endswith(("-", "'")):
        return f"{first} {particle}{last}"
    return f"{first} {particle} {last}"


def names_list(names: list[str], draw: st.DrawFn) -> str:
    """ "A", "A and B", "A, B and C" (or "&"), each optionally "in CITY"."""
    rendered = []
    for name in names:
        if draw(st.booleans()):
            name = f"{name} in {draw(st.sampled_from(CITIES))}"
        rendered.append(name)
    if len(rendered) == 1:
        return rendered[0]
    joiner = draw(st.sampled_from([" and ", " & "]))
    return ", ".join(rendered[:-1]) + joiner + rendered[-1]


ROLE_WORDS = [
    ("Reporting", Role.REPORTER),
    ("Additional reporting", Role.CONTRIBUTOR),
    ("Writing", Role.WRITER),
    ("Editing", Role.EDITOR),
    ("Compiled", Role.WRITER),
]


def break_lines(text: str, draw: st.DrawFn) -> str:
    """Hard-wrap: some spaces become line breaks, as copy wrapped at 70 columns has them."""
    words = text.split(" ")
    out = [words[0]]
    for word in words[1:]:
        out.append(("\n" if draw(st.integers(0, 5)) == 0 else " ") + word)
    return "".join(out)


@st.composite
def credit_line(draw: st.DrawFn) -> tuple[str, list[Credit]]:
    """Reuters "(Reporting by A; Editing by B)", lower-case comma-joined, CAPS, brackets."""
    picks = draw(
        st.lists(st.sampled_from(range(len(ROLE_WORDS))), min_size=1, max_size=3, unique=True)
    )
    style = draw(st.sampled_from(["title", "lower", "caps"]))
    separator = draw(st.sampled_from(["; ", ", "] if style == "lower" else ["; "]))
    parts: list[str] = []
    expected: list[Credit] = []
    for index in sorted(picks):
        word, role = ROLE_WORDS[index]
        names = draw(st.lists(person(), min_size=1, max_size=2, unique=True))
        if index > 0 and style != "caps":
            word = word if style == "title" else word.lower()
        elif style == "lower":
            word = word.lower()
        listed = names_list(names, draw)
        part = f"{word} by {listed}"
        if style == "caps":
            part = part.upper()
        parts.append(part)
        for name in names:
            credit = Credit(role, name)
            if credit not in expected:
                expected.append(credit)
    inner = separator.join(parts)
    wrap = draw(st.sampled_from(["()", "[]", ""]))
    text = f"{wrap[:1]}{inner}{wrap[1:]}"
    return break_lines(text, draw), expected


@settings(max_examples=300, deadline=None)
@given(credit_line())
def test_credit_lines_parse_to_the_generated_roles_and_names(
    case: tuple[str, list[Credit]],
) -> None:
    text, expected = case
    assert parse_credit_line(text) == expected


TITLES = [
    ", AP Business Writer",
    "\nAP Business Writer",
    ", Associated Press",
    "\nAssociated Press",
    ", Press Association Political Correspondent",
    " Press Association Political Correspondent",
    " / Factcheck.no",
    " | Reuters",
    ", Staff Reporter",
    "\nAFP",
    ", PA Media",
    "",
]


@st.composite
def byline(draw: st.DrawFn) -> tuple[str, list[str]]:
    """AP "By MARIA LOPEZ" + title, PA "By Tom Reed, Press Association ...", two names."""
    names = draw(st.lists(person(), min_size=1, max_size=3, unique=True))
    caps = draw(st.booleans())
    if len(names) == 1:
        listed = names[0]
    elif len(names) == 2:
        listed = f"{names[0]} and {names[1]}"
    else:
        listed = f"{names[0]}, {names[1]} and {names[2]}"
    title = draw(st.sampled_from(TITLES))
    by = draw(st.sampled_from(["By ", "BY ", "by "]))
    text = by + (listed.upper() if caps else listed) + title
    return text, names


@settings(max_examples=300, deadline=None)
@given(byline())
def test_bylines_give_the_people_not_titles_or_outlets(case: tuple[str, list[str]]) -> None:
    text, names = case
    assert parse_byline(text) == [Credit(Role.WRITER, name) for name in names]


@given(
    st.sampled_from(
        [
            "Reuters",
            "REUTERS",
            "Reuters Staff",
            "AFP",
            "dpa",
            "STT",
            "NTB",
            "PA Media",
            "The Associated Press",
            "Thomson Reuters",
            "ANSA",
        ]
    ),
    st.sampled_from(["By ", "BY "]),
)
def test_an_agency_as_byline_names_nobody(agency: str, by: str) -> None:
    assert parse_byline(by + agency) == []


PLACES = [
    ("LONDON", "London", ""),
    ("NEW YORK", "New York", ""),
    ("CHATHAM, Mass.", "Chatham", "Mass."),
    ("BOLOGNA, Italy", "Bologna", "Italy"),
    ("BATON ROUGE, La.", "Baton Rouge", "La."),
    ("KYIV, Ukraine", "Kyiv", "Ukraine"),
    ("San Diego", "San Diego", ""),
    ("RIO DE JANEIRO", "Rio de Janeiro", ""),
    ("Oslo", "Oslo", ""),
    ("ST. PETERSBURG", "St. Petersburg", ""),
]
AGENCIES = [
    ("Reuters", "Reuters"),
    ("AP", "AP"),
    ("AFP", "AFP"),
    ("dpa", "dpa"),
    ("tca/dpa", "dpa"),
    ("NTB", "NTB"),
    ("ANSA", "ANSA"),
    ("AAP", "AAP"),
]
DASHES = [" - ", " -- ", " \u2013 ", " \u2014 ", " _ ", ": "]


@st.composite
def dateline(draw: st.DrawFn) -> tuple[str, tuple[str, str, str, str, str]]:
    written, place, region = draw(st.sampled_from(PLACES))
    agency, canonical = draw(st.sampled_from(AGENCIES))
    date = draw(st.sampled_from(["", "Nov 27", "March 3", "Jan. 5", "27 novembre"]))
    rest = draw(
        st.sampled_from(
            [
                "A fictional ferry sailed.",
                "Officials said on Monday.",
                "[bold]Markup[/bold] stays literal.",
            ]
        )
    )
    if draw(st.booleans()) and date and not region:  # ANSA: the agency first
        head = f"({agency}) - {place}, {date} - "
    else:
        dated = f"{written}, {date}" if date else written
        head = f"{dated} ({agency}){draw(st.sampled_from(DASHES))}"
    return head + rest, (place, region, canonical, date, rest)


@settings(max_examples=300, deadline=None)
@given(dateline())
def test_datelines_give_place_region_agency_date_and_rest(case: tuple[str, tuple]) -> None:
    text, (place, region, agency, date, rest) = case
    parsed = parse_dateline(text)
    assert parsed is not None
    assert (parsed.place, parsed.region, parsed.agency, parsed.date_text, parsed.rest) == (
        place,
        region,
        agency,
        date,
        rest,
    )


@given(st.sampled_from(["Jan 3", "Nov 27", "March 3"]), st.sampled_from(["Reuters", "AFP"]))
def test_a_date_with_no_place_gives_no_place(date: str, agency: str) -> None:
    parsed = parse_dateline(f"{date} ({agency}) - Stocks rose.")
    assert parsed is not None and parsed.place == "" and parsed.date_text == date
    assert parsed.rest == "Stocks rose."


PIECES = st.sampled_from(
    [
        "By ",
        "by:",
        "Von ",
        "(",
        ")",
        "[",
        "]",
        " - ",
        " — ",
        ", ",
        "; ",
        " and ",
        "Reporting by ",
        "Editing by: ",
        "Reuters",
        "AP",
        "(dpa)",
        "\n",
        "/",
        "D'",
        "al-",
        "Mc",
        "in ",
        "Jan 3",
        "=",
        "\u00a9NTB",
        "LONDON",
        "Mass.",
        "Ana Ruiz",
        "STT",
        "Writer",
        "?",
        "'",
        ".",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES | st.text(max_size=6), max_size=14).map("".join))
def test_the_parsers_never_fail_on_odd_text(text: str) -> None:
    from deskapp.core.credit_line import parse_contributed_line, parse_signoff

    for parse in (
        parse_credit_line,
        parse_byline,
        parse_contributed_line,
        parse_signoff,
        parse_dateline,
    ):
        parse(text)  # a value or None/[]; never an exception
