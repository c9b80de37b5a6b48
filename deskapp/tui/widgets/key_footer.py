"""The footer of the desk: Textual's, rebuilt only when the keys it shows change.

Textual's `Footer` removes and mounts all its key widgets again each time the screen
publishes "bindings updated", and a view switch publishes it three times (the focus
moves, Textual refreshes the bindings after the focus moves, the desk refreshes them
for the new view): three rebuilds of some twenty widgets, each with its styling and
a relayout. This one rebuilds at most once per frame, and not at all when the keys
shown (key, action, description, enabled, tooltip) are the same as before, as they
are between the inbox and spiked views. The desk holds it while a view switch waits
for the view's rows (`hold`/`release`): the rows go on screen first, the keys after.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer

Shown = tuple[tuple[object, ...], ...]
HOLD_AT_MOST = 1.0  # seconds the keys may lag behind the view


class KeyFooter(Footer):
    def __init__(self, *, compact: bool = False) -> None:
        super().__init__(compact=compact)
        self._shown: Shown | None = None  # the keys the footer's widgets show
        self._rebuild_pending = False
        self._held = False
        self._missed = False  # the bindings changed while held
        self._fallback: Timer | None = None

    def hold(self) -> None:
        """Keep the keys as they are until `release` (the screen has more urgent work)."""
        self._held = True
        if self._fallback is not None:
            self._fallback.stop()
        self._fallback = self.set_timer(HOLD_AT_MOST, self.release)  # should the read fail

    def release(self) -> None:
        if self._held:
            self._held = False
            if self._missed and self.is_attached:
                self._missed = False
                # from the footer's own queue: its rebuild runs as the footer (data binding)
                self.call_later(self.bindings_changed, self.screen)

    def _keys(self) -> Shown:
        keys: list[tuple[object, ...]] = [
            (b.key, b.action, b.description, b.key_display, b.group, enabled, tooltip)
            for (_, b, enabled, tooltip) in self.screen.active_bindings.values()
            if b.show
        ]
        palette = self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE
        keys.append((palette, self.compact))
        return tuple(keys)

    def compose(self) -> ComposeResult:
        self._shown = self._keys() if self._bindings_ready else None
        yield from super().compose()

    def bindings_changed(self, screen: Screen[object]) -> None:
        self._bindings_ready = True
        if self._held:
            self._missed = True
            return
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._rebuild_pending:
            self._rebuild_pending = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_pending = False
        if self.is_attached and self._keys() != self._shown:
            await self.recompose()
