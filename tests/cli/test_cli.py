"""The command line as a script or an editor uses it: output, JSON shapes, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from deskapp.cli import main

STORY = """\
Harbour strike halts exports, union says

  \u2022 World
  \u2022 Tuesday, 03 Mar 2026

LIMA (Reuters) - Dock workers at the country's main port walked out on Tuesday, halting exports.

The union said the strike would last until talks resume.

(Reporting by Ana Lima; Writing by Bo Yu; Editing by Cy Ode)
"""


def write_story(folder: Path, name: str = "strike.txt", text: str = STORY) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def run(db: str, *args: str) -> int:
    return main(["--db", db, "--as", "tester", *args])


def ingest_one(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> int:
    path = write_story(tmp_path)
    assert run(db, "ingest", "--json", str(path)) == 0
    [line] = capsys.readouterr().out.splitlines()
    return json.loads(line)["id"]


def test_ingest_json_reports_each_source(db_url, tmp_path, capsys):
    path = write_story(tmp_path)
    assert run(db_url, "ingest", "--json", str(path)) == 0
    [line] = capsys.readouterr().out.splitlines()
    result = json.loads(line)
    assert result["status"] == "new" and result["source"] == str(path)
    assert result["headline"] == "Harbour strike halts exports, union says"
    assert result["error"] is None and isinstance(result["id"], int)
    assert run(db_url, "ingest", "--json", str(path)) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "duplicate"


def test_one_bad_source_does_not_stop_the_batch(sqlite_url, tmp_path, capsys):
    good = write_story(tmp_path)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + bytes(range(256)) * 8)
    code = run(
        sqlite_url, "ingest", str(empty), str(binary), str(good), str(tmp_path / "missing.txt")
    )
    captured = capsys.readouterr()
    assert code == 1
    errors = [line for line in captured.err.splitlines() if not line.startswith("ingested")]
    assert errors == [
        f"{empty}: empty file",
        f"{binary}: binary file, not text",
        f"{tmp_path / 'missing.txt'}: no such file or folder",
    ]
    assert run(sqlite_url, "list", "--json") == 0
    assert [s["headline"] for s in json.loads(capsys.readouterr().out)] == [
        "Harbour strike halts exports, union says"
    ]


def test_json_lines_come_in_source_order_failures_included(sqlite_url, tmp_path, capsys):
    folder = tmp_path / "wire"
    folder.mkdir()
    write_story(folder, "a.txt")
    (folder / "b.txt").write_bytes(b"")
    write_story(folder, "c.txt", STORY.replace("Harbour strike", "Airport strike"))
    assert run(sqlite_url, "ingest", "--json", str(folder)) == 1
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [(Path(x["source"]).name, x["status"]) for x in lines] == [
        ("a.txt", "new"),
        ("b.txt", "error"),
        ("c.txt", "new"),
    ]


def test_oversized_file_is_refused_by_size(sqlite_url, tmp_path, capsys):
    big = tmp_path / "big.txt"
    big.write_bytes(b"Headline\n\n" + b"word " * (1024 * 1024 + 10))
    assert run(sqlite_url, "ingest", str(big)) == 1
    assert "too large" in capsys.readouterr().err


def test_ingest_from_stdin(sqlite_url, monkeypatch, capsys):
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(STORY.encode())))
    assert run(sqlite_url, "ingest", "--json", "-") == 0
    assert json.loads(capsys.readouterr().out)["source"] == "<stdin>"


def test_ingest_folder_twice_stores_nothing_new(sqlite_url, tmp_path, capsys):
    folder = tmp_path / "wire"
    (folder / "sub").mkdir(parents=True)
    write_story(folder)
    write_story(folder / "sub", "other.txt", STORY.replace("Harbour strike", "Airport strike"))
    assert run(sqlite_url, "ingest", "--json", str(folder)) == 0
    assert [json.loads(x)["status"] for x in capsys.readouterr().out.splitlines()] == ["new"] * 2
    assert run(sqlite_url, "ingest", "--json", str(folder)) == 0
    assert [json.loads(x)["status"] for x in capsys.readouterr().out.splitlines()] == [
        "duplicate"
    ] * 2


def test_show_json_has_the_documented_shape(db_url, tmp_path, capsys):
    story_id = ingest_one(db_url, tmp_path, capsys)
    assert run(db_url, "show", "--json", str(story_id)) == 0
    shown = json.loads(capsys.readouterr().out)
    assert list(shown) == [
        "id",
        "uid",
        "version",
        "headline",
        "slugline",
        "agency",
        "section",
        "dateline",
        "published_at",
        "ingested_at",
        "body",
        "signoff",
        "photo",
        "credits",
        "desk",
        "suggested_desk",
        "status",
        "killed",
        "withdrawn",
        "corrected",
        "wire_pending",
        "priority",
        "embargo_until",
        "queue_position",
        "notes",
        "source",
    ]
    assert shown["dateline"] == {"place": "Lima", "date": None}
    assert shown["agency"] == "Reuters"
    assert shown["published_at"].startswith("2026-03-03")
    assert shown["credits"] == [
        {"role": "reporter", "name": "Ana Lima"},
        {"role": "writer", "name": "Bo Yu"},
        {"role": "editor", "name": "Cy Ode"},
    ]
    assert shown["suggested_desk"] == "americas" and shown["desk"] is None
    assert shown["status"] == "inbox" and shown["version"] == 1
    assert shown["body"].startswith("Dock workers at the country's main port")
    assert shown["source"]["format"] == "text"


def test_desk_credit_note_spike_and_history(db_url, tmp_path, capsys):
    sid = str(ingest_one(db_url, tmp_path, capsys))
    assert run(db_url, "desk", sid, "americas", "--expect-version", "1") == 0
    assert (
        run(
            db_url,
            "credit",
            sid,
            "--clear",
            "editor",
            "--editor",
            "Di Eng",
            "--photographer",
            "Jo Rao",
        )
        == 0
    )
    assert run(db_url, "note", sid, "Check the port's figures", "--due", "2030-03-05") == 0
    assert run(db_url, "spike", sid) == 0
    assert run(db_url, "unspike", sid) == 0
    capsys.readouterr()
    assert run(db_url, "show", "--json", sid) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["desk"] == "americas" and shown["status"] == "editing"
    assert {"role": "editor", "name": "Di Eng"} in shown["credits"]
    assert {"role": "editor", "name": "Cy Ode"} not in shown["credits"]
    assert shown["notes"][0]["text"] == "Check the port's figures"
    assert shown["notes"][0]["due"].startswith("2030-03-05")
    assert shown["notes"][0]["author"] == "tester"
    assert run(db_url, "history", "--json", sid) == 0
    actions = [e["action"] for e in json.loads(capsys.readouterr().out)]
    assert actions == ["ingest", "desk", "credits", "note-add", "spike", "unspike"]


def test_stale_expect_version_exits_3_and_changes_nothing(sqlite_url, tmp_path, capsys):
    sid = str(ingest_one(sqlite_url, tmp_path, capsys))
    assert run(sqlite_url, "desk", sid, "europe") == 0
    capsys.readouterr()
    assert run(sqlite_url, "desk", sid, "africa", "--expect-version", "1") == 3
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "changed since version 1" in err
    run(sqlite_url, "show", "--json", sid)
    assert json.loads(capsys.readouterr().out)["desk"] == "europe"


def test_not_found_exits_4(sqlite_url, capsys):
    assert run(sqlite_url, "show", "12345") == 4
    assert capsys.readouterr().err.strip() == "deskapp: no story 12345"


def test_unknown_desk_is_a_usage_error(sqlite_url, tmp_path, capsys):
    sid = str(ingest_one(sqlite_url, tmp_path, capsys))
    assert run(sqlite_url, "desk", sid, "mars") == 2
    assert "unknown desk 'mars'" in capsys.readouterr().err


def test_usage_errors_exit_2(sqlite_url, capsys):
    with pytest.raises(SystemExit) as info:
        run(sqlite_url, "show", "not-a-number")
    assert info.value.code == 2
    assert run(sqlite_url, "credit", "1") == 2


def test_list_filters_and_search(sqlite_url, tmp_path, capsys):
    wire = tmp_path / "wire"
    wire.mkdir()
    write_story(wire, "a.txt")
    write_story(
        wire,
        "b.txt",
        STORY.replace("Harbour strike halts exports", "Glacier melt speeds up")
        .replace("LIMA", "OSLO")
        .replace("Dock workers", "Scientists"),
    )
    assert run(sqlite_url, "ingest", str(wire)) == 0
    capsys.readouterr()
    assert run(sqlite_url, "list", "--search", "glacier", "--json") == 0
    assert [s["headline"] for s in json.loads(capsys.readouterr().out)] == [
        "Glacier melt speeds up, union says"
    ]
    assert run(sqlite_url, "list", "--json") == 0
    summaries = json.loads(capsys.readouterr().out)
    assert set(summaries[0]) == {
        "id",
        "headline",
        "agency",
        "desk",
        "suggested_desk",
        "status",
        "killed",
        "withdrawn",
        "corrected",
        "wire_pending",
        "published_at",
        "ingested_at",
        "cluster",
    }
    europe = [s for s in summaries if s["suggested_desk"] == "europe"]
    assert run(sqlite_url, "desk", str(europe[0]["id"]), "europe") == 0
    capsys.readouterr()
    assert run(sqlite_url, "list", "--desk", "europe", "--json") == 0
    assert len(json.loads(capsys.readouterr().out)) == 1


def test_markup_and_escapes_in_copy_print_literally(sqlite_url, tmp_path, capsys):
    story = STORY.replace(
        "Harbour strike halts exports, union says", "[bold]Strike[/bold] \x1b[2J at port"
    )
    write_story(tmp_path, "x.txt", story)
    assert run(sqlite_url, "ingest", str(tmp_path / "x.txt")) == 0
    assert run(sqlite_url, "list") == 0
    out = capsys.readouterr().out
    assert "[bold]Strike[/bold]" in out
    assert "\x1b" not in out


def _subprocess(
    *args: str, env: dict | None = None, stdin: bytes | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "deskapp", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        input=None if stdin is None else stdin.decode(),
        timeout=60,
    )


PROBE = """
import sys
from deskapp.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print("LOADED:", sorted(m for m in ("textual", "sqlmodel", "sqlalchemy") if m in sys.modules))
"""


def test_help_and_ingest_never_load_textual(sqlite_url, tmp_path):
    path = write_story(tmp_path)
    for args in (
        ["--help"],
        ["--db", sqlite_url, "ingest", str(path)],
        ["--db", sqlite_url, "list"],
    ):
        done = subprocess.run(
            [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=60
        )
        assert "LOADED:" in done.stdout
        assert "textual" not in done.stdout.split("LOADED:")[1], args
    help_only = subprocess.run(
        [sys.executable, "-c", PROBE, "--help"], capture_output=True, text=True, timeout=60
    )
    loaded = help_only.stdout.split("LOADED:")[1]
    assert "sqlmodel" not in loaded and "sqlalchemy" not in loaded


def test_unreachable_database_is_one_line_not_a_traceback():
    done = _subprocess("--db", "postgresql+psycopg://nobody@127.0.0.1:1/none", "list")
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "cannot open database" in done.stderr
    assert "Traceback" not in done.stderr


def test_broken_config_is_one_line(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text("editor = [unclosed", encoding="utf-8")
    done = _subprocess("list", env={"DESKAPP_CONFIG": str(config)})
    assert done.returncode == 1 and "cannot read config" in done.stderr
    assert "Traceback" not in done.stderr


def test_database_in_a_folder_that_cannot_be_created_is_one_line(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    done = _subprocess("--db", str(blocker / "sub" / "desk.db"), "list")
    assert done.returncode == 1 and done.stderr.startswith("deskapp: ")
    assert "Traceback" not in done.stderr


def test_default_database_lives_in_the_data_folder(tmp_path, capsys):
    assert main(["--as", "tester", "list"]) == 0
    data = Path(os.environ["DESKAPP_DATA"])
    assert (data / "deskapp.db").is_file()


def test_folder_walk_passes_over_readme_and_markdown(sqlite_url, tmp_path, capsys):
    folder = tmp_path / "wire"
    folder.mkdir()
    write_story(folder)
    (folder / "README.md").write_text("# About this folder\n\nNotes.\n", encoding="utf-8")
    (folder / "notes.md").write_text("Some notes\n\nMore.\n", encoding="utf-8")
    assert run(sqlite_url, "ingest", "--json", str(folder)) == 0
    assert [json.loads(x)["source"] for x in capsys.readouterr().out.splitlines()] == [
        str(folder / "strike.txt")
    ]
