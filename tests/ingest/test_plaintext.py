"""parse_plaintext: one test per rule, then one per sample file."""

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from deskapp.core.story import Role, Story
from deskapp.ingest.decode import decode_bytes
from deskapp.ingest.errors import IngestError
from deskapp.ingest.plaintext import parse_date_line, parse_plaintext, read_headline

SAMPLES = Path(__file__).resolve().parents[2] / "samples"

STORY = "GENEVA (Reuters) - The talks ended on Monday.\n\nBoth sides said more work was needed.\n"


def parse(text: str) -> Story:
    return parse_plaintext(text)


# --- headline ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "headline", "version"),
    [
        ("UPDATE 2-Talks end in Geneva", "Talks end in Geneva", 2),
        ("UPDATE 1-EXCLUSIVE-Talks end", "Talks end", 1),
        ("CORRECTED-Talks end", "Talks end", None),
        ("CORRECTED (OFFICIAL)-Talks end", "Talks end", None),
        ("REFILE-Talks end", "Talks end", None),
        ("RPT-Talks end", "Talks end", None),
        ("WRAPUP 1-Talks end", "Talks end", 1),
        ("US-China talks end", "US-China talks end", None),
        ("COVID-19 cases fall", "COVID-19 cases fall", None),
        ("UPDATE 2 - Talks end", "UPDATE 2 - Talks end", None),
        ("  Talks   end  ", "Talks end", None),
    ],
)
def test_headline_version_prefixes_are_stripped(
    line: str, headline: str, version: int | None
) -> None:
    assert read_headline(line)[:2] == (headline, version)


def test_update_number_becomes_wire_version() -> None:
    story = parse("UPDATE 3-Talks end in Geneva\n\n" + STORY)
    assert story.headline == "Talks end in Geneva"
    assert story.wire_version == 3


@pytest.mark.parametrize(
    "text",
    [
        "---\n\nGENEVA (Reuters) - Text.",
        "GENEVA (Reuters) - The talks ended.\n\nMore text.",
        "x" * 400 + "\n\nMore text.",
    ],
)
def test_no_recognisable_headline(text: str) -> None:
    with pytest.raises(IngestError, match="no recognisable headline"):
        parse(text)


def test_headline_alone_is_refused() -> None:
    with pytest.raises(IngestError, match="no story text after the headline"):
        parse("Talks end in Geneva\n\n(Writing by Ann Lee)\n\nFollow us on X\n")


def test_whitespace_only_text_is_refused() -> None:
    with pytest.raises(IngestError):
        parse(" \n\n ")


def test_headline_markup_stays_literal() -> None:
    story = parse("Talks [bold]end[/bold]\n\n" + STORY)
    assert story.headline == "Talks [bold]end[/bold]"


# --- header lines ----------------------------------------------------------------


def test_section_and_date_bullets() -> None:
    story = parse("Talks end\n\n  \u2022 World\n  \u2022 Thursday, 01 Feb 2024\n\n" + STORY)
    assert story.section == "World"
    assert story.published_at == datetime(2024, 2, 1, tzinfo=UTC)


def test_dash_bullet_section() -> None:
    assert parse("Talks end\n- Business\n\n" + STORY).section == "Business"


def test_long_first_paragraph_line_is_not_a_section() -> None:
    story = parse("Talks end\n\nTalks Ended Today Finally Here\n\n" + STORY)
    assert story.section == ""
    assert story.paragraphs()[0] == "Talks Ended Today Finally Here"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Thursday, 01 Feb 2024", datetime(2024, 2, 1, tzinfo=UTC)),
        ("Feb 1, 2024", datetime(2024, 2, 1, tzinfo=UTC)),
        ("February 1, 2024", datetime(2024, 2, 1, tzinfo=UTC)),
        ("2024-02-01", datetime(2024, 2, 1, tzinfo=UTC)),
        ("2024-02-01T10:32:00Z", datetime(2024, 2, 1, 10, 32, tzinfo=UTC)),
        ("2024-02-01 10:32+01:00", datetime(2024, 2, 1, 9, 32, tzinfo=UTC)),
        ("1 February 2024 10:32 GMT", datetime(2024, 2, 1, 10, 32, tzinfo=UTC)),
        ("Feb 12, 2024 10:32 AM EST", datetime(2024, 2, 12, 15, 32, tzinfo=UTC)),
        ("Published: March 3, 2024 4:05 PM", datetime(2024, 3, 3, 16, 5, tzinfo=UTC)),
        ("Updated Sat 2 Mar 2024", datetime(2024, 3, 2, tzinfo=UTC)),
    ],
)
def test_date_lines(line: str, expected: datetime) -> None:
    assert parse_date_line(line) == expected


