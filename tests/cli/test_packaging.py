"""What the wheel ships for the command line: the docs, named by --help; the licence."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

import deskapp
from deskapp.cli import build_parser
from deskapp.cli.runtime import docs_dir

REPO = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))


def test_docs_ship_inside_the_package_like_styles_and_samples():
    include = PYPROJECT["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    assert include["docs"] == "deskapp/docs"
    assert include["styles"] == "deskapp/styles"
    assert "docs" in PYPROJECT["tool"]["hatch"]["build"]["targets"]["sdist"]["include"]
    assert list((REPO / "docs").glob("*.md"))


def test_installed_docs_are_preferred_and_named_by_help(tmp_path, monkeypatch):
    package = tmp_path / "site-packages" / "deskapp"
    (package / "docs").mkdir(parents=True)
    (package / "docs" / "export.md").write_text("# Export\n")
    monkeypatch.setattr(deskapp, "__file__", str(package / "__init__.py"))
    assert docs_dir() == package / "docs"
    epilog = build_parser().epilog or ""
    assert f"docs (export):\n  {package / 'docs'}" in epilog


def test_docs_found_are_the_package_copy_or_the_checkout_one():
    package = Path(deskapp.__file__).parent
    expected = package / "docs" if (package / "docs").is_dir() else package.parent / "docs"
    assert docs_dir() == expected
    assert {p.name for p in expected.glob("*.md")} == {p.name for p in (REPO / "docs").glob("*.md")}


@pytest.mark.parametrize("word", ["MIT License", "Permission is hereby granted"])
def test_licence_file_matches_pyproject(word):
    assert PYPROJECT["project"]["license"] == "MIT"
    assert word in (REPO / "LICENSE").read_text(encoding="utf-8")
