"""decode_bytes: any encoding in, clean text with "\n" line endings out."""

import codecs

import pytest

from deskapp.ingest.decode import decode_bytes
from deskapp.ingest.errors import IngestError

TEXT = "Café “quoted” mañana – 10 €\nSecond line"


def test_plain_utf8_is_returned_as_is() -> None:
    assert decode_bytes(TEXT.encode("utf-8")) == TEXT


def test_utf8_bom_is_stripped_and_crlf_normalised() -> None:
    data = codecs.BOM_UTF8 + TEXT.replace("\n", "\r\n").encode("utf-8")
    assert decode_bytes(data) == TEXT


def test_old_mac_carriage_returns_become_newlines() -> None:
    assert decode_bytes(b"one\rtwo\r\rthree") == "one\ntwo\n\nthree"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom_or_detected_by_nul_pattern(encoding: str) -> None:
    data = TEXT.encode(encoding)
    if encoding != "utf-16":
        assert not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    assert decode_bytes(data) == TEXT


def test_utf16_with_explicit_bom_and_crlf() -> None:
    data = codecs.BOM_UTF16_BE + "Headline\r\n\r\nBody".encode("utf-16-be")
    assert decode_bytes(data) == "Headline\n\nBody"


def test_cp1252_smart_quotes_and_accents_are_detected() -> None:
    assert decode_bytes(TEXT.encode("cp1252")) == TEXT


def test_latin1_accents_are_detected() -> None:
    text = "Señor Müller visited Zürich and São Paulo."
    assert decode_bytes(text.encode("latin-1")) == text


def test_other_code_pages_fall_back_to_detection() -> None:
    text = "Президент заявил журналистам, что переговоры продолжатся на следующей неделе."
    assert decode_bytes(text.encode("cp1251")) == text


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n", "\u00a0\n \n".encode(), b"\x00\x00"])
def test_empty_or_whitespace_only_is_an_empty_file(data: bytes) -> None:
    with pytest.raises(IngestError, match=r"^empty file$"):
        decode_bytes(data)


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
        bytes(range(256)) * 8,
        b"text with a NUL\x00 byte in the middle of otherwise ordinary copy",
        bytes([1, 2, 3, 4, 5, 6, 14, 15, 16, 17, 65]) * 50,
    ],
)
def test_binary_data_is_refused(data: bytes) -> None:
    with pytest.raises(IngestError, match=r"^binary file, not text$"):
        decode_bytes(data)


def test_c0_controls_are_removed_but_newline_and_tab_kept() -> None:
    data = b"Head\x01line\n\tindented\x07 \x1b[31mred\x1b[0m\x0c"
    assert decode_bytes(data) == "Headline\n\tindented [31mred[0m"


def test_c1_controls_are_removed() -> None:
    assert decode_bytes("a\u009bb\u0085c".encode()) == "abc"


def test_markup_stays_literal() -> None:
    text = "[bold]not markup[/bold] and [link=x]y[/link]"
    assert decode_bytes(text.encode()) == text


def test_nbsp_only_lines_become_blank() -> None:
    data = "Para one.\n\u00a0\u00a0 \u00a0\nPara two.\n\u200b\n".encode()
    assert decode_bytes(data) == "Para one.\n\nPara two.\n\n"


def test_nbsp_inside_text_is_kept() -> None:
    text = "It is 10\u00a0km away."
    assert decode_bytes(text.encode()) == text
