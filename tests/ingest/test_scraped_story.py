"""A wire story as a news site republishes it parses to exactly its story.

tests/fixtures/scraped/lisbon-trams-scraped.txt is fictional copy in the shape of a
real scraped page: headline, section and date lines, a photo caption with its
credit, the `LISBON (Reuters) -` dateline, the story, the `(Writing by ...;
editing by ...)` credit line, then the site's own furniture (a sharing prompt, a
line of no-break spaces, a "Next In World" block of unrelated headlines, "Others
Also Read"). Every person, company and event in it is made up.
"""

from pathlib import Path

import pytest

from deskapp.core.story import Role
from deskapp.ingest.decode import decode_bytes
from deskapp.ingest.plaintext import parse_plaintext

STORY_FILE = (
    Path(__file__).resolve().parents[1] / "fixtures" / "scraped" / "lisbon-trams-scraped.txt"
)

# The story is the five paragraphs between the dateline and the credit line.
FIRST_WORDS = [
    "Tram drivers in the Portuguese capital voted on Wednesday",
    "About 78% of the drivers who took part backed the deal",
    "The company's board said the first trams would leave",
    "City officials had warned that the dispute risked",
    "The union said it would return to talks in October",
]
BOILERPLATE = [
    "LISBON (Reuters)",
    "FILE PHOTO",
    "Writing by",
    "Follow us",
    "WhatsApp",
    "Next In World",
    "Others Also Read",
    "TikTok",
    "ChatGPT",
    "\u00a0",
]


@pytest.fixture(scope="module")
def scraped_text() -> str:
    return decode_bytes(STORY_FILE.read_bytes())


def test_scraped_story_metadata(scraped_text: str) -> None:
    story = parse_plaintext(scraped_text, source_ref=STORY_FILE.name)
    assert story.headline == "Lisbon tram drivers accept pay offer, ending week of stoppages"
    assert story.section == "World"
    assert story.published_at is not None
    assert story.published_at.date().isoformat() == "2024-04-17"
    assert story.dateline_place == "Lisbon"
    assert story.agency == "Reuters"
    assert story.suggested_desk == "europe"
    assert story.photo is not None
    assert story.photo.credit == "REUTERS/Tiago Serrano/File Photo"
    assert story.names(Role.WRITER) == ["Helena Brandt"]
    assert story.names(Role.EDITOR) == ["Piers Mallory"]
    assert story.names(Role.PHOTOGRAPHER) == ["Tiago Serrano"]
    assert story.source_format == "text"
    assert story.raw_text == scraped_text


def test_scraped_story_body_is_only_the_story(scraped_text: str) -> None:
    paragraphs = parse_plaintext(scraped_text).paragraphs()
    assert len(paragraphs) == len(FIRST_WORDS)
    for paragraph, first_words in zip(paragraphs, FIRST_WORDS, strict=True):
        assert paragraph.startswith(first_words)
    assert paragraphs[-1].endswith("a demand the company has so far turned down.")
    body = "\n\n".join(paragraphs)
    for furniture in BOILERPLATE:
        assert furniture not in body
