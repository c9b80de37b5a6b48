"""The rules of the publication queue: readiness, order, the wire priority scale, embargo times.

Plain functions over plain values: the queue service applies them under a lock,
the CLI and the TUI use them to show what a story still lacks.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo

from deskapp.core.story import Role, Story

# The wire scale: 1 is a flash, 6 an ordinary story; wires send down to 9 (lowest).
PRIORITY_FLASH = 1
PRIORITY_ORDINARY = 6
PRIORITY_LOWEST = 9
PRIORITY_NAMES = {1: "flash", 2: "bulletin", 3: "urgent", 6: "ordinary"}

# Stored queue positions are spaced keys: a story moves or arrives between two
# neighbours without renumbering them. Editors see ordinals 1, 2, 3 ...
POSITION_STEP = 1024

# Who counts as the story's author for readiness: the writer, or the reporter (Reuters
# copy that credits only "Reporting by X" was written by X).
AUTHOR_ROLES: tuple[str, ...] = (Role.WRITER.value, Role.REPORTER.value)


def priority_label(priority: int | None) -> str:
    """'1 flash', '4', or '6 ordinary' for a story with no priority of its own."""
    value = effective_priority(priority)
    name = PRIORITY_NAMES.get(value)
    return f"{value} {name}" if name else str(value)


def effective_priority(priority: int | None) -> int:
    """A story the wire sent without a priority ranks as ordinary."""
    return PRIORITY_ORDINARY if priority is None else priority


def check_priority(priority: int) -> str | None:
    """None if `priority` is on the wire scale, else a one-line reason."""
    if not PRIORITY_FLASH <= priority <= PRIORITY_LOWEST:
        return (
            f"priority must be {PRIORITY_FLASH} (flash) to {PRIORITY_LOWEST} (lowest); "
            f"{PRIORITY_ORDINARY} is ordinary, not {priority}"
        )
    return None


def missing_parts(
    *,
    desk: str | None,
    headline: str,
    body: str,
    writers: Sequence[str],
    killed: bool = False,
    withdrawn: bool = False,
) -> list[str]:
    """What a story still needs before it can be published; empty when it is ready.

    `writers` are the story's authors: the names credited in one of `AUTHOR_ROLES`.
    """
    missing = []
    if not desk:
        missing.append("a desk")
    if not headline.strip():
        missing.append("a headline")
    if not body.strip():
        missing.append("a body")
    if not any(name.strip() for name in writers):
        missing.append("an author credit (writer or reporter)")
    if killed:
        missing.append("a wire that has not killed it")
    if withdrawn:
        missing.append("the wire's release (it is withheld)")
    return missing


def wire_refusal(story_id: int, *, killed: bool, withdrawn: bool) -> str | None:
    """Why the wire forbids queueing the story (even forced), or None."""
    if killed:
        return f"story {story_id} was killed by the wire: it can never be queued"
    if withdrawn:
        return (
            f"story {story_id} is withheld by the wire: it cannot be queued "
            "until the wire releases it"
        )
    return None


def missing_for(story: Story) -> list[str]:
    return missing_parts(
        desk=story.desk,
        headline=story.headline,
        body=story.body,
        writers=[c.name for c in story.credits if c.role in AUTHOR_ROLES],
        killed=story.killed,
        withdrawn=story.withdrawn,
    )


def describe_missing(missing: Sequence[str]) -> str:
    """'a desk and an author credit (writer or reporter)' — for one-line messages."""
    if len(missing) <= 1:
        return "".join(missing)
    return ", ".join(missing[:-1]) + " and " + missing[-1]


def insert_index(priorities: Sequence[int | None], priority: int | None) -> int:
    """Where a new entry goes in a queue whose entries have `priorities`, in order.

    After the last entry of the same or a higher priority (a lower number), so a
    new flash goes above ordinary copy but never ahead of an earlier flash, and
    an explicit reordering by the editor is respected.
    """
    mine = effective_priority(priority)
    for n in range(len(priorities) - 1, -1, -1):
        if effective_priority(priorities[n]) <= mine:
            return n + 1
    return 0


def key_between(before: int | None, after: int | None) -> int | None:
    """A position key strictly between two neighbours' keys, or None if there is no room."""
    if after is None:
        return POSITION_STEP if before is None else before + POSITION_STEP
    if before is None:
        before = after - 2 * POSITION_STEP if after > 2 * POSITION_STEP else 0
    if after - before < 2:
        return None
    return before + (after - before) // 2


def spaced_keys(count: int) -> list[int]:
    """Fresh keys for `count` entries in order: used when a gap runs out."""
    return [POSITION_STEP * (n + 1) for n in range(count)]


def is_embargoed(embargo_until: datetime | None, now: datetime) -> bool:
    return embargo_until is not None and embargo_until > now


def editor_zone(name: str) -> tzinfo:
    """The editor's time zone (see `deskapp.core.when.desk_zone`); ValueError if unknown."""
    from deskapp.core.when import desk_zone

    return desk_zone(name)
