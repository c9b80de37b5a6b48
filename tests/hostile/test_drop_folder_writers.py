"""Writers that pause, files made empty and filled later, rename-when-done, and growth after
a file was taken: the drop folder never stores a truncated story and never loses one."""

from __future__ import annotations

import os
import time
from pathlib import Path

from hostile_kit import STORY

from deskapp.core.listing import StoryFilter
from deskapp.services.watch import FolderWatch, being_written

HALF = STORY[: len(STORY) // 2]


def _drop(tmp_path: Path) -> Path:
    folder = tmp_path / "drop"
    folder.mkdir()
    return folder


def _bodies(services) -> list[str]:  # type: ignore[no-untyped-def]
    return [services.stories.get(s.id).body for s in services.stories.list_stories(StoryFilter())]


def test_a_writer_that_pauses_mid_file_is_not_taken_until_it_closes(services, tmp_path):
    drop = _drop(tmp_path)
    watch = FolderWatch(services.ingest, drop, settle_seconds=0.2)
    with (drop / "strike.txt").open("w", encoding="utf-8") as writer:
        writer.write(HALF)
        writer.flush()  # half a story on disk, unchanged for longer than the settle time
        assert being_written(drop / "strike.txt")
        assert watch.round() == []
        assert os.listdir(drop) == ["strike.txt"]  # not taken, not moved
        writer.write(STORY[len(HALF) :])
    assert not being_written(drop / "strike.txt")
    [outcome] = watch.round()
    assert outcome.ok and outcome.moved_to == drop / "_processed" / "strike.txt"
    assert services.stories.count(StoryFilter()) == 1
    assert "talks resume" in _bodies(services)[0]


def test_a_file_made_empty_and_filled_later_waits_instead_of_failing(services, tmp_path):
    drop = _drop(tmp_path)
    watch = FolderWatch(services.ingest, drop, settle_seconds=0.05)
    (drop / "strike.txt").touch()
    assert watch.round() == [] and watch.round() == []
    assert not (drop / "_error").exists()
    (drop / "strike.txt").write_text(STORY, encoding="utf-8")
    [outcome] = watch.round()
    assert outcome.ok and services.stories.count(StoryFilter()) == 1


def test_work_in_progress_names_are_left_alone_until_renamed(services, tmp_path):
    drop = _drop(tmp_path)
    for name in ("strike.txt.tmp", ".strike.txt", "strike.txt~", "strike.txt.part"):
        (drop / name).write_text(HALF, encoding="utf-8")
    watch = FolderWatch(services.ingest, drop, settle_seconds=0)
    assert watch.round() == []
    (drop / "strike.txt.tmp").write_text(STORY, encoding="utf-8")
    os.rename(drop / "strike.txt.tmp", drop / "strike.txt")
    [outcome] = watch.round()
    assert outcome.ok and outcome.path.name == "strike.txt"
    assert sorted(os.listdir(drop)) == [
        ".strike.txt",
        "_processed",
        "strike.txt.part",
        "strike.txt~",
    ]
    assert services.stories.count(StoryFilter()) == 1


def test_a_file_that_grows_after_it_was_taken_is_read_again_as_an_update(services, tmp_path):
    """A writer that closes, pauses past the settle time, and appends the rest."""
    drop = _drop(tmp_path)
    (drop / "strike.txt").write_text(HALF, encoding="utf-8")
    watch = FolderWatch(services.ingest, drop, settle_seconds=0.05)
    [first] = watch.round()
    story_id = first.results[0].id
    assert first.ok and "talks resume" not in services.stories.get(story_id).body
    time.sleep(0.01)  # a later mtime even on coarse clocks
    with (drop / "_processed" / "strike.txt").open("a", encoding="utf-8") as late:
        late.write(STORY[len(HALF) :])
    [again] = watch.round()
    assert again.ok and again.retaken
    assert [(r.status, r.id) for r in again.results] == [("updated", story_id)]
    assert services.stories.count(StoryFilter()) == 1
    assert "talks resume" in services.stories.get(story_id).body
    actions = [e.action for e in services.history.entries(story_id)]
    assert "wire-update" in actions
    assert watch.round() == []  # settled again: nothing more to do


def test_a_running_watch_waits_for_a_slow_writer_process(tmp_path):
    """Two real processes: a writer that pauses mid-file for three settle times, and
    `deskapp watch`. The story is stored once, whole; nothing lands in _error."""
    import json
    import signal
    import subprocess
    import sys

    from hostile_kit import wait_for

    repo = Path(__file__).resolve().parents[2]
    drop = _drop(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(repo), "DESKAPP_CONFIG": str(tmp_path / "c.toml")}
    db = tmp_path / "desk.db"
    watcher = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "deskapp",
            "--db",
            str(db),
            "watch",
            str(drop),
            "--interval",
            "0.1",
            "--settle",
            "0.2",
            "--json",
            "--log",
            str(tmp_path / "w.log"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    writer = (
        f"import time\nf = open({str(drop / 'strike.txt')!r}, 'w')\n"
        f"f.write({HALF!r}); f.flush(); time.sleep(1.2)\n"
        f"f.write({STORY[len(HALF) :]!r}); f.close()\n"
    )
    try:
        assert wait_for(lambda: (tmp_path / "w.log").exists())
        subprocess.run([sys.executable, "-c", writer], check=True, timeout=30)
        assert wait_for(lambda: (drop / "_processed" / "strike.txt").exists())
    finally:
        watcher.send_signal(signal.SIGINT)
        out, err = watcher.communicate(timeout=20)
    assert watcher.returncode == 0, err
    [taken] = [json.loads(line) for line in out.splitlines()]
    assert taken["ok"] and [s["status"] for s in taken["stories"]] == ["new"]
    assert not (drop / "_error").exists() or list((drop / "_error").iterdir()) == []
    show = subprocess.run(
        [sys.executable, "-m", "deskapp", "--db", str(db), "show", "1"],
        capture_output=True,
        text=True,
        env=env,
        timeout=30,
    )
    assert "talks resume" in show.stdout
    log = (tmp_path / "w.log").read_text(encoding="utf-8").splitlines()
    assert log[0].endswith(f"INFO watching {drop}")
    assert any(
        line.endswith(f"{drop / 'strike.txt'}: new 1 -> {drop / '_processed' / 'strike.txt'}")
        for line in log
    )
    assert log[-1].endswith(f"INFO stopped watching {drop}")
