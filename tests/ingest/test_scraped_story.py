"""The real scraped wire story in shared/reference parses to exactly its story.

The file lives outside the repo (shared/ beside it, also in CI). Absent, the
test skips, except under CI=true, where it fails.
"""

import os
from pathlib import Path

import pytest

from deskapp.core.story import Role
from deskapp.ingest.decode import decode_bytes
from deskapp.ingest.plaintext import parse_plaintext

REFERENCE = Path(__file__).resolve().parents[2].parent / "shared" / "reference"
STORY_FILE = REFERENCE / "wire-story-scraped.txt"

# The story is the five paragraphs between the dateline and the credit line.
FIRST_WORDS = [
    "A North Korean delegation will visit the lower house",
    "Communist lawmaker Kazbek Taysaev also said",
    "Russia has stepped up ties with North Korea",
    "Russian President Vladimir Putin last year accepted",
    "The United States has accused North Korea",
]
BOILERPLATE = [
    "MOSCOW (Reuters)",
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
def reference_text() -> str:
    if not STORY_FILE.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail(f"reference story missing under CI: {STORY_FILE}")
        pytest.skip(f"reference story not found: {STORY_FILE}")
    return decode_bytes(STORY_FILE.read_bytes())


def test_reference_story_metadata(reference_text: str) -> None:
    story = parse_plaintext(reference_text, source_ref=STORY_FILE.name)
    assert story.headline == "North Korean delegation to visit Moscow, Russian lawmaker says"
    assert story.section == "World"
    assert story.published_at is not None
    assert story.published_at.date().isoformat() == "2024-02-01"
    assert story.dateline_place == "Moscow"
    assert story.agency == "Reuters"
    assert story.suggested_desk == "europe"
    assert story.photo is not None
    assert story.photo.credit == "REUTERS/Evgenia Novozhenina/File Photo"
    assert story.names(Role.WRITER) == ["Felix Light"]
    assert story.names(Role.EDITOR) == ["Guy Faulconbridge"]
    assert story.names(Role.PHOTOGRAPHER) == ["Evgenia Novozhenina"]
    assert story.source_format == "text"
    assert story.raw_text == reference_text


def test_reference_story_body_is_only_the_story(reference_text: str) -> None:
    paragraphs = parse_plaintext(reference_text).paragraphs()
    assert len(paragraphs) == len(FIRST_WORDS)
    for paragraph, first_words in zip(paragraphs, FIRST_WORDS, strict=True):
        assert paragraph.startswith(first_words)
    assert paragraphs[-1].endswith("vowed last year to deepen military relations.")
    body = "\n\n".join(paragraphs)
    for furniture in BOILERPLATE:
        assert furniture not in body
