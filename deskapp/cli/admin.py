"""`admin`: the newsroom's logins and roles on a shared PostgreSQL desk."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import TYPE_CHECKING

from deskapp.cli.runtime import EXIT_USAGE, Cli, CliError
from deskapp.core.permissions import DeskRole

if TYPE_CHECKING:
    from deskapp.services.people import PeopleService
    from deskapp.store.people_sql import Person

ROLES = ", ".join(r.label for r in DeskRole)


def _role(value: str) -> DeskRole:
    try:
        return DeskRole.parse(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    admin = subparsers.add_parser(
        "admin",
        parents=[common],
        help="logins and roles on a PostgreSQL desk",
        description="People and roles on a shared PostgreSQL desk. Each person is a "
        "PostgreSQL login in one of the group roles desk_reporter < desk_editor < desk_chief "
        "< desk_admin; the database itself enforces what each may do. Deskapp never stores "
        "a password: see docs/logins.md for .pgpass, service files and client certificates.",
        epilog="examples:\n"
        "  deskapp --db postgresql+psycopg://postgres@db/newsroom admin setup\n"
        '  deskapp admin add ana --role editor --display "Ana Lima"\n'
        "  deskapp admin role ana chief\n  deskapp admin remove ana\n  deskapp admin list",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = admin.add_subparsers(dest="admin_command", metavar="ACTION")
    admin.set_defaults(run=_missing_action(admin))

    p = sub.add_parser(
        "setup",
        parents=[common],
        help="create the roles and the rules "
        "(idempotent; the database owner with CREATEROLE, or a superuser)",
        epilog="example:\n  deskapp --db postgresql+psycopg://postgres@db/newsroom admin setup",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.set_defaults(run=run_setup)

    p = sub.add_parser(
        "add",
        parents=[common],
        help="add a person: a new login in a role",
        epilog='example:\n  deskapp admin add ana --role editor --display "Ana Lima"',
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("name", metavar="NAME", help="the login (lower-case letters, digits, _)")
    p.add_argument("--role", type=_role, required=True, help=f"one of: {ROLES}")
    p.add_argument(
        "--display",
        default="",
        metavar="TEXT",
        help='the name shown and matched against credits ("Ana Lima")',
    )
    p.add_argument("--initials", default="", metavar="XY", help="default: from --display")
    p.set_defaults(run=run_add)

    p = sub.add_parser(
        "role",
        parents=[common],
        help="change a person's role",
        epilog="example:\n  deskapp admin role ana chief",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("name", metavar="NAME")
    p.add_argument("role", type=_role, metavar="ROLE", help=f"one of: {ROLES}")
    p.set_defaults(run=run_role)

    p = sub.add_parser(
        "remove",
        parents=[common],
        help="take a person's login and roles away (they stay in the history)",
        epilog="example:\n  deskapp admin remove ana",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("name", metavar="NAME")
    p.set_defaults(run=run_remove)

    p = sub.add_parser(
        "list",
        parents=[common],
        help="everyone on the desk, with their role",
        epilog="examples:\n  deskapp admin list\n  deskapp admin list --json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--json", action="store_true", help="print a JSON array")
    p.set_defaults(run=run_list)


def _missing_action(parser: argparse.ArgumentParser) -> Callable[[Cli], int]:
    def run(_cli: Cli) -> int:
        raise CliError(
            "admin needs an action: setup, add, role, remove or list (see `deskapp admin --help`)",
            EXIT_USAGE,
        )

    return run


def _people(cli: Cli) -> PeopleService:
    from deskapp.services.people import PeopleService

    return PeopleService(cli.services.ctx)


def _line(p: Person) -> str:
    role = p.role.label if p.role else "no role"
    state = "removed" if p.removed_at else ("" if p.can_login else "cannot log in")
    shown = f'"{p.display}"' if p.display else ""
    return "  ".join(
        x for x in (f"{p.login:<16}", f"{role:<9}", f"{p.initials:<3}", shown, state) if x
    ).rstrip()


def run_setup(cli: Cli) -> int:
    _people(cli).setup()
    cli.print(
        "desk set up: roles desk_reporter < desk_editor < desk_chief < desk_admin, "
        "grants, row-level security and guard functions in place"
    )
    return 0


def run_add(cli: Cli) -> int:
    a = cli.args
    person = _people(cli).add(a.name, a.role, display=a.display, initials=a.initials)
    cli.print(f"added {_line(person)}")
    return 0


def run_role(cli: Cli) -> int:
    person = _people(cli).set_role(cli.args.name, cli.args.role)
    cli.print(f"changed {_line(person)}")
    return 0


def run_remove(cli: Cli) -> int:
    person = _people(cli).remove(cli.args.name)
    cli.print(f"removed {person.login}: no login, no role; their changes stay in the history")
    return 0


def run_list(cli: Cli) -> int:
    people = _people(cli).list_people()
    if cli.args.json:
        cli.print(
            json.dumps(
                [
                    {
                        "login": p.login,
                        "display": p.display,
                        "initials": p.initials,
                        "role": p.role.label if p.role else None,
                        "can_login": p.can_login,
                        "removed_at": p.removed_at.isoformat() if p.removed_at else None,
                    }
                    for p in people
                ],
                ensure_ascii=False,
            )
        )
        return 0
    if not people:
        cli.print("no one on the desk yet: `deskapp admin add NAME --role editor`")
    for p in people:
        cli.print(_line(p))
    return 0
