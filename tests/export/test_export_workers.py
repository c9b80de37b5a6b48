"""A large export renders and writes in worker processes: the same files, the same safety."""

from __future__ import annotations

import os
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool

import pytest

from deskapp import worker_pool
from deskapp.core.story import Status
from deskapp.export import render_pool
from deskapp.export.writer import ExportFolder
from deskapp.services.export import ExportFailed
from tests.export.conftest import add_ready


def in_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every export from here on, however small, goes to worker processes, even on one core."""
    monkeypatch.setattr(render_pool, "PARALLEL_FROM", 1)
    monkeypatch.setattr(worker_pool, "cores", lambda: 2)


def files_in(folder) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.iterdir())}


def test_workers_write_exactly_the_files_an_in_process_export_writes(
        sqlite_services, tmp_path, monkeypatch):
    ids = [add_ready(sqlite_services, f"Harbour story {n}", body=f"Dockers *said* {n}. " * 40)
           for n in range(7)]
    here = tmp_path / "here"
    sqlite_services.export.export(here)
    in_workers(monkeypatch)
    real_submit, used = render_pool.Renderer.submit, []

    def submit(self, jobs):
        used.append(self.parallel)
        return real_submit(self, jobs)

    monkeypatch.setattr(render_pool.Renderer, "submit", submit)
    there = tmp_path / "there"
    report = sqlite_services.export.export(there, all=True)  # the same stories again
    assert used == [True]
    assert [e.story_id for e in report.exported] == ids
    assert files_in(there) == files_in(here)
    assert not [name for name in os.listdir(there) if name.endswith(".tmp")]


def appears_meanwhile(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """Another program writes a file called `name` just after the export picks that name."""
    real = ExportFolder.name_for

    def name_for(self, *args):
        picked = real(self, *args)
        if picked[0] == name:
            (self.path / name).write_text("theirs\n")
        return picked

    monkeypatch.setattr(ExportFolder, "name_for", name_for)


def test_a_worker_that_cannot_write_stops_the_export_there(sqlite_services, tmp_path,
                                                           monkeypatch):
    in_workers(monkeypatch)
    ids = [add_ready(sqlite_services, f"Budget story {n}") for n in range(5)]
    out = tmp_path / "site"
    names = [e.name for e in sqlite_services.export.export(out, dry_run=True).exported]
    with monkeypatch.context() as meanwhile:
        appears_meanwhile(meanwhile, names[2])  # the third story's file cannot be written
        with pytest.raises(ExportFailed, match="refusing to overwrite") as info:
            sqlite_services.export.export(out)
    assert "2 stories exported" in str(info.value)
    statuses = [sqlite_services.stories.get(sid).status for sid in ids]
    assert statuses == [Status.PUBLISHED] * 2 + [Status.QUEUED] * 3
    assert (out / names[2]).read_text() == "theirs\n"  # never overwritten
    assert sorted(os.listdir(out)) == sorted([*names[:3], "index.md"])  # nothing half-done
    rest = sqlite_services.export.export(out)
    assert [e.story_id for e in rest.exported] == ids[2:]
    assert (out / names[2]).read_text() == "theirs\n"


def test_a_worker_that_cannot_rewrite_a_file_stops_the_export_there(
        sqlite_services, tmp_path, monkeypatch):
    in_workers(monkeypatch)
    ids = [add_ready(sqlite_services, f"Tide story {n}", body=f"First {n}.") for n in range(4)]
    out = tmp_path / "site"
    names = [e.name for e in sqlite_services.export.export(out).exported]
    for n, sid in enumerate(ids):
        sqlite_services.stories.edit_text(sid, body=f"Second {n}.")
    # a folder where the third story's rewrite must be written: the write fails
    blocker = out / f".{names[2]}.{os.getpid()}.tmp"
    blocker.mkdir()
    with pytest.raises(ExportFailed, match="cannot write") as info:
        sqlite_services.export.export(out, all=True)
    assert "2 stories exported" in str(info.value)
    blocker.rmdir()
    bodies = [(out / name).read_text(encoding="utf-8").rstrip().rsplit("\n", 1)[1]
              for name in names]
    assert bodies == ["Second 0.", "Second 1.", "First 2.", "First 3."]
    assert sorted(os.listdir(out)) == sorted([*names, "index.md"])  # no temporary file


def test_files_written_ahead_of_a_failure_are_taken_back(sqlite_services, tmp_path, monkeypatch):
    import deskapp.services.export as export_module

    in_workers(monkeypatch)
    monkeypatch.setattr(export_module, "BATCH", 2)  # six stories: three batches in flight
    ids = [add_ready(sqlite_services, f"Port story {n}") for n in range(6)]
    out = tmp_path / "site"
    names = [e.name for e in sqlite_services.export.export(out, dry_run=True).exported]
    appears_meanwhile(monkeypatch, names[1])  # the second story cannot be written
    with pytest.raises(ExportFailed, match="1 story exported"):
        sqlite_services.export.export(out)
    statuses = [sqlite_services.stories.get(sid).status for sid in ids]
    assert statuses == [Status.PUBLISHED] + [Status.QUEUED] * 5
    # whatever the workers wrote for the later batches is gone again; theirs stays
    assert sorted(os.listdir(out)) == sorted([names[0], names[1], "index.md"])


class DiesAfterWriting:
    """A worker pool whose worker writes each batch, then dies before saying so."""

    def submit(self, fn, *args, **kwargs) -> Future:
        fn(*args, **kwargs)
        future: Future = Future()
        future.set_exception(BrokenProcessPool("a worker died"))
        return future

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        pass


def test_files_a_dying_worker_placed_are_kept_and_the_export_goes_on(
        sqlite_services, tmp_path, monkeypatch):
    in_workers(monkeypatch)
    monkeypatch.setattr(worker_pool, "start_pool", lambda workers=None: DiesAfterWriting())
    ids = [add_ready(sqlite_services, f"Ferry story {n}", body=f"Crossings {n}.")
           for n in range(4)]
    out = tmp_path / "site"
    report = sqlite_services.export.export(out)
    assert [e.story_id for e in report.exported] == ids
    assert {sqlite_services.stories.get(sid).status for sid in ids} == {Status.PUBLISHED}
    assert sorted(os.listdir(out)) == sorted([*(e.name for e in report.exported), "index.md"])
    for n, e in enumerate(report.exported):
        assert (out / e.name).read_text(encoding="utf-8").endswith(f"Crossings {n}.\n")


def test_after_a_worker_died_a_name_someone_else_took_is_still_refused(
        sqlite_services, tmp_path, monkeypatch):
    in_workers(monkeypatch)
    monkeypatch.setattr(worker_pool, "start_pool", lambda workers=None: DiesAfterWriting())
    ids = [add_ready(sqlite_services, f"Ferry story {n}") for n in range(3)]
    out = tmp_path / "site"
    names = [e.name for e in sqlite_services.export.export(out, dry_run=True).exported]
    appears_meanwhile(monkeypatch, names[1])
    with pytest.raises(ExportFailed, match="refusing to overwrite"):
        sqlite_services.export.export(out)
    assert (out / names[1]).read_text() == "theirs\n"
    statuses = [sqlite_services.stories.get(sid).status for sid in ids]
    assert statuses == [Status.PUBLISHED, Status.QUEUED, Status.QUEUED]
