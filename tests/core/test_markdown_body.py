"""Wire copy as Markdown (exact both ways, rendering as text) and the checks on an edit."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from deskapp.core.markdown_body import (
    body_problems,
    copy_to_markdown,
    markdown_to_wire,
    one_line_markdown,
    wire_to_markdown,
)
from deskapp.core.safe_text import clean, clean_story
from deskapp.core.story import Credit, Photo, Role, Story
from tests.export.export_kit import rendered_paragraphs

# copy is mostly letters and the punctuation Markdown, Liquid and Pandoc care about
PIECES = [*"ab1 \t\n.-+=:%#>*_`[](){}<>&!|$^@~\\;/'\"", "é", "Ж", "東", "🚀", "&#32;", "&#9;"]
COPY = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)


@settings(max_examples=400)
@given(COPY)
def test_the_conversion_loses_nothing(text):
    assert markdown_to_wire(wire_to_markdown(text)) == text


@settings(max_examples=300)
@given(
    st.lists(
        st.text(
            alphabet=st.sampled_from(list("ab1 .-+=:%#>*_`[]{}<>&!|$^@~\\")),
            min_size=1,
            max_size=30,
        ).filter(lambda s: s.strip(" ")),
        min_size=1,
        max_size=4,
    )
)
def test_a_converted_line_renders_as_the_line_itself(lines):
    for line in lines:
        if "\t" in line:
            continue
        paragraphs, markup = rendered_paragraphs(wire_to_markdown(line))
        assert markup == set(), line
        assert paragraphs == [line], line


def test_stored_copy_drops_only_trailing_blanks():
    assert copy_to_markdown("\n\nOne  \nTwo\t\n\n") == "One\nTwo"
    assert copy_to_markdown("  Indented") == "&#32;&#32;Indented"


def test_an_editors_markdown_passes_and_problems_name_their_line():
    assert (
        body_problems(
            "**Bold**, _em_, [link](https://x.org), <https://x.org>\n\n"
            "## Sub\n\n- a\n- b\n\n> quote\n\n`code`"
        )
        == []
    )
    problems = body_problems(
        "ok\n<div>\nx\n</div>\n\nfine <span>x</span>\n\n"
        "[a](javascript:alert(1)) [b](JaVaScRiPt:x) ![i](data:x)\n"
        "<javascript:alert(1)> {% include x %}"
    )
    lines = [(p.line, p.message.split(":")[0]) for p in problems]
    assert (2, "raw HTML is not allowed") in lines
    assert (6, "raw HTML is not allowed") in lines
    assert [line for line, m in lines if m.startswith("unsafe link")] == [8, 8, 8, 9]
    assert (
        9,
        "`{{`, `{%` or `{=` would run as a site template; write \\{ for a literal brace",
    ) in [(p.line, p.message) for p in problems]


def test_controls_and_bidi_overrides_are_removed_from_every_field():
    assert clean("a\x1b[31mb\x07c\x9b1m\u202ed\u2066e\r\nf\rg\tz") == "abcde\nf\ng\tz"
    # a whole escape sequence goes, not only its ESC: nothing of it is left in the copy
    assert clean("Oslo tug crews \x1b]0;PWNED\x07end strike") == "Oslo tug crews end strike"
    assert clean("a \x1b[1;31mred\x1b[0m word \x1b(B\x9d8;;x\x9cz") == "a red word z"
    # a string sequence with no terminator loses only its introducer, never the copy after
    assert clean("open \x1b]0;no end, and the rest") == "open 0;no end, and the rest"
    story = Story(
        headline="Head\x1b]0;x\x07line",
        body="Body\x00 text\x9d",
        credits=[Credit(Role.WRITER, "Ana\u202e Lima")],
        keywords=["k\x1b"],
        photo=Photo("Cap\x07tion", "Cre\x85dit"),
        abstract="Abs\x0ctract",
        wire_notes=["note\x1b"],
    )
    clean_story(story)
    assert (story.headline, story.body) == ("Headline", "Body text")
    assert story.credits == [Credit(Role.WRITER, "Ana Lima")]
    assert (story.keywords, story.wire_notes, story.abstract) == (["k"], ["note"], "Abstract")
    assert (story.photo.caption, story.photo.credit) == ("Caption", "Credit")


@settings(max_examples=300)
@given(
    st.text(
        alphabet=st.sampled_from(
            [
                "a",
                " ",
                "\n",
                "\t",
                "\x1b",
                "\x07",
                "\x7f",
                "\x00",
                "é",
                "\x9b",
                "\u202e",
                "\u2066",
                "\r",
            ]
        ),
        max_size=30,
    )
)
def test_a_story_is_cleaned_as_each_field_would_be(text):
    story = Story(headline=text, body=text, credits=[Credit(Role.WRITER, text)])
    clean_story(story)
    assert story.headline == story.body == story.credits[0].name == clean(text)


def test_a_title_is_escaped_like_copy_on_one_line():
    assert one_line_markdown("  <script>x</script>\n# *a*  ") == r"\<script>x\</script> # \*a\*"
