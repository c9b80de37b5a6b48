"""Slugs, file names, wire copy as Markdown and front matter: the pure parts of export."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deskapp.core.markdown_body import markdown_to_wire, wire_to_markdown
from deskapp.export.markdown import dump_front_matter, read_front_matter
from deskapp.export.slug import is_safe_name, slugify, unique_name
from tests.export.export_kit import rendered_paragraphs


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ('Ministers meet in Zürich: "talks" go on', "ministers-meet-in-zurich-talks-go-on"),
        ("../../etc/passwd", "etc-passwd"),
        (".hidden file", "hidden-file"),
        ("a/b\\c", "a-b-c"),
        ("CON", "con-story"),
        ("nul", "nul-story"),
        ("LPT1", "lpt1-story"),
        ("Straße & Æble", "strasse-and-aeble"),
        ("مفاوضات السلام", "mfwdt-lslm"),
        ("Путин встретился с Си", "putin-vstretilsya-s-si"),
        ("Σεισμός στην Αθήνα", "seismos-stin-athina"),
        ("東京で地震", "dongjingdedezhen"),
        ("🚀🚀", "rocket-rocket"),
        ("", "story"),
        ("---", "story"),
    ],
)
def test_slugs_are_ascii_lower_case_and_never_a_path(text, slug):
    assert slugify(text) == slug
    assert is_safe_name(f"2026-11-27-{slugify(text)}.md")


def test_long_slugs_are_cut_at_a_word():
    slug = slugify("word " * 40)
    assert len(slug) <= 60 and slug.endswith("word") and "--" not in slug


def test_unique_names_count_up():
    taken = {"2026-11-27-talks.md", "2026-11-27-talks-2.md"}
    assert unique_name(date(2026, 11, 27), "talks", taken) == ("2026-11-27-talks-3.md", "talks-3")


@pytest.mark.parametrize(
    "name",
    [
        "../x.md",
        ".2026-11-27-a.md",
        "2026-11-27-a/b.md",
        "2026-11-27-A.md",
        "index.md",
        "2026-11-27-.md",
        "2026-11-27-a.md/..",
        "2026-11-27-a.md\n",
    ],
)
def test_unsafe_names_are_refused(name):
    assert not is_safe_name(name)


@pytest.mark.parametrize(
    "line",
    [
        "---",
        "***",
        "___",
        "- - -",
        "# Heading",
        "###### six",
        "#hashtag",
        "> quote",
        "1. item",
        "12) item",
        "* item",
        "+ item",
        "- item",
        "=====",
        "<div>block</div>",
        "<!-- comment -->",
        "```",
        "~~~",
        "    code",
        "\tcode",
        "[link](http://x)",
        "![img](x)",
        "<http://auto.link>",
        "a *b* c",
        "a __b__ c",
        "`code`",
        "AT&T &amp; &copy;",
        "a | b | c",
        "\\*not\\*",
        ": definition",
        "[^1]: note",
        "<script>alert(1)</script>",
        "title: not front matter",
        "+++",
        "% pandoc title",
        "@citation",
        "$x^2$",
        "a. pandoc list",
        "(iv) roman",
        "{% raw %} {{ liquid }}",
        "{{< hugo >}}",
        "line \\",
        "hard break  ",
        "50% of {%x",
        "A) item",
        "i. item",
    ],
)
def test_wire_copy_as_markdown_renders_as_the_text_itself(line):
    markdown = wire_to_markdown(line)
    paragraphs, markup = rendered_paragraphs(markdown)
    assert markup == set()
    assert paragraphs == [line]
    assert markdown_to_wire(markdown) == line
    assert "{%" not in markdown and "{{" not in markdown


def test_front_matter_is_read_only_from_a_leading_fence():
    assert read_front_matter("---\nid: 3\n---\n\nBody\n") == {"id": 3}
    assert read_front_matter("Body\n---\nid: 3\n---\n") is None
    assert read_front_matter("---\n: [unclosed\n---\n") is None
    assert read_front_matter("---\n- a list\n---\n") is None


FRONT_MATTER_TEXTS = [
    'Minister: "no"',
    "# hash",
    "---",
    "* star",
    "&anchor",
    "!tag",
    "[list]",
    "{map}",
    "yes",
    "null",
    "~",
    "2026-11-27",
    "12",
    "0x1F",
    "1e3",
    "",
    " pad ",
    "a\nb",
    "tab\tx",
    "emoji 🚀",
    "مفاوضات",
    "@at",
    "`tick`",
    "key: value",
    "- dash",
    "? q",
    "%pct",
    "line\u2028sep",
    "next\x85line",
    "del\x7f",
    "bom\ufeff",
    "back\\slash",
    "{{ x }}",
]


def _reads_back(fields: dict) -> None:
    """Every YAML reader a target uses reads the front matter back as `fields`:
    libyaml (Jekyll's Psych is libyaml too) and PyYAML's own YAML 1.1 reader."""
    import yaml

    written = dump_front_matter(fields)
    assert yaml.load(written, Loader=yaml.CSafeLoader) == fields
    assert yaml.load(written, Loader=yaml.SafeLoader) == fields
    assert read_front_matter(f"---\n{written}---\n\nBody\n") == fields


@pytest.mark.parametrize("value", FRONT_MATTER_TEXTS)
def test_front_matter_reads_back_as_written(value):
    _reads_back(
        {
            "title": value,
            "author": [value, "Ana"],
            "credits": [{"role": "writer", "name": value}],
            "priority": None,
            "id": 7,
            "tags": [],
            "marker": True,
            value: "as a key",
        }
    )


_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(
        _TEXT,
        st.one_of(
            _TEXT,
            st.none(),
            st.booleans(),
            st.integers(-(10**6), 10**6),
            st.lists(_TEXT, max_size=3),
            st.dictionaries(_TEXT, _TEXT, max_size=3),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_any_front_matter_reads_back(fields):
    _reads_back(fields)


def test_front_matter_is_one_line_a_key_and_refuses_what_it_cannot_hold():
    written = dump_front_matter({"title": "A\nB", "tags": ["x", "y"]})
    assert written == 'title: "A\\nB"\ntags: ["x", "y"]\n'
    with pytest.raises(TypeError):
        dump_front_matter({"when": object()})
