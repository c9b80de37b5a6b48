"""Pandoc reads the exported files' title, author and date (runs only when pandoc is installed)."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from tests.export.export_kit import add_ready

pytestmark = pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed")


def test_pandoc_reads_title_author_and_date(sqlite_services, tmp_path):
    from datetime import UTC, datetime

    add_ready(
        sqlite_services,
        'Talks: "progress" at last — #summit',
        writers=("Ana Lima", "Zoë O'Brien"),
        body="First paragraph.\n\n# Not a heading\n\n@not-a-citation and $5",
        published_at=datetime(2026, 11, 20, 14, 5, tzinfo=UTC),
    )
    out = tmp_path / "site"
    [exported] = sqlite_services.export.export(out).exported
    # -smart: pandoc would otherwise print O'Brien with a typographic apostrophe
    result = subprocess.run(
        ["pandoc", "--from", "markdown-smart", "--to", "json", str(out / exported.name)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    doc = json.loads(result.stdout)
    meta = doc["meta"]

    def inlines(items) -> str:
        out = []
        for i in items:
            if i["t"] == "Str":
                out.append(i["c"])
            elif i["t"] == "Space":
                out.append(" ")
            elif i["t"] == "Quoted":  # pandoc's smart quotes: "..." read as a quotation
                quote = '"' if i["c"][0]["t"] == "DoubleQuote" else "'"
                out.append(quote + inlines(i["c"][1]) + quote)
        return "".join(out)

    def text(value) -> str:
        return inlines(value["c"]) if value["t"] == "MetaInlines" else value["c"]

    assert text(meta["title"]) == 'Talks: "progress" at last — #summit'
    assert [text(a) for a in meta["author"]["c"]] == ["Ana Lima", "Zoë O'Brien"]
    assert text(meta["date"]) == "2026-11-20T14:05:00+00:00"
    kinds = {block["t"] for block in doc["blocks"]}
    assert kinds == {"Para"}  # no heading, no list: the copy stays paragraphs
    plain = subprocess.run(
        ["pandoc", "--to", "plain", "--wrap=none", str(out / exported.name)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    assert "# Not a heading" in plain and "@not-a-citation and $5" in plain
