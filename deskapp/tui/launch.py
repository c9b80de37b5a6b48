"""Opening the desk from the command line. Textual is imported only here and below."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from deskapp.cli.runtime import Cli


def run_desk(cli: Cli) -> int:
    from deskapp.tui.app import DeskApp

    app = DeskApp(cli.services)
    app.run()
    return app.return_code or 0
