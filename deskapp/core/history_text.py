"""A story's history as an editor reads it: field names in words, before → after that differ.

One place for the CLI's `history`, the desk's history dialog and the conflict
dialog, so they all say the same thing:

    describe_change("headline", "North Korean delegation to visit Seoul next week",
                    "North Korean delegation to visit Pyongyang next week", width=30, zone=UTC)
    -> ("…delegation to visit Seoul next…", "…delegation to visit Pyongyang next…")

Long text shows the part that differs with a little context, never two cut
copies that look alike. Notes read as "note added: …", "resolved", "reopened";
queue places as in or out of the queue and which way a move went (stored queue
keys mean nothing to an editor); times in the editor's zone, with the year.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from typing import Any

from deskapp.core.safe_text import one_line
from deskapp.core.when import END_OF_DAY

NONE = "—"
ELLIPSIS = "…"

FIELD_LABELS = {
    "queue_position": "queue place",
    "queue_forced": "queued though not ready",
    "embargo_until": "embargo",
    "exported_at": "exported",
    "published_at": "wire time",
    "dateline_place": "dateline",
    "dateline_date": "dateline date",
    "suggested_desk": "suggested desk",
    "wire_version": "wire version",
    "wire_base": "based on wire version",
    "wire_pending": "wire version waiting",
    "photo_caption": "photo caption",
    "photo_credit": "photo credit",
    "subheadline": "subheadline",
    "killed": "killed by the wire",
    "withdrawn": "withheld by the wire",
    "corrected": "wire correction",
    "lock": "edit lock",
    "source": "source",
    "alert": "wire alert",
    "cluster_id": "cluster",
    "covered_by": "spiked as covered by",
}
_STORY_NUMBERS = {"cluster_id", "covered_by"}  # shown as `#16`
_TIME_FIELDS = {"published_at", "embargo_until", "exported_at", "due", "resolved_at"}


def field_label(field: str) -> str:
    """A stored field's name as an editor says it: "queue place", "note", "headline"."""
    if field.startswith("note:"):
        return "note"
    return FIELD_LABELS.get(field, field.replace("_", " "))


def action_words(action: str, undoes: int | None = None) -> str:
    """What a change was, as both faces say it: 'undo of version 3', 'redo of version 5',
    or the action as recorded ('desk', 'wire-update')."""
    return f"{action} of version {undoes}" if undoes else action


def note_label(field: str, before: Any, after: Any, *, width: int = 32) -> str:
    """Which note a change touched: 'note 3 “Putin visit date unclear”' (its text cut
    to `width`), or plain 'note' for a field that is no note."""
    if not field.startswith("note:"):
        return field_label(field)
    number = field.removeprefix("note:")
    text = str((after or before or {}).get("text", "") or "")
    return f"note {number} “{_clip(text, width)}”" if text else f"note {number}"


def credits_words(before: list[Any] | None, after: list[Any] | None, *, width: int = 80) -> str:
    """A credits change read forwards: 'added editor Ana Lima; removed contributor
    Lucia Ferrandi', or 'same names, new order: …'; 'none' when nothing differs."""
    keys_b = [tuple(c) for c in before or []]
    keys_a = [tuple(c) for c in after or []]
    added = [_credit(c) for c in after or [] if tuple(c) not in keys_b]
    removed = [_credit(c) for c in before or [] if tuple(c) not in keys_a]
    parts = []
    if added:
        parts.append("added " + ", ".join(added))
    if removed:
        parts.append("removed " + ", ".join(removed))
    if not parts:
        if keys_a == keys_b:
            return "none"
        parts.append("same names, new order: " + (", ".join(map(_credit, after or [])) or NONE))
    return _clip("; ".join(parts), max(width, 8))


def describe_change(
    field: str, before: Any, after: Any, *, width: int = 40, zone: tzinfo | None = None
) -> tuple[str, str]:
    """Before and after of one field of one change, each one line of at most `width` cells."""
    width = max(width, 8)
    if field.startswith("note:"):
        return _note(before, after, width, zone)
    if field == "credits":
        return _credits(before or [], after or [], width)
    if field == "queue_position":
        return _queue_place(before, after)
    if field == "priority":
        return _priority(before), _priority(after)
    if isinstance(before, str) and isinstance(after, str) and field not in _TIME_FIELDS:
        return text_difference(before, after, width)
    return _clip(_value(field, before, zone), width), _clip(_value(field, after, zone), width)


