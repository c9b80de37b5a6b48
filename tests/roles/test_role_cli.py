"""The command line on a desk with logins: what each role may run, exit 5 when refused."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest

from deskapp.cli import main
from deskapp.core.permissions import DeskRole
from tests.roles.roles_kit import dsn_for, url_for

pytestmark = pytest.mark.postgres

REPORTER, EDITOR, CHIEF, ADMIN = DeskRole
REPO = Path(__file__).resolve().parents[2]


def run(room, role: DeskRole, *args: str) -> int:  # type: ignore[no-untyped-def]
    return main(["--db", room.url(role), *args])


def test_a_reporters_queue_is_refused_with_exit_5_by_the_real_program(room, make_story):
    story_id = make_story()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-m", "deskapp", "--db", room.url(REPORTER), "queue", str(story_id)],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=60,
    )
    assert done.returncode == 5
    assert done.stderr == (
        f"deskapp: not allowed: queueing needs the editor role "
        f"(you are {room.logins[REPORTER]}, reporter)\n"
    )
    assert done.stdout == ""


def test_a_reporter_cannot_forge_as(room, make_story, capsys):
    story_id = make_story()
    assert run(room, REPORTER, "--as", "Chief Editor", "note", str(story_id), "x") == 5
    assert "acting as someone else (--as) needs the admin role" in capsys.readouterr().err
    assert run(room, REPORTER, "note", str(story_id), "call the port") == 0
    capsys.readouterr()
    assert run(room, REPORTER, "history", str(story_id), "--json") == 0
    history = json.loads(capsys.readouterr().out)
    assert history[-1]["editor"] == room.logins[REPORTER]


@pytest.mark.parametrize("role, allowed", [(REPORTER, False), (EDITOR, True), (CHIEF, True)])
def test_desk_credit_and_queue_need_the_editor_role(room, make_story, capsys, role, allowed):
    story_id = str(make_story())
    for args in (
        ["desk", story_id, "europe"],
        ["credit", story_id, "--writer", "Ana Lima"],
        ["queue", story_id],
        ["unqueue", story_id],
        ["spike", story_id],
    ):
        code = run(room, role, *args)
        err = capsys.readouterr().err
        assert code == (0 if allowed else 5), (args, err)
        if not allowed:
            assert err.startswith("deskapp: not allowed: ") and "needs the editor role" in err


def test_revert_export_and_takeover_need_the_chief_role(room, make_story, capsys, tmp_path):
    story_id = str(make_story())
    assert run(room, EDITOR, "desk", story_id, "europe") == 0
    assert run(room, EDITOR, "lock", story_id) == 0
    assert run(room, EDITOR, "queue", story_id) == 0
    capsys.readouterr()
    assert run(room, EDITOR, "history", story_id, "--json") == 0
    desk_change = json.loads(capsys.readouterr().out)[1]["id"]

    for args in (
        ["revert", story_id, str(desk_change)],
        ["export", "--out", str(tmp_path)],
        ["lock", story_id, "--take-over"],
    ):
        assert run(room, EDITOR, *args) == 5, args
        assert "needs the chief role" in capsys.readouterr().err
    assert run(room, CHIEF, "lock", story_id, "--take-over") == 0
    assert run(room, CHIEF, "export", "--out", str(tmp_path)) == 0
    assert list(tmp_path.glob("*.md"))


def test_admin_commands(room, capsys):
    login = f"new_{uuid.uuid4().hex[:8]}"
    try:
        assert run(room, CHIEF, "admin", "add", login, "--role", "editor") == 5
        assert "managing people needs the admin role" in capsys.readouterr().err
        assert (
            run(room, ADMIN, "admin", "add", login, "--role", "editor", "--display", "Nia Owusu")
            == 0
        )
        assert run(room, ADMIN, "admin", "add", login, "--role", "editor") == 1
        assert "already on the desk" in capsys.readouterr().err
        assert run(room, ADMIN, "admin", "role", login, "chief") == 0
        capsys.readouterr()
        assert run(room, ADMIN, "admin", "list", "--json") == 0
        [me] = [p for p in json.loads(capsys.readouterr().out) if p["login"] == login]
        assert (me["role"], me["display"], me["initials"]) == ("chief", "Nia Owusu", "NO")

        newcomer = url_for(login, room.database)
        assert main(["--db", newcomer, "locks"]) == 0  # the new login works at once
        assert run(room, ADMIN, "admin", "remove", login) == 0
        with pytest.raises(psycopg.OperationalError, match="not permitted to log in"):
            psycopg.connect(dsn_for(login, room.database)).close()
        capsys.readouterr()
        assert run(room, REPORTER, "admin", "list") == 0  # anyone may see who is who
        line = [x for x in capsys.readouterr().out.splitlines() if x.startswith(login)]
        assert line and line[0].endswith("removed")
        assert run(room, ADMIN, "admin", "role", "nobody_here", "editor") == 4
        assert run(room, ADMIN, "admin", "add", "Bad Name", "--role", "editor") == 1
        with pytest.raises(SystemExit) as usage:
            run(room, ADMIN, "admin", "add", "x", "--role", "boss")
        assert usage.value.code == 2
        assert "unknown role 'boss'; roles are: reporter, editor, chief, admin" in (
            capsys.readouterr().err
        )
    finally:
        with psycopg.connect(dsn_for("postgres", room.database), autocommit=True) as conn:
            conn.execute(f'DROP ROLE IF EXISTS "{login}"')


def test_a_removed_person_stays_in_the_history(room, make_story, capsys):
    login = f"old_{uuid.uuid4().hex[:8]}"
    story_id = str(make_story())
    try:
        assert run(room, ADMIN, "admin", "add", login, "--role", "reporter") == 0
        assert main(["--db", url_for(login, room.database), "note", story_id, "x"]) == 0
        assert run(room, ADMIN, "admin", "remove", login) == 0
        capsys.readouterr()
        assert run(room, EDITOR, "history", story_id, "--json") == 0
        assert json.loads(capsys.readouterr().out)[-1]["editor"] == login
    finally:
        with psycopg.connect(dsn_for("postgres", room.database), autocommit=True) as conn:
            conn.execute(f'DROP ROLE IF EXISTS "{login}"')


def test_setup_needs_the_owner_or_a_superuser(room, capsys):
    assert run(room, ADMIN, "admin", "setup") == 5
    assert "admin setup needs a superuser" in capsys.readouterr().err
    assert main(["--db", room.owner_url, "admin", "setup"]) == 0  # again: idempotent


def test_ingest_needs_the_editor_role_and_feeds_the_chief(room, capsys, tmp_path):
    tag = uuid.uuid4().hex[:8]
    copy = tmp_path / f"wire-{tag}.txt"
    copy.write_text(
        f"Ferry timetable approved {tag}\n\nPORT ALDER (Fictional Wire) - The "
        f"board met on Tuesday ({tag}).\n\n(Reporting by Ana Lima)\n",
        encoding="utf-8",
    )
    assert run(room, REPORTER, "ingest", str(copy)) == 5
    assert "ingesting needs the editor role" in capsys.readouterr().err
    assert run(room, EDITOR, "ingest", str(copy), "--json") == 0
    [result] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert result["status"] == "new"
    capsys.readouterr()
    assert run(room, EDITOR, "history", str(result["id"]), "--json") == 0
    assert json.loads(capsys.readouterr().out)[0]["editor"] == room.logins[EDITOR]

    feed = f"https://feeds.example.org/{tag}.xml"
    assert run(room, EDITOR, "feeds", "add", feed) == 5
    assert "managing feeds needs the chief role" in capsys.readouterr().err
    assert run(room, CHIEF, "feeds", "add", feed) == 0
    assert run(room, CHIEF, "feeds", "remove", feed) == 0


def test_a_desk_without_roles_works_as_before(pg_url, tmp_path, capsys):
    """A PostgreSQL desk nobody set up: `--as` is the name, nothing is checked."""
    copy = tmp_path / "wire.txt"
    copy.write_text("Harbour opens\n\nPORT ALDER - It opened.\n", encoding="utf-8")
    assert main(["--db", pg_url, "--as", "Ana Lima", "ingest", str(copy)]) == 0
    assert main(["--db", pg_url, "--as", "Bo Yu", "desk", "1", "europe"]) == 0
    capsys.readouterr()
    assert main(["--db", pg_url, "history", "1", "--json"]) == 0
    assert [e["editor"] for e in json.loads(capsys.readouterr().out)] == ["Ana Lima", "Bo Yu"]
    assert main(["--db", pg_url, "admin", "list"]) == 1
    assert "run `deskapp admin setup` first" in capsys.readouterr().err


def test_sqlite_stays_one_editor_with_as(sqlite_url, tmp_path, capsys):
    copy = tmp_path / "wire.txt"
    copy.write_text("Harbour opens\n\nPORT ALDER - It opened.\n", encoding="utf-8")
    assert main(["--db", sqlite_url, "--as", "Ana Lima", "ingest", str(copy)]) == 0
    assert main(["--db", sqlite_url, "--as", "Bo Yu", "queue", "1", "--force"]) == 0
    capsys.readouterr()
    assert main(["--db", sqlite_url, "history", "1", "--json"]) == 0
    assert [e["editor"] for e in json.loads(capsys.readouterr().out)] == ["Ana Lima", "Bo Yu"]
    assert main(["--db", sqlite_url, "admin", "add", "ana", "--role", "editor"]) == 1
    assert "logins and roles are for a shared PostgreSQL desk" in capsys.readouterr().err


def test_my_followups_are_the_logins_notes(room, make_story, capsys):
    story_id = str(make_story())
    assert run(room, REPORTER, "note", story_id, "ring the mayor", "--due", "2030-01-02") == 0
    assert run(room, EDITOR, "note", story_id, "check the figures", "--due", "2030-01-02") == 0
    capsys.readouterr()
    assert run(room, REPORTER, "followups", "--mine", "--json") == 0
    mine = json.loads(capsys.readouterr().out)
    assert [f["note"]["text"] for f in mine if str(f["story"]["id"]) == story_id] == [
        "ring the mayor"
    ]
