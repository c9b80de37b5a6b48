"""A config key Deskapp does not read is said, once, with the key it was likely meant as."""

from __future__ import annotations

import pytest

from deskapp.cli import main
from deskapp.config import KNOWN_KEYS, closest_key, load_settings, save_setting


def test_unknown_key_is_kept_and_the_closest_is_found(isolated_config):
    path = isolated_config / "config.toml"
    path.write_text('editr = "Ana Lima"\ntimezone = "UTC"\nfrobnicate = 1\n')
    settings = load_settings()
    assert settings.unknown_keys == ("editr", "frobnicate")
    assert settings.editor == ""
    assert closest_key("editr") == "editor" and closest_key("frobnicate") is None


def test_a_misspelt_key_of_a_desk_entry_is_said_too(isolated_config):
    (isolated_config / "config.toml").write_text(
        '[[desks]]\ncode = "world"\nnme = "World"\n\n[[desks]]\ncode = "sport"\n'
    )
    settings = load_settings()
    assert settings.unknown_keys == ("desks.nme",)
    assert [d.code for d in settings.desks] == ["world", "sport"]
    assert closest_key("desks.nme") == "desks.name"


def test_any_command_warns_on_one_line(isolated_config, sqlite_url, capsys):
    (isolated_config / "config.toml").write_text('editr = "Ana Lima"\n')
    assert main(["--db", sqlite_url, "list"]) == 0
    err = capsys.readouterr().err
    [line] = [ln for ln in err.splitlines() if "editr" in ln]
    assert "unknown key 'editr' ignored (did you mean 'editor'?)" in line
    assert line.startswith("deskapp: ") and str(isolated_config / "config.toml") in line


def test_known_keys_do_not_warn(isolated_config, sqlite_url, capsys):
    (isolated_config / "config.toml").write_text(
        'editor = "Ana"\ntheme = "newsroom-light"\n[keys]\nspike = "ctrl+d"\n'
    )
    assert main(["--db", sqlite_url, "list"]) == 0
    assert "unknown key" not in capsys.readouterr().err
    assert "theme" in KNOWN_KEYS


def test_save_setting_keeps_the_rest_of_the_file(isolated_config):
    path = isolated_config / "config.toml"
    path.write_text('# mine\neditor = "Ana"  # me\n\n[[desks]]\ncode = "sport"\n')
    save_setting("theme", "newsroom-light")
    assert load_settings().theme == "newsroom-light"
    save_setting("theme", "textual-dark")
    text = path.read_text()
    assert text.count("theme =") == 1 and '# mine\neditor = "Ana"  # me' in text
    settings = load_settings()
    assert settings.theme == "textual-dark" and settings.desk_codes() == ["sport"]


def test_save_setting_makes_the_file_and_refuses_unknown_keys(isolated_config):
    path = isolated_config / "new" / "config.toml"
    save_setting("theme", 'odd "name"', path)
    assert load_settings(path).theme == 'odd "name"'
    with pytest.raises(ValueError):
        save_setting("editr", "x", path)
