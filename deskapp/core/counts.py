"""Counts in words: '1 story', '3 stories', '1 source', '2 sources'."""

from __future__ import annotations

_PLURALS = {"story": "stories"}


def counted(n: int, word: str, plural: str | None = None) -> str:
    """`n` and `word`, the word in the plural unless n is 1: counted(1, "story") -> '1 story'."""
    if n == 1:
        return f"{n} {word}"
    return f"{n} {plural or _PLURALS.get(word, word + 's')}"
