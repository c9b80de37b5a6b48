"""Building real sites from an export: the programs, a hostile corpus, reading the pages.

Each program is looked for where a user would have it (PATH; Eleventy in
$DESKAPP_ELEVENTY, else ~/.cache/deskapp-eleventy/node_modules/.bin). Missing
locally, its tests skip; under CI=true (where .ci/run installs them) they fail.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest

from tests.export.export_kit import add_ready


def program(name: str) -> str:
    """The program's path; skip (or, under CI, fail) when it is not installed."""
    found = shutil.which(name)
    if name == "eleventy":
        cached = Path(
            os.environ.get("DESKAPP_ELEVENTY")
            or Path.home() / ".cache" / "deskapp-eleventy" / "node_modules" / ".bin" / "eleventy"
        )
        found = str(cached) if cached.is_file() else shutil.which("eleventy")
    if found is None:
        message = f"{name} is not installed (.ci/run installs it)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return found


def run(args: list[str], cwd: Path, timeout: int = 180) -> str:
    result = subprocess.run(
        args,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert result.returncode == 0, f"{args[0]} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout + result.stderr


WHEN = datetime(2026, 11, 20, 14, 5, tzinfo=UTC)
LONG = (
    "Ministers from forty-two countries agree after nine days of talks on a plan that "
    "would cut emissions, fund adaptation in the poorest states and create a review "
    "body, while critics say the targets are too weak and the money too little, too late"
    " for islands already losing land to the sea and farmers losing harvests to drought"
)


@dataclass
class Corpus:
    ids: dict[int, tuple[str, tuple[str, ...]]] = field(default_factory=dict)  # headline, writers
    edited: int = 0  # the story whose body an editor wrote in Markdown
    templated: int = 0  # the story whose copy is full of template syntax


def hostile_corpus(services) -> Corpus:  # type: ignore[no-untyped-def]
    """Stories whose every field tries to become markup, code or terminal control."""
    corpus = Corpus()
    stories = [
        (
            "<script>alert(1)</script> Summit opens",
            ("<img src=x onerror=alert(2)>",),
            "Delegates <b>arrive</b> <img src=x onerror=alert(3)> & AT&T &amp; co.\n\n"
            "<script>alert(4)</script>\n\n[click](javascript:alert(5)) **not bold**",
        ),
        (
            "Liquid {% include secret.txt %} and {{ site.title }} {{< hugo >}}",
            ("Ana {{ page.author }}",),
            "{% raw %}{{ 7 * 7 }}{% endraw %} and {{ 7 * 7 }} {%- comment -%} x\n\n"
            "{{% shortcode %}} `{=html}` $x^2$ @cite ~sub~ ^sup^ 50% rise",
        ),
        (
            "Bell\x07 and ESC\x1b[31m red \u202eoverride\u202c and C1\x9b31m done",
            ("Zoë\x1b]0;title\x07 O'Brien",),
            "Copy with\x00 controls\x9d inside.",
        ),
        (LONG, ("Bo Yu",), "# Not a heading\n\n1. Not a list\n- nor this\n> nor a quote"),
        ("Путин и Си встретились в Москве", ("Анна Ли",), "Текст на русском."),
        ("Σεισμός στην Αθήνα", ("Νίκος",), "Κείμενο."),
        ("東京で大きな地震", ("山田太郎",), "本文です。"),
        ("محادثات السلام في القاهرة", ("أحمد منصور",), "نص عربي."),
        ("Kremlin edits: Markdown kept", ("Ana Lima",), "Wire copy first."),
    ]
    for n, (headline, writers, body) in enumerate(stories):
        sid = add_ready(
            services, headline, body=body, writers=writers, published_at=WHEN.replace(minute=n)
        )
        if n == 1:
            corpus.templated = sid
        story = services.stories.get(sid)
        corpus.ids[sid] = (story.headline, tuple(story.names("writer")))
    corpus.edited = sid
    services.stories.edit_text(
        sid,
        body="**Kremlin** said _no_.\n\n- one\n- two\n\nSee [the report](https://example.org/r).",
    )
    return corpus


class Page(HTMLParser):
    """What a built page shows: its h1, authors, date, tags and attributes, and text."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.h1 = ""
        self.authors: list[str] = []
        self.time = ""
        self.text: list[str] = []
        self._in: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        css = attributes.get("class")
        mark = css if css in ("author", "date") else tag
        self._in.append(mark)
        if mark == "author":
            self.authors.append("")

    def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
        if self._in:
            self._in.pop()

    def handle_data(self, data):  # type: ignore[no-untyped-def]
        self.text.append(data)
        if "h1" in self._in:
            self.h1 += data
        if self._in and self._in[-1] == "author":
            self.authors[-1] += data
        if "date" in self._in:
            self.time += data

    def live_html(self) -> list[str]:
        """Anything that would run or load: script tags, on* handlers, javascript: links,
        images that were copy."""
        found = []
        for tag, attrs in self.tags:
            if tag in ("script", "iframe", "object", "embed"):
                found.append(tag)
            if tag == "img" and attrs.get("src") == "x":
                found.append("img src=x")
            found += [f"{tag} {k}" for k in attrs if k.startswith("on")]
            found += [
                f"{tag} {k}"
                for k, v in attrs.items()
                if v and v.strip().lower().startswith("javascript:")
            ]
        return found


def index_links(index_html: str, index_url: str) -> dict[str, str]:
    """Link text -> absolute URL path, for every story link on the index page."""
    links: dict[str, str] = {}

    class Links(HTMLParser):
        href: str | None = None

        def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
            if tag == "a":
                self.href = dict(attrs).get("href")
                self.label = ""

        def handle_data(self, data):  # type: ignore[no-untyped-def]
            if self.href is not None:
                self.label += data

        def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
            if tag == "a" and self.href is not None:
                links[" ".join(self.label.split())] = urljoin(index_url, self.href)
                self.href = None

    Links(convert_charrefs=True).feed(index_html)
    return links


def served_file(public: Path, url_path: str) -> Path:
    """The file a static server sends for `url_path` (a folder's index.html)."""
    path = public / url_path.lstrip("/")
    return path / "index.html" if url_path.endswith("/") else path


def check_site(public: Path, index_url: str, corpus: Corpus, *, date_format: str) -> None:
    """Every story: a page at the URL the index links, its title, authors and date right,
    nothing in it live HTML; the edited story's Markdown rendered as written."""
    index_html = served_file(public, index_url).read_text(encoding="utf-8")
    assert not Page(index_html).live_html()
    links = index_links(index_html, index_url)
    for sid, (headline, writers) in corpus.ids.items():
        assert "\x1b" not in headline and "\u202e" not in headline and "\x9b" not in headline
        url = links[" ".join(headline.split())]
        page_file = served_file(public, url)
        assert page_file.is_file(), f"story {sid}: the index links {url}, which is not built"
        page = Page(page_file.read_text(encoding="utf-8"))
        assert " ".join(page.h1.split()) == " ".join(headline.split())
        assert [" ".join(a.split()) for a in page.authors] == list(writers)
        assert page.time.strip() == WHEN.replace(minute=list(corpus.ids).index(sid)).strftime(
            date_format
        )
        assert page.live_html() == [], f"story {sid} has live HTML: {page.live_html()}"
        if sid == corpus.templated:  # no template ran: the copy shows as written
            text = " ".join("".join(page.text).split())
            assert "{% raw %}{{ 7 * 7 }}{% endraw %} and {{ 7 * 7 }}" in text
            assert "{{% shortcode %}} `{=html}` $x^2$ @cite ~sub~ ^sup^ 50% rise" in text
        if sid == corpus.edited:
            tags = [t for t, _ in page.tags]
            assert "strong" in tags and "em" in tags and "li" in tags
            assert ("a", {"href": "https://example.org/r"}) in page.tags
    first = next(iter(corpus.ids))
    text = "".join(
        Page(
            served_file(public, links[" ".join(corpus.ids[first][0].split())]).read_text(
                encoding="utf-8"
            )
        ).text
    )
    text = " ".join(text.split())
    assert "<b>arrive</b> <img src=x onerror=alert(3)> & AT&T &amp; co." in text
    assert "[click](javascript:alert(5)) **not bold**" in text  # the copy's markup as text
