"""The baseline of the first-paint budget: a bare Textual app with a header, an empty
table and a footer. `bench/tui_bench.py` imports `BareApp` for its in-process figures
and runs this file as a child process for the figure from exec:

    python bench/paint_bare.py    # prints `first paint T C`: time.monotonic(), CPU seconds

Headless at 100×30, like the desk's probe (DESKAPP_PAINT_PROBE, deskapp/tui/launch.py):
it draws its first frame, notes the time, exits. Imports only Textual.
"""

from __future__ import annotations

import time

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Header

SIZE = (100, 30)


class BareApp(App[None]):
    """The baseline: a header, an empty table and a footer."""

    def __init__(self, *, probe: bool = False) -> None:
        super().__init__()
        self.probe = probe
        self.painted_at: float | None = None
        self.painted_cpu = 0.0

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable()
        yield Footer()

    def on_mount(self) -> None:
        if self.probe:  # the same 2 ms check as the desk's probe
            self.set_interval(0.002, self._probe_paint)

    def _probe_paint(self) -> None:
        if self.painted_at is not None or not self.screen.query(Footer):
            return
        self.screen._on_timer_update()  # draw the frame now (what the refresh timer does)
        self.painted_at = time.monotonic()
        self.painted_cpu = time.process_time()
        self.exit()


if __name__ == "__main__":
    app = BareApp(probe=True)
    app.run(headless=True, size=SIZE)
    print(f"first paint {app.painted_at:.6f} {app.painted_cpu:.6f}")
