"""Ingest's quick ways give exactly what the general way gives, on any copy.

Each fast path (plain ASCII copy, copy with nothing to escape) is checked against
the plain code it stands in for, on copy built from the characters that matter to
it: capitals, every kind of blank, Markdown's marks, list numbers, non-ASCII.
"""

from __future__ import annotations

import hashlib

from hypothesis import given, settings
from hypothesis import strategies as st

from deskapp.core import markdown_body
from deskapp.core.markdown_body import wire_to_markdown
from deskapp.core.story import content_fingerprint

BLANKS = [" ", "  ", "\t", "\n", "\n\n", "\r", "\x0b", "\x0c", "\x1c", "\x1f", "\xa0", "\u2003"]
WORDS = ["Word", "ANA", "lima", "Straße", "ΣΊΣΥΦΟΣ", "Ǆ", "ﬁ", "1", "x"]
COPY = st.lists(st.sampled_from(BLANKS + WORDS), max_size=40).map("".join)


def general_fingerprint(headline: str, body: str) -> str:
    norm = " ".join(f"{headline}\n{body}".casefold().split())
    return "sha256:" + hashlib.sha256(norm.encode("utf-8")).hexdigest()[:32]


@settings(max_examples=500)
@given(COPY, COPY)
def test_the_fingerprint_is_the_general_one(headline, body):
    assert content_fingerprint(headline, body) == general_fingerprint(headline, body)


@given(st.text(alphabet=st.characters(max_codepoint=127)), st.text())
def test_the_fingerprint_is_the_general_one_on_any_text(headline, body):
    assert content_fingerprint(headline, body) == general_fingerprint(headline, body)


def general_markdown(text: str) -> str:
    text = markdown_body._INLINE.sub(markdown_body._inline, text)
    return "\n".join(markdown_body._line(line) for line in text.split("\n"))


LINE_BITS = [
    *"ab \t\n.)(#>-+=:%*_`[]{}<~|$^@&\\;",
    "\n\n", "1.", "12)", "(iv)", "Mix.", "I.", "a)", "\n ", " \n", "\u2003", "é", "\x0b",
]  # fmt: skip
MARKDOWN_COPY = st.lists(st.sampled_from(LINE_BITS), max_size=50).map("".join)


@settings(max_examples=1000)
@given(MARKDOWN_COPY)
def test_markdown_is_the_line_by_line_escape(text):
    assert wire_to_markdown(text) == general_markdown(text)


@given(st.text())
def test_markdown_is_the_line_by_line_escape_on_any_text(text):
    assert wire_to_markdown(text) == general_markdown(text)
