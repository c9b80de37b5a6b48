"""Slugs and file names for exported stories: ASCII, lower-case, unique, never a path.

A slug is made only of `a-z`, `0-9` and single hyphens, so it can never hold a
`/`, a `..` or a leading dot. Names Windows reserves (con, nul, com1 ...) get a
suffix. A file name is `YYYY-MM-DD-slug.md`, checked again by `is_safe_name`
before anything is written.

Headlines in any script get a slug that reads: anyascii transliterates
Cyrillic, Greek, Arabic, CJK ... to ASCII ("Путин" -> "putin", "東京" ->
"dongjing"). Chosen over python-slugify because it is one small pure-Python
table under the permissive ISC licence with no dependencies, where
python-slugify needs text-unidecode (Artistic/GPL) or Unidecode (GPL) for
the same job and brings its own slug rules, which we already have.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container
from datetime import date

from anyascii import anyascii

MAX_SLUG = 60
FALLBACK = "story"
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_SAFE_NAME = re.compile(r"\A\d{4}-\d{2}-\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*\.md\Z")
WINDOWS_RESERVED = frozenset(
    ["con", "prn", "aux", "nul", "clock$"]
    + [f"com{n}" for n in range(10)]
    + [f"lpt{n}" for n in range(10)]
)
# Letters that Unicode does not decompose to ASCII but readers expect spelled out.
_SPELLED = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "Æ": "ae",
        "ø": "o",
        "Ø": "o",
        "đ": "d",
        "Đ": "d",
        "ł": "l",
        "Ł": "l",
        "þ": "th",
        "Þ": "th",
        "œ": "oe",
        "Œ": "oe",
        "ı": "i",
        "&": " and ",
    }
)


def slugify(text: str, max_length: int = MAX_SLUG) -> str:
    """'Ministers meet in Zürich: "talks"' -> 'ministers-meet-in-zurich-talks'."""
    text = unicodedata.normalize("NFKC", text.translate(_SPELLED))
    ascii_text = (text if text.isascii() else anyascii(text)).lower()
    slug = _NOT_SLUG.sub("-", ascii_text).strip("-")
    if len(slug) > max_length:
        cut = slug[: max_length + 1]
        slug = cut[: cut.rfind("-")] if "-" in cut[1:] else slug[:max_length]
        slug = slug.strip("-")
    if not slug:
        slug = FALLBACK
    if slug in WINDOWS_RESERVED:
        slug = f"{slug}-{FALLBACK}"
    return slug


def file_name(day: date, slug: str, n: int = 1) -> str:
    """`2026-11-27-slug.md`, or `2026-11-27-slug-2.md` for the second of that name."""
    suffix = f"-{n}" if n > 1 else ""
    return f"{day:%Y-%m-%d}-{slug}{suffix}.md"


def unique_name(
    day: date, slug: str, taken: Container[str], slugs: Container[str] = ()
) -> tuple[str, str]:
    """The first (file name, slug) for `slug` on `day` whose name is not in `taken`
    and whose slug is not in `slugs` (a page's URL holds only the slug)."""
    n = 1
    while True:
        name = file_name(day, slug, n)
        if name not in taken and (f"{slug}-{n}" if n > 1 else slug) not in slugs:
            return name, (f"{slug}-{n}" if n > 1 else slug)
        n += 1


def is_safe_name(name: str) -> bool:
    """True only for names this exporter makes: one plain file, inside the folder."""
    return bool(_SAFE_NAME.match(name))
