"""Other editors at other terminals: `deskapp` commands and racing processes for tests/shared.

Everything here runs in separate OS processes against the database URL it is
given, the way two terminals in a newsroom would.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def deskapp(
    url: str, *args: str, editor: str = "ana", timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """Run `python -m deskapp --db URL --as EDITOR ARGS...` and wait for it."""
    return subprocess.run(
        [sys.executable, "-m", "deskapp", "--db", url, "--as", editor, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=REPO,
    )


def start_deskapp(url: str, *args: str, editor: str = "ana") -> subprocess.Popen[str]:
    """Start a `deskapp` command in its own process group (see `kill_group`).

    Its stdout is dropped (a full pipe nobody reads would stall it); stderr is kept.
    """
    return subprocess.Popen(
        [sys.executable, "-m", "deskapp", "--db", url, "--as", editor, *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
        start_new_session=True,
    )


def kill_group(proc: subprocess.Popen[str]) -> None:
    """SIGKILL whatever is left of a command started by `start_deskapp` (its helpers too)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)


def open_as(url: str, editor: str):  # type: ignore[no-untyped-def]
    from deskapp.config import Settings
    from deskapp.services import open_services

    return open_services(url, editor=editor, settings=Settings())


def race_text_edit(url: str, editor: str, story_id: int, version: int, barrier, results) -> None:
    """One racer: wait for the others, then change headline and body from `version`."""
    from deskapp.services.errors import Conflict

    services = open_as(url, editor)
    try:
        services.stories.get(story_id)  # warm the connection so the race is the write
        barrier.wait(timeout=60)
        try:
            story = services.stories.edit_text(
                story_id,
                headline=f"Headline by {editor} at v{version}",
                body=f"Body by {editor} at v{version}.\n\nSecond paragraph by {editor}.",
                expect_version=version,
            )
            results.put((editor, "won", story.version))
        except Conflict as exc:
            results.put((editor, "conflict", exc.actual))
    except Exception as exc:  # a crash must show up as a result, not a hang
        results.put((editor, f"error: {type(exc).__name__}: {exc}", None))
    finally:
        services.close()
