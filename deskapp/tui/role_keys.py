"""Keys a login's role may not use are hidden on a PostgreSQL desk with roles.

The desk's Textual actions map to the permission table's actions
(`deskapp.core.permissions`); a screen that mixes in `RoleKeys` hides from its
footer, `?` help and command palette every key the acting role may not use,
and the key does nothing. The services refuse the same actions anyway (a
reporter editing a story not in `editing` is refused with a notice). On
SQLite, and for a login with no desk role, every key is offered as before.
"""

from __future__ import annotations

from typing import Any

from deskapp.core.permissions import allowed

# Textual action name (see deskapp.tui.commands) -> permission action
ACTION_NEEDS: dict[str, str] = {
    "tag_desk": "desk", "edit_credits": "credits", "toggle_queue": "queue",
    "queue_move": "queue", "set_priority": "priority", "set_embargo": "embargo",
    "spike": "spike", "revert": "revert", "ingest": "ingest", "add_note": "note",
    "resolve_note": "note", "accept": "note", "edit_story": "edit", "save": "edit",
    "undo": "undo",
}


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


class RoleKeys:
    """Mix in before the other key mixins of a screen."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not role_allows(self.app, action):  # type: ignore[attr-defined]
            return False
        return super().check_action(action, parameters)  # type: ignore[misc]
