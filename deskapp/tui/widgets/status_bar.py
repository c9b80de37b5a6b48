"""The status bar: which database, who is acting, and what the list holds."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.widgets import Static

from deskapp.core.safe_text import one_line
from deskapp.tui.app_handle import desk_app


def database_label(display_name: str) -> str:
    """'sqlite · desk.db' for a file; the URL (password hidden) for a server."""
    if display_name.startswith("sqlite"):
        path = display_name.split(":///", 1)[-1]
        return f"sqlite · {Path(path).name or path}"
    return one_line(display_name.split("://", 1)[-1], 40)


class StatusBar(Static):
    DEFAULT_CSS = "StatusBar { height: 1; }"

    def show(
        self,
        *,
        database: str,
        editor: str,
        view: str,
        shown: int | None,
        approximate: bool = False,
        selected: int = 0,
        search: str = "",
        filter_text: str = "",
        extra: str = "",
    ) -> None:
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(f" {database_label(database)} ", style="reverse")
        text.append("  ")
        text.append(one_line(editor, 24), style="bold")
        role = _acting_role(self)
        if role:
            text.append(f" ({role})")
        text.append("  ·  ")
        text.append(view)
        if shown is None:
            text.append(" · …")
        else:
            about = "≈" if approximate else ""  # an estimate of a large view's count
            text.append(f" · {about}{shown:,} {'story' if shown == 1 else 'stories'}")
        if selected:
            text.append(f"  ·  {selected} selected", style="bold")
        if search:
            text.append("  ·  search: ")
            text.append(one_line(search, 30), style="italic")
        if filter_text:
            text.append(f"  ·  filter: {filter_text}", style="italic")
        if extra:
            text.append(f"  ·  {extra}", style="dim")
        self.update(text, layout=False)  # one line the screen's width: its size never changes


def _acting_role(widget: Static) -> str:
    """The login's role on a PostgreSQL desk with roles ("reporter"); "" elsewhere, and
    while the services open (only a SQLite desk draws before they are open)."""
    app = desk_app(widget)
    role = app.services.ctx.role if app.services_open else None
    return role.label if role is not None else ""
