"""Code pages decided from evidence: the declared charset, then the letters of the result."""

from __future__ import annotations

import pytest

from deskapp.ingest.decode import decode_bytes, to_utf8
from deskapp.ingest.detect import parse_source


@pytest.mark.parametrize(
    ("text", "page"),
    [
        ("Interview: André Lefèvre, maire de Lyon", "cp1252"),
        ("Núñez wins in Cádiz", "cp1252"),
        ("Björn Ørsted and Åse Sæther", "cp1252"),
        ("Müller und Weiß gewinnen in Köln", "cp1252"),
        ("Příliš žluťoučký kůň úpěl ďábelské ódy v Brně", "cp1250"),
        ("Zażółć gęślą jaźń, powiedział minister w Łodzi", "cp1250"),
        ("Árvíztűrő tükörfúrógép és Győr", "cp1250"),
        ("Президент заявил в Москве, что переговоры продолжатся", "cp1251"),
    ],
)
def test_short_copy_is_read_in_the_code_page_its_letters_belong_to(text: str, page: str) -> None:
    data = f"Headline\n\n{text}\n".encode(page)
    assert decode_bytes(data) == f"Headline\n\n{text}\n"
    converted, how = to_utf8(data)
    assert converted.decode("utf-8") == f"Headline\n\n{text}\n"
    assert how.startswith(page) and "guessed" in how


def test_western_text_is_never_read_as_cyrillic() -> None:
    data = "Café crème à Genève: Lefèvre élu".encode("cp1252")
    text = decode_bytes(data)
    assert "Lefèvre" in text and not any("\u0400" <= ch <= "\u04ff" for ch in text)


def test_utf8_with_one_damaged_byte_stays_utf8() -> None:
    data = "Zürich, Genève, Málaga, São Paulo und Köln".encode() + b" \xff end"
    converted, how = to_utf8(data)
    text = converted.decode("utf-8")
    assert "Genève" in text and "São Paulo" in text and "\ufffd" in text
    assert how.startswith("utf-8")


def test_utf8_and_declared_charsets_pass_through_as_they_are() -> None:
    assert to_utf8("Genève".encode()) == ("Genève".encode(), "")
    xml = '<?xml version="1.0" encoding="ISO-8859-2"?><nitf/>'.encode("iso-8859-2")
    assert to_utf8(xml) == (xml, "")


def test_the_editors_encoding_wins_and_redeclares_xml() -> None:
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?><nitf><body><body.head><hedline><hl1>'
        "Łódź opens a tram line</hl1></hedline></body.head><body.content>"
        "<p>ŁÓDŹ (PAP) - Trams run again.</p></body.content></body></nitf>"
    ).encode("cp1250")
    converted, how = to_utf8(xml, "cp1250")
    assert how == ""
    assert converted.decode("utf-8").startswith('<?xml version="1.0" encoding="utf-8"')
    [story] = parse_source(xml, "lodz.xml", "cp1250")
    assert story.headline == "Łódź opens a tram line" and story.decoded_as == ""


def test_a_guess_is_noted_on_the_story() -> None:
    data = "Núñez fined\n\nMADRID (Reuters) - Núñez was fined on Monday.\n".encode("cp1252")
    [story] = parse_source(data, "madrid.txt")
    assert story.headline == "Núñez fined"
    assert story.decoded_as.startswith("cp1252")
