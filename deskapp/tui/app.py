"""The desk TUI (placeholder until the desk screens land)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static

from deskapp.services import Services


class DeskApp(App[int]):
    TITLE = "Deskapp"
    BINDINGS = [("q", "quit", "Quit")]

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("The desk opens here. Meanwhile: deskapp --help", markup=False)
        yield Footer()