@pytest.mark.parametrize("line", ["World", "Feb 30, 2024", "In 2024 prices rose", "12 people"])
def test_non_date_lines(line: str) -> None:
    assert parse_date_line(line) is None


def test_ap_byline_and_agency_line_are_credits_not_copy() -> None:
    story = parse("Talks end\n\nBy JANE DOE and JOHN ROE\nAssociated Press\n\n" + STORY)
    assert story.names(Role.WRITER) == ["Jane Doe", "John Roe"]
    assert story.paragraphs()[0] == "The talks ended on Monday."


def test_advisory_lines_become_wire_notes() -> None:
    story = parse("Talks end\n\n(Updates with statement from envoy)\n\n" + STORY)
    assert story.wire_notes == ["Updates with statement from envoy"]
    assert all("Updates" not in p for p in story.paragraphs())


# --- photo, dateline -----------------------------------------------------------


@pytest.mark.parametrize(
    ("caption_line", "caption", "credit", "photographer"),
    [
        (
            "FILE PHOTO: Delegates arrive in Geneva, March 1, 2023. REUTERS/Ann Lee/File Photo",
            "Delegates arrive in Geneva, March 1, 2023.",
            "REUTERS/Ann Lee/File Photo",
            "Ann Lee",
        ),
        ("Delegates arrive. REUTERS/Ann Lee", "Delegates arrive.", "REUTERS/Ann Lee", "Ann Lee"),
        (
            "Delegates arrive. (AP Photo/Jane Doe)",
            "Delegates arrive.",
            "AP Photo/Jane Doe",
            "Jane Doe",
        ),
        ("Delegates arrive. AFP/Bo Ray", "Delegates arrive.", "AFP/Bo Ray", "Bo Ray"),
        ("PHOTO: Delegates arrive.", "Delegates arrive.", "", ""),
        ("Delegates arrive. REUTERS/Stringer", "Delegates arrive.", "REUTERS/Stringer", ""),
    ],
)
def test_photo_captions(caption_line: str, caption: str, credit: str, photographer: str) -> None:
    story = parse(f"Talks end\n\n{caption_line}\n\n{STORY}")
    assert story.photo is not None
    assert (story.photo.caption, story.photo.credit) == (caption, credit)
    assert story.names(Role.PHOTOGRAPHER) == ([photographer] if photographer else [])
    assert len(story.paragraphs()) == 2


def test_dateline_is_taken_off_the_first_paragraph() -> None:
    story = parse("Talks end\n\nFeb 1, 2024\n\nLONDON, Feb. 1 (Reuters) - the talks ended.\n")
    assert story.dateline_place == "London"
    assert story.agency == "Reuters"
    assert story.dateline_date == date(2024, 2, 1)
    assert story.suggested_desk == "europe"
    assert story.paragraphs() == ["the talks ended."]


def test_dateline_date_without_published_date_is_unknown() -> None:
    story = parse("Talks end\n\nLONDON, Feb. 1 (Reuters) - The talks ended.\n")
    assert story.dateline_date is None


def test_dateline_only_on_the_first_paragraph() -> None:
    story = parse("Talks end\n\nThe talks ended.\n\nPARIS (AFP) - quoted copy.\n")
    assert story.dateline_place == ""
    assert story.paragraphs() == ["The talks ended.", "PARIS (AFP) - quoted copy."]


def test_story_without_dateline_has_no_desk() -> None:
    story = parse("Talks end\n\nThe talks ended.\n")
    assert story.suggested_desk is None
    assert story.body == "The talks ended."


# --- body and boilerplate --------------------------------------------------------


def test_hard_wrapped_lines_are_joined() -> None:
    story = parse("Talks end\n\nGENEVA (Reuters) - The talks\nended on\nMonday.\n\nMore.\n")
    assert story.paragraphs() == ["The talks ended on Monday.", "More."]


