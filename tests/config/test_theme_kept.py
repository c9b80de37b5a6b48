"""The theme picked on the desk is kept in the config file and used at the next start."""

from __future__ import annotations

from deskapp.config import load_settings
from deskapp.tui.app import DeskApp


async def test_a_picked_theme_is_saved_and_used_next_start(sqlite_services, isolated_config):
    path = isolated_config / "config.toml"
    path.write_text('editor = "Ana"\n\n[keys]\nspike = "ctrl+d"\n')
    sqlite_services.ctx.settings = load_settings()
    app = DeskApp(sqlite_services, live_every=None)
    async with app.run_test() as pilot:
        assert app.theme == "newsroom"
        assert "theme" not in path.read_text()  # opening the desk writes nothing
        app.theme = "newsroom-light"
        await pilot.pause()
    settings = load_settings()
    assert settings.theme == "newsroom-light" and settings.editor == "Ana"
    assert settings.keys == {"spike": "ctrl+d"}

    sqlite_services.ctx.settings = settings
    again = DeskApp(sqlite_services, live_every=None)
    async with again.run_test() as pilot:
        await pilot.pause()
        assert again.theme == "newsroom-light"


async def test_the_palette_theme_switch_is_saved(sqlite_services, isolated_config):
    sqlite_services.ctx.settings = load_settings()
    app = DeskApp(sqlite_services, live_every=None)
    async with app.run_test() as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"theme")
        await pilot.pause()
        await pilot.press("enter")  # Change theme
        await pilot.pause()
        await pilot.press(*"textual-light")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme == "textual-light"
    assert load_settings().theme == "textual-light"


async def test_an_unknown_theme_in_the_config_opens_newsroom(sqlite_services, isolated_config):
    (isolated_config / "config.toml").write_text('theme = "no-such-theme"\n')
    sqlite_services.ctx.settings = load_settings()
    app = DeskApp(sqlite_services, live_every=None)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert app.theme == "newsroom"
    assert load_settings().theme == "no-such-theme"  # left as written until one is picked
