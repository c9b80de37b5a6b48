"""The house-style rules the held-out shapes of the fidelity corpus called for, one by one.

Each rule has the agency shape it follows and a near miss it must not take.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deskapp.core.credit_line import (
    is_agency_byline,
    parse_agency_credit,
    parse_byline,
    parse_credit_line,
    parse_signoff,
)
from deskapp.core.dateline import parse_dateline
from deskapp.core.person_names import is_title, normalise_name
from deskapp.core.story import Role, Story
from deskapp.ingest.boilerplate import END, classify_line
from deskapp.ingest.charsets import guess
from deskapp.ingest.embargo import parse_embargo_line
from deskapp.ingest.iptc7901 import parse_iptc7901
from deskapp.ingest.plaintext import parse_plaintext
from deskapp.ingest.wire_copy import finish_story

# --- sign-offs set off by a dash: "-- dpa ms xx hb" ------------------------------


@pytest.mark.parametrize(
    ("line", "signoff"),
    [
        ("-- dpa ms xx hb", "dpa ms xx hb"),
        ("\u2014 jm/sst", "jm/sst"),
        ("dpa ms xx hb", "dpa ms xx hb"),
    ],
)
def test_a_dash_before_a_signoff_is_not_part_of_it(line: str, signoff: str) -> None:
    assert parse_signoff(line) == signoff


@pytest.mark.parametrize("line", ["-- and then he left", "-- the end", "---"])
def test_a_dash_line_that_is_no_signoff_stays_none(line: str) -> None:
    assert parse_signoff(line) is None


# --- PA's "ENDS" closes the copy -------------------------------------------------


@pytest.mark.parametrize("line", ["ENDS", "(END)", "-ends-", "- ENDS -"])
def test_end_markers_close_the_copy(line: str) -> None:
    assert classify_line(line) == END


@pytest.mark.parametrize("line", ["Ends.", "ENDS in May", "The end is near."])
def test_sentences_about_ends_are_copy(line: str) -> None:
    assert classify_line(line) != END


# --- AP CAPS bylines keep a prefix's case: "ERIN McALLISTER" -------------------------


@pytest.mark.parametrize(
    ("caps", "name"),
    [
        ("ERIN McALLISTER", "Erin McAllister"),
        ("JOHN MacDONALD", "John MacDonald"),
        ("RON DeSANTIS", "Ron DeSantis"),
        ("MARY McALEESE-SMITH", "Mary McAleese-Smith"),
        ("JAMES O'DONNELL-McGRATH", "James O'Donnell-McGrath"),
    ],
)
def test_caps_names_with_a_cased_prefix(caps: str, name: str) -> None:
    assert normalise_name(caps) == name


@given(
    first=st.sampled_from(["ERIN", "JOHN", "ANA", "LIAM"]),
    prefix=st.sampled_from(["Mc", "Mac", "De", "La"]),
    # no roman VII; no rest that is itself a Mc/Mac name ("McMCAA" reads either way)
    rest=st.text(alphabet="ABCDEFGHKLMNOPRSTUWZ", min_size=3, max_size=9).filter(
        lambda rest: not rest.startswith(("MC", "MAC"))
    ),
)
def test_prefixed_caps_surnames_name_case_back(first: str, prefix: str, rest: str) -> None:
    name = normalise_name(f"{first} {prefix}{rest}")
    assert name == f"{first.capitalize()} {prefix}{rest.capitalize()}"


def test_names_already_in_name_case_are_left_alone() -> None:
    assert normalise_name("Kevin McDonald") == "Kevin McDonald"
    assert normalise_name("Ana LaRocca") == "Ana LaRocca"


# --- titles: the agency, a region or beat, the job ("PA Wales Correspondent") --------


@pytest.mark.parametrize(
    "title", ["PA Wales Correspondent", "AP Baghdad Bureau Chief", "Reuters Nordic Correspondent"]
)
def test_agency_region_job_is_a_title(title: str) -> None:
    assert is_title(title)


@pytest.mark.parametrize("text", ["Tom Reed", "PA Wales", "Wales Correspondent Tom Reed"])
def test_not_a_title(text: str) -> None:
    assert not is_title(text)


def test_byline_with_agency_region_title_names_the_writer_only() -> None:
    credits = parse_byline("By Gareth Llewellyn, PA Wales Correspondent")
    assert [c.name for c in credits] == ["Gareth Llewellyn"]


# --- AAP's bare dateline: "PERTH, June 4 AAP -" ----------------------------------


def test_aap_bare_dateline() -> None:
    dateline = parse_dateline("PERTH, June 4 AAP - A fictional mine has opened.")
    assert dateline is not None
    assert (dateline.place, dateline.agency, dateline.date_text, dateline.rest) == (
        "Perth",
        "AAP",
        "June 4",
        "A fictional mine has opened.",
    )


@pytest.mark.parametrize(
    "text",
    [
        "Funding for AAP - which is a charity - fell.",
        "Perth AAP - lower case place, no dateline",
        "The board of AAP - its owners - met.",
    ],
)
def test_aap_in_a_sentence_is_no_dateline(text: str) -> None:
    assert parse_dateline(text) is None


# --- names over the agency or beside an outlet, two of them ------------------------


def test_two_names_over_the_agency() -> None:
    story = parse_plaintext(
        "Headline here\n\nTara Cosoleto and Dominic Giannini\n"
        "(Australian Associated Press)\n\nA fictional ferry sails.\n"
    )
    assert story.names(Role.WRITER) == ["Tara Cosoleto", "Dominic Giannini"]
    assert story.paragraphs()[0] == "A fictional ferry sails."


def test_two_names_joined_by_og_beside_the_agency() -> None:
    story = parse_plaintext(
        "Overskrift\n\nOla Ødegård og Siri Bjørnstad / NTB\n\n"
        "Bergen (NTB): Et fiktivt mottak åpnet.\n"
    )
    assert story.names(Role.WRITER) == ["Ola Ødegård", "Siri Bjørnstad"]
    assert story.dateline_place == "Bergen"


def test_a_long_line_over_the_agency_is_copy() -> None:
    story = parse_plaintext(
        "Headline here\n\nThe council said on Monday it would\n(AAP)\n\nMore copy.\n"
    )
    assert story.names(Role.WRITER) == []


# --- STT's closing "STT\u2013Laura Heikkinen" -------------------------------------------


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("STT\u2013Laura Heikkinen", ["Laura Heikkinen"]),
        ("STT \u2013 LAURA HEIKKINEN", ["Laura Heikkinen"]),
        ("NTB-Ola Ødegård", ["Ola Ødegård"]),
    ],
)
def test_agency_dash_names(line: str, names: list[str]) -> None:
    credits = parse_agency_credit(line)
    assert credits is not None and [c.name for c in credits] == names
    assert {c.role for c in credits} == {Role.WRITER}


@pytest.mark.parametrize(
    "line",
    [
        "AP-NORC poll finds most adults worried",
        "COVID-19 cases rose",
        "STT\u2013 kertoi kaupunki tiistaina.",
    ],
)
def test_not_an_agency_dash_credit(line: str) -> None:
    assert parse_agency_credit(line) is None


# --- a byline that names only the agency or a desk --------------------------------


@pytest.mark.parametrize(
    "line", ["By The Associated Press", "By PA Sport Staff", "By Reuters Staff"]
)
def test_agency_bylines_name_nobody_and_are_not_copy(line: str) -> None:
    assert is_agency_byline(line)
    story = parse_plaintext(f"Headline here\n\n{line}\n\nDODGE CITY, Kan. (AP) \u2014 Copy.\n")
    assert story.credits == []
    assert story.paragraphs() == ["Copy."]
    assert story.dateline_place == "Dodge City, Kan."


@pytest.mark.parametrize("line", ["By Ana Ruiz", "Bystanders said the press was there"])
def test_not_an_agency_byline(line: str) -> None:
    assert not is_agency_byline(line)


# --- regions written as CAPS abbreviations keep their case: "N.H.", "D.C." --------------


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("LONDONDERRY, N.H. (AP) \u2014 Copy.", "Londonderry, N.H."),
        ("WASHINGTON, D.C. (AP) \u2014 Copy.", "Washington, D.C."),
        ("BOLOGNA, ITALY (AP) \u2014 Copy.", "Bologna, Italy"),
    ],
)
def test_region_abbreviations_keep_their_case(text: str, written: str) -> None:
    dateline = parse_dateline(text)
    assert dateline is not None and dateline.written == written


# --- Welsh "ap" is a particle ------------------------------------------------------


def test_welsh_ap_particle() -> None:
    credits = parse_credit_line("Additional reporting by Dafydd ap Gwilym and Niamh Ní Bhroin")
    assert credits is not None
    assert [c.name for c in credits] == ["Dafydd ap Gwilym", "Niamh Ní Bhroin"]
    assert normalise_name("DAFYDD AP GWILYM") == "Dafydd ap Gwilym"


# --- typographic apostrophes are no evidence of a code page --------------------------


@given(
    name=st.sampled_from(["ANA PEÑA-MUÑOZ", "José Núñez", "André Lefèvre", "Zoë Brontë"]),
    words=st.lists(
        st.sampled_from(["festival’s", "it’s", "don’t", "the town’s", "rain"]),
        min_size=1,
        max_size=6,
    ),
)
def test_cp1252_copy_with_curly_apostrophes_reads_as_cp1252(name: str, words: list[str]) -> None:
    text = f"By {name}\n\nSANTA FE, N.M. (AP) \u2014 {' '.join(words)} \u201cheat\u201d.\n"
    found = guess(text.encode("cp1252"))
    assert found is not None
    assert found[0] == text and found[1].startswith("cp1252")


@pytest.mark.parametrize("where", ["top", "end"])
def test_agency_dash_credit_on_top_is_a_byline_at_the_end_it_closes(where: str) -> None:
    credit = "STT\u2013Mikko Järvinen"
    copy = "Espoo (STT) \u2013 Raitiotie jatkuu.\n\nTyöt alkavat."
    text = f"{credit}\n\n{copy}" if where == "top" else f"{copy}\n\n{credit}\n\nMuuta sivua"
    story = parse_plaintext(f"Otsikko\n\n{text}\n")
    assert story.names(Role.WRITER) == ["Mikko Järvinen"]
    assert story.paragraphs() == ["Raitiotie jatkuu.", "Työt alkavat."]
    structured = finish_story(Story(headline="Otsikko", source_format="ninjs"), text.split("\n\n"))
    assert structured.names(Role.WRITER) == ["Mikko Järvinen"]
    assert structured.paragraphs() == ["Raitiotie jatkuu.", "Työt alkavat."]


# --- embargo lines: PA's "0001 THURSDAY", dpa's "Sperrfrist ... Uhr" -----------------

REFERENCE = datetime(2026, 3, 4, 10, 15, tzinfo=UTC)


@pytest.mark.parametrize(
    ("line", "when"),
    [
        ("EMBARGOED TO 0001 THURSDAY MARCH 5", datetime(2026, 3, 5, 0, 1, tzinfo=UTC)),
        ("Sperrfrist: Donnerstag, 5. März, 00.01 Uhr", datetime(2026, 3, 4, 23, 1, tzinfo=UTC)),
        ("Sperrfrist: 5. Juli, 00.01 Uhr", datetime(2026, 7, 4, 22, 1, tzinfo=UTC)),
        ("Sperrfrist: 5. März, 00.01 Uhr MEZ", datetime(2026, 3, 4, 23, 1, tzinfo=UTC)),
        ("EMBARGOED UNTIL 0001 GMT MARCH 5", datetime(2026, 3, 5, 0, 1, tzinfo=UTC)),
    ],
)
def test_embargo_lines(line: str, when: datetime) -> None:
    assert parse_embargo_line(line, REFERENCE) == when


@pytest.mark.parametrize(
    ("agency", "line", "when"),
    [
        # no zone written: the sending agency's own time, summer time included
        ("PA", "EMBARGOED TO 0001 SUNDAY JULY 5", datetime(2026, 7, 4, 23, 1, tzinfo=UTC)),
        ("PA", "EMBARGOED TO 0001 THURSDAY MARCH 5", datetime(2026, 3, 5, 0, 1, tzinfo=UTC)),
        ("AAP", "EMBARGOED UNTIL 0001 JULY 5", datetime(2026, 7, 4, 14, 1, tzinfo=UTC)),
        ("ANSA", "EMBARGO 0001 JULY 5", datetime(2026, 7, 4, 22, 1, tzinfo=UTC)),
        # a zone written wins; an agency with no home zone here is read as UTC
        ("PA", "EMBARGOED TO 0001 GMT JULY 5", datetime(2026, 7, 5, 0, 1, tzinfo=UTC)),
        ("Reuters", "EMBARGOED UNTIL 0001 JULY 5", datetime(2026, 7, 5, 0, 1, tzinfo=UTC)),
    ],
)
def test_an_embargo_with_no_zone_is_in_the_agencys_home_time(
    agency: str, line: str, when: datetime
) -> None:
    assert parse_embargo_line(line, REFERENCE, agency) == when


def test_a_pa_story_embargoed_in_summer_reads_uk_time() -> None:
    story = parse_plaintext(
        "Fictional festival line-up announced\n\n"
        "EMBARGOED TO 0001 SUNDAY JULY 5\n\nSaturday, 4 Jul 2026\n\n"
        "By Tom Reed\n\n"
        "LONDON (PA) - A fictional festival named its line-up.\n"
    )
    assert story.agency == "PA"
    assert story.embargo_until == datetime(2026, 7, 4, 23, 1, tzinfo=UTC)


# --- IPTC 7901 trailer with a German month: "041015 Mär 26" ----------------------


def test_7901_timestamp_with_a_german_month() -> None:
    data = (
        "\x01dpa0101 4 bi 160 dpa 0102\r\n\x02Bildung/\r\nKopfzeile =\r\n\r\n"
        "   Berlin (dpa) - Text.\r\n\r\ndpa ks yy ml\r\n041015 Mär 26\r\n\x03"
    ).encode()
    story = parse_iptc7901(data)[0]
    assert story.published_at == datetime(2026, 3, 4, 10, 15, tzinfo=UTC)
    assert story.paragraphs() == ["Text."]


# --- AP datelines with a cased prefix: "McALLEN, Texas", "DeKALB, Ill." ------------


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("McALLEN, Texas (AP) \u2014 Copy.", "McAllen, Texas"),
        ("DeKALB, Ill. (AP) \u2014 Copy.", "DeKalb, Ill."),
        ("LaPORTE, Ind. (AP) \u2014 Copy.", "LaPorte, Ind."),
    ],
)
def test_prefixed_caps_datelines(text: str, written: str) -> None:
    dateline = parse_dateline(text)
    assert dateline is not None and dateline.written == written
