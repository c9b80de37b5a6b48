"""The follow-ups board: open notes across stories, soonest due first, overdue marked."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo
from typing import Any

from rich.text import Text
from textual.widgets import DataTable

from deskapp.core.safe_text import one_line


class FollowUpTable(DataTable):
    """Rows keyed by note id; `story_id_at_cursor` tells the screen which story to act on."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=False)
        self.story_ids: dict[str, int] = {}
        self.items: dict[int, Any] = {}

    def on_mount(self) -> None:
        self.add_column("Due", width=14, key="due")
        self.add_column("Desk", width=12, key="desk")
        self.add_column("Note", width=28, key="note")
        self.add_column("Story", key="story")

    def show(self, items: Sequence[Any], zone: tzinfo) -> None:
        """Show FollowUp items (note, story_id, headline, desk, overdue)."""
        keep = self.story_id_at_cursor()
        self.clear()
        self.story_ids.clear()
        self.items.clear()
        for item in items:
            key = str(item.note.id)
            due = item.note.due.astimezone(zone).strftime("%d %b %H:%M") if item.note.due else ""
            style = "bold red" if item.overdue else ""
            self.add_row(Text(("! " if item.overdue else "  ") + due, style=style),
                         Text(one_line(item.desk or "—", 11)),
                         Text(one_line(item.note.text, 27)),
                         Text(one_line(item.headline, 80)), key=key)
            self.story_ids[key] = item.story_id
            self.items[item.story_id] = item
        if keep is not None:
            for row, (_key, sid) in enumerate(self.story_ids.items()):
                if sid == keep:
                    self.move_cursor(row=row)
                    break

    def story_id_at_cursor(self) -> int | None:
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        return self.story_ids.get(key or "")
