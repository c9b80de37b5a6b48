"""`deskapp doctor`: the setup as it is, exit 1 when something is wrong, never a change."""

from __future__ import annotations

import json

import pytest

from deskapp.cli import main
from deskapp.store.schema import SCHEMA_HEAD


def _doctor(capsys, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = (
        main([*args, "doctor"])
        if "--json" not in args
        else main([a for a in args if a != "--json"] + ["doctor", "--json"])
    )
    out, err = capsys.readouterr()
    return code, out, err


def test_all_is_well_on_a_current_database(small_desk, capsys, isolated_config):
    code, out, _ = _doctor(capsys, "--db", small_desk, "--json")
    report = json.loads(out)
    assert code == 0 and report["ok"] and report["problems"] == []
    assert report["config"]["path"] == str(isolated_config / "config.toml")
    assert report["database"]["schema"] == SCHEMA_HEAD == report["database"]["schema_head"]
    assert report["database"]["from"] == "--db" and report["database"]["kind"] == "sqlite"
    assert report["log"]["path"] == str(isolated_config / "log" / "deskapp.log")
    assert set(report["versions"]) == {
        "python",
        "deskapp",
        "textual",
        "sqlmodel",
        "sqlalchemy",
        "psycopg",
        "httpx",
    }
    assert all(report["versions"].values())
    assert report["docs"] and report["docs"].endswith("docs")
    code, out, _ = _doctor(capsys, "--db", small_desk)
    assert code == 0 and f"{SCHEMA_HEAD} (this Deskapp: {SCHEMA_HEAD})" in out
    assert out.strip().endswith("all is well")


def test_unknown_config_key_is_a_problem(small_desk, capsys, isolated_config):
    (isolated_config / "config.toml").write_text('editr = "Ana"\n')
    code, out, err = _doctor(capsys, "--db", small_desk)
    assert code == 1
    assert "! " in out and "unknown key 'editr' ignored (did you mean 'editor'?)" in out
    assert "unknown key" not in err  # said once, in the report


def test_broken_config_is_a_problem_not_a_crash(tmp_path, capsys, isolated_config):
    (isolated_config / "config.toml").write_text("editor = \n")
    code, out, _ = _doctor(capsys, "--db", str(tmp_path / "d.db"), "--json")
    report = json.loads(out)
    assert code == 1 and "cannot read config" in report["config"]["problem"]


def test_doctor_makes_no_database(tmp_path, capsys):
    db = tmp_path / "d.db"
    code, out, _ = _doctor(capsys, "--db", str(db), "--json")
    assert code == 0 and not db.exists()
    assert json.loads(out)["database"]["exists"] is False
    code, out, _ = _doctor(capsys, "--db", str(tmp_path / "no" / "d.db"), "--json")
    assert code == 1 and "no folder" in json.loads(out)["database"]["problem"]


def test_a_schema_newer_than_the_code_is_a_problem(small_desk, capsys):
    from sqlalchemy import create_engine, text

    engine = create_engine(small_desk)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    code, out, _ = _doctor(capsys, "--db", small_desk)
    assert code == 1 and "newer than this Deskapp's" in out


def test_password_is_hidden_and_an_unreachable_server_is_a_problem(capsys):
    code, out, _ = _doctor(capsys, "--db", "postgresql://desk:s3cret@127.0.0.1:1/none", "--json")
    report = json.loads(out)
    assert code == 1 and "s3cret" not in out
    assert report["database"]["url"] == "postgresql+psycopg://desk:***@127.0.0.1:1/none"
    assert report["database"]["reachable"] is False


@pytest.mark.postgres
def test_postgresql_that_answers(pg_url, capsys):
    code, out, _ = _doctor(capsys, "--db", pg_url, "--json")
    report = json.loads(out)
    assert code == 0 and report["database"]["reachable"] is True