def describe_changes(
    changes: dict[str, Any], *, width: int = 40, zone: tzinfo | None = None
) -> list[tuple[str, str, str]]:
    """(label, before, after) for each field of one change, in the order it recorded them."""
    out = []
    for name, pair in changes.items():
        before, after = [*pair, None, None][:2] if isinstance(pair, list) else (None, pair)
        shown_before, shown_after = describe_change(name, before, after, width=width, zone=zone)
        out.append((field_label(name), shown_before, shown_after))
    return out


def text_difference(before: str, after: str, width: int) -> tuple[str, str]:
    """Two texts cut to the part that differs, with some context, each within `width`."""
    b, a = one_line(before, 10**6), one_line(after, 10**6)
    if not b and not a:
        return NONE, NONE
    if len(b) <= width and len(a) <= width:
        return b or NONE, a or NONE
    prefix = 0
    limit = min(len(b), len(a))
    while prefix < limit and b[prefix] == a[prefix]:
        prefix += 1
    first_difference = prefix
    suffix = 0
    while suffix < limit - prefix and b[len(b) - 1 - suffix] == a[len(a) - 1 - suffix]:
        suffix += 1
    # whole words: start the difference at a word's start, end it at a word's end
    while prefix > 0 and not b[prefix - 1].isspace():
        prefix -= 1
    while suffix > 0 and not b[len(b) - suffix].isspace():
        suffix -= 1
    diff_b, diff_a = b[prefix : len(b) - suffix], a[prefix : len(a) - suffix]
    room = width - 2 - max(len(diff_b), len(diff_a))  # two ellipses at most
    left = right = 0
    if room > 0:
        left = min(prefix, room // 2 + (room % 2 if suffix == 0 else 0))
        right = min(suffix, room - left)
        left = min(prefix, room - right)
    shown = (
        _window(b, prefix - left, len(b) - suffix + right, width),
        _window(a, prefix - left, len(a) - suffix + right, width),
    )
    if shown[0] == shown[1] and b != a:  # the difference did not fit: start where it starts
        start = max(first_difference - 3, 0)
        shown = (
            _window(b, start, len(b), width, words=False),
            _window(a, start, len(a), width, words=False),
        )
    if shown[0] == shown[1] and b != a:  # texts alike but for their length
        shown = (_clip(f"{len(b)} characters", width), _clip(f"{len(a)} characters", width))
    return shown


def _window(text: str, start: int, end: int, width: int, *, words: bool = True) -> str:
    """text[start:end] with an ellipsis for each cut end, within `width`."""
    if not words:
        head = ELLIPSIS if start > 0 else ""
        body = text[start:end]
        if len(head) + len(body) > width:
            return head + body[: max(width - len(head) - 1, 1)] + ELLIPSIS
        return (head + body) or NONE
    if start > 0 and " " in text[start:end]:  # begin at a word, not in its middle
        cut = text.find(" ", start - 1)
        if 0 <= cut < end and text[start - 1] != " " and cut - start < 12:
            start = cut + 1
    if end < len(text) and " " in text[start:end]:
        cut = text.rfind(" ", start, end + 1)
        if cut > start and text[end : end + 1] != " " and end - cut < 12:
            end = cut
    shown = text[start:end].strip()
    head = ELLIPSIS if start > 0 else ""
    tail = ELLIPSIS if end < len(text) else ""
    if len(head) + len(shown) + len(tail) > width:
        shown = shown[: max(width - len(head) - 1, 1)]
        tail = ELLIPSIS
    return (head + shown + tail) or NONE


def _clip(text: str, width: int) -> str:
    text = one_line(text, 10**6)
    return text if len(text) <= width else text[: width - 1] + ELLIPSIS


def _value(field: str, value: Any, zone: tzinfo | None) -> str:
    if value is None or value == "" or value == []:
        return NONE
    if isinstance(value, bool):
        return "yes" if value else "no"
    if field in _STORY_NUMBERS and isinstance(value, int):
        return f"#{value}"
    if field in _TIME_FIELDS and isinstance(value, str):
        return shown_time(value, zone)
    if isinstance(value, list):
        return ", ".join(" ".join(map(str, v)) if isinstance(v, list) else str(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k} {v}" for k, v in value.items())
    return str(value)


def shown_time(value: str | datetime, zone: tzinfo | None) -> str:
    """'Fri 2026-02-13 15:00' in the editor's zone (the year always: copy spans years)."""
    try:
        moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    except ValueError:
        return str(value)
    if isinstance(moment, datetime):
        if zone is not None:
            moment = moment.astimezone(zone)
        if moment.time() == END_OF_DAY:  # a whole day ("by Friday"): the date says it
            return f"{moment:%a %Y-%m-%d}"
        return f"{moment:%a %Y-%m-%d %H:%M}"
    return moment.isoformat() if isinstance(moment, date) else str(moment)


def _priority(value: Any) -> str:
    if value is None:
        return NONE
    from deskapp.core.queue_rules import priority_label

    return priority_label(int(value))


def _queue_place(before: Any, after: Any) -> tuple[str, str]:
    """Stored queue keys (1024, 2048 …) are no place an editor knows: in or out, up or down."""
    if before is not None and after is not None:
        if before == after:
            return "in the queue", "in the queue"
        return "in the queue", "moved up" if after < before else "moved down"
    return (
        "not in the queue" if before is None else "in the queue",
        "not in the queue" if after is None else "in the queue",
    )


def _credit(item: Any) -> str:
    return " ".join(map(str, item)) if isinstance(item, list | tuple) else str(item)


def _credits(before: list[Any], after: list[Any], width: int) -> tuple[str, str]:
    """Whole lists when they fit; else what went and what came."""
    full_b = ", ".join(_credit(c) for c in before) or NONE
    full_a = ", ".join(_credit(c) for c in after) or NONE
    if len(full_b) <= width and len(full_a) <= width:
        return full_b, full_a
    keys_b = [tuple(c) for c in before]
    keys_a = [tuple(c) for c in after]
    removed = [_credit(c) for c in before if tuple(c) not in keys_a]
    added = [_credit(c) for c in after if tuple(c) not in keys_b]
    if not removed and not added:
        return _clip(full_b, width), _clip("same names, new order: " + full_a, width)
    shown_b = "removed " + ", ".join(removed) if removed else "kept the others"
    shown_a = "added " + ", ".join(added) if added else "kept the others"
    return _clip(shown_b, width), _clip(shown_a, width)


def _note(before: Any, after: Any, width: int, zone: tzinfo | None) -> tuple[str, str]:
    """A note added, resolved, reopened, or its text or due changed."""
    if before is None:
        text = "note added: " + str((after or {}).get("text", ""))
        due = (after or {}).get("due")
        if due:
            text += f" (due {shown_time(due, zone)})"
        return NONE, _clip(text, width)
    if after is None:
        return _clip(str(before.get("text", "")), width), NONE
    parts_b: list[str] = []
    parts_a: list[str] = []
    if before.get("text") != after.get("text"):
        tb, ta = text_difference(str(before.get("text", "")), str(after.get("text", "")), width)
        parts_b.append(tb)
        parts_a.append(ta)
    if before.get("due") != after.get("due"):
        parts_b.append("due " + (shown_time(before["due"], zone) if before.get("due") else NONE))
        parts_a.append("due " + (shown_time(after["due"], zone) if after.get("due") else NONE))
    if bool(before.get("resolved_at")) != bool(after.get("resolved_at")):
        parts_b.append("resolved" if before.get("resolved_at") else "open")
        parts_a.append("resolved" if after.get("resolved_at") else "reopened")
    if not parts_b:
        return _clip(str(before.get("text", "")), width), _clip(str(after.get("text", "")), width)
    return _clip(" · ".join(parts_b), width), _clip(" · ".join(parts_a), width)
