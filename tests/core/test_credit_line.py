"""The one credit parser every format reuses: credit lines, bylines, contributors, sign-offs."""

import pytest

from deskapp.core.credit_line import (
    normalise_name,
    parse_byline,
    parse_contributed_line,
    parse_credit_line,
    parse_signoff,
)
from deskapp.core.story import Credit, Role

R, W, E, C, P = Role.REPORTER, Role.WRITER, Role.EDITOR, Role.CONTRIBUTOR, Role.PHOTOGRAPHER


def credits(*pairs: tuple[Role, str]) -> list[Credit]:
    return [Credit(role, name) for role, name in pairs]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "(Reporting by Hana Mori and Ken Ito in Tokyo; Additional reporting by Min-ji Park"
            " in Seoul; Writing by Dara Quill; Editing by Ed Vane and Flo Tess)",
            credits(
                (R, "Hana Mori"),
                (R, "Ken Ito"),
                (C, "Min-ji Park"),
                (W, "Dara Quill"),
                (E, "Ed Vane"),
                (E, "Flo Tess"),
            ),
        ),
        (
            "(Writing by Felix Light; editing by Guy Faulconbridge)",
            credits((W, "Felix Light"), (E, "Guy Faulconbridge")),
        ),
        (
            "(Reporting by Ana Reis in Brasilia and Sao Paulo, writing by Ben Ode, editing by"
            " Cy Pratt, Di Moss and Eli Nash)",
            credits(
                (R, "Ana Reis"), (W, "Ben Ode"), (E, "Cy Pratt"), (E, "Di Moss"), (E, "Eli Nash")
            ),
        ),
        (
            "(Compiled by Lara Thorn; Editing by Sam Reed)",
            credits((W, "Lara Thorn"), (E, "Sam Reed")),
        ),
        ("(Written by Lara Thorn)", credits((W, "Lara Thorn"))),
        ("Reporting by Ann Lee; Editing by Bo Ray.", credits((R, "Ann Lee"), (E, "Bo Ray"))),
        ("(REPORTING BY ANN LEE; EDITING BY BO RAY)", credits((R, "Ann Lee"), (E, "Bo Ray"))),
        ("(Photos by Ann Lee & Bo Ray)", credits((P, "Ann Lee"), (P, "Bo Ray"))),
        ("(Photo by Ann Lee)", credits((P, "Ann Lee"))),
        (
            "(Reporting by Ann Lee in Paris and Bo Ray in Rome; Editing by Cy Pratt)",
            credits((R, "Ann Lee"), (R, "Bo Ray"), (E, "Cy Pratt")),
        ),
        (
            "(Reporting by Reuters staff; Graphics by Ann Lee; Editing by Bo Ray)",
            credits((E, "Bo Ray")),  # the agency's staff is not a person
        ),
        (
            "(Reporting and writing by Ann Lee; Editing by Bo Ray)",
            credits((R, "Ann Lee"), (W, "Ann Lee"), (E, "Bo Ray")),
        ),
        (
            "(Reporting by Ann Lee; Editing by Bo Ray) ((ann.lee@example.com; +44 20 7000 0000))",
            credits((R, "Ann Lee"), (E, "Bo Ray")),
        ),
        (
            "[Reporting by Jan van der Berg; editing by Sean O'Brien]",
            credits((R, "Jan van der Berg"), (E, "Sean O'Brien")),
        ),
        ("(reporting by Ana Ruiz, editing by Tom Hale)", credits((R, "Ana Ruiz"), (E, "Tom Hale"))),
        ("Additional reporting by Lea Brun in Paris", credits((C, "Lea Brun"))),
        ("Reporting by: Ola Berg", credits((R, "Ola Berg"))),
        ("(Reporting by Ana Ruiz and the city desk 24 hours a day; Editing by Tom Hale)", None),
        (
            "(Reporting by Ana Ruiz and 3 others; Editing by Tom Hale)",
            credits((R, "Ana Ruiz"), (E, "Tom Hale")),
        ),  # the odd part goes, the rest stays
        ("(Reporting by Reuters; Editing by Tom Hale)", credits((E, "Tom Hale"))),
        (
            "(Reporting by Emily Post and the Bengaluru newsroom; Editing by Jane Herald)",
            credits((R, "Emily Post"), (E, "Jane Herald")),
        ),  # surnames that are outlet words
        (
            "(Reporting by Ana Ruiz in Kramatorsk and Sloviansk; Editing by Tom Hale)",
            credits((R, "Ana Ruiz"), (E, "Tom Hale")),
        ),
    ],
)
def test_credit_line_variants(line: str, expected: list[Credit]) -> None:
    assert parse_credit_line(line) == expected


