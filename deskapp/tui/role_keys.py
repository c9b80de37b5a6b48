"""Keys a login's role may not use are hidden on a PostgreSQL desk with roles.

Each desk action says in `deskapp.tui.commands.ACTIONS` which permission it
needs (`DeskAction.needs`, an action of `deskapp.core.permissions`). Every node
that binds such keys asks `role_check` from its Textual `check_action`: a key
the acting role may not use is left out of the footer, the `?` help and the
command palette (all three read the screen's active bindings, which Textual
filters through `check_action`), and pressing it does nothing. The services
and the database refuse the same acts anyway.

On SQLite, and for a login with no desk role, every key is offered as before.
"""

from __future__ import annotations

from textual.actions import parse
from textual.dom import DOMNode

from deskapp.core.permissions import allowed
from deskapp.tui.app_handle import desk_app
from deskapp.tui.commands import ACTIONS


def _action(written: str) -> tuple[str, tuple[object, ...]]:
    """An action as Textual hands it to `check_action`: its name and its parameters."""
    _namespace, name, parameters = parse(written)
    return name, parameters


# (Textual action name, parameters) -> the permission it needs
ACTION_NEEDS: dict[tuple[str, tuple[object, ...]], str] = {
    _action(a.action): a.needs for a in ACTIONS if a.needs
}


def role_check(node: DOMNode, action: str, parameters: tuple[object, ...] = ()) -> bool:
    """For a node's `check_action`: may the desk's acting login run this action? False
    hides the key and makes it do nothing. (True on SQLite and without desk roles.)"""
    key = ACTION_NEEDS.get((action, parameters))
    return key is None or allowed(desk_app(node).services.ctx.role, key)
