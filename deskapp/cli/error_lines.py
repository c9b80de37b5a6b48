"""Errors that reach the top of a command, as one line and an exit code.

Library errors become CLI errors here, at one edge: a database that refused,
a disk that is full (the message names the file), a config that cannot be
read. Anything else is unexpected: it is said plainly (see
`deskapp.core.reasons`), and `--debug` logs its traceback.
"""

from __future__ import annotations

import errno

from deskapp.core.reasons import plain_reason

_FULL = ("database or disk is full", "no space left", "disk i/o error")


def describe_error(exc: Exception, database: str = "") -> tuple[str, int, bool]:
    """(message, exit code, unexpected?) for an exception that ended a command."""
    from deskapp.config import ConfigError
    from deskapp.logs import LogUnavailable
    from deskapp.services.errors import ServiceError
    from deskapp.store.database import DatabaseUnavailable
    from deskapp.store.engine import DatabaseURLError

    if isinstance(exc, ServiceError):
        return str(exc), exc.exit_code, False
    if isinstance(exc, ConfigError | DatabaseUnavailable | DatabaseURLError | LogUnavailable):
        return str(exc), 1, False
    if isinstance(exc, OSError) and exc.errno is not None:
        return _os_error(exc), 1, False
    from sqlalchemy.exc import DBAPIError

    if isinstance(exc, DBAPIError) and getattr(exc.orig, "sqlstate", None) == "42501":
        from deskapp.services.guard import refused_by_database

        refused = refused_by_database(exc)
        assert refused is not None
        return str(refused), refused.exit_code, False
    if isinstance(exc, DBAPIError):
        lines = str(exc.orig or exc).strip().splitlines()
        reason = lines[0] if lines else "the database refused the change"
        if database and any(word in reason.lower() for word in _FULL):
            reason = f"{reason} (writing {database})"
        return f"database error: {reason}", 1, False
    return plain_reason(exc), 1, True


def _os_error(exc: OSError) -> str:
    """ "No space left on device: /srv/desk/export/x.md", naming the file that failed."""
    reason = exc.strerror or plain_reason(exc)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT) and not exc.filename:
        reason += " (the file is not known)"
    names = [str(n) for n in (exc.filename, exc.filename2) if n]
    return f"{reason}: {' -> '.join(names)}" if names else reason
