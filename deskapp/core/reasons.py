"""An exception that was not foreseen, told in words a desk editor can act on.

Internal names (RecursionError, LookupError, KeyError...) mean nothing at the
desk and never appear in a message: the reason is said plainly, and the
traceback goes to the log when the editor asks for it (`--debug`).
"""

from __future__ import annotations


def plain_reason(exc: BaseException) -> str:
    """One line saying why, without the exception's class name."""
    if isinstance(exc, RecursionError):
        return "too deeply nested to read"
    if isinstance(exc, MemoryError):
        return "not enough memory"
    if isinstance(exc, KeyError | IndexError):  # their text is only the missing key
        return "an internal error (a missing entry)"
    text = str(exc).strip()
    first = text.splitlines()[0] if text else ""
    if isinstance(exc, LookupError) and first.startswith("unknown encoding"):
        return first  # codecs.lookup: "unknown encoding: x-mac-klingon"
    return first or "an internal error"
