"""Unexpected errors on the desk's worker threads: a one-line notice, the traceback to the log.

A `ServiceError` is the editor's to read and is shown where it happens. Anything
else (the database is locked or gone, a bug) must not take the desk down: the
worker that met it logs the traceback through `deskapp.logs` (the default log
file, or `$DESKAPP_LOG`, when the command started none) and the editor reads one
line saying nothing more was changed and where the details are.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

from deskapp.core.safe_text import one_line
from deskapp.logs import LOGGER, LogSink, LogUnavailable

if TYPE_CHECKING:
    from textual.app import App

F = TypeVar("F", bound=Callable[..., Any])

_sink = LogSink()


def _log_where() -> str:
    """Where the traceback went: the log already in use, else the default log file."""
    if LOGGER.handlers:
        return next(
            (
                str(getattr(h, "baseFilename", ""))
                for h in LOGGER.handlers
                if getattr(h, "baseFilename", "")
            ),
            "the log",
        )
    try:
        return _sink.start(None)
    except LogUnavailable:
        return ""


def failure_line(exc: BaseException, what: str = "") -> str:
    """Log `exc` with its traceback and return the notice that tells the editor."""
    where = _log_where()
    LOGGER.error(
        "desk: %s failed: %s", what or "a change", exc, exc_info=(type(exc), exc, exc.__traceback__)
    )
    text = str(exc).lower()
    busy = "locked" in text or "busy" in text
    head = (
        "The database is busy; nothing changed — try again"
        if busy
        else f"Something went wrong ({one_line(type(exc).__name__ + ': ' + str(exc), 80)}); "
        "nothing more was changed"
    )
    return head + (f" · details in {where}" if where else "")


def report(app: App[Any], exc: BaseException, what: str = "") -> None:
    """From a worker thread: log `exc` and show its one-line notice on the desk."""
    line = failure_line(exc, what)
    with contextlib.suppress(RuntimeError):  # the app is closing: the log has it
        app.call_from_thread(app.notify, line, severity="error", markup=False, timeout=10)


def guarded(what: str) -> Callable[[F], F]:
    """For a worker method of a screen or app: an unexpected error becomes a notice."""

    def wrap(fn: F) -> F:
        @functools.wraps(fn)
        def run(self: Any, *args: Any, **kwargs: Any) -> Any:
            try:
                return fn(self, *args, **kwargs)
            except Exception as exc:  # the desk must keep running
                report(self.app, exc, what)
                return None

        return cast(F, run)  # the same signature: functools.wraps keeps it

    return wrap


def guard(app: App[Any], what: str, fn: Callable[[], object]) -> Callable[[], object]:
    """`fn` for `run_worker`, with an unexpected error turned into a notice."""

    def run() -> object:
        try:
            return fn()
        except Exception as exc:  # the desk must keep running
            report(app, exc, what)
            return None

    return run
