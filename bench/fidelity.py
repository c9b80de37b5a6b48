"""Fidelity: how much of real-shaped agency copy Deskapp reads right, field by field.

    PYTHONPATH=. python bench/fidelity.py                 # the corpus in tests/fidelity/corpus
    PYTHONPATH=. python bench/fidelity.py --failures      # and every field read wrong
    PYTHONPATH=/other/checkout python bench/fidelity.py --corpus tests/fidelity/corpus

Each source file in the corpus has a sidecar `<name>.expected.json` with the fields it must
give; only the fields a sidecar names are checked. Fields: headline; credits (all
roles at once) and each role (writer, reporter, editor, contributor, photographer);
dateline_place; desk (the suggestion); body_start and body_end (the first
paragraph starts, the last ends, with this text); signoff; priority; embargo and
published_at (ISO 8601, UTC); notes (every listed text is in a note from the wire;
[] means none); summary (abstract or subheadline); section; flags (killed,
withdrawn, corrected); decoded (the code page a guess named); skipped (the source
holds no story). Prints accuracy per field and overall.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "fidelity" / "corpus"
ROLES = ("writer", "reporter", "editor", "contributor", "photographer")
FIELDS = (
    "headline",
    "credits",
    *ROLES,
    "dateline_place",
    "agency",
    "desk",
    "body_start",
    "body_end",
    "signoff",
    "priority",
    "embargo",
    "published_at",
    "notes",
    "summary",
    "section",
    "flags",
    "decoded",
    "skipped",
)


def cases(corpus: Path) -> Iterator[tuple[Path, dict[str, Any]]]:
    for expected in sorted(corpus.glob("*.expected.json")):
        stem = expected.name.removesuffix(".expected.json")
        sources = [p for p in corpus.glob(stem + ".*") if not p.name.endswith(".expected.json")]
        if len(sources) != 1:
            raise SystemExit(f"{expected.name}: needs exactly one source file beside it")
        yield sources[0], json.loads(expected.read_text(encoding="utf-8"))


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _read(source: Path) -> tuple[Any, str]:
    """(the first story or None, the reason when there is none)."""
    from deskapp.ingest.detect import parse_source
    from deskapp.ingest.errors import IngestError, SkippedItem

    try:
        stories = parse_source(source.read_bytes(), source.name)
    except SkippedItem as exc:
        return None, f"skipped: {exc}"
    except IngestError as exc:
        return None, f"error: {exc}"
    return (stories[0] if stories else None), ""


def check(source: Path, expected: dict[str, Any]) -> dict[str, tuple[bool, Any, Any]]:
    """{field: (right, what was read, what was expected)} for the fields the sidecar names."""
    story, reason = _read(source)
    results: dict[str, tuple[bool, Any, Any]] = {}
    if "skipped" in expected:
        results["skipped"] = (
            expected["skipped"] == reason.startswith("skipped"),
            reason,
            expected["skipped"],
        )
    for name, want in expected.items():
        if name == "skipped":
            continue
        if story is None:
            results[name] = (False, reason, want)
            continue
        if name == "credits":
            got = {role: story.names(_role(role)) for role in ROLES if story.names(_role(role))}
            results[name] = (got == want, got, want)
            for role in ROLES:
                have = story.names(_role(role))
                results[role] = (have == want.get(role, []), have, want.get(role, []))
        elif name in ROLES:
            have = story.names(_role(name))
            results[name] = (have == want, have, want)
        else:
            got = _field(story, name, want)
            results[name] = (_matches(name, got, want), got, want)
    return results


def _role(name: str) -> Any:
    from deskapp.core.story import Role

    return Role(name)


def _field(story: Any, name: str, want: Any) -> Any:
    paragraphs = story.paragraphs()
    getters = {
        "headline": lambda: story.headline,
        "dateline_place": lambda: story.dateline_place,
        "agency": lambda: story.agency,
        "desk": lambda: story.suggested_desk,
        "body_start": lambda: paragraphs[0] if paragraphs else "",
        "body_end": lambda: paragraphs[-1] if paragraphs else "",
        "signoff": lambda: story.signoff,
        "priority": lambda: story.priority,
        "embargo": lambda: _iso(story.embargo_until),
        "published_at": lambda: _iso(story.published_at),
        "notes": lambda: list(story.wire_notes),
        "summary": lambda: story.abstract or story.subheadline,
        "section": lambda: story.section,
        "flags": lambda: {flag: getattr(story, flag, None) for flag in want},
        "decoded": lambda: getattr(story, "decoded_as", ""),
    }
    if name not in getters:
        raise SystemExit(f"unknown field {name!r} (fields: {', '.join(FIELDS)})")
    return getters[name]()


def _matches(name: str, got: Any, want: Any) -> bool:
    if name == "body_start":
        return isinstance(got, str) and got.startswith(want)
    if name == "body_end":
        return isinstance(got, str) and got.endswith(want)
    if name == "notes":
        if not want:
            return got == []
        return all(any(text in note for note in got) for text in want)
    if name == "summary":
        return got == want
    if name == "decoded":
        return isinstance(got, str) and got.startswith(want)
    return got == want


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--failures", action="store_true", help="list every field read wrong")
    args = parser.parse_args()
    totals = {name: [0, 0] for name in FIELDS}
    failures: list[str] = []
    count = 0
    for source, expected in cases(args.corpus):
        count += 1
        for name, (right, got, want) in check(source, expected).items():
            totals[name][1] += 1
            if right:
                totals[name][0] += 1
            else:
                failures.append(f"{source.name}: {name}: read {got!r}, expected {want!r}")
    print(f"fidelity over {count} sources in {args.corpus}")
    right = checked = 0
    for name in FIELDS:
        ok, n = totals[name]
        if n:
            print(f"  {name:<15} {ok:>3}/{n:<3} {100 * ok / n:5.1f}%")
            right, checked = right + ok, checked + n
    if checked:
        print(f"  {'all fields':<15} {right:>3}/{checked:<3} {100 * right / checked:5.1f}%")
    if args.failures:
        print("\n".join(failures) or "no failures")
    sys.exit(0)


if __name__ == "__main__":
    main()
