"""What each site generator expects: where files go, what their front matter says,
and how the index links a story as the site serves it.

`plain`    YYYY-MM-DD-slug.md + index.md linking the .md files (any Markdown reader).
`hugo`     the folder is a section (content/wire): a branch bundle `_index.md`, each
           story with `slug`, `url`, `draft`, `summary`, `categories`, `tags` and
           `authors` (a taxonomy); pages at /wire/SLUG/.
`jekyll`   the folder is a category folder of the site (site/wire): stories in
           `_posts/YYYY-MM-DD-slug.md` with `layout: post`, `permalink`,
           `categories`, and `render_with_liquid: false`; index.md at /wire/.
`eleventy` the folder is a data-ready folder (site/wire): each story with a
           `permalink` and `templateEngineOverride: md` (Liquid and Nunjucks never
           run on copy); `wire.11tydata.json` gives the folder its layout.
`pandoc`   one document per story whose metadata are Markdown-escaped strings
           (Pandoc reads metadata as Markdown), index.md linking the .html files
           `pandoc --standalone` makes of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from deskapp.core.markdown_body import one_line_markdown
from deskapp.export.slug import slugify

TARGETS = ("plain", "hugo", "jekyll", "eleventy", "pandoc")
INDEX_MARKER = "deskapp_index"  # front matter key marking an index as ours


@dataclass(frozen=True, slots=True)
class Target:
    name: str
    posts_dir: str = ""  # stories go in this subfolder of the export folder
    index_name: str = "index.md"
    pretty_urls: bool = False  # pages served at /SECTION/SLUG/ (else next to the .md)
    link_suffix: str = ".md"  # how the index links a dated file when not pretty_urls

    def link(self, name: str, slug: str) -> str:
        """How the index (in the export folder) links a story's page."""
        if self.pretty_urls:
            return f"{slug}/"
        return name[: -len(".md")] + self.link_suffix

    def body(self, markdown: str) -> str:
        """The stored Markdown as this target's Markdown reader needs it."""
        if self.name == "jekyll":
            return kramdown_escapes(markdown)
        return markdown

    def index_fields(self, section: str, title: str) -> dict:
        fields: dict = {"title": title, INDEX_MARKER: True}
        if self.name == "jekyll":
            fields |= {"permalink": f"/{section}/", "render_with_liquid": False}
        elif self.name == "eleventy":
            fields |= {"permalink": f"/{section}/", "templateEngineOverride": "md"}
        return fields

    def story_fields(
        self, base: dict, *, section: str, slug: str, desk_name: str | None, summary: str
    ) -> dict:
        """The front matter: `base` (what every target writes) plus this target's keys."""
        url = f"/{section}/{slug}/"
        category = [desk_name] if desk_name else []
        if self.name == "hugo":
            # Hugo renders `summary` as Markdown: escaped so it reads as written
            extra = {
                "url": url,
                "draft": False,
                "summary": one_line_markdown(summary),
                "categories": category,
            }
            return {**base, **extra}
        if self.name == "jekyll":
            return {
                "layout": "post",
                **base,
                "permalink": url,
                "categories": category,
                "render_with_liquid": False,
            }
        if self.name == "eleventy":
            return {**base, "permalink": url, "templateEngineOverride": "md"}
        if self.name == "pandoc":
            return {
                key: value if key in _IDENTITY else _escaped(value) for key, value in base.items()
            }
        return base


# Jekyll's kramdown takes a backslash escape only before \\ . * _ + - = ` ( ) [ ] { } # ! : |
# " ' $ < >; the others CommonMark allows (~ ^ @ & %) it would print with the backslash.
_KRAMDOWN_ENTITIES = {"~": "&#126;", "^": "&#94;", "@": "&#64;", "&": "&amp;", "%": "&#37;"}
_ESCAPE_PAIR = re.compile(r"\\([!-/:-@\[-`{-~])")


def kramdown_escapes(markdown: str) -> str:
    """CommonMark backslash escapes kramdown does not know, as entities it does."""
    return _ESCAPE_PAIR.sub(lambda m: _KRAMDOWN_ENTITIES.get(m.group(1), m.group()), markdown)


# values that identify a story (read back by the exporter), never shown as text
_IDENTITY = frozenset({"id", "uid", "slug", "date", "updated", "priority", "correction"})


def _escaped(value: object) -> object:
    if isinstance(value, str):
        return one_line_markdown(value)
    if isinstance(value, list):
        return [_escaped(v) for v in value]
    if isinstance(value, dict):
        return {k: _escaped(v) for k, v in value.items()}
    return value


_BY_NAME = {
    "plain": Target("plain"),
    "hugo": Target("hugo", index_name="_index.md", pretty_urls=True),
    "jekyll": Target("jekyll", posts_dir="_posts", pretty_urls=True),
    "eleventy": Target("eleventy", pretty_urls=True),
    "pandoc": Target("pandoc", link_suffix=".html"),
}


def get_target(name: str) -> Target:
    """The target called `name`; ValueError naming the choices otherwise."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise ValueError(
            f"unknown export target {name!r}: choose one of " + ", ".join(TARGETS)
        ) from None


def section_of(folder_name: str) -> str:
    """The URL section a folder is served under: its name as a slug (`wire`)."""
    return slugify(folder_name)