@pytest.mark.parametrize(
    "paragraph",
    [
        "Reporting by the ministry showed growth slowed in March.",
        "(Editing by hand takes time, the printer said)",
        "He said the copy was edited by the minister's office before release.",
        "The report, written by economists at the bank, said prices would rise.",
        "A photo by a bystander showed the crowd.",
        "(Adds comment from minister in paragraph 5)",
        "Reporting by 2024 standards was thin.",
        "Reporting by",
        "",
        "(Reuters) - nothing",
    ],
)
def test_paragraphs_that_merely_say_by_are_not_credit_lines(paragraph: str) -> None:
    assert parse_credit_line(paragraph) is None


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("By JANE DOE and JOHN ROE", ["Jane Doe", "John Roe"]),
        ("BY JOHN SMITH", ["John Smith"]),
        ("By KEVIN MCDONALD, Associated Press", ["Kevin McDonald"]),
        ("By Jan van der Berg, Staff Reporter", ["Jan van der Berg"]),
        ("By SEAN O'BRIEN=", ["Sean O'Brien"]),
        ("By JAN VAN DER BERG, ANN LEE and BO RAY", ["Jan van der Berg", "Ann Lee", "Bo Ray"]),
        ("By Jane Doe | Associated Press", ["Jane Doe"]),
        ("By MARIA GARCIA AP Business Writer", ["Maria Garcia"]),
        ("By Ann Lee & Bo Ray", ["Ann Lee", "Bo Ray"]),
        ("By MARIA LOPEZ\nAP Business Writer", ["Maria Lopez"]),
        ("By Tom Reed, Press Association Political Correspondent", ["Tom Reed"]),
        ("By Tom Reed Press Association Political Correspondent", ["Tom Reed"]),
        ("By Kari Nilsen / Factcheck.no", ["Kari Nilsen"]),
        ("By Ana Ruiz and Jean d'Arcy", ["Ana Ruiz", "Jean d'Arcy"]),
        ("By ANA RUIZ AND JEAN D'ARCY", ["Ana Ruiz", "Jean d'Arcy"]),
        ("By Ana Ruiz and\nPiet van Dijk\nAFP", ["Ana Ruiz", "Piet van Dijk"]),
        ("By Omar al-Sayed, AFP", ["Omar al-Sayed"]),
        ("By Reuters", []),
        ("By Reuters Staff", []),
        ("By STT", []),
        ("By PA Media", []),
        ("By Jane Doe, CNN", ["Jane Doe"]),
        ("By Jane Doe for the Washington Post", ["Jane Doe"]),
        ("by Jean DUPONT with Marie MARTIN in Lima", ["Jean Dupont", "Marie Martin"]),
        ("Von Hans Müller, dpa", ["Hans Müller"]),
        ("Av Kari Nilsen, NTB", ["Kari Nilsen"]),
        ("By Staff Writer", []),
        ("By Press Association Reporter", []),
    ],
)
def test_bylines_give_writers(line: str, names: list[str]) -> None:
    assert parse_byline(line) == [Credit(W, name) for name in names]


@pytest.mark.parametrize(
    "line",
    [
        "By the end of the year, prices had doubled.",
        "By Friday, officials for the ministry said talks were over.",
        "By comparison, exports fell.",
        "Written on the wall",
        "",
    ],
)
def test_sentences_starting_with_by_are_not_bylines(line: str) -> None:
    assert parse_byline(line) == []


@pytest.mark.parametrize(
    ("line", "names"),
    [
        (
            "Jane Doe in Paris and John Roe in Rome contributed to this report.",
            ["Jane Doe", "John Roe"],
        ),
        ("Associated Press writer Jane Doe in Paris contributed.", ["Jane Doe"]),
        (
            "Associated Press writers Jane Doe in Paris and Rome, and AP photographer Bo Ray"
            " contributed to this report.",
            ["Jane Doe", "Bo Ray"],
        ),
        ("Jane Doe contributed reporting from Paris.", ["Jane Doe"]),
        ("AP writer Ann Lee contributed to this story", ["Ann Lee"]),
    ],
)
def test_contributed_lines_give_contributors(line: str, names: list[str]) -> None:
    assert parse_contributed_line(line) == [Credit(C, name) for name in names]


@pytest.mark.parametrize(
    "line",
    [
        "The minister said many people contributed to this report.",
        "Tourism contributed 5% of output.",
        "Rain fell all week. Jane Doe contributed to this report.",
        "",
    ],
)
def test_other_contributed_sentences_are_not_credits(line: str) -> None:
    assert parse_contributed_line(line) is None


@pytest.mark.parametrize(
    "line",
    [
        "jm/sst",
        "bur-jm/dl",
        "afp",
        "sst/rox/jj",
        "jm/sst.",
        "hh/ph/ts",
        "dpa abc def",
        "AAP RTV ar",
        "(\u00a9NTB)",
    ],
)
def test_signoffs_are_kept_as_initials(line: str) -> None:
    assert parse_signoff(line) == line.rstrip(".")


@pytest.mark.parametrize(
    "line",
    [
        "and/or",
        "The end.",
        "Paris/London flights",
        "a/b",
        "",
        "AFP is on it",
        "dpa said so",
        "AAP will file",
    ],
)
def test_other_short_lines_are_not_signoffs(line: str) -> None:
    assert parse_signoff(line) is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("KEVIN MCDONALD", "Kevin McDonald"),
        ("SEAN O'BRIEN", "Sean O'Brien"),
        ("JAN VAN DER BERG", "Jan van der Berg"),
        ("BASHAR AL-ASSAD", "Bashar al-Assad"),
        ("JEAN-PIERRE DUPONT", "Jean-Pierre Dupont"),
        ("JOHN SMITH III", "John Smith III"),
        ("  Jan van der Berg ", "Jan van der Berg"),
        ("DeShawn McKay", "DeShawn McKay"),
        ("jane  doe", "jane doe"),
    ],
)
def test_normalise_name(raw: str, expected: str) -> None:
    assert normalise_name(raw) == expected
