"""Wire text is data: control characters never reach a file or a terminal.

Ingest removes them (`clean_story`, called once where stories are stored):
C0 and C1 controls (ESC, BEL, U+009B ...) and bidi overrides are dropped from
every field. For text that did not come through ingest, an ANSI escape must
still never restyle the screen: `visible()` turns ESC and every other C0/C1
control character (except newline and tab) into a printable stand-in.
"""

from __future__ import annotations

import re

from deskapp.core.markdown_body import copy_to_markdown
from deskapp.core.story import Credit, Photo, Story

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _show(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code == 0x1B:
        return "␛"
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode "control pictures" block: ␀ ␁ ...
    return f"\\x{code:02x}"


def visible(text: str) -> str:
    """`text` with control characters made visible; newline and tab kept."""
    return _CONTROL.sub(_show, text) if _CONTROL.search(text) else text


def one_line(text: str, width: int | None = None) -> str:
    """Visible text on one line, cut to `width` characters with an ellipsis."""
    line = " ".join(visible(text).split())
    if width is not None and len(line) > width:
        return line[: max(width - 1, 0)] + "…"
    return line


# Removed from every field at ingest (`clean`): C0 controls but newline and tab, DEL, C1
# controls (U+0080-U+009F: CSI U+009B, OSC U+009D ...) and the bidi embeddings,
# overrides and isolates (U+202A-U+202E, U+2066-U+2069) that reorder what a reader sees.
_STRIPPED = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_PRINTABLE_ASCII = bytes(range(0x20, 0x7F)) + b"\n\t"
_STORY_TEXT = (
    "headline",
    "body",
    "uid",
    "slugline",
    "agency",
    "section",
    "subheadline",
    "abstract",
    "dateline_place",
    "signoff",
    "source_ref",
)
# `raw_text`, the source exactly as the wire sent it, is kept as evidence: it is never
# shown, exported or printed (and skipping it halves the text searched per story).


# Whole escape sequences go, not only their ESC: a control sequence (CSI, `ESC [` or
# U+009B, up to its final byte), a string (OSC `ESC ]`, DCS, SOS, PM, APC, or their C1
# forms, up to BEL or ST, on one line) and the two- and three-byte escapes. A string
# with no terminator is left to the control-character pass, so no copy after it is lost.
_ESCAPE_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c\n]{0,512}(?:\x07|\x1b\\|\x9c)"
    r"|\x1b[ -/]*[0-~]"
)


def clean(text: str) -> str:
    """`text` without terminal controls, escape sequences or bidi overrides; a lone CR
    becomes a newline."""
    if not _STRIPPED.search(text):
        return text
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x1b" in text or "\x9b" in text or "\x9d" in text or "\x90" in text:
        text = _ESCAPE_SEQUENCE.sub("", text)
    return _STRIPPED.sub("", text)


def clean_story(story: Story) -> None:
    """Clean every text field of a story in place (the one place ingest does it)."""
    texts = [getattr(story, name) for name in _STORY_TEXT]
    texts += [c.name for c in story.credits] + story.keywords + story.wire_notes
    if story.photo is not None:
        texts += [story.photo.caption, story.photo.credit]
    joined = "\n".join(texts)
    # nothing to remove, the usual case: for ASCII text, deleting the printable bytes
    # leaves nothing (~2-5 µs for a 3 KB story, where the pattern's search takes ~17-45)
    if joined.isascii():
        if not joined.encode("ascii").translate(None, _PRINTABLE_ASCII):
            return
    elif not _STRIPPED.search(joined):
        return
    for name in _STORY_TEXT:
        setattr(story, name, clean(getattr(story, name)))
    story.credits = [Credit(c.role, clean(c.name)) for c in story.credits]
    story.keywords = [clean(k) for k in story.keywords]
    story.wire_notes = [clean(n) for n in story.wire_notes]
    if story.photo is not None:
        story.photo = Photo(clean(story.photo.caption), clean(story.photo.credit))


def prepare_copy(story: Story) -> None:
    """Make parsed copy ready to store, once: text cleaned, the body escaped to Markdown.

    Parse workers call it, so the single storing process does not pay for it;
    the storing step calls it too, for stories that did not come through them.
    """
    if story.ready_to_store:
        return
    clean_story(story)  # the one place wire text loses controls and bidi overrides
    story.body = copy_to_markdown(story.body)  # stored as Markdown, escaped once
    story.ready_to_store = True
