"""Naming the files of a folder given to ingest: as the editor would read them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from deskapp.ingest.sources import expand


@pytest.fixture
def wire(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("a.txt", "sub/b.txt", "sub/deeper/c.xml", "README.txt", ".hidden.txt"):
        (tmp_path / "wire" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "wire" / name).write_text("copy\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "wire"


@pytest.mark.parametrize("given", ["wire", "./wire/", "wire//", "ABS", ".", "./wire/sub/.."])
def test_files_of_a_folder_are_named_as_a_path_names_them(wire, given, monkeypatch):
    if given == ".":
        monkeypatch.chdir(wire)
    ref = str(wire) if given == "ABS" else given
    expected = [str(Path(ref) / name) for name in ("a.txt", "sub/b.txt", "sub/deeper/c.xml")]
    sources = list(expand([ref]))
    assert [s.ref for s in sources] == expected
    assert [s.path for s in sources] == expected
    assert [s.load() for s in sources] == [b"copy\n"] * 3
    assert all(os.path.isfile(s.ref) for s in sources)
