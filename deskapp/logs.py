"""One logger for the package, and where its lines go.

Everything Deskapp logs goes through `LOGGER` ("deskapp"), or a child of it
(`logging.getLogger("deskapp.<module>")`), never the root logger; below the
CLI nothing writes to stderr itself (the TUI owns the terminal).

Commands that run unattended for hours (`watch`, `feeds poll`, from cron or
systemd) log each source's outcome with a UTC timestamp to `deskapp.log` in
the user's log folder (platformdirs: `~/.local/state/deskapp/log/` on Linux;
`$DESKAPP_LOG` names another file), to another file with `--log FILE`, or to
stderr with `--log -`. Any command run with `--debug` (or `DESKAPP_DEBUG=1`)
writes the traceback of an unexpected error to the same place, and the
one-line message on stderr names it.

The file handler reopens the file when logrotate moves it away. Text from
outside (file names, feed errors) is logged with its control characters made
visible, so a crafted name cannot forge log lines or restyle a terminal.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import time
from pathlib import Path
from typing import TextIO

from deskapp.core.safe_text import visible

LOGGER = logging.getLogger("deskapp")
APP_NAME = "deskapp"
TO_STDERR = "-"
_FORMAT = "%(asctime)s deskapp[%(process)d] %(levelname)s %(message)s"
_TRUE = {"1", "true", "yes", "on"}


class LogUnavailable(Exception):
    """The log file named with --log cannot be written. One line, shown as is."""


def default_log_file() -> Path:
    env = os.environ.get("DESKAPP_LOG")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_log_dir

    return Path(user_log_dir(APP_NAME)) / "deskapp.log"


def debug_wanted(flag: bool = False) -> bool:
    """--debug, or DESKAPP_DEBUG=1 in the environment."""
    return flag or os.environ.get("DESKAPP_DEBUG", "").strip().lower() in _TRUE


class _Visible(logging.Formatter):
    converter = staticmethod(time.gmtime)

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        message = record.getMessage()
        # The message is data: a newline in a file name must not start a forged entry.
        shown = visible(message).replace("\n", "\\n").replace("\r", "\\r")
        return line.replace(message, shown, 1) if shown != message else line


def _unlogged(record: logging.LogRecord) -> None:
    """A line the log could not take (disk full, file gone): the work goes on, and the
    command's own stderr line still tells the editor; never logging's own traceback."""


class LogSink:
    """Where this run's log lines go, from `start` until `stop`."""

    def __init__(self) -> None:
        self.handler: logging.Handler | None = None
        self.where = ""  # how messages name it: a path, or "stderr"

    @property
    def active(self) -> bool:
        return self.handler is not None

    def start(self, target: str | None, err: TextIO | None = None) -> str:
        """Log to `target`: "-" for stderr, a file path, or None for the default file.

        An explicit file that cannot be opened raises LogUnavailable; the default
        file's folder is made if missing.
        """
        if self.handler is not None:
            return self.where
        if target == TO_STDERR:
            handler: logging.Handler = logging.StreamHandler(err or sys.stderr)
            self.where = "stderr"
        else:
            path = Path(target).expanduser() if target else default_log_file()
            try:
                if target is None:
                    path.parent.mkdir(parents=True, exist_ok=True)
                from logging.handlers import WatchedFileHandler

                handler = WatchedFileHandler(path, encoding="utf-8")
            except OSError as exc:
                raise LogUnavailable(
                    f"cannot write the log {path}: {exc.strerror or exc}"
                ) from None
            self.where = str(path)
        handler.setFormatter(_Visible(_FORMAT, datefmt="%Y-%m-%dT%H:%M:%SZ"))
        # Either handler class answers a failed write quietly (see _unlogged).
        handler.handleError = _unlogged  # type: ignore[method-assign]  # an instance hook
        LOGGER.addHandler(handler)
        LOGGER.setLevel(logging.INFO)
        LOGGER.propagate = False
        self.handler = handler
        return self.where

    def stop(self) -> None:
        if self.handler is not None:
            LOGGER.removeHandler(self.handler)
            with contextlib.suppress(OSError):
                self.handler.close()
            self.handler = None
