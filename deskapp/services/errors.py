"""What a service call can refuse, each with a one-line message for the editor."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import tzinfo
from typing import Any


class ServiceError(Exception):
    """Base of every refusal. `str(exc)` is one line, fit to show as is."""

    exit_code = 1


class NotFound(ServiceError):
    exit_code = 4


class InvalidInput(ServiceError):
    exit_code = 1


class BadValue(InvalidInput):
    """A value the editor gave that cannot be read or is out of range (a priority of 12,
    position 0, a date that is none, a field a change did not touch): a usage error."""

    exit_code = 2


@dataclass
class ChangeSummary:
    """One change someone else made since the editor's version."""

    event_id: int
    editor: str
    at: str
    action: str
    changes: dict[str, Any] = field(default_factory=dict)

    def describe(self, *, width: int = 40, zone: tzinfo | None = None) -> str:
        """'Bo Yu (desk, Mon 2026-03-02 09:30): desk none → europe; note added: call' — one line."""
        from deskapp.core.history_text import describe_changes, shown_time

        when = shown_time(self.at, zone) if self.at else ""
        parts = []
        for label, before, after in describe_changes(self.changes, width=width, zone=zone):
            if label == "note" and before == "—":
                parts.append(after)
            else:
                parts.append(f"{label} {before} → {after}")
        head = f"{self.editor or 'someone'} ({self.action}{', ' + when if when else ''})"
        return f"{head}: {'; '.join(parts)}" if parts else head


class Conflict(ServiceError):
    """The story changed since the version the editor worked from. Nothing was applied."""

    exit_code = 3

    def __init__(
        self,
        story_id: int,
        expected: int,
        actual: int,
        since: list[ChangeSummary] | None = None,
        message: str = "",
    ) -> None:
        self.story_id = story_id
        self.expected = expected
        self.actual = actual
        self.since = since or []
        if not message:
            who = ", ".join(sorted({c.editor for c in self.since})) or "someone"
            from deskapp.core.history_text import field_label

            fields = dict.fromkeys(field_label(f) for c in self.since for f in c.changes)
            what = f" ({', '.join(fields)})" if fields else ""
            message = (
                f"story {story_id} changed since version {expected}: now version {actual}, "
                f"changed by {who}{what}; nothing applied"
            )
        super().__init__(message)


class LaterChange(Conflict):
    """Taking back a change would overwrite a later change to the same field. Nothing applied.

    `later` lists the later changes that touched those fields (who, when, what);
    `fields` names the fields. Undo and revert raise it unless forced.
    """

    def __init__(
        self,
        story_id: int,
        version: int,
        actual: int,
        later: list[ChangeSummary],
        fields: list[str],
        message: str = "",
        me: str = "",
    ) -> None:
        self.later = later
        self.fields = fields
        # who changed what since, without what the command line can do about it
        self.summary = later_change_summary(story_id, version, later, fields, me=me)
        if not message:
            message = later_change_message(story_id, version, later, fields, me=me)
        super().__init__(story_id, version, actual, later, message)


_FORCE_HINT = "nothing changed (forcing takes it back anyway)"


def later_change_message(
    story_id: int, version: int, later: list[ChangeSummary], fields: list[str], *, me: str = ""
) -> str:
    """'story 12: Bo Yu changed the desk after version 3; nothing changed (…)'."""
    return f"{later_change_summary(story_id, version, later, fields, me=me)}; {_FORCE_HINT}"


def later_change_summary(
    story_id: int, version: int, later: list[ChangeSummary], fields: list[str], *, me: str = ""
) -> str:
    """'story 12: Bo Yu and you changed the desk after version 3'.

    The acting editor (`me`) is named "you": undoing an older act of one's own
    under a newer one to the same field asks too."""
    from deskapp.core.history_text import field_label

    names = dict.fromkeys(
        "you" if me and c.editor == me else (c.editor or "someone") for c in later
    )
    listed = list(names) or ["someone"]
    who = " and ".join([", ".join(listed[:-1]), listed[-1]]) if len(listed) > 1 else listed[0]
    what = ", ".join(dict.fromkeys(field_label(f) for f in fields))
    return f"story {story_id}: {who} changed the {what} after version {version}"
