"""Word diff and the paragraph three-way merge of a story's copy."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from deskapp.core.copy_diff import marked, merge_paragraphs, side, word_diff

words = st.lists(st.sampled_from(["rain", "fell", "on", "Oslo", ",", "the", "city", "."]))
text = st.builds(" ".join, words)
paragraphs = st.lists(
    st.sampled_from(["A para.", "B para.", "C para.", "D para.", "E"]), max_size=6
)


@given(text, text)
def test_the_pieces_give_both_texts_back(a: str, b: str) -> None:
    pieces = word_diff(a, b)
    assert side(pieces, "old") == a
    assert side(pieces, "new") == b


@given(text)
def test_a_text_against_itself_is_all_kept(a: str) -> None:
    assert all(op == "=" for op, _ in word_diff(a, a))


def test_a_changed_word_is_marked_removed_and_added() -> None:
    pieces = word_diff("Three people died in Oslo.", "Four people died in Oslo on Monday.")
    assert marked(pieces) == "[-Three-]{+Four+} people died in Oslo{+ on Monday+}."


@given(paragraphs, paragraphs)
def test_merging_identical_sides_gives_that_side(base: list[str], same: list[str]) -> None:
    merged = merge_paragraphs(base, same, same)
    assert not merged.conflicts
    assert merged.resolve([]) == same


@given(paragraphs, paragraphs)
def test_an_editor_who_changed_nothing_gets_the_wire(base: list[str], theirs: list[str]) -> None:
    merged = merge_paragraphs(base, base, theirs)
    assert merged.resolve(["wire"] * len(merged.conflicts)) == theirs


@given(paragraphs, paragraphs)
def test_an_unchanged_wire_keeps_the_editor_text(base: list[str], mine: list[str]) -> None:
    merged = merge_paragraphs(base, mine, base)
    assert not merged.conflicts
    assert merged.resolve([]) == mine


@given(paragraphs, paragraphs, paragraphs)
def test_the_merge_is_the_same_from_either_side(
    base: list[str], mine: list[str], theirs: list[str]
) -> None:
    merged, swapped = merge_paragraphs(base, mine, theirs), merge_paragraphs(base, theirs, mine)
    n = len(merged.conflicts)
    assert len(swapped.conflicts) == n
    assert merged.resolve(["mine"] * n) == swapped.resolve(["wire"] * n)
    assert merged.resolve(["wire"] * n) == swapped.resolve(["mine"] * n)


def test_one_sided_changes_are_taken_and_a_clash_is_a_conflict() -> None:
    base = ["Lead.", "Quote.", "Background.", "End."]
    mine = ["Lead, tightened.", "Quote.", "Background.", "End."]
    wire = ["Lead.", "Quote.", "Background, updated.", "End.", "New paragraph."]
    merged = merge_paragraphs(base, mine, wire)
    assert not merged.conflicts
    assert merged.resolve([]) == [
        "Lead, tightened.",
        "Quote.",
        "Background, updated.",
        "End.",
        "New paragraph.",
    ]
    clash = merge_paragraphs(base, mine, ["Lead with toll.", *base[1:]])
    [conflict] = clash.conflicts
    assert (conflict.mine, conflict.theirs) == (("Lead, tightened.",), ("Lead with toll.",))
    assert clash.resolve(["wire"])[0] == "Lead with toll."
    assert clash.resolve(["mine"])[0] == "Lead, tightened."
