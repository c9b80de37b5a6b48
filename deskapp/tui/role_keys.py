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

from typing import Any

from textual.dom import DOMNode

from deskapp.core.permissions import allowed
from deskapp.tui.commands import ACTIONS

# Textual action name (without its parameters) -> the permission it needs
ACTION_NEEDS: dict[str, str] = {a.action.split("(")[0]: a.needs for a in ACTIONS if a.needs}


def role_allows(app: Any, action: str) -> bool:
    """May the desk's acting login run this Textual action? (True without roles.)"""
    key = ACTION_NEEDS.get(action.split("(")[0])
    if key is None:
        return True
    try:
        role = app.services.ctx.role
    except AttributeError:  # an app without services (a bare test harness)
        return True
    return allowed(role, key)


def role_check(node: DOMNode, action: str) -> bool:
    """For a node's `check_action`: False hides the key and makes it do nothing."""
    return role_allows(node.app, action)


class RoleKeys:
    """For a screen that already mixes in its keys: put it first on the class line."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not role_check(self, action):  # type: ignore[arg-type]
            return False
        return super().check_action(action, parameters)  # type: ignore[misc]
