"""Opening the desk from the command line. Textual is imported only here and below.

On a SQLite desk the first frame comes first: the inbox's first page is read through
the sqlite3 driver (`deskapp.services.first_page`, no ORM) and drawn at once, and the
services (SQLAlchemy, SQLModel, the schema check) open on a worker thread behind it
(deskapp/tui/screens/opening.py). When that quick read is not certain (PostgreSQL, a
file that does not exist yet, one that is busy, unreadable or at another schema) the
services open first, as they always did, with the same messages and exit codes; so
do they when opening fails behind the first frame: the desk closes and `deskapp`
says why.

`DESKAPP_PAINT_PROBE=1 deskapp ...` is the first-paint probe `bench/tui_bench.py`
runs: the desk opens headless (no terminal needed) at 100×30, exits as soon as the
first frame showing the inbox's rows is drawn, and prints `first paint T C` on
stdout: T is `time.monotonic()` at that frame (one clock for every process on the
machine, so the bench subtracts the moment it started the process), C the CPU
seconds the process had used by then.
"""

from __future__ import annotations

import gc
import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from deskapp.cli.runtime import Cli
    from deskapp.tui.screens.opening import Opening

PAINT_PROBE = "DESKAPP_PAINT_PROBE"
PROBE_SIZE = (100, 30)


_gc_paused: list[bool] = []


def pause_gc() -> None:
    """Until the desk's first frame is drawn, no cyclic garbage collection: starting up
    allocates a great many objects that all live on (modules, classes, widgets, styles),
    and collecting among them took a tenth of the time to the first frame."""
    if gc.isenabled():
        gc.disable()
        _gc_paused.append(True)


def resume_gc() -> None:
    """Collect garbage again (once the first frame is drawn, or the desk did not open)."""
    if _gc_paused:
        _gc_paused.clear()
        gc.enable()


def probing() -> bool:
    """Whether this run is the bench's first-paint probe."""
    return os.environ.get(PAINT_PROBE, "") not in ("", "0")


def run_desk(cli: Cli) -> int:
    from deskapp.tui.app import DeskApp

    probe = probing()
    opening = first_screen(cli)
    if opening is None:
        resume_gc()  # the services open first, as they always did
    app = (
        DeskApp(cli.services, probe=probe)
        if opening is None
        else DeskApp(opening=opening, probe=probe)
    )
    app.run(headless=probe, size=PROBE_SIZE if probe else None)
    if app.failure is not None:  # the services did not open behind the first frame
        raise app.failure
    if probe and app.painted_at is not None:
        cli.out.write(f"first paint {app.painted_at:.6f} {app.painted_cpu:.6f}\n")
    return app.return_code or 0


def first_screen(cli: Cli) -> Opening | None:
    """What the desk draws before its services are open, if it can (a SQLite desk)."""
    from deskapp.services.first_page import first_page
    from deskapp.tui.screens.opening import Opening
    from deskapp.tui.views import VIEWS
    from deskapp.tui.widgets.story_list import PAGE

    settings = cli.settings
    found = first_page(getattr(cli.args, "db", None), settings, VIEWS[0].story_filter(), PAGE)
    if found is None:
        return None
    database, ids, page = found
    # `cli.services` opens them on the worker thread; `deskapp` closes them at the end
    return Opening(settings, cli.editor, database, ids, page, lambda: cli.services)
