"""A watch folder that cannot be written: refused at start with one line; if it becomes
unwritable while the watch runs, the watch keeps running, reports each file once, retries.

Tests run as root, and root ignores file modes, so "not writable" is made three
ways: a file (or a planted link) where `_processed` should be a folder; `chattr
+i`, which stops root too (skipped where the file system refuses it); and a
real `Permission denied` in a process that drops to the `nobody` user.
"""

from __future__ import annotations

import os
import pwd
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hostile_kit import STORY, chattr, wait_for

from deskapp.core.listing import StoryFilter
from deskapp.services.watch import FolderWatch

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def drop(tmp_path: Path):  # type: ignore[no-untyped-def]
    folder = tmp_path / "drop"
    folder.mkdir()
    (folder / "strike.txt").write_text(STORY, encoding="utf-8")
    immutable: list[Path] = []
    yield folder, immutable
    for path in immutable:
        chattr("-i", path)


def _files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_a_file_where_processed_should_be_is_refused_at_start(desk, drop):
    folder, _ = drop
    (folder / "_processed").write_text("not a folder")
    code, out, err = desk.run("watch", str(folder), "--once", "--log", "-")
    assert code == 1 and out == ""
    message = (
        f"cannot watch {folder}: cannot write in {folder / '_processed'}: "
        "not a folder (a file or a link is there)"
    )
    assert f"deskapp: {message}" in err.splitlines()
    assert err.splitlines()[1].endswith(f" ERROR {message}")  # the log line, timestamped
    assert desk.headlines() == []
    assert _files(folder) == ["_processed", "strike.txt"]


def test_a_planted_link_for_processed_is_refused(desk, drop, tmp_path):
    folder, _ = drop
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    os.symlink(elsewhere, folder / "_processed")
    code, _out, err = desk.run("watch", str(folder), "--once")
    assert code == 1
    assert err.splitlines()[-1].endswith("not a folder (a file or a link is there)")
    assert list(elsewhere.iterdir()) == [] and desk.headlines() == []


def test_an_immutable_folder_is_refused_at_start(desk, drop):
    folder, immutable = drop
    if not chattr("+i", folder):
        pytest.skip("chattr +i is not allowed here")
    immutable.append(folder)
    code, _out, err = desk.run("watch", str(folder), "--once")
    assert code == 1
    assert err.splitlines()[-1] == (
        f"deskapp: cannot watch {folder}: cannot write in {folder}: Operation not permitted"
    )
    assert desk.headlines() == []


def test_permission_denied_for_a_user_who_cannot_write_the_folder():
    """A real EACCES: the watch runs as `nobody` on a folder owned by root (mode 755)."""
    if os.geteuid() != 0:
        pytest.skip("needs root to drop to another user")
    try:
        nobody = pwd.getpwnam("nobody")
    except KeyError:
        pytest.skip("no user nobody")
    base = Path(tempfile.mkdtemp(prefix="deskapp-perm-"))
    try:
        base.chmod(0o755)
        store = base / "store"
        store.mkdir()
        os.chown(store, nobody.pw_uid, nobody.pw_gid)
        folder = base / "drop"
        folder.mkdir(mode=0o755)
        (folder / "strike.txt").write_text(STORY, encoding="utf-8")

        def as_nobody() -> None:
            os.setgid(nobody.pw_gid)
            os.setgroups([])
            os.setuid(nobody.pw_uid)

        try:
            probe = subprocess.run(
                [sys.executable, "-c", "import deskapp.cli"],
                capture_output=True,
                timeout=30,
                preexec_fn=as_nobody,
                env={"PYTHONPATH": str(REPO)},
                cwd=base,
            )
        except PermissionError:
            probe = None
        if probe is None or probe.returncode != 0:
            pytest.skip("user nobody cannot run this Python or read the repository")
        env = {
            "PATH": os.environ.get("PATH", ""),
            "PYTHONPATH": str(REPO),
            "DESKAPP_CONFIG": str(store / "config.toml"),
            "DESKAPP_LOG": str(store / "log"),
            "HOME": str(store),
        }
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "deskapp",
                "--db",
                str(store / "desk.db"),
                "watch",
                str(folder),
                "--once",
            ],
            capture_output=True,
            text=True,
            timeout=60,
            env=env,
            preexec_fn=as_nobody,
            cwd=base,
        )
        assert done.returncode == 1, done.stderr
        assert done.stderr.splitlines()[-1] == (
            f"deskapp: cannot watch {folder}: cannot write in {folder / '_processed'}: "
            "Permission denied"
        )
        assert _files(folder) == ["strike.txt"]
    finally:
        subprocess.run(["rm", "-rf", str(base)], check=False)


def test_processed_turning_unwritable_mid_run_keeps_the_story_and_retries(services, drop):
    folder, immutable = drop
    watch = FolderWatch(services.ingest, folder, settle_seconds=0)
    watch.check()
    if not chattr("+i", folder / "_processed"):
        pytest.skip("chattr +i is not allowed here")
    immutable.append(folder / "_processed")
    [blocked] = watch.round()
    assert not blocked.ok and blocked.moved_to is None
    assert blocked.reason == (
        "stored, but cannot move it to _processed/: Operation not permitted; will retry"
    )
    assert services.stories.count(StoryFilter()) == 1  # stored at once, nothing lost
    [again] = watch.round()
    assert again.reason == blocked.reason and (folder / "strike.txt").exists()
    chattr("-i", folder / "_processed")
    [done] = watch.round()
    assert done.ok and [r.status for r in done.results] == ["duplicate"]
    assert services.stories.count(StoryFilter()) == 1
    assert _files(folder) == ["_error", "_processed", "_processed/strike.txt"]


def test_the_running_watch_reports_once_keeps_going_and_catches_up(tmp_path, drop):
    """`deskapp watch` as a service runs it: a real process, its log on stderr."""
    folder, immutable = drop
    env = {**os.environ, "PYTHONPATH": str(REPO), "DESKAPP_CONFIG": str(tmp_path / "c.toml")}
    watcher = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "deskapp",
            "--db",
            str(tmp_path / "desk.db"),
            "watch",
            str(folder),
            "--interval",
            "0.1",
            "--settle",
            "0.1",
            "--log",
            "-",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert wait_for(lambda: (folder / "_processed" / "strike.txt").exists())
        if not chattr("+i", folder / "_processed"):
            pytest.skip("chattr +i is not allowed here")
        immutable.append(folder / "_processed")
        (folder / "second.txt").write_text(STORY.replace("Harbour", "Airport"), "utf-8")
        assert not wait_for(lambda: not (folder / "second.txt").exists(), 1.5)
        assert watcher.poll() is None  # still running
        chattr("-i", folder / "_processed")
        assert wait_for(lambda: (folder / "_processed" / "second.txt").exists())
    finally:
        watcher.send_signal(signal.SIGINT)
        out, err = watcher.communicate(timeout=20)
    assert watcher.returncode == 0
    failures = [line for line in err.splitlines() if line.startswith("second.txt")]
    assert failures == [
        "second.txt: stored, but cannot move it to _processed/: Operation not permitted; will retry"
    ]  # once, not every round
    logged = [line for line in err.splitlines() if " WARNING " in line]
    assert any(
        line.endswith(
            f"{folder / 'second.txt'}: failed: stored, but cannot move it "
            "to _processed/: Operation not permitted; will retry"
        )
        for line in logged
    )
    assert "second.txt: duplicate 2 -> " in out
