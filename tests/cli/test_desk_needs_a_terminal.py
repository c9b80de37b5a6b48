"""`deskapp` alone opens the TUI only on a terminal; elsewhere one line and exit 2."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_desk_into_a_file_refuses_with_one_line(tmp_path):
    out = tmp_path / "screen.txt"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    with out.open("wb") as target:
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys; from deskapp.cli import main; "
                f"sys.exit(main(['--db', {str(tmp_path / 'd.db')!r}]))",
            ],
            stdout=target,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            env=env,
            timeout=60,
            check=False,
        )
    assert done.returncode == 2
    assert out.read_bytes() == b""
    [line] = done.stderr.decode().splitlines()
    assert line.startswith("deskapp: the desk needs a terminal")
    assert "textual" not in line.lower()


def test_desk_refuses_before_opening_the_database(tmp_path, capsys):
    from deskapp.cli import main

    assert main(["--db", str(tmp_path / "missing" / "d.db")]) == 2  # capsys: not a tty
    assert "needs a terminal" in capsys.readouterr().err
