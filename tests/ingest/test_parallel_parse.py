"""Large batches are parsed in worker processes: same results, same order, nothing lost."""

from __future__ import annotations

from concurrent.futures.process import BrokenProcessPool

import pytest

from deskapp import worker_pool
from deskapp.ingest import parallel


def make_folder(tmp_path, count: int):
    folder = tmp_path / "wire"
    folder.mkdir()
    for i in range(count):
        text = (
            (
                f"Harbour story number {i} makes the news\n\nLIMA (Reuters) - Paragraph {i} "
                "about the port.\n\nAnother paragraph.\n\n"
                "(Reporting by Ana Lima; Editing by Bo Yu)\n"
            )
            if i % 97
            else ""
        )
        (folder / f"{i:04d}.txt").write_text(text, encoding="utf-8")
    return folder


def statuses(services, folder) -> list[tuple[str, str]]:
    """(file, status) for each source, in the order the results come."""
    return [(r.source.rsplit("/", 1)[-1], r.status) for r in services.ingest.ingest([str(folder)])]


def expected(count: int) -> list[tuple[str, str]]:
    return [(f"{i:04d}.txt", "new" if i % 97 else "error") for i in range(count)]


def test_a_large_batch_parsed_in_workers_keeps_order_and_failures(sqlite_services, tmp_path):
    count = parallel.PARALLEL_FROM + 20
    folder = make_folder(tmp_path, count)
    results = list(sqlite_services.ingest.ingest([str(folder)]))
    assert [(r.source.rsplit("/", 1)[-1], r.status) for r in results] == expected(count)
    # credits come back from the workers as they were parsed
    last = sqlite_services.stories.get(results[-1].id)
    assert [(str(c.role), c.name) for c in last.credits] == [
        ("reporter", "Ana Lima"),
        ("editor", "Bo Yu"),
    ]


def test_when_workers_cannot_run_the_batch_is_parsed_in_process(
    sqlite_services, tmp_path, monkeypatch: pytest.MonkeyPatch
):
    class Broken:
        def __init__(self, *args, **kwargs) -> None:
            raise BrokenProcessPool("no workers here")

    monkeypatch.setattr(worker_pool, "ProcessPoolExecutor", Broken)
    count = parallel.PARALLEL_FROM + 5
    folder = make_folder(tmp_path, count)
    assert statuses(sqlite_services, folder) == expected(count)


def test_a_parse_run_started_before_the_database_opens_stores_the_same(tmp_path):
    """The CLI starts parsing first and opens the database while workers read the copy."""
    from deskapp.ingest.sources import expand
    from deskapp.services import open_services

    count = parallel.PARALLEL_FROM + 10
    folder = make_folder(tmp_path, count)
    with parallel.ParseRun(expand([str(folder)])) as run:
        services = open_services(str(tmp_path / "desk.db"), "tester")
        try:
            got = [
                (r.source.rsplit("/", 1)[-1], r.status) for r in services.ingest.ingest_parsed(run)
            ]
        finally:
            services.close()
    assert got == expected(count)


def test_no_worker_outlives_a_parse_run(tmp_path):
    """A process that ends while its pool is still winding down prints a traceback from
    Python's exit hook (`OSError: [Errno 9] Bad file descriptor` after `deskapp ingest`):
    once the run is read, its workers and the pool's own thread are gone."""
    import threading
    from concurrent.futures import process

    from deskapp.ingest.sources import expand

    folder = make_folder(tmp_path, parallel.PARALLEL_FROM + 10)
    with parallel.ParseRun(expand([str(folder)])) as run:
        assert run._pool is not None  # the batch went to worker processes
        assert len(list(run)) == parallel.PARALLEL_FROM + 10
        left = [t for t in threading.enumerate() if isinstance(t, process._ExecutorManagerThread)]
        assert left == []
