"""`deskapp init`: make the database (and its folder) before the first use."""

from __future__ import annotations

import argparse

from deskapp.cli.runtime import Cli


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "init",
        parents=[common],
        help="make the database, and its folder, if missing",
        description="Make the database named by --db (or the configured one), with its "
        "folder, and bring it to the current schema. Other commands refuse a --db whose "
        "folder does not exist (a typo would otherwise leave an empty database somewhere); "
        "`init` and a first `ingest` make it. Running it again changes nothing.",
        epilog="examples:\n  deskapp --db ~/newsroom/desk.db init\n"
        "  deskapp --db postgresql://desk@dbhost/newsroom init",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.set_defaults(run=run_init, creates_db=True)


def run_init(cli: Cli) -> int:
    db = cli.services.db
    cli.print(f"database ready: {db.display_name()} (schema {db.schema_revision()})")
    return 0
