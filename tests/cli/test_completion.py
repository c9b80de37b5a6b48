"""`deskapp completion SHELL`: scripts that the shells accept, naming every command."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from deskapp.cli import build_parser, main
from deskapp.cli.completion import fish_script

COMMANDS = ("ingest", "list", "show", "queue", "note", "feeds", "completion", "lock")


def _script(shell: str, capsys) -> str:
    capsys.readouterr()
    assert main(["completion", shell]) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish", "tcsh"])
def test_every_shell_gets_a_script_naming_the_commands(shell, capsys):
    script = _script(shell, capsys)
    assert all(command in script for command in COMMANDS)
    assert script.endswith("\n")


def test_bash_script_parses_and_completes_queue_actions(capsys, tmp_path):
    script = _script("bash", capsys)
    path = tmp_path / "deskapp.bash"
    path.write_text(script)
    assert subprocess.run(["bash", "-n", str(path)], check=False).returncode == 0
    assert "(add list move remove)" in script and "(add edit resolve reopen)" in script


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_script_parses_in_its_own_shell(shell, capsys, tmp_path):
    if shutil.which(shell) is None:
        if os.environ.get("CI") == "true":  # .ci/run installs both shells
            pytest.fail(f"{shell} is not installed")
        pytest.skip(f"{shell} is not installed")
    path = tmp_path / f"deskapp.{shell}"
    path.write_text(_script(shell, capsys))
    assert subprocess.run([shell, "-n", str(path)], check=False).returncode == 0


def test_fish_offers_actions_options_and_choices():
    script = fish_script(build_parser())
    assert (
        "complete -c deskapp -f -n '__fish_seen_subcommand_from queue; and not "
        "__fish_seen_subcommand_from add list move remove' -a move"
    ) in script
    list_status = next(
        line
        for line in script.splitlines()
        if "'__fish_seen_subcommand_from list'" in line and "-l status" in line
    )
    assert "-x -a 'inbox" in list_status
    # hidden options stay hidden: `queue add` does not offer move's --to
    add = [
        line
        for line in script.splitlines()
        if "__fish_seen_subcommand_from add'" in line and "queue" in line
    ]
    assert any("-l priority" in line for line in add)
    assert not any("-l to " in line for line in add)


def test_unknown_shell_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as info:
        main(["completion", "powershell"])
    assert info.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_completion_needs_no_database(tmp_path, capsys):
    assert main(["--db", str(tmp_path / "no" / "such" / "d.db"), "completion", "bash"]) == 0
