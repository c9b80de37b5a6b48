"""The agency's name for each version, read as the copy writes it."""

from __future__ import annotations

from pathlib import Path

from deskapp.core.wire_versions import label_for
from deskapp.ingest.detect import parse_source
from deskapp.ingest.plaintext import read_headline, version_label

FORMATS = Path(__file__).resolve().parents[1] / "fixtures" / "formats"


def label_of(line: str) -> str:
    headline, _version, _tags = read_headline(line)
    return version_label(line, headline)


def test_reuters_headline_tags_are_the_label_as_written():
    assert label_of("UPDATE 2-Quake toll rises to 40") == "UPDATE 2"
    assert label_of("REFILE-UPDATE 1-British sales jump") == "REFILE-UPDATE 1"
    assert label_of("CORRECTED (OFFICIAL)-Rates held") == "CORRECTED (OFFICIAL)"
    assert label_of("US-China talks resume") == ""


def test_plain_text_copy_carries_its_label():
    text = (
        b"UPDATE 1-Storm shuts Bergen port\n\nBERGEN, Nov 27 (Fictwire) - Rain closed the port.\n"
    )
    [story] = parse_source(text, "update.txt")
    assert (story.headline, story.version_label) == ("Storm shuts Bergen port", "UPDATE 1")


def test_an_anpa_lead_keeps_its_writethru_label():
    [story] = parse_source((FORMATS / "anpa-storm-1stld.txt").read_bytes(), "anpa.txt")
    assert (story.version_label, story.wire_version) == ("1stLd-Writethru", 2)
    [first] = parse_source((FORMATS / "anpa-storm.txt").read_bytes(), "anpa.txt")
    assert first.version_label == ""


def test_without_a_written_label_the_wire_version_number_names_it():
    assert label_for("", 3) == "v3"
    assert label_for("  UPDATE 1 ", 2) == "UPDATE 1"
    assert label_for("", None) == ""
