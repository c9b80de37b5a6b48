"""`v` in the queue and on a story: what the export target will publish for it.

The file `export` would write, read the way a site shows it: the front matter
as a table of plain values, the body rendered by Textual's Markdown widget
(markdown-it, as the design names). `r` shows the raw file instead (exactly
its text, never read as markup); `u` takes the story's exported files down
(`deskapp unpublish`), after a confirmation.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import DataTable, Label, Markdown, Static

from deskapp.core.safe_text import one_line
from deskapp.export.markdown import FENCE, read_front_matter
from deskapp.tui.app_handle import desk_app
from deskapp.tui.wire_text import wire_block, wire_line


def split_file(markdown: str) -> tuple[dict[str, Any], str]:
    """(front matter, body) of an exported file; ({}, the text) when it has none."""
    meta = read_front_matter(markdown)
    if meta is None:
        return {}, markdown
    end = markdown.find("\n" + FENCE + "\n", len(FENCE))
    return meta, markdown[end + len(FENCE) + 2 :].lstrip("\n")


def shown_value(value: Any) -> str:
    """A front matter value as one line of plain text."""
    if isinstance(value, list):
        return ", ".join(shown_value(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {shown_value(v)}" for k, v in value.items())
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def show_preview(node: Widget, story_id: int, headline: str) -> None:
    """Read what export would write for the story (in a worker), then show it."""
    from deskapp.services.errors import ServiceError
    from deskapp.tui.failures import guard

    app = desk_app(node)

    def on_thread() -> None:
        try:
            markdown = app.services.export.preview(story_id)
            exported = app.services.stories.get(story_id).exported_at is not None
        except ServiceError as exc:
            app.call_from_thread(node.notify, str(exc), severity="warning", markup=False)
            return
        screen = PreviewScreen(headline, markdown, story_id, exported=exported)
        app.call_from_thread(app.push_screen, screen)

    node.run_worker(guard(app, "preview", on_thread), thread=True, group="preview")


class PreviewScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,v", "close", "Close"),
        Binding("r", "toggle_raw", "Raw file"),
        Binding("u", "unpublish", "Take down"),
    ]
    DEFAULT_CSS = """
    PreviewScreen #preview-meta { height: auto; max-height: 12; margin-bottom: 1; }
    PreviewScreen #preview-raw { display: none; }
    PreviewScreen.raw #preview-raw { display: block; }
    PreviewScreen.raw #preview-rendered { display: none; }
    """

    def __init__(
        self, headline: str, markdown: str, story_id: int | None = None, *, exported: bool = True
    ) -> None:
        """`exported`: the story has files on a site, so `u` may take them down."""
        super().__init__()
        self.exported = exported and story_id is not None
        self.headline = headline
        self.markdown = markdown
        self.story_id = story_id
        self.meta, self.body = split_file(markdown)
        self._confirm_unpublish = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="preview"):
            yield Label(Text("What the export will publish"), classes="dialog-title")
            yield Label(wire_line(self.headline, "dim", 84))
            with VerticalScroll(id="preview-scroll"):
                with Vertical(id="preview-rendered"):
                    yield DataTable(id="preview-meta", show_cursor=False, zebra_stripes=True)
                    yield Markdown(self.body, id="preview-body", open_links=False)
                with Vertical(id="preview-raw"):
                    # the file's text as is: never read as markup, never rendered
                    yield Static(wire_block(self.markdown), id="preview-text", markup=False)
            take_down = " · u take down" if self.exported else ""
            yield Label(
                Text(f"↑↓ scroll · r raw file{take_down} · esc close", style="dim"),
                id="preview-hint",
            )

    def on_mount(self) -> None:
        table = self.query_one("#preview-meta", DataTable)
        table.add_columns(Text("field"), Text("value"))
        for key, value in self.meta.items():
            # Text cells: a DataTable reads a str cell as markup
            table.add_row(
                Text(one_line(str(key)), style="bold"), Text(one_line(shown_value(value), 200))
            )
        self.query_one("#preview-scroll").focus()

    @property
    def raw(self) -> bool:
        return self.has_class("raw")

    def action_toggle_raw(self) -> None:
        self.toggle_class("raw")

    def action_close(self) -> None:
        self.dismiss(None)

    def action_unpublish(self) -> None:
        if self.story_id is None or not self.exported:  # story_id: for mypy
            self.notify("Not exported: nothing to take down.", severity="warning")
            return
        if not self._confirm_unpublish:  # a second u within the notice takes it down
            self._confirm_unpublish = True
            self.notify(
                "Press u again to remove this story's exported files from the site.",
                severity="warning",
                timeout=5,
            )
            self.set_timer(5, self._forget_confirmation)
            return
        self._confirm_unpublish = False
        self._unpublish(self.story_id)

    def _forget_confirmation(self) -> None:
        self._confirm_unpublish = False

    @work(thread=True, group="unpublish", exclusive=True)
    def _unpublish(self, story_id: int) -> None:
        from deskapp.services.errors import ServiceError
        from deskapp.services.export_lock import ExportBusy

        app = desk_app(self)
        try:
            removed = app.services.export.unpublish(story_id)
        except (ServiceError, ExportBusy, OSError) as exc:
            app.call_from_thread(self.notify, str(exc), severity="warning", markup=False)
            return
        message = f"Took down {len(removed)} file(s); the story is back on the desk."
        app.call_from_thread(self.notify, message, markup=False)
