"""Bytes from a file or a feed into clean text, whatever the encoding.

Order of tries, cheapest first: a byte-order mark; a NUL-byte pattern (UTF-16
without a BOM); strict UTF-8 (the fast path); the code page whose letters read as
one language (`charsets.guess`: CP-1252 before CP-1250 and CP-1251 when the
evidence ties); charset-normalizer, imported only when all else fails.
`to_utf8` is the step before parsing that honours `--encoding` and a declared
charset, and says when the reading was a guess.

The text is kept as data: terminal markup such as "[bold]" stays literal. What
goes is what no story means: C0 and C1 control characters other than newline
and tab (so an ESC byte cannot reach a terminal), a leading BOM, carriage
returns (all line endings become "\\n"), and the contents of lines that hold
nothing but (non-breaking) spaces.
"""

from __future__ import annotations

import codecs
import re

from deskapp.ingest import charsets
from deskapp.ingest.errors import IngestError

_SAMPLE = 4096
# C0 controls except \t and \n, DEL, and the C1 block (U+0080-U+009F).
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Controls that no text file holds in number (form feed, ESC and the like are let be).
_BINARY_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
# A line of nothing but (non-breaking, zero-width) spaces; "\n" first, for a fast scan.
# One class, every blank but "\n" (what `[^\S\n]` matches) and the zero-width spaces,
# so a line's first letter fails it at once (a two-way group costs ~a third more).
_BLANK_CHARS = (
    "\t\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
    "\u200b-\u200d\u2060\ufeff"
)
_BLANK_LINES = re.compile(rf"\n[{_BLANK_CHARS}]+(?=\n|\Z)")
# The fast path's checks, on the UTF-8 bytes: C0 controls other than \t \n \r, DEL, and
# the C1 controls' UTF-8 form.
_C0_BYTES = bytes(range(0x09)) + b"\x0b\x0c" + bytes(range(0x0E, 0x20)) + b"\x7f"
_C1_UTF8 = re.compile(rb"\xc2[\x80-\x9f]")

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode_bytes(data: bytes) -> str:
    """Decode wire copy to text with "\\n" line endings; raise IngestError if it is not text."""
    return decode_noting(data)[0]


def decode_noting(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """(text with "\\n" line endings, how it was read when that was a guess, else "").

    `encoding` names the code page (the editor's `--encoding`); IngestError if the
    name is unknown or the bytes are not text.
    """
    if not data or not data.strip(b" \t\r\n\x00\xa0\x0c\x0b"):
        raise IngestError("empty file")
    if encoding:
        try:
            text, clean, how = data.decode(encoding, "replace"), False, ""
        except LookupError:
            raise IngestError(f"unknown encoding {encoding!r}") from None
    else:
        text, clean, how = _decode(data)
    if not clean:
        _check_controls(text)
    text = _normalise(text, clean)
    if not text.strip():
        raise IngestError("empty file")
    return text, how


def _decode(data: bytes) -> tuple[str, bool, str]:
    """The text, whether it is known to hold no control characters, and a guess's note."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict_or_binary(data[len(bom) :], encoding), False, ""
    if b"\x00" in data:
        utf16 = _looks_utf16(data, bom_len=0)
        if utf16 is None:
            raise IngestError("binary file, not text")
        return _strict_or_binary(data, utf16), False, ""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text, how = decode_legacy(data)
        return text, False, how
    clean = len(data.translate(None, _C0_BYTES)) == len(data) and (
        b"\xc2" not in data or _C1_UTF8.search(data) is None
    )
    return text, clean, ""


def _strict_or_binary(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        if encoding == "utf-8":
            return _decode_legacy(data)
        raise IngestError("binary file, not text") from None


def _looks_utf16(data: bytes, *, bom_len: int) -> str | None:
    """UTF-16 byte order from where the NUL bytes fall, or None if they fall anywhere."""
    sample = data[bom_len : bom_len + _SAMPLE]
    half = len(sample) // 2
    if half == 0:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    if odd >= half * 0.3 and even <= odd * 0.05:
        return "utf-16-le"
    if even >= half * 0.3 and odd <= even * 0.05:
        return "utf-16-be"
    return None


def _decode_legacy(data: bytes) -> str:
    """Non-UTF-8 bytes: the code page its letters read as, else ask charset-normalizer."""
    return decode_legacy(data)[0]


def decode_legacy(data: bytes) -> tuple[str, str]:
    """(text, how it was read) for bytes that are not UTF-8; IngestError if not text."""
    found = charsets.guess(data)
    if found is not None:
        return found
    from charset_normalizer import from_bytes  # lazy: only unusual copy pays for it

    best = from_bytes(data).best()
    if best is not None and best.encoding:
        return str(best), f"{best.encoding} (guessed by charset-normalizer; no letters fit)"
    raise IngestError("binary file, not text")


def to_utf8(data: bytes, encoding: str | None = None) -> tuple[bytes, str]:
    """Copy as UTF-8 bytes, and how it was read when that was a guess ("" otherwise).

    `encoding` (the editor's `--encoding`, a feed's or a watch folder's setting) wins;
    then a charset the copy declares; then `charsets.guess`. UTF-8, UTF-16 with a BOM
    and declared charsets pass through untouched: the parsers read those themselves.
    """
    if encoding:
        try:
            text = data.decode(encoding, "replace")
        except LookupError:
            raise IngestError(f"unknown encoding {encoding!r}") from None
        return _redeclare(text.encode("utf-8")), ""
    if data.isascii():
        return data, ""
    try:
        data.decode("utf-8")
        return data, ""
    except UnicodeDecodeError:
        pass
    if any(data.startswith(bom) for bom, _ in _BOMS) or b"\x00" in data[:_SAMPLE]:
        return data, ""
    named = charsets.declared(data)
    if named is not None and named not in ("utf-8", "utf_8"):
        return data, ""  # the XML parser and the page decoder honour the declaration
    text, how = decode_legacy(data)
    return _redeclare(text.encode("utf-8")), how


_XML_DECLARATION = re.compile(rb"^(\s*<\?xml[^>]*\bencoding\s*=\s*[\"'])[A-Za-z0-9._:-]+")
_META_CHARSET = re.compile(rb"(<meta[^>]+charset\s*=\s*[\"']?\s*)[A-Za-z0-9._:-]+", re.I)


def _redeclare(data: bytes) -> bytes:
    """Re-encoded copy declares what it now is: UTF-8."""
    data = _XML_DECLARATION.sub(rb"\1utf-8", data, count=1)
    return _META_CHARSET.sub(rb"\1utf-8", data[:4096], count=1) + data[4096:]


def _check_controls(text: str) -> None:
    sample = text[:_SAMPLE]
    if _BINARY_CONTROLS.search(sample) is None:
        return
    controls = len(_BINARY_CONTROLS.findall(sample))
    if controls and controls > len(sample) * 0.1:
        raise IngestError("binary file, not text")


def _normalise(text: str, clean: bool) -> str:
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not clean:
        text = _CONTROLS.sub("", text)
    return _BLANK_LINES.sub("\n", "\n" + text)[1:]
