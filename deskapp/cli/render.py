"""Stories as the command line prints them: JSON shapes and plain text."""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo
from typing import Any

from deskapp.core.listing import HistoryEntry, StorySummary
from deskapp.core.markdown_body import markdown_to_wire
from deskapp.core.story import Note, Story
from deskapp.core.when import format_due


def iso(value: datetime | date | None) -> str | None:
    return value.isoformat() if value is not None else None


def note_json(note: Note) -> dict[str, Any]:
    return {
        "id": note.id,
        "text": note.text,
        "author": note.author,
        "created_at": iso(note.created_at),
        "due": iso(note.due),
        "resolved": iso(note.resolved_at),
    }


def story_json(story: Story) -> dict[str, Any]:
    """The `show --json` shape. Keys and nesting are part of the CLI's contract."""
    return {
        "id": story.id,
        "uid": story.uid,
        "version": story.version,
        "headline": story.headline,
        "slugline": story.slugline or None,
        "agency": story.agency or None,
        "section": story.section or None,
        "dateline": {"place": story.dateline_place or None, "date": iso(story.dateline_date)},
        "published_at": iso(story.published_at),
        "ingested_at": iso(story.ingested_at),
        "body": story.body,
        "signoff": story.signoff or None,
        "photo": (
            {"caption": story.photo.caption, "credit": story.photo.credit} if story.photo else None
        ),
        "credits": [{"role": str(c.role), "name": c.name} for c in story.credits],
        "desk": story.desk,
        "suggested_desk": story.suggested_desk,
        "status": str(story.status),
        "killed": story.killed,
        "withdrawn": story.withdrawn,
        "corrected": story.corrected,
        "wire_pending": story.wire_pending,  # a wire version waiting for the editor's choice
        "priority": story.priority,
        "embargo_until": iso(story.embargo_until),
        "queue_position": story.queue_position,
        "notes": [note_json(n) for n in story.notes],
        "source": {"format": story.source_format, "ref": story.source_ref or None},
    }


def summary_json(summary: StorySummary) -> dict[str, Any]:
    return {
        "id": summary.id,
        "headline": summary.headline,
        "agency": summary.agency or None,
        "desk": summary.desk,
        "suggested_desk": summary.suggested_desk,
        "status": str(summary.status),
        "killed": summary.killed,
        "withdrawn": summary.withdrawn,
        "corrected": summary.corrected,
        "wire_pending": summary.wire_pending,
        "published_at": iso(summary.published_at),
        "ingested_at": iso(summary.ingested_at),
        "cluster": cluster_json(summary),
    }


def cluster_json(summary: StorySummary) -> dict[str, Any] | None:
    """The row's cluster (when it stands for one of two stories or more), else None."""
    if summary.cluster_id is None or summary.cluster_size < 2:
        return None
    return {
        "id": summary.cluster_id,
        "agencies": summary.cluster_marker,
        "stories": summary.cluster_size,
    }


def cluster_word(s: StorySummary) -> str:
    """`[R·AP·AFP 5] ` before a row's headline when it stands for a cluster; else ''."""
    if s.cluster_id is None or s.cluster_size < 2:
        return ""
    return f"[{s.cluster_marker} {s.cluster_size}] "


def wire_flags(killed: bool, withdrawn: bool, corrected: bool) -> list[str]:
    """What the wire said about the copy, in words: killed, withheld, corrected."""
    flags = []
    if killed:
        flags.append("KILLED by the wire")
    if withdrawn:
        flags.append("WITHHELD by the wire")
    if corrected:
        flags.append("a correction")
    return flags


def status_word(s: StorySummary | Story) -> str:
    """The status column: a kill or a hold from the wire outranks where the story stands."""
    if s.killed:
        return "KILLED"
    if s.withdrawn:
        return "WITHHELD"
    return str(s.status)


def history_json(entry: HistoryEntry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "at": iso(entry.at),
        "editor": entry.editor,
        "action": entry.action,
        "version": entry.version,
        "changes": entry.changes,
        "undoes": entry.undoes,
    }


def history_lines(entry: HistoryEntry, zone: tzinfo = UTC, width: int = 100) -> list[str]:
    """One change as `deskapp history` prints it: who, when, what, then each field's
    before → after, cut to the part that differs (core/history_text.py)."""
    from deskapp.core.history_text import action_words

    when = f"{entry.at.astimezone(zone):%Y-%m-%d %H:%M}" if entry.at else "-"
    what = action_words(entry.action, entry.undoes)
    return [
        f"{entry.id:>6}  v{entry.version:<3} {when}  {entry.editor}  {what}",
        *change_lines(entry.changes, zone, width),
    ]