@pytest.mark.parametrize(
    "furniture",
    [
        "Follow us on our official WhatsApp channel for breaking news alerts!",
        "Sign up for our daily briefing",
        "Share this article",
        "Click here to read the full report",
        "___",
        "---",
        "***",
        "* * *",
        "\u00a0 \u00a0",
        "Our Standards: The Thomson Reuters Trust Principles.",
        "\u00a9 2024 Fictional News Ltd",
        "Copyright 2024 The Fictional Press. All rights reserved.",
        "Advertisement",
        "ADVERTISEMENT",
        "Read more: Fictional minister visits fictional farm",
    ],
)
def test_boilerplate_lines_are_dropped(furniture: str) -> None:
    story = parse(f"Talks end\n\nGENEVA (Reuters) - First.\n\n{furniture}\n\nSecond.\n")
    assert story.paragraphs() == ["First.", "Second."]


@pytest.mark.parametrize(
    "marker",
    [
        "Next In World",
        "Read more",
        "Read More:",
        "Others Also Read",
        "Related Stories",
        "Recommended",
        "More from Reuters",
        "Trending",
    ],
)
def test_everything_after_an_end_marker_is_dropped(marker: str) -> None:
    text = f"Talks end\n\nGENEVA (Reuters) - First.\n\n{marker}\n\nUnrelated headline\nAnother\n"
    assert parse(text).paragraphs() == ["First."]


def test_a_sentence_is_not_an_end_marker() -> None:
    text = "Talks end\n\nFirst.\n\nMore from the minister later.\n"
    assert parse(text).paragraphs() == ["First.", "More from the minister later."]


def test_copy_after_the_credit_line_is_not_story() -> None:
    text = (
        "Talks end\n\nGENEVA (Reuters) - First.\n\n(Writing by Ann Lee; editing by Bo Ray)\n\n"
        "Canada fictional story headline\nAnother unrelated headline\n"
    )
    story = parse(text)
    assert story.paragraphs() == ["First."]
    assert story.names(Role.WRITER) == ["Ann Lee"]
    assert story.names(Role.EDITOR) == ["Bo Ray"]


def test_contributed_line_is_a_credit_not_copy() -> None:
    text = "Talks end\n\nFirst.\n\nJane Doe in Paris contributed to this report.\n"
    story = parse(text)
    assert story.paragraphs() == ["First."]
    assert story.names(Role.CONTRIBUTOR) == ["Jane Doe"]


def test_signoff_is_kept_apart() -> None:
    story = parse("Talks end\n\nSantiago (AFP) – First.\n\nbur-jm/dl\n")
    assert story.signoff == "bur-jm/dl"
    assert story.paragraphs() == ["First."]


def test_body_paragraph_that_says_by_is_kept() -> None:
    text = "Talks end\n\nFirst.\n\n(Editing by hand is slow, the printer said)\n"
    assert parse(text).paragraphs() == ["First.", "(Editing by hand is slow, the printer said)"]


def test_body_markup_and_escape_lookalikes_stay_literal() -> None:
    story = parse("Talks end\n\nSay [red]hi[/red] and \\x1b[31m.\n")
    assert story.body == "Say [red]hi[/red] and \\x1b[31m."


def test_source_fields() -> None:
    story = parse_plaintext("Talks end\n\nFirst.\n", source_ref="inbox/a.txt")
    assert (story.source_format, story.source_ref) == ("text", "inbox/a.txt")
    assert story.raw_text == "Talks end\n\nFirst.\n"


# --- the samples -----------------------------------------------------------------

W, E, R, C, P = Role.WRITER, Role.EDITOR, Role.REPORTER, Role.CONTRIBUTOR, Role.PHOTOGRAPHER

