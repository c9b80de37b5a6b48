"""`ingest --encoding`, `watch --encoding`, and a guessed code page on the story's record."""

from __future__ import annotations

import json

from deskapp.cli import main

CZECH = (
    "Brno otevírá novou tramvajovou linku\n\nBRNO (CTK) - Příliš žluťoučký kůň úpěl"
    " ďábelské ódy, řekl v úterý mluvčí dopravního podniku.\n"
)
SPANISH = "Núñez gana en Cádiz\n\nCADIZ, Spain (Reuters) - Núñez ganó el domingo.\n"


def _run(capsys, *argv: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_ingest_encoding_reads_the_named_code_page(capsys, tmp_path) -> None:
    db = str(tmp_path / "desk.db")
    path = tmp_path / "brno.txt"
    path.write_bytes(CZECH.encode("iso-8859-2"))
    code, out, err = _run(
        capsys, "--db", db, "ingest", str(path), "--encoding", "iso-8859-2", "--json"
    )
    assert code == 0, err
    [result] = [json.loads(line) for line in out.splitlines()]
    assert result["headline"] == "Brno otevírá novou tramvajovou linku"
    code, out, _ = _run(capsys, "--db", db, "history", str(result["id"]), "--json")
    assert code == 0 and "guessed" not in out


def test_a_guessed_code_page_is_in_the_story_history(capsys, tmp_path) -> None:
    db = str(tmp_path / "desk.db")
    path = tmp_path / "cadiz.txt"
    path.write_bytes(SPANISH.encode("cp1252"))
    code, out, err = _run(capsys, "--db", db, "ingest", str(path), "--json")
    assert code == 0, err
    [result] = [json.loads(line) for line in out.splitlines()]
    assert result["headline"] == "Núñez gana en Cádiz"
    code, out, err = _run(capsys, "--db", db, "history", str(result["id"]), "--json")
    assert code == 0, err
    assert "cp1252 (guessed" in out


def test_an_unknown_encoding_is_a_usage_error(capsys, tmp_path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Headline\n\nBody.\n")
    code, _, err = _run(
        capsys, "--db", str(tmp_path / "d.db"), "ingest", str(path), "--encoding", "klingon-8"
    )
    assert code == 2 and err.count("\n") == 1 and "unknown encoding 'klingon-8'" in err


def test_watch_encoding_applies_to_dropped_files(capsys, tmp_path) -> None:
    db = str(tmp_path / "desk.db")
    drop = tmp_path / "drop"
    drop.mkdir()
    (drop / "brno.txt").write_bytes(CZECH.encode("cp1250"))
    code, out, err = _run(
        capsys,
        "--db",
        db,
        "watch",
        str(drop),
        "--once",
        "--settle",
        "0",
        "--encoding",
        "cp1250",
        "--json",
    )
    assert code == 0, err
    [outcome] = [json.loads(line) for line in out.splitlines()]
    assert outcome["ok"] and outcome["stories"][0]["headline"].startswith("Brno otevírá")
