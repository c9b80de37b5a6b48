"""Messages at the edges: each one line, the documented exit code, nothing written that
was not asked for."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from hostile_kit import STORY

REPO = Path(__file__).resolve().parents[2]
INTERNAL_NAMES = ("RecursionError", "LookupError", "KeyError", "Traceback", "Exception")


def _deskapp(
    *args: str, env: dict[str, str] | None = None, **kwargs: object
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "deskapp", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})},
        **kwargs,
    )  # type: ignore[call-overload]


def test_a_schema_newer_than_this_deskapp_is_named_and_left_untouched(db_url, capsys):
    from sqlalchemy import text

    from deskapp.cli import main
    from deskapp.store.database import open_database

    db = open_database(db_url)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    db.close()
    assert main(["--db", db_url, "list"]) == 1
    captured = capsys.readouterr()
    assert captured.err == (
        "deskapp: this database was made by a newer Deskapp (schema 9999); upgrade\n"
    )
    assert captured.out == ""
    from deskapp.store.engine import make_engine, normalise_url
    from deskapp.store.schema import current_revision

    engine = make_engine(normalise_url(db_url))
    assert current_revision(engine) == "9999"  # not "upgraded" downwards, not touched
    engine.dispose()


def test_db_in_a_missing_folder_is_refused_except_by_init_and_ingest(tmp_path, capsys):
    from deskapp.cli import main

    db = tmp_path / "no" / "such" / "desk.db"
    for command in (
        ["list"],
        ["feeds", "list"],
        ["followups"],
        ["show", "1"],
        ["watch", str(tmp_path)],
    ):
        assert main(["--db", str(db), *command]) == 1, command
        captured = capsys.readouterr()
        assert captured.err == (
            f"deskapp: no folder {db.parent} for the database {db}; make it "
            f"first, or run `deskapp --db {db} init`\n"
        )
        assert captured.out == ""
    assert not (tmp_path / "no").exists()
    assert main(["--db", str(db), "init"]) == 0
    from deskapp.store.schema import SCHEMA_HEAD

    assert capsys.readouterr().out == f"database ready: sqlite:///{db} (schema {SCHEMA_HEAD})\n"
    assert main(["--db", str(db), "list"]) == 0
    other = tmp_path / "first" / "desk.db"
    story = tmp_path / "strike.txt"
    story.write_text(STORY, encoding="utf-8")
    assert main(["--db", str(other), "ingest", str(story)]) == 0 and other.exists()


@pytest.mark.parametrize("size", ["small", "large"])
def test_a_closed_pipe_ends_quietly_with_0(tmp_path, size):
    """`deskapp show 1 | head -1`: a small story is written at exit, a large one while the
    reader has already gone; both end with 0 and nothing on stderr."""
    db = tmp_path / "desk.db"
    body = STORY if size == "small" else STORY + ("More copy for the wire. " * 40 + "\n\n") * 200
    (tmp_path / "strike.txt").write_text(body, encoding="utf-8")
    assert _deskapp("--db", str(db), "ingest", str(tmp_path / "strike.txt")).returncode == 0
    done = subprocess.run(
        [
            "bash",
            "-c",
            'set -o pipefail; "$0" -m deskapp --db "$1" show 1 | head -1; '
            'echo "status=${PIPESTATUS[0]}"',
            sys.executable,
            str(db),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert done.stdout.splitlines() == ["Harbour strike halts exports, union says", "status=0"]
    assert done.stderr == ""


def test_parser_failures_never_show_internal_names(desk, tmp_path):
    wire = tmp_path / "wire"
    wire.mkdir()
    depth = 100_000
    (wire / "deep.json").write_text(
        '{"uri": "x", "body_text": ' + "[" * depth + "]" * depth + "}", encoding="utf-8"
    )
    (wire / "klingon.xml").write_text(
        '<?xml version="1.0" encoding="x-klingon"?><nitf><body><p>qapla</p></body></nitf>',
        encoding="utf-8",
    )
    code, _out, err = desk.run("ingest", str(wire))
    assert code == 1
    lines = err.splitlines()
    assert f"{wire / 'deep.json'}: cannot parse: too deeply nested to read" in lines
    assert f"{wire / 'klingon.xml'}: cannot parse: unknown encoding: x-klingon" in lines
    assert not any(name in err for name in INTERNAL_NAMES)
    assert desk.headlines() == []


def test_a_web_page_with_an_escape_reference_is_read(desk, tmp_path):
    page = tmp_path / "strike.html"
    paragraphs = "".join(
        f"<p>{text}</p>"
        for text in (
            "LIMA (Reuters) - Dock workers walked out on Tuesday &#27;[31m halting exports "
            "across the region, the union said.",
            "The union said the strike would last until talks resume with the ministry.",
            "Ministers called the strike illegal and promised to seek an injunction.",
        )
    )
    page.write_text(
        "<html><head><title>Harbour strike halts exports</title></head><body>"
        f"<article><h1>Harbour strike halts exports</h1>{paragraphs}</article>"
        "</body></html>",
        encoding="utf-8",
    )
    code, _out, err = desk.run("ingest", str(page))
    assert code == 0, err
    assert desk.headlines() == ["Harbour strike halts exports"]


def test_a_full_disk_names_the_database_file(tmp_path):
    """The file size limit (RLIMIT_FSIZE) fails SQLite's writes as a full disk would."""
    db = tmp_path / "desk.db"
    assert _deskapp("--db", str(db), "init").returncode == 0
    wire = tmp_path / "wire"
    wire.mkdir()
    for n in range(60):
        (wire / f"s{n}.txt").write_text(
            STORY.replace("Harbour", f"Harbour {n}") + ("Copy. " * 3000 + "\n\n"), "utf-8"
        )
    limit = db.stat().st_size + 256 * 1024

    def small_disk() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a failed write, not a killed process
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    done = _deskapp("--db", str(db), "ingest", str(wire), preexec_fn=small_disk)
    assert done.returncode == 1
    [line] = [x for x in done.stderr.splitlines() if x.startswith("deskapp:")]
    assert line.startswith("deskapp: database error: ")
    assert line.endswith(f"(writing {db})")
    assert not any(name in done.stderr for name in INTERNAL_NAMES)
    assert _deskapp("--db", str(db), "list").stdout == ""  # all or nothing: no half batch
