"""The follow-ups board: open notes across stories in groups — overdue, today, later, undated."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo

from rich.text import Text
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey

from deskapp.core.followup import FollowUp
from deskapp.core.safe_text import one_line
from deskapp.tui.app_handle import desk_app
from deskapp.tui.commands import BY_ID

GROUPS = (
    ("overdue", "Overdue", "bold red"),
    ("today", "Today", "bold yellow"),
    ("later", "Later", "bold"),
    ("undated", "No due date", "bold dim"),
)


def group_of(item: FollowUp) -> str:
    if item.overdue:
        return "overdue"
    if item.due_today:
        return "today"
    return "later" if item.note.due else "undated"


def shown_due(item: FollowUp, zone: tzinfo, this_year: int | None = None) -> str:
    """The due as the board shows it: the time for today, else the day; the year too when
    it is not this year ("Wed 01 Jan '20"), so an old date never reads as this year's."""
    if not item.note.due:
        return ""
    local = item.note.due.astimezone(zone)
    other_year = this_year is not None and local.year != this_year
    if item.all_day:
        return f"{local:%a %d %b '%y}" if other_year else f"{local:%a %d %b}"
    if item.due_today:
        return f"{local:%H:%M}"
    return f"{local:%d %b '%y %H:%M}" if other_year else f"{local:%a %d %b %H:%M}"


class FollowUpTable(DataTable):
    """Rows keyed by note id, with a heading row per group (headings hold no story).

    The list keys (j k g G, arrows, page keys) move as in every list, and the cursor
    never rests on a heading.
    """

    BINDINGS = [
        BY_ID[i].binding()
        for i in ("cursor_down", "cursor_up", "cursor_top", "cursor_bottom", "page_down", "page_up")
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=False)
        self.story_ids: dict[str, int] = {}
        self.items: dict[str, FollowUp] = {}  # row key (note id) -> its follow-up
        self._shown: tuple[Sequence[FollowUp], tzinfo] | None = None

    def on_mount(self) -> None:
        self.add_column("Due", width=18, key="due")
        self.add_column("Desk", width=12, key="desk")
        note_w, story_w = self._widths()
        self.add_column("Note", width=note_w, key="note")
        self.add_column("Story", width=story_w, key="story")

    def _widths(self) -> tuple[int, int]:
        """(note, story): what the due and desk columns leave (each cell pads 2), the note
        at most 30 and at most half of it, so both stay readable at 80 columns."""
        rest = max((self.size.width or 100) - 18 - 12 - 4 * 2 - 1, 30)
        note = min(30, rest // 2)
        return note, rest - note

    def on_resize(self) -> None:
        note_w, story_w = self._widths()
        note, story = self.columns.get(ColumnKey("note")), self.columns.get(ColumnKey("story"))
        if note is None or story is None or (note.width, story.width) == (note_w, story_w):
            return
        note.width, story.width = note_w, story_w
        if self._shown:
            self.show(*self._shown)

    def show(self, items: Sequence[FollowUp], zone: tzinfo) -> None:
        """Show FollowUp items (note, story_id, headline, desk, overdue, due_today)."""
        self._shown = (items, zone)
        this_year = desk_app(self).services.ctx.now().astimezone(zone).year
        note_w, story_w = self._widths()
        keep, old_row = self.item_at_cursor(), self.cursor_row
        self.clear()
        self.story_ids.clear()
        self.items.clear()
        for group, title, style in GROUPS:
            members = [i for i in items if group_of(i) == group]
            if not members:
                continue
            self.add_row(
                Text(f"{title} ({len(members)})", style=style),
                Text(""),
                Text(""),
                Text(""),
                key=f"group:{group}",
            )
            for item in members:
                key = str(item.note.id)
                overdue = "bold red" if item.overdue else ""
                due = shown_due(item, zone, this_year)
                self.add_row(
                    Text(("! " if item.overdue else "  ") + due, style=overdue),
                    Text(one_line(item.desk or "—", 11)),
                    Text(one_line(item.note.text, note_w - 1), style=overdue),
                    Text(one_line(item.headline, story_w)),
                    key=key,
                )
                self.story_ids[key] = item.story_id
                self.items[key] = item
        self._restore(keep, old_row)

    def _restore(self, keep: FollowUp | None, old_row: int) -> None:
        """Back on the same follow-up; if it left the board, on the one now in its place."""
        keys = [row.key.value for row in self.ordered_rows]
        if not keys:
            return
        target = str(keep.note.id) if keep is not None else None
        row = keys.index(target) if target in keys else min(old_row, len(keys) - 1)
        below = [i for i in range(row, len(keys)) if keys[i] in self.items]
        above = [i for i in range(row, -1, -1) if keys[i] in self.items]
        self.move_cursor(row=(below or above or [row])[0], animate=False)

    def _key_at_cursor(self) -> str:
        if not self.row_count:
            return ""
        return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value or ""

    def item_at_cursor(self) -> FollowUp | None:
        return self.items.get(self._key_at_cursor())

    def story_id_at_cursor(self) -> int | None:
        return self.story_ids.get(self._key_at_cursor())

    # -- moving, headings skipped ------------------------------------------------------------
    def _keys(self) -> list[str]:
        return [row.key.value or "" for row in self.ordered_rows]

    def _land(self, row: int, step: int) -> None:
        """Move to the first follow-up from `row` in the direction of `step`, else the other way."""
        keys = self._keys()
        if not keys:
            return
        row = max(0, min(row, len(keys) - 1))
        ahead = range(row, len(keys)) if step > 0 else range(row, -1, -1)
        behind = range(row, -1, -1) if step > 0 else range(row, len(keys))
        for i in (*ahead, *behind):
            if keys[i] in self.items:
                self.move_cursor(row=i, animate=False)
                return

    def action_cursor_down(self) -> None:
        if self._has_below():  # at the last follow-up, j stays there
            self._land(self.cursor_row + 1, 1)

    def action_cursor_up(self) -> None:
        if self._has_above():
            self._land(self.cursor_row - 1, -1)

    def action_cursor_top(self) -> None:
        self._land(0, 1)

    def action_cursor_bottom(self) -> None:
        self._land(self.row_count - 1, -1)

    def action_page_down(self) -> None:
        self._land(self.cursor_row + max(self.size.height - 2, 1), 1)

    def action_page_up(self) -> None:
        self._land(self.cursor_row - max(self.size.height - 2, 1), -1)

    def _has_below(self) -> bool:
        return any(k in self.items for k in self._keys()[self.cursor_row + 1 :])

    def _has_above(self) -> bool:
        return any(k in self.items for k in self._keys()[: max(self.cursor_row, 0)])
