"""A typed handle on the running desk app, for screens and widgets.

`node.app` is typed as Textual's `App`; the desk's screens need its services, time
zone, keymap and undo stack. `desk_app(node)` says so once, checked by mypy,
instead of an ignore at every use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.dom import DOMNode

if TYPE_CHECKING:
    from deskapp.tui.app import DeskApp


def desk_app(node: DOMNode) -> DeskApp:
    return cast("DeskApp", node.app)
