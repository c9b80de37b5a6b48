"""One story as one line of a list: columns fitted to the width, all wire text as data."""

from __future__ import annotations

from datetime import datetime, tzinfo

from rich.text import Text

from deskapp.core.listing import StorySummary
from deskapp.core.safe_text import one_line

# (name, width) of the fixed columns; the headline takes what is left.
TIME_W = 7
AGENCY_W = 9
DESK_W = 13
STATUS_W = 9
MARKS_W = 3
CREDITS_W = 18
NARROW = 90  # below this width the credits column is dropped
STATUS_STYLE = {"inbox": "bold", "editing": "cyan", "queued": "green", "published": "blue",
                "spiked": "dim", "killed": "bold red"}


def layout(width: int) -> tuple[int, int]:
    """(headline width, credits width) for a list `width` cells wide."""
    credits = CREDITS_W if width >= NARROW else 0
    fixed = 2 + TIME_W + AGENCY_W + DESK_W + STATUS_W + MARKS_W + (credits + 1 if credits else 0)
    return max(width - fixed, 8), credits


def shown_time(summary: StorySummary, now: datetime, zone: tzinfo) -> str:
    when = summary.published_at or summary.ingested_at
    if when is None:
        return ""
    local = when.astimezone(zone)
    if local.date() == now.astimezone(zone).date():
        return local.strftime("%H:%M")
    return local.strftime("%d %b")


def header_line(width: int) -> Text:
    headline_w, credits_w = layout(width)
    text = Text("  ", style="bold")
    for title, w in (("Time", TIME_W), ("Agency", AGENCY_W), ("Desk", DESK_W),
                     ("Status", STATUS_W), ("", MARKS_W), ("Headline", headline_w)):
        text.append(title.ljust(w)[:w], style="bold")
    if credits_w:
        text.append(" " + "Credits".ljust(credits_w)[:credits_w], style="bold")
    return text


def _cell(text: str, width: int) -> str:
    return one_line(text, width).ljust(width)


def story_line(summary: StorySummary, width: int, *, now: datetime, zone: tzinfo,
               selected: bool = False, status: Text | None = None,
               me: str | None = None) -> Text:
    """The row for `summary`. Wire text is appended as plain strings, never parsed.

    `status` replaces the status column (the queue view shows readiness there).
    A soft lock held by `me` (this editor) is not marked: only others' matter here.
    """
    editing = summary.locked_by if summary.locked_by != me else None
    headline_w, credits_w = layout(width)
    line = Text(no_wrap=True, overflow="crop")
    line.append("● " if selected else "  ", style="bold" if selected else "")
    line.append(_cell(shown_time(summary, now, zone), TIME_W - 1) + " ", style="dim")
    line.append(_cell(summary.agency, AGENCY_W - 1) + " ")
    if summary.desk:
        line.append(_cell(summary.desk, DESK_W - 1) + " ")
    elif summary.suggested_desk:
        line.append(_cell(summary.suggested_desk + "?", DESK_W - 1) + " ", style="dim italic")
    else:
        line.append(_cell("—", DESK_W - 1) + " ", style="dim")
    if editing:  # "NAME is editing", as much of the name as fits
        line.append(_cell("✎" + editing, STATUS_W - 1) + " ", style="magenta")
    elif status is not None:
        cell = status.copy()
        cell.truncate(STATUS_W - 1, pad=True)
        line.append_text(cell)
        line.append(" ")
    else:
        shown = "killed" if summary.killed else str(summary.status)
        line.append(_cell(shown, STATUS_W - 1) + " ", style=STATUS_STYLE.get(shown, ""))
    line.append_text(_marks(summary, editing))
    headline = one_line(summary.headline, headline_w - 1).ljust(headline_w - 1) + " "
    line.append(headline, style="strike" if summary.killed else "")
    if credits_w:
        line.append(_cell(summary.credits_short, credits_w), style="dim")
    line.truncate(width, pad=True)
    return line


def _marks(summary: StorySummary, editing: str | None) -> Text:
    """Note marker (! overdue, • open notes) and lock marker (✎ someone is editing)."""
    marks = Text()
    if summary.overdue_notes:
        marks.append("!", style="bold red")
    elif summary.open_notes:
        marks.append("•", style="yellow")
    else:
        marks.append(" ")
    marks.append("✎" if editing else " ", style="magenta")
    marks.append(" ")
    return marks


def placeholder_line(width: int) -> Text:
    return Text("  …".ljust(width), style="dim", no_wrap=True)