SAMPLE_EXPECTATIONS: dict[str, dict[str, object]] = {
    "reuters-helsinki-reference-shape.txt": {
        "headline": "Finnish trade mission to visit Helsinki port authority, minister says",
        "section": "World",
        "published": date(2024, 3, 5),
        "place": "Helsinki",
        "agency": "Reuters",
        "desk": "europe",
        "photo_credit": "REUTERS/Liisa Varjonen/File Photo",
        "credits": {P: ["Liisa Varjonen"], W: ["Mirja Tallqvist"], E: ["Oskar Brandt"]},
        "paragraphs": [
            "A Finnish trade mission will tour the capital's port authority on March 19, the"
            " national broadcaster quoted deputy trade minister Aarne Kuusela as saying on"
            " Tuesday.",
            "Kuusela also said that a group of Estonian shipping executives planned to visit"
            " Helsinki in April.",
            "Finland has expanded port capacity since the start of the year - a move that harbour"
            " unions say has been rushed.",
            "The ministry said the timetable for a second round of talks is still unclear.",
            "Port traffic fell 4% last year, according to figures published by the fictional"
            " Nordic Harbour Institute.",
        ],
    },
    "reuters-update2-tokyo.txt": {
        "headline": "Japan's fictional lantern makers seek export help as orders fall",
        "version": 2,
        "notes": ["Adds comment from minister in paragraph 5"],
        "place": "Tokyo",
        "agency": "Reuters",
        "desk": "asia-pacific",
        "credits": {
            R: ["Hana Morikawa", "Kenji Itoh"],
            C: ["Min-seo Park"],
            W: ["Dara Quillon"],
            E: ["Edwin Vane", "Flora Tessier"],
        },
        "paragraphs": [
            "Japan's lantern makers asked the government on Wednesday for help finding buyers"
            " abroad after domestic orders fell for a third straight year, an industry group said.",
            "The Lantern Guild of Kanto said its members shipped 12% fewer lanterns in 2023 than"
            " a year earlier.",
            '"We make the best paper lanterns in the world, but fewer people are buying them,"'
            " guild chairman Tadao Imamura told reporters.",
            "South Korean buyers have shown interest in the lanterns, the guild said.",
            "Trade minister Haruki Sonoda said the ministry would study the request.",
        ],
    },
    "reuters-london-dated.txt": {
        "headline": "British umbrella sales jump after wettest winter on record, retailers say",
        "section": "Business",
        "published": date(2024, 3, 3),
        "place": "London",
        "dateline_date": date(2024, 3, 3),
        "agency": "Reuters",
        "desk": "europe",
        "credits": {R: ["Gareth Pennywhistle"], E: ["Rowena Castellane"]},
        "paragraphs": [
            "British retailers sold more umbrellas in February than in any month since records"
            " began, a fictional trade body said on Sunday.",
            "The Umbrella Retail Council said sales rose 41% from a year earlier.",
            '"The weather has been kind to us, if not to anyone else," council director'
            " Penelope Ashcombe said.",
        ],
    },
    "ap-bologna-byline.txt": {
        "headline": "Bologna bell ringers revive a medieval rhythm for the spring festival",
        "place": "Bologna, Italy",
        "agency": "AP",
        "desk": "europe",
        "credits": {W: ["Marta Quintiliani", "Robert O'Halloran"], C: ["Lucia Ferrandi"]},
        "paragraphs": [
            "The bell ringers of an old Bologna tower practiced late into the night this week,"
            " reviving a rhythm that fictional archivists say was last played in 1412.",
            "The group of 14 volunteers, led by retired engineer Ottavio Brambilla, found the"
            " pattern in a notebook kept in the tower's storeroom.",
            '"We play it slowly, because our arms are not as young as the bells," Brambilla said.',
            "The festival opens on Saturday.",
        ],
    },
    "afp-santiago-signoff.txt": {
        "headline": "Chile's fictional llama census finds more llamas than people in one village",
        "place": "Santiago",
        "agency": "AFP",
        "desk": "americas",
        "signoff": "jm/sst",
        "credits": {},
        "paragraphs": [
            "A census of llamas in a small Andean village has counted 312 animals and 87"
            " residents, local officials said Thursday.",
            "The count was carried out by volunteers over two weeks, the municipality of the"
            " fictional village of Quebrada Alta said in a statement.",
            '"Every llama was counted twice, to be sure," the mayor, Rosario Tapia, told AFP.',
        ],
    },
    "latin1-madrid-cp1252.txt": {
        "headline": "Madrid café owners say “siesta hours” are back in fashion",
        "place": "Madrid",
        "agency": "Reuters",
        "desk": "europe",
        "credits": {R: ["Inés Peñalver"], E: ["Tomás Ordóñez"]},
        "paragraphs": [
            "Café owners in Madrid say customers are again taking long lunches, with one"
            " fictional survey showing that 58% of diners stay more than two hours.",
            "“People want to slow down,” said José Ibáñez, who runs a café near the Plaza Mayor.",
            "The survey, by the fictional Asociación de Cafés Señoriales, polled 1,200 diners in"
            " January.",
            "Mañana, the association will publish figures for Barcelona.",
        ],
    },
    "utf16-nairobi-bom.txt": {
        "headline": "Kenyan marathon club opens a training camp for young runners",
        "section": "Sport",
        "place": "Nairobi",
        "agency": "Reuters",
        "desk": "africa",
        "credits": {R: ["Otieno Mwangi"], E: ["Achieng Odhiambo"]},
        "paragraphs": [
            "A Kenyan running club opened a training camp for 200 teenage athletes on Monday,"
            " hoping to find the next generation of marathon champions.",
            "The fictional Rift Valley Runners club said the camp would run for six weeks at high"
            " altitude.",
            "Coach Wanjiru Kamau said the young athletes would train twice a day.",
        ],
    },
    "utf8bom-crlf-tehran.txt": {
        "headline": "Tehran carpet weavers hold first exhibition in a decade",
        "section": "Middle East",
        "place": "Tehran",
        "agency": "Reuters",
        "desk": "middle-east",
        "credits": {R: ["Dariush Kaveh"], E: ["Shirin Mehrabi"]},
        "paragraphs": [
            "Carpet weavers from across Iran showed their work at an exhibition in Tehran on"
            " Sunday, the first such show in ten years, organisers said.",
            "The fictional Persian Loom Society said 340 weavers took part.",
            "Visitors queued for hours to see a carpet that took four years to weave.",
        ],
    },
    "reuters-sydney-compiled.txt": {
        "headline": "Sydney ferry passengers asked to name new boats",
        "section": "World",
        "place": "Sydney",
        "agency": "Reuters",
        "desk": "asia-pacific",
        "credits": {
            W: ["Lachlan Pemberton", "Matilda Crowe"],
            E: ["Isla Fenwick", "Noah Birchall"],
        },
        "paragraphs": [
            "Sydney's ferry operator asked passengers on Friday to suggest names for three new"
            " ferries, after a previous public vote produced a name it called unsuitable.",
            "The fictional Harbour Ferries agency said suggestions would be reviewed by a panel.",
            "Names must not be jokes, the agency said.",
        ],
    },
    "reuters-brasilia-hardwrapped.txt": {
        "headline": "Brazil's fictional hammock makers expand into northern markets",
        "place": "Brasilia",
        "agency": "Reuters",
        "desk": "americas",
        "credits": {R: ["Beatriz Carvalho"], W: ["Rafael Menezes"], E: ["Camila Duarte"]},
        "paragraphs": [
            "Brazilian hammock makers plan to open three new workshops in the north of the"
            " country this year, a fictional industry group said on Tuesday.",
            "The Hammock Producers' Association said demand had grown in Manaus and Belem, where"
            " hammocks are a common sight on river boats.",
            '"Everyone needs somewhere to rest," association president Joaquim Albuquerque said.',
        ],
    },
    "markup-geneva-literal.txt": {
        "headline": "Geneva clockmakers show [bold]not markup[/bold] in headline test",
        "place": "Geneva",
        "agency": "Reuters",
        "desk": "europe",
        "credits": {R: ["Basile Rochat"], E: ["Corinne Aebischer"]},
        "paragraphs": [
            "A fictional guild of Geneva clockmakers sent a press release on Monday containing"
            " the text [red]urgent[/red] and [link=https://example.com]click[/link], which must"
            " be shown exactly as written.",
            "The release also quoted the escape-looking text \\x1b[31m and \\033[0m, which is"
            " plain text, not a terminal code.",
            'Guild secretary Amélie Vuillemin said the guild\'s clocks were "as precise as ever".',
        ],
    },
    "followup-seoul-future-date.txt": {
        "headline": "South Korean kite festival committee to visit Hanoi, organiser says",
        "section": "World",
        "published": date(2024, 2, 6),
        "place": "Seoul",
        "agency": "Reuters",
        "desk": "asia-pacific",
        "credits": {R: ["Cho Min-ji"], E: ["Lee Seung-woo"]},
        "paragraphs": [
            "A delegation from South Korea's fictional kite festival committee will visit Hanoi"
            " on Feb 20 to discuss a joint event, an organiser said on Tuesday.",
            "Committee member Yoon Ha-neul also said that a Vietnamese delegation planned to"
            " travel to Seoul in April, though the date of the return trip is still unclear.",
            "The festival drew 40,000 visitors last year.",
        ],
    },
    "reuters-washington-feb12.txt": {
        "headline": "U.S. fictional stamp collectors' society elects first new president in 30"
        " years",
        "published": date(2024, 2, 12),
        "place": "Washington",
        "dateline_date": date(2024, 2, 12),
        "agency": "Reuters",
        "desk": "americas",
        "photo_credit": "REUTERS/Dominic Farrow",
        "credits": {
            P: ["Dominic Farrow"],
            R: ["Simone Achterberg"],
            C: ["Curtis Pell"],
            E: ["Mariana Lowell"],
        },
        "paragraphs": [
            "The fictional American Philatelic Circle elected a new president on Monday, ending"
            " the 30-year tenure of its founder.",
            "Harriet Bellweather, 64, won 212 of the 300 votes cast, the society said.",
            "She said she wanted to bring younger collectors into the hobby.",
        ],
    },
    "ap-new-york-underscore.txt": {
        "headline": "Pretzel vendors in New York win fight over street corners",
        "place": "New York",
        "agency": "AP",
        "desk": "americas",
        "photo_credit": "AP Photo/Jessamyn Oakes",
        "credits": {
            W: ["Kevin McDonald"],
            P: ["Jessamyn Oakes"],
            C: ["Priya Raman", "Jonah Whitcombe"],
        },
        "paragraphs": [
            "New York's fictional pretzel vendors won a long fight over street corners on"
            " Tuesday, when the city agreed to keep their licences in place for five more years.",
            "The vendors' association said 140 carts would be allowed to stay.",
            '"We have sold pretzels on these corners for three generations," vendor Salvatore'
            " DiNapoli said.",
        ],
    },
    "reuters-kyiv-region.txt": {
        "headline": "Kyiv opera house stages first premiere of the winter season",
        "published": date(2024, 1, 5),
        "place": "Kyiv, Ukraine",
        "dateline_date": date(2024, 1, 5),
        "agency": "Reuters",
        "desk": "europe",
        "credits": {R: ["Oksana Hrytsenko"], E: ["Taras Melnyk"]},
        "paragraphs": [
            "Kyiv's opera house staged its first premiere of the winter season on Friday, a"
            " fictional new opera about a lighthouse keeper.",
            "The production was written by composer Bohdan Yaremchuk, the theatre said.",
            "Tickets sold out within a day.",
        ],
    },
    "reuters-cairo-wrapup.txt": {
        "headline": "Cairo book fair draws record crowds as publishers cut prices",
        "version": 1,
        "place": "Cairo",
        "agency": "Reuters",
        "desk": "middle-east",
        "credits": {},
        "paragraphs": [
            "The fictional Cairo Book Fair drew a record 1.2 million visitors in its first week,"
            " organisers said on Saturday, as publishers cut prices to win back readers.",
            "Publishers said sales of children's books had doubled.",
            '"Readers are back," said publisher Nabil Farouk al-Masri.',
        ],
    },
}