def change_lines(
    changes: dict[str, Any], zone: tzinfo = UTC, width: int = 100, indent: str = " " * 10
) -> list[str]:
    """Each field of one change on its own line: 'desk: — → europe', 'note added: …',
    'credits: added editor Ana Lima', 'note 3 “Call the embassy”: open → resolved'."""
    from deskapp.core.history_text import credits_words, describe_change, note_label

    room = max(width - len(indent), 30)
    lines = []
    for name, pair in changes.items():
        before, after = [*pair, None, None][:2] if isinstance(pair, list) else (None, pair)
        label = note_label(name, before, after)
        if name == "credits":  # read forwards: who was added, who removed
            words = credits_words(before, after, width=room - len(label) - 2)
            lines.append(f"{indent}{label}: {words}")
            continue
        if (name.startswith("note:") and before is None) or name == "source":
            shown = describe_change(name, before, after, width=room - len(label) - 2, zone=zone)
            lines.append(
                f"{indent}{shown[1]}" if name != "source" else f"{indent}source: {shown[1]}"
            )
            continue
        side = max((room - len(label) - 5) // 2, 20)
        shown_before, shown_after = describe_change(name, before, after, width=side, zone=zone)
        lines.append(f"{indent}{label}: {shown_before} → {shown_after}")
    return lines


def story_text(story: Story, zone: tzinfo = UTC, now: datetime | None = None) -> str:
    """The story as `deskapp show` prints it; note dues in the desk's time zone.

    A dateline from another year than `now`'s says its year ('Jan 05 2024')."""
    lines = [story.headline, "=" * min(len(story.headline), 78)]
    meta = []
    if story.dateline_place:
        day = story.dateline_date
        year = day is not None and day.year != (now or datetime.now(UTC)).year
        meta.append(
            story.dateline_place + (f", {day:%b %d}{f' {day:%Y}' if year else ''}" if day else "")
        )
    if story.agency:
        meta.append(story.agency)
    if story.published_at:
        meta.append(f"{story.published_at:%Y-%m-%d %H:%M} UTC")
    lines.append(" · ".join(meta))
    desk = story.desk or (f"({story.suggested_desk}? suggested)" if story.suggested_desk else "-")
    lines.append(f"id {story.id} · version {story.version} · {story.status} · desk {desk}")
    flags = wire_flags(story.killed, story.withdrawn, story.corrected)
    if flags:
        lines.append("wire: " + ", ".join(flags))
    if story.wire_pending:
        lines.append(
            f"wire version {story.wire_pending} waiting for your choice: "
            f"deskapp versions {story.id} --take / --keep"
        )
    for role in dict.fromkeys(c.role for c in story.credits):
        lines.append(f"{role}: " + ", ".join(story.names(role)))
    lines.append("")
    # the body is stored as Markdown: shown as its text, without the escapes that keep
    # wire copy from turning into markup (`show --json` gives the Markdown itself)
    lines.extend(markdown_to_wire(p) + "\n" for p in story.paragraphs())
    if story.photo:
        lines.append(f"Photo: {story.photo.caption} ({story.photo.credit})")
    if story.signoff:
        lines.append(story.signoff)
    for note in story.notes:
        state = "resolved" if note.resolved else "open"
        due = f" due {format_due(note.due, zone)}" if note.due else ""
        lines.append(f"note {note.id} [{state}{due}] {note.author}: {note.text}")
    lines.append(f"source: {story.source_format} {story.source_ref}")
    return "\n".join(lines)


def summary_line(s: StorySummary, width: int = 100, now: datetime | None = None) -> str:
    """One `deskapp list` row. Its time is UTC: 'MM-DD HH:MM' this year (of `now`),
    the date with its year ('2024-01-05') for copy from another year."""
    when = s.published_at or s.ingested_at
    this_year = (now or datetime.now(UTC)).year
    if when is None:
        stamp = "-" * 11
    elif when.astimezone(UTC).year != this_year:
        stamp = f"{when.astimezone(UTC):%Y-%m-%d} "
    else:
        stamp = f"{when.astimezone(UTC):%m-%d %H:%M}"
    desk = s.desk or (f"{s.suggested_desk}?" if s.suggested_desk else "-")
    marker = "*" if s.open_notes else " "
    head = (
        f"{s.id:>6} {stamp} {(s.agency or '-')[:8]:<8} {desk[:13]:<13} {status_word(s):<9}{marker}"
    )
    room = max(width - len(head) - 1, 20)
    text = cluster_word(s) + ("(correction) " if s.corrected else "") + s.headline
    headline = text if len(text) <= room else text[: room - 1] + "…"
    return f"{head} {headline}"
