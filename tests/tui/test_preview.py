"""The export preview: front matter as a table, the body rendered, `r` the raw file, `u`
takes an exported story down."""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.widgets import DataTable, Markdown

from deskapp.core.story import Credit, Role, Status, Story
from deskapp.tui.screens.preview import PreviewScreen


class PreviewApp(App[None]):
    def __init__(self, services, screen: PreviewScreen) -> None:  # type: ignore[no-untyped-def]
        super().__init__()
        self.services = services
        self._preview = screen

    def on_mount(self) -> None:
        self.push_screen(self._preview)


def ready(services, headline: str, body: str) -> int:  # type: ignore[no-untyped-def]
    [r] = services.ingest.store(
        [
            (
                "t",
                Story(
                    headline=headline,
                    body=body,
                    agency="Wire",
                    credits=[Credit(Role.WRITER, "[b]Ana[/b]")],
                ),
            )
        ],
        desk="europe",
    )
    services.queue.add(r.id)
    return r.id


async def test_front_matter_is_a_table_of_plain_values_and_the_body_is_rendered(
    sqlite_services, tmp_path: Path
):
    sid = ready(sqlite_services, "[red]Not markup[/red] <b>x</b>", "**Not bold** <i>x</i>")
    sqlite_services.stories.edit_text(sid, body="**Bold** as the editor wrote it.")
    file = sqlite_services.export.preview(sid, tmp_path / "site", target="hugo")
    screen = PreviewScreen("headline", file, sid)
    app = PreviewApp(sqlite_services, screen)
    async with app.run_test(size=(110, 40)) as pilot:
        await pilot.pause()
        table = screen.query_one("#preview-meta", DataTable)
        rows = {
            str(table.get_row_at(i)[0]): str(table.get_row_at(i)[1]) for i in range(table.row_count)
        }
        assert rows["title"] == "[red]Not markup[/red] <b>x</b>"  # as text, not markup
        assert rows["authors"] == "[b]Ana[/b]" and rows["draft"] == "false"
        assert rows["source"].startswith("format: text, id: ")
        body = screen.query_one("#preview-body", Markdown)
        assert body.source == "**Bold** as the editor wrote it.\n"
        assert not screen.raw
        await pilot.press("r")
        assert screen.raw
        assert str(screen.query_one("#preview-text").render()) == file
        await pilot.press("r")
        assert not screen.raw


async def test_u_twice_takes_the_exported_story_down(sqlite_services, tmp_path: Path):
    sid = ready(sqlite_services, "Take me down", "Copy.")
    out = tmp_path / "site"
    [exported] = sqlite_services.export.export(out).exported
    screen = PreviewScreen("Take me down", sqlite_services.export.preview(sid, out), sid)
    app = PreviewApp(sqlite_services, screen)
    async with app.run_test(size=(110, 40)) as pilot:
        await pilot.pause()
        await pilot.press("u")
        assert (out / exported.name).exists()  # the first u only asks
        await pilot.press("u")
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert not (out / exported.name).exists()
    assert sqlite_services.stories.get(sid).status == Status.EDITING