def test_every_sample_has_expectations() -> None:
    files = {p.name for p in SAMPLES.glob("*.txt")}
    assert files == set(SAMPLE_EXPECTATIONS)
    assert len(files) >= 14


@pytest.mark.parametrize("name", sorted(SAMPLE_EXPECTATIONS))
def test_sample(name: str) -> None:
    expected = SAMPLE_EXPECTATIONS[name]
    story = parse_plaintext(decode_bytes((SAMPLES / name).read_bytes()), source_ref=name)
    assert story.headline == expected["headline"]
    assert story.wire_version == expected.get("version")
    assert story.wire_notes == expected.get("notes", [])
    assert story.section == expected.get("section", "")
    published = story.published_at.date() if story.published_at else None
    assert published == expected.get("published")
    assert story.dateline_place == expected["place"]
    assert story.dateline_date == expected.get("dateline_date")
    assert story.agency == expected["agency"]
    assert story.suggested_desk == expected["desk"]
    assert story.signoff == expected.get("signoff", "")
    photo_credit = story.photo.credit if story.photo else None
    assert photo_credit == expected.get("photo_credit")
    credits = expected["credits"]
    assert isinstance(credits, dict)
    for role in Role:
        assert story.names(role) == credits.get(role, []), role
    assert story.paragraphs() == expected["paragraphs"]
