"""Word diff and the paragraph three-way merge of a story's copy."""

from __future__ import annotations

from hypothesis import assume, given
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
    assert not merged.conflicts
    assert merged.resolve([]) == theirs


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


def test_changes_to_neighbouring_paragraphs_merge_without_a_conflict() -> None:
    merged = merge_paragraphs(["A", "B", "C"], ["A2", "B", "C"], ["A", "B2", "C2"])
    assert not merged.conflicts
    assert merged.resolve([]) == ["A2", "B2", "C2"]
    merged = merge_paragraphs(["A", "B"], ["A", "B2"], ["A", "B", "C"])  # edit, then append
    assert merged.resolve([]) == ["A", "B2", "C"]


def test_two_different_insertions_at_one_point_are_a_conflict() -> None:
    merged = merge_paragraphs(["A", "B"], ["A", "X", "B"], ["A", "Y", "B"])
    [conflict] = merged.conflicts
    assert (conflict.base, conflict.mine, conflict.theirs) == ((), ("X",), ("Y",))
    assert merged.resolve(["wire"]) == ["A", "Y", "B"]
    same = merge_paragraphs(["A", "B"], ["A", "X", "B"], ["A", "X", "B"])
    assert not same.conflicts and same.resolve([]) == ["A", "X", "B"]


@st.composite
def apart(draw: st.DrawFn) -> tuple[list[str], list[str], list[str], list[str]]:
    """A base of distinct paragraphs, and two changes of ranges that do not overlap
    (the editor's first, the wire's after it, or the other way round)."""
    size = draw(st.integers(0, 8))
    base = [f"P{n}." for n in range(size)]
    i, j, k, m = sorted(draw(st.lists(st.integers(0, size), min_size=4, max_size=4)))
    new_a = [f"a{n}." for n in range(draw(st.integers(0, 3)))]
    new_b = [f"b{n}." for n in range(draw(st.integers(0, 3)))]
    if i == j and not new_a:
        new_a = ["a0."]  # a change, not nothing
    if k == m and not new_b:
        new_b = ["b0."]
    assume(not i == j == k == m)  # two insertions at one point: a conflict
    first = base[:i] + new_a + base[j:]
    second = base[:k] + new_b + base[m:]
    both = base[:i] + new_a + base[j:k] + new_b + base[m:]
    if draw(st.booleans()):
        return base, first, second, both
    return base, second, first, both


@given(apart())
def test_changes_of_ranges_that_do_not_overlap_never_conflict(
    case: tuple[list[str], list[str], list[str], list[str]],
) -> None:
    base, mine, theirs, both = case
    merged = merge_paragraphs(base, mine, theirs)
    assert not merged.conflicts
    assert merged.resolve([]) == both


@given(apart())
def test_a_range_only_one_side_changed_is_that_sides_change(
    case: tuple[list[str], list[str], list[str], list[str]],
) -> None:
    base, mine, _, _ = case
    for merged in (merge_paragraphs(base, mine, base), merge_paragraphs(base, base, mine)):
        assert not merged.conflicts
        assert merged.resolve([]) == mine
