"""Real sites from an export: Hugo, Jekyll, Eleventy and Pandoc build every story's page.

Each test exports the hostile corpus for its target into a minimal site made
the way that program's own documentation starts one, runs the real program,
and reads the built pages: a page per story at the URL the index links, the
title, authors and date right, and nothing of the copy live as HTML or run as
a template.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.export.sites.site_kit import check_site, hostile_corpus, program, run

HEAD = '<!doctype html><html><head><meta charset="utf-8"><title>{t}</title></head><body>'


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_hugo_builds_a_page_per_story_under_the_section(sqlite_services, tmp_path):
    hugo = program("hugo")
    site = tmp_path / "site"
    write(
        site,
        {
            "config.toml": 'baseURL = "http://example.org/"\ntitle = "News"\n'
            '[taxonomies]\n  author = "authors"\n  category = "categories"\n'
            '  tag = "tags"\n',
            "layouts/_default/single.html": HEAD.format(t="{{ .Title }}") + "<h1>{{ .Title }}</h1>"
            '{{ range .Params.authors }}<p class="author">{{ . }}</p>{{ end }}'
            '<p class="date">{{ .Date.Format "2006-01-02 15:04" }}</p>'
            "{{ .Content }}</body></html>",
            "layouts/_default/list.html": HEAD.format(t="{{ .Title }}") + "{{ .Content }}"
            "</body></html>",
        },
    )
    corpus = hostile_corpus(sqlite_services)
    report = sqlite_services.export.export(site / "content" / "wire", target="hugo")
    assert len(report.exported) == len(corpus.ids)
    assert (site / "content" / "wire" / "_index.md").is_file()
    run([hugo, "--source", str(site), "--destination", str(tmp_path / "public")], tmp_path)
    check_site(tmp_path / "public", "/wire/", corpus, date_format="%Y-%m-%d %H:%M")


def test_jekyll_builds_posts_at_their_permalinks(sqlite_services, tmp_path):
    jekyll = program("jekyll")
    site = tmp_path / "site"
    write(
        site,
        {
            "_config.yml": "title: News\ntimezone: UTC\nmarkdown: kramdown\n",
            "_layouts/post.html": HEAD.format(t="{{ page.title | escape }}")
            + "<h1>{{ page.title | escape }}</h1>"
            '{% for a in page.author %}<p class="author">{{ a | escape }}</p>{% endfor %}'
            '<p class="date">{{ page.date | date: "%Y-%m-%d %H:%M" }}</p>'
            "{{ content }}</body></html>",
        },
    )
    corpus = hostile_corpus(sqlite_services)
    report = sqlite_services.export.export(site / "wire", target="jekyll")
    assert len(report.exported) == len(corpus.ids)
    assert all((site / "wire" / "_posts" / e.name).is_file() for e in report.exported)
    run(
        [jekyll, "build", "--source", str(site), "--destination", str(tmp_path / "public")],
        tmp_path,
    )
    check_site(tmp_path / "public", "/wire/", corpus, date_format="%Y-%m-%d %H:%M")


def test_jekyll_front_matter_reads_as_jekyll_expects(sqlite_services, tmp_path):
    """What Jekyll reads from each post (checked even where Jekyll cannot be installed)."""
    corpus = hostile_corpus(sqlite_services)
    report = sqlite_services.export.export(tmp_path / "wire", target="jekyll")
    for e in report.exported:
        text = (tmp_path / "wire" / "_posts" / e.name).read_text(encoding="utf-8")
        meta = yaml.safe_load(text.split("\n---\n")[0][4:])
        headline, writers = corpus.ids[e.story_id]
        assert meta["layout"] == "post" and meta["render_with_liquid"] is False
        assert meta["title"] == headline and meta["author"] == list(writers)
        assert meta["permalink"] == f"/wire/{meta['slug']}/"
        assert e.name == f"{meta['date'][:10]}-{meta['slug']}.md"
        assert meta["categories"] == ["Europe"]


def test_eleventy_builds_every_story_without_running_templates(
    sqlite_services, tmp_path, monkeypatch
):
    eleventy = program("eleventy")
    site = tmp_path / "site"
    write(
        site,
        {
            "_includes/story.liquid": HEAD.format(t="{{ title | escape }}")
            + "<h1>{{ title | escape }}</h1>"
            '{% for a in author %}<p class="author">{{ a | escape }}</p>{% endfor %}'
            '<p class="date">{{ page.date | date: "%Y-%m-%d %H:%M" }}</p>'
            "{{ content }}</body></html>",
        },
    )
    corpus = hostile_corpus(sqlite_services)
    report = sqlite_services.export.export(site / "wire", target="eleventy")
    assert len(report.exported) == len(corpus.ids)
    assert (site / "wire" / "wire.11tydata.json").is_file()
    monkeypatch.setenv("TZ", "UTC")
    # run in the site, as its README says: Eleventy 3 does not find a folder's data file
    # under an absolute --input
    run([eleventy, "--output", "../public", "--quiet"], site)
    check_site(tmp_path / "public", "/wire/", corpus, date_format="%Y-%m-%d %H:%M")


def test_pandoc_makes_standalone_pages_whose_metadata_is_text(sqlite_services, tmp_path):
    pandoc = program("pandoc")
    corpus = hostile_corpus(sqlite_services)
    out = tmp_path / "wire"
    report = sqlite_services.export.export(out, target="pandoc")
    public = tmp_path / "public" / "wire"
    public.mkdir(parents=True)
    for source in sorted(out.glob("*.md")):  # the command the README gives
        run(
            [
                pandoc,
                "--standalone",
                "--from",
                "markdown-smart",
                "--metadata",
                "pagetitle=News",
                str(source),
                "-o",
                str(public / (source.stem + ".html")),
            ],
            tmp_path,
        )
    assert len(report.exported) == len(corpus.ids)
    check_site(
        tmp_path / "public", "/wire/index.html", corpus, date_format="%Y-%m-%dT%H:%M:%S+00:00"
    )
