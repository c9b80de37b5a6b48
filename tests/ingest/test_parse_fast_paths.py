"""Plain-text parsing's quick ways give what the general way gives, on any line.

Boilerplate rules are matched on a lowered ASCII line case by case instead of
case-insensitively; a caption's label is looked for only after a letter it can
open with; blanks are folded with `split` instead of a `\\s+` pattern.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from deskapp.ingest import boilerplate
from deskapp.ingest.boilerplate import _RULES, classify_line, parse_caption

RULE_WORDS = [
    "Next In", "READ MORE", "Related", "ENDS", "(END)", "-ends-", "Follow us", "FOLLOW",
    "Reuters", "on X", "Sign up", "share", "Share via Email", "5 min read", "Watch:",
    "Advertisement", "Copyright", "(c) ", "\u00a9", "Our Standards:", "Click here", "app",
    "channel", "our", " ", "  ", "\t", ":", "-", "*", "=", "\u2022", "\u2014", ".", "!", "x",
    "Q", "\u212a", "\u017f", "\u0130", "\u0131", "K", "S", "I", "'", "\u2019", "@ap", "https://",
]  # fmt: skip
LINES = st.lists(st.sampled_from(RULE_WORDS), min_size=1, max_size=12).map("".join)


def general_rule(line: str) -> str | None:
    """`classify_line` as it reads with the case-insensitive pattern only."""
    if len(line) > boilerplate.MAX_RULE_LINE:
        return "agency-notice" if boilerplate.is_agency_notice(line) else None
    match = boilerplate._LINE_RULES.match(line)
    if match is None:
        if line[:1] in "TA" and line.startswith(boilerplate.NOTICE_STARTS):
            return "agency-notice" if boilerplate.is_agency_notice(line) else None
        return None
    name = boilerplate._RULE_NAMES[match.lastgroup or ""]
    if name == boilerplate.END and line.endswith(boilerplate._ENDS_SENTENCE):
        return None
    return name


@settings(max_examples=1500)
@given(LINES)
def test_a_line_falls_under_the_rule_the_general_match_names(line):
    line = line.strip()
    assert classify_line(line) == general_rule(line)


def test_the_rules_are_written_in_lower_case():
    for _, pattern in _RULES:  # what lets a lowered ASCII line be matched case by case
        assert not re.search("[A-Z]", re.sub(r"\\.", "", pattern)), pattern


CAPTION_BITS = [
    "File photo", "FILE PHOTO", "\u0130mage", "\u0131mage", "Picture", "photo", " : ", ":",
    "A man walks", " REUTERS/Jane Doe", " (AP Photo/John Roe)", "/", "Reuters/Stringer", " ",
]  # fmt: skip


@settings(max_examples=800)
@given(st.lists(st.sampled_from(CAPTION_BITS), min_size=1, max_size=6).map("".join))
def test_a_caption_reads_as_it_does_with_the_label_always_looked_for(text):
    fast = parse_caption(text)
    saved = boilerplate._LABEL_FIRST
    boilerplate._LABEL_FIRST = "".join(chr(c) for c in range(128))  # every ASCII letter
    try:
        assert parse_caption(text) == fast
    finally:
        boilerplate._LABEL_FIRST = saved


def test_split_folds_exactly_the_blanks_a_backslash_s_pattern_folds():
    spaces = re.compile(r"\s+")
    for code in range(0x110000):
        char = chr(code)
        text = f"{char}a{char}{char}b{char}"
        assert " ".join(text.split()) == spaces.sub(" ", text).strip(), hex(code)


def test_a_blank_line_is_made_of_the_characters_it_always_was():
    from deskapp.ingest.decode import _BLANK_CHARS

    one_class = re.compile(f"[{_BLANK_CHARS}]")
    either = re.compile(r"[^\S\n]|[\u200b-\u200d\u2060\ufeff]")
    for code in range(0x110000):
        char = chr(code)
        assert bool(one_class.fullmatch(char)) == bool(either.fullmatch(char)), hex(code)
