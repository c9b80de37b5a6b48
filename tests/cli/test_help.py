"""--help: an example on every command, readable text when not a terminal."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from deskapp.cli import build_parser

REPO = Path(__file__).resolve().parents[2]


def _every_command(parser, path=()):
    import argparse

    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield (*path, name), sub
                yield from _every_command(sub, (*path, name))


COMMANDS = list(_every_command(build_parser()))


def test_every_command_is_walked():
    names = {" ".join(p) for p, _ in COMMANDS}
    assert {
        "list",
        "show",
        "desk",
        "spike",
        "lock",
        "queue add",
        "note edit",
        "feeds poll",
        "admin add",
    } <= names


@pytest.mark.parametrize(("path", "parser"), COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_every_command_help_has_an_example(path, parser):
    assert "example" in parser.format_help().lower(), " ".join(path)
    examples = [
        line.strip()
        for line in (parser.epilog or "").splitlines()
        if line.strip().startswith(("deskapp ", "example: deskapp "))
    ]
    assert any(path[-1] in line.split() for line in examples), " ".join(path)


def _help(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "deskapp", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(REPO), **env},
    )


@pytest.mark.parametrize("env", [{}, {"FORCE_COLOR": "1", "NO_COLOR": "1"}, {"TERM": "dumb"}])
def test_help_into_a_pipe_is_plain_text(env):
    done = _help("queue", "--help", env=env)
    assert done.returncode == 0
    assert "\x1b" not in done.stdout
    assert "Usage: deskapp queue" in done.stdout or "usage: deskapp queue" in done.stdout


def test_help_is_coloured_on_a_terminal_unless_no_color():
    import pty

    def on_terminal(extra: dict[str, str]) -> bytes:
        leader, follower = pty.openpty()
        env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TERM")}
        proc = subprocess.Popen(
            [sys.executable, "-m", "deskapp", "show", "--help"],
            stdout=follower,
            stderr=follower,
            env={
                **env,
                "PYTHONPATH": str(REPO),
                "TERM": "xterm-256color",
                "COLUMNS": "100",
                **extra,
            },
        )
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        proc.wait(timeout=60)
        os.close(leader)
        return b"".join(chunks)

    assert b"\x1b[" in on_terminal({})
    plain = on_terminal({"NO_COLOR": "1"})
    assert b"\x1b[" not in plain and b"deskapp show" in plain


def test_help_text_is_not_read_as_markup():
    from deskapp.cli.helpfmt import DeskParser

    parser = DeskParser(prog="x", epilog="example: [red]x[/red]")
    parser.add_argument("--y", help="answer [y/N] or [bold]no[/bold]")
    text = parser.format_help()
    assert "[bold]no[/bold]" in text and "[y/N]" in text and "[red]x[/red]" in text
