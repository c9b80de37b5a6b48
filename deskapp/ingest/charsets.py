"""Which 8-bit code page copy that is not UTF-8 was written in, decided from evidence.

First what the copy declares (an XML or HTML charset); failing that, each likely
code page is tried and its result checked against the alphabets of the languages
that code page serves: "André Lefèvre" read as CP-1252 is all French letters,
read as CP-1250 it is "Lefčvre", whose letters no single language writes together
with "é" as often; "Núñez" is Spanish in CP-1252 but half Polish, half Czech in
CP-1250. Cyrillic (CP-1251) must be Cyrillic word by word, so Western text with
accents never comes out as "Andrй". Copy that is UTF-8 with a few damaged bytes
stays UTF-8 (the damage replaced). The result says when it was a guess, so ingest
can record it in the story's history.
"""

from __future__ import annotations

import codecs
import re

# The accented letters each language writes, by the code page that carries it.
_ALPHABETS: dict[str, dict[str, str]] = {
    "cp1252": {
        "fr": "àâæçéèêëîïôœùûüÿ",
        "es": "áéíñóúü",
        "pt": "áâãàçéêíóôõú",
        "de": "äöüß",
        "it": "àèéìíîòóùú",
        "nl": "éèëïöüáó",
        "da-no": "æøåéó",
        "sv": "åäöé",
        "fi": "äöåšž",
        "is": "áéíóúýþðæö",
        "ca": "àèéíïòóúüç",
        "et": "äöõüšž",
    },
    "cp1250": {
        "cs": "áčďéěíňóřšťúůýž",
        "sk": "áäčďéíĺľňóôŕšťúýž",
        "pl": "ąćęłńóśźż",
        "hu": "áéíóöőúüű",
        "hr-sl": "čćđšž",
        "ro": "ăâîşţșț",
        "de": "äöüß",
        "sq": "ëç",
    },
    "iso-8859-2": {
        "cs": "áčďéěíňóřšťúůýž",
        "pl": "ąćęłńóśźż",
        "hu": "áéíóöőúüű",
        "hr-sl": "čćđšž",
    },
    "cp1251": {
        "ru": "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        "uk": "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя'",
        "bg": "абвгдежзийклмнопрстуфхцчшщъьюя",
        "sr": "абвгдђежзијклљмнњопрстћуфхцчџш",
    },
}
_ORDER = ("cp1252", "cp1250", "iso-8859-2", "cp1251")  # the tie-break: Western first
_NEUTRAL = frozenset("\u00a0–—‘’‚“”„…«»€£¥©®°·•§¶±×÷¡¿ªº¹²³¼½¾‹›†‡‰™")
_APOSTROPHES = frozenset("’‘")  # the same byte in every page: no evidence either way
_WORD = re.compile(r"[^\W\d_][\w'’\u00b7-]*|\S", re.UNICODE)
_DECLARED_XML = re.compile(rb"^\s*<\?xml[^>]*\bencoding\s*=\s*[\"']([A-Za-z0-9._:-]+)[\"']")
_DECLARED_HTML = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]+)", re.IGNORECASE)
_SAMPLE = 65536
_PASS = 0.75  # the share of accented letters a language must explain


def declared(data: bytes) -> str | None:
    """The charset an XML declaration or an HTML meta tag names, if Python knows it."""
    head = data[:2048]
    match = _DECLARED_XML.match(head) or _DECLARED_HTML.search(head)
    if match is None:
        return None
    name = match.group(1).decode("ascii", "replace")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _score(text: str, page: str) -> float:
    """The share of the text's accented letters one language of `page` explains."""
    alphabets = _ALPHABETS[page]
    cyrillic = page == "cp1251"
    counts = dict.fromkeys(alphabets, 0)
    letters = bad = 0
    for word in _WORD.findall(text):
        if word.isascii():
            continue
        mixed = cyrillic and any("a" <= ch <= "z" for ch in word.lower())
        for ch in word.lower():
            if ch.isascii():
                continue
            if ch in _NEUTRAL:
                if len(word) > 1 and ch not in _APOSTROPHES:
                    bad += 1  # "Wa¿ne": a sign inside a word ("festival’s" is English)
                continue
            if not ch.isalpha() or mixed:
                bad += 1
                continue
            letters += 1
            for language, alphabet in alphabets.items():
                if ch in alphabet:
                    counts[language] += 1
    total = letters + bad
    if total == 0:
        return 1.0 if not cyrillic else 0.0
    return max(counts.values()) / total


def guess(data: bytes) -> tuple[str, str] | None:
    """(text, how it was read) for bytes that are not valid UTF-8, or None if no guess holds.

    `how` names the code page and the evidence: "cp1252 (guessed: reads as fr)".
    """
    damaged = _damaged_utf8(data)
    if damaged is not None:
        return damaged
    sample = data[:_SAMPLE]
    best: tuple[float, int, str, str] | None = None
    for rank, page in enumerate(_ORDER):
        try:
            text = sample.decode(page)
        except UnicodeDecodeError:
            continue
        if any("\x80" <= ch <= "\x9f" for ch in text):
            continue  # C1 controls: bytes this page leaves undefined
        score = _score(text, page)
        if best is None or (score, -rank) > (best[0], -best[1]):
            best = (score, rank, page, text)
    if best is None or best[0] < _PASS:
        return None
    page = best[2]
    text = data.decode(page) if len(data) > _SAMPLE else best[3]
    return text, f"{page} (guessed from its letters: no charset declared, not UTF-8)"


def _damaged_utf8(data: bytes) -> tuple[str, str] | None:
    """UTF-8 with a few broken bytes: kept as UTF-8, the broken bytes replaced."""
    text = data.decode("utf-8", "replace")
    broken = text.count("\ufffd")
    multibyte = sum(1 for ch in text if ch > "\x7f" and ch != "\ufffd")
    if broken and multibyte >= 3 * broken:
        return text, f"utf-8 ({broken} damaged byte(s) replaced)"
    return None
