"""What changed between two versions of a story's copy, word by word, and a paragraph
three-way merge of an editor's text with a new wire version.

Pure functions (no I/O): the versions screen, `deskapp versions --diff` and the
version service build on them.

- `word_diff(a, b)`: the copy as a list of (op, text) pieces, op one of "=", "-", "+";
  the "=" and "-" pieces joined give `a` back, the "=" and "+" pieces give `b`
  (whitespace is kept inside the pieces, so both texts come back exactly).
- `merge_paragraphs(base, mine, theirs)`: a three-way merge by paragraph. A paragraph
  changed on one side only is taken from that side; one changed on both sides (to
  different text) is a `Conflict` the editor decides; `resolve` applies the choices.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

Op = Literal["=", "-", "+"]
Piece = tuple[Op, str]

_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")  # a run of blanks, a word, or one sign


def tokens(text: str) -> list[str]:
    """The text cut into words, signs and runs of blanks; joined they give it back."""
    return _TOKEN.findall(text)


def word_diff(a: str, b: str) -> list[Piece]:
    """The pieces that turn `a` into `b`, word by word (adjacent pieces of one op merged)."""
    left, right = tokens(a), tokens(b)
    matcher = difflib.SequenceMatcher(None, left, right, autojunk=False)
    out: list[Piece] = []

    def put(op: Op, parts: Sequence[str]) -> None:
        text = "".join(parts)
        if not text:
            return
        if out and out[-1][0] == op:
            out[-1] = (op, out[-1][1] + text)
        else:
            out.append((op, text))

    codes = matcher.get_opcodes()
    removed: list[str] = []
    added: list[str] = []
    for k, (tag, i1, i2, j1, j2) in enumerate(codes):
        if tag != "equal":
            removed.extend(left[i1:i2])
            added.extend(right[j1:j2])
            continue
        kept = left[i1:i2]
        between = removed and k + 1 < len(codes) and not "".join(kept).strip()
        if between or (added and k + 1 < len(codes) and not "".join(kept).strip()):
            removed.extend(kept)  # a blank between two changes: one change, easier to read
            added.extend(kept)
            continue
        put("-", removed)
        put("+", added)
        removed, added = [], []
        put("=", kept)
    put("-", removed)
    put("+", added)
    return out


def side(pieces: Sequence[Piece], which: Literal["old", "new"]) -> str:
    """One text back from the pieces: "old" (= and -) or "new" (= and +)."""
    drop = "+" if which == "old" else "-"
    return "".join(text for op, text in pieces if op != drop)


def marked(pieces: Sequence[Piece]) -> str:
    """Plain text with `[-removed-]` and `{+added+}` marks (as `git diff --word-diff`)."""
    out = []
    for op, text in pieces:
        if op == "=":
            out.append(text)
        elif op == "-":
            out.append(f"[-{text}-]")
        else:
            out.append(f"{{+{text}+}}")
    return "".join(out)


def word_count(text: str) -> int:
    return len(text.split())


# -- paragraph three-way merge ----------------------------------------------------


@dataclass(frozen=True, slots=True)
class Conflict:
    """A stretch both sides changed differently: the editor's paragraphs or the wire's."""

    index: int  # which conflict, from 0, in the order they stand in the story
    base: tuple[str, ...]
    mine: tuple[str, ...]
    theirs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Merge:
    """The merged paragraphs: plain strings, or a Conflict where a choice is needed."""

    parts: tuple[str | Conflict, ...]

    @property
    def conflicts(self) -> list[Conflict]:
        return [p for p in self.parts if isinstance(p, Conflict)]

    def resolve(self, choices: Sequence[Literal["mine", "wire"]]) -> list[str]:
        """The paragraphs with each conflict taken as chosen, in order."""
        if len(choices) != len(self.conflicts):
            raise ValueError(f"{len(self.conflicts)} choices needed, {len(choices)} given")
        out: list[str] = []
        for part in self.parts:
            if isinstance(part, Conflict):
                chosen = choices[part.index]
                out.extend(part.mine if chosen == "mine" else part.theirs)
            else:
                out.append(part)
        return out


Hunk = tuple[int, int, int, int]  # base[i1:i2] became side[j1:j2]


def _hunks(base: Sequence[str], other: Sequence[str]) -> list[Hunk]:
    """What one side changed of the base, as SequenceMatcher's non-equal opcodes."""
    matcher = difflib.SequenceMatcher(None, list(base), list(other), autojunk=False)
    return [(i1, i2, j1, j2) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]


def _overlap(a: Hunk, b: Hunk) -> bool:
    """Two changes touch the same base paragraphs (two insertions: at the same point)."""
    (a1, a2, *_), (b1, b2, *_) = a, b
    if a1 == a2 and b1 == b2:
        return a1 == b1
    if a1 == a2:
        return b1 < a1 < b2
    if b1 == b2:
        return a1 < b1 < a2
    return max(a1, b1) < min(a2, b2)


def _span(side: Sequence[str], hunks: list[Hunk], lo: int, hi: int) -> tuple[str, ...]:
    """What the side made of base[lo:hi], given its changes there (outside its changes
    a side's paragraphs are the base's, one for one)."""
    if not hunks:
        return ()
    first, last = hunks[0], hunks[-1]
    return tuple(side[first[2] - (first[0] - lo) : last[3] + (hi - last[1])])


def merge_paragraphs(base: Sequence[str], mine: Sequence[str], theirs: Sequence[str]) -> Merge:
    """Three-way merge by paragraph (diff3): what only one side changed is taken from it.

    Each side's changes of the base are aligned (SequenceMatcher opcodes); changes of
    the two sides that overlap in the base (or two insertions at one point) form one
    stretch: the same text on both sides, or one side's left as in the base, merge by
    themselves; two different changes make a `Conflict`. Changes of neighbouring
    paragraphs do not overlap, so they never conflict."""
    changes = sorted(
        [(h, 0) for h in _hunks(base, mine)] + [(h, 1) for h in _hunks(base, theirs)],
        key=lambda c: (c[0][0], c[0][1], c[1]),
    )
    groups: list[list[tuple[Hunk, int]]] = []
    for change in changes:
        if groups and any(_overlap(change[0], other) for other, _ in groups[-1]):
            groups[-1].append(change)
        else:
            groups.append([change])
    parts: list[str | Conflict] = []
    conflicts = 0
    at = 0
    for group in groups:
        lo = min(h[0] for h, _ in group)
        hi = max(h[1] for h, _ in group)
        parts.extend(base[at:lo])
        b_part = tuple(base[lo:hi])
        m_hunks = [h for h, who in group if who == 0]
        t_hunks = [h for h, who in group if who == 1]
        m_part = _span(mine, m_hunks, lo, hi) if m_hunks else b_part
        t_part = _span(theirs, t_hunks, lo, hi) if t_hunks else b_part
        if m_part == t_part or t_part == b_part:
            parts.extend(m_part)
        elif m_part == b_part:
            parts.extend(t_part)
        else:
            parts.append(Conflict(conflicts, b_part, m_part, t_part))
            conflicts += 1
        at = hi
    parts.extend(base[at:])
    return Merge(tuple(parts))
