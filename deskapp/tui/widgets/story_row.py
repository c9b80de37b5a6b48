"""One story as one line of a list: columns fitted to the width, all wire text as data.

The columns grow with the terminal: at 80 cells the headline keeps what it can and
credits are dropped; at 200 cells desks are whole and credits get a third of the room.
A story the wire killed, withdrew or corrected carries a tag before its headline in
every list (and a killed headline is struck through).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from rich.text import Text

from deskapp.core.listing import StorySummary
from deskapp.core.safe_text import one_line

AGENCY_W = 9
STATUS_W = 9
MARKS_W = 3
NARROW = 90  # below this width the credits column is dropped
WIDE = 120  # from this width on, dates from another year show the day too
CREDITS_MIN, CREDITS_MAX = 18, 48
STATUS_STYLE = {
    "inbox": "bold",
    "editing": "cyan",
    "queued": "green",
    "published": "blue",
    "spiked": "dim",
    "killed": "bold red",
}
# (flag attribute, tag before the headline, style), strongest first: one tag per row
FLAGS = (
    ("killed", "KILLED", "bold red"),
    ("withdrawn", "WITHDRAWN", "bold yellow"),
    ("corrected", "CORRECTED", "bold cyan"),
)


@dataclass(frozen=True, slots=True)
class Columns:
    """Cell widths of one row, each including the gap after it."""

    time: int
    agency: int
    desk: int
    status: int
    marks: int
    headline: int
    credits: int  # 0: no credits column

    @property
    def wide_dates(self) -> bool:
        return self.time > 8


def layout(width: int) -> Columns:
    """The columns for a list `width` cells wide."""
    time_w = 12 if width >= WIDE else 8
    desk_w = 14 if width >= 100 else 13  # "asia-pacific?" whole when there is room
    fixed = 2 + time_w + AGENCY_W + desk_w + STATUS_W + MARKS_W
    room = width - fixed
    credits = 0
    if width >= NARROW:
        credits = max(CREDITS_MIN, min(CREDITS_MAX, room // 3))
        room -= credits
    return Columns(time_w, AGENCY_W, desk_w, STATUS_W, MARKS_W, max(room, 8), credits)


def shown_time(summary: StorySummary, now: datetime, zone: tzinfo, *, wide: bool = False) -> str:
    """Today: the time; this year: day and month; another year: with the year."""
    when = summary.published_at or summary.ingested_at
    if when is None:
        return ""
    local = when.astimezone(zone)
    today = now.astimezone(zone).date()
    if local.date() == today:
        return local.strftime("%H:%M")
    if local.year == today.year:
        return local.strftime("%d %b")
    return local.strftime("%d %b %Y" if wide else "%b '%y")


def flag_of(summary: object) -> tuple[str, str, str] | None:
    """The strongest wire flag on a story (killed, withdrawn, corrected), or None."""
    for attr, tag, style in FLAGS:
        if getattr(summary, attr, False):
            return attr, tag, style
    return None


def header_line(width: int) -> Text:
    cols = layout(width)
    text = Text("  ", style="bold")
    for title, w in (
        ("Time", cols.time),
        ("Agency", cols.agency),
        ("Desk", cols.desk),
        ("Status", cols.status),
        ("", cols.marks),
        ("Headline", cols.headline),
    ):
        text.append(title.ljust(w)[:w], style="bold")
    if cols.credits:
        text.append("Credits".ljust(cols.credits)[: cols.credits], style="bold")
    return text


def _cell(text: str, width: int) -> str:
    return one_line(text, width).ljust(width)


def story_line(
    summary: StorySummary,
    width: int,
    *,
    now: datetime,
    zone: tzinfo,
    selected: bool = False,
    status: Text | None = None,
    me: str | None = None,
) -> Text:
    """The row for `summary`. Wire text is appended as plain strings, never parsed.

    `status` replaces the status column (the queue view shows readiness there).
    A soft lock held by `me` (this editor) is not marked: only others' matter here.
    """
    editing = summary.locked_by if summary.locked_by != me else None
    cols = layout(width)
    line = Text(no_wrap=True, overflow="crop")
    line.append("● " if selected else "  ", style="bold" if selected else "")
    line.append(
        _cell(shown_time(summary, now, zone, wide=cols.wide_dates), cols.time - 1) + " ",
        style="dim",
    )
    line.append(_cell(summary.agency, cols.agency - 1) + " ")
    if summary.desk:
        line.append(_cell(summary.desk, cols.desk - 1) + " ")
    elif summary.suggested_desk:
        line.append(_cell(summary.suggested_desk + "?", cols.desk - 1) + " ", style="dim italic")
    else:
        line.append(_cell("—", cols.desk - 1) + " ", style="dim")
    flag = flag_of(summary)
    if editing:  # "NAME is editing", as much of the name as fits
        line.append(_cell("✎" + editing, cols.status - 1) + " ", style="magenta")
    elif status is not None:
        cell = status.copy()
        cell.truncate(cols.status - 1, pad=True)
        line.append_text(cell)
        line.append(" ")
    else:
        shown = "killed" if flag and flag[0] == "killed" else str(summary.status)
        line.append(_cell(shown, cols.status - 1) + " ", style=STATUS_STYLE.get(shown, ""))
    line.append_text(_marks(summary, editing))
    room = cols.headline - 1
    marker = cluster_marker(summary)
    if marker and room > len(marker) + 8:  # a cluster: its agencies and size, `R·AP·AFP 5`
        line.append(marker, style="bold blue")
        line.append(" ")
        room -= len(marker) + 1
    if flag:
        _attr, tag, style = flag
        line.append(tag[:room], style=style)
        line.append(" ")
        room -= len(tag) + 1
    if summary.wire_pending and room > 2:  # a wire update waits for the editor's choice (V)
        line.append("↻ ", style="bold yellow")
        room -= 2
    headline = one_line(summary.headline, room) if room > 0 else ""
    line.append(headline, style="strike" if flag and flag[0] == "killed" else "")
    line.append(" " * max(room - len(headline), 0) + " ")
    if cols.credits:
        line.append(_cell(summary.credits_short, cols.credits), style="dim")
    line.truncate(width, pad=True)
    return line


def cluster_marker(summary: StorySummary) -> str:
    """`R·AP·AFP 5` for a row that stands for a cluster of stories on one event; ''."""
    if summary.cluster_id is None or summary.cluster_size < 2:
        return ""
    return f"{summary.cluster_marker} {summary.cluster_size}"


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
