"""What a service call can refuse, each with a one-line message for the editor."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class ServiceError(Exception):
    """Base of every refusal. `str(exc)` is one line, fit to show as is."""

    exit_code = 1


class NotFound(ServiceError):
    exit_code = 4


class InvalidInput(ServiceError):
    exit_code = 1


@dataclass
class ChangeSummary:
    """One change someone else made since the editor's version."""

    event_id: int
    editor: str
    at: str
    action: str
    changes: dict[str, Any] = field(default_factory=dict)


class Conflict(ServiceError):
    """The story changed since the version the editor worked from. Nothing was applied."""

    exit_code = 3

    def __init__(self, story_id: int, expected: int, actual: int,
                 since: list[ChangeSummary] | None = None, message: str = "") -> None:
        self.story_id = story_id
        self.expected = expected
        self.actual = actual
        self.since = since or []
        if not message:
            who = ", ".join(sorted({c.editor for c in self.since})) or "someone"
            fields = sorted({f for c in self.since for f in c.changes})
            what = f" ({', '.join(fields)})" if fields else ""
            message = (f"story {story_id} changed since version {expected}: now version {actual}, "
                       f"changed by {who}{what}; nothing applied")
        super().__init__(message)
