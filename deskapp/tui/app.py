"""The desk TUI: the app, its themes and stylesheets, the live desk, help and the palette."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterable
from concurrent.futures import Future
from datetime import UTC, tzinfo
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events, work
from textual.app import App, SystemCommand
from textual.markup import escape
from textual.screen import Screen
from textual.theme import Theme
from textual.worker import get_current_worker

import deskapp
from deskapp.core.listing import StoryChange, StorySummary
from deskapp.core.when import WhenError, desk_zone
from deskapp.tui.commands import BY_ID, DeskAction, keymap_clashes, unknown_ids
from deskapp.tui.screens.undo import InOrder, UndoStack
from deskapp.tui.widgets.story_list import StoryList
from deskapp.tui.wire_notices import WireNotices

if TYPE_CHECKING:
    from deskapp.services import Services
    from deskapp.services.live import LiveChanges
    from deskapp.tui.screens.ingest import IngestFinished
    from deskapp.tui.screens.opening import Opening

DESK_MODE = "desk"  # where the desk screen goes once the services behind the opening are open
HELD_KEYS_WAIT = 10.0  # seconds the keys pressed while the desk opens wait for its list
PASS_WHILE_OPENING = ("ctrl+q", "ctrl+c")  # quitting is never held
STYLESHEETS = ("app.tcss", "desk.tcss", "story.tcss", "dialogs.tcss")
LIVE_EVERY = 1.0  # seconds between checks for others' changes
# Once a change arrives, what else arrives this long after it goes to the screens
# with it: at 20 changes a second a desk redraws twice a second, not 20 times.
LIVE_GATHER = 0.5

NEWSROOM_DARK = Theme(
    name="newsroom",
    dark=True,
    primary="#6A9AC4",
    secondary="#8AA6A3",
    accent="#D9A55B",
    foreground="#D9DEE3",
    background="#1A1E23",
    surface="#20262C",
    panel="#2A3139",
    success="#74B27F",
    warning="#D9A55B",
    error="#D0625A",
)
NEWSROOM_LIGHT = Theme(
    name="newsroom-light",
    dark=False,
    primary="#2E5F8A",
    secondary="#4F6F6B",
    accent="#A86A12",
    foreground="#23272C",
    background="#F6F3EC",
    surface="#FFFFFF",
    panel="#E7E2D7",
    success="#2F7A44",
    warning="#A86A12",
    error="#B23A32",
)


DEFAULT_THEME = "newsroom"


def styles_dir() -> Path:
    """The stylesheets: shipped inside the wheel, or next to the package in a checkout."""
    packaged = Path(deskapp.__file__).parent / "styles"
    return packaged if packaged.is_dir() else Path(deskapp.__file__).parent.parent / "styles"


def rows_drawn(story_list: StoryList) -> bool:
    """Whether the list shows real rows: it is laid out on the screen, its ids are read
    and every row on screen has its summary (no placeholder left), or it is read and
    empty (its message shows)."""
    if not story_list.loaded or not story_list.size.height:
        return False
    top = int(story_list.scroll_y)
    visible = story_list.ids[top : top + story_list.size.height]
    return all(story_list.summary(sid) is not None for sid in visible)


def zone_from(name: str) -> tuple[tzinfo, str]:
    """The desk's time zone, and what is wrong with the configured one ("" if nothing)."""
    try:
        return desk_zone(name), ""
    except WhenError as exc:  # an unknown zone name: show UTC rather than fail to open
        return UTC, f"timezone in the config: {exc}; times are shown in UTC"


class DeskApp(App[int]):
    TITLE = "Deskapp"
    CSS_PATH = [styles_dir() / name for name in STYLESHEETS]
    ENABLE_COMMAND_PALETTE = True

    def __init__(
        self,
        services: Services | None = None,
        *,
        live_every: float | None = LIVE_EVERY,
        opening: Opening | None = None,
        probe: bool = False,
    ) -> None:
        """The desk on open `services`, or (`opening`) on the first page of a SQLite desk
        whose services open behind the first frame (see screens/opening.py)."""
        super().__init__()
        if services is not None:
            settings, opening = services.ctx.settings, None
        elif opening is not None:
            settings = opening.settings
        else:
            raise ValueError("the desk needs its services, or the first page to open on")
        self._services = services
        self.opening = opening
        self.settings = settings
        self.probe = probe  # exit once the first frame with rows is drawn (launch.py)
        self.painted_at: float | None = None
        self.painted_cpu = 0.0
        self.failure: Exception | None = None  # why the services did not open, if they did not
        self._held_keys: list[tuple[str, str | None]] = []  # pressed while the desk opened
        self._holding = self.opening is not None
        # themes are set before anything mounts: a later change restyles every widget
        self.register_theme(NEWSROOM_DARK)
        self.register_theme(NEWSROOM_LIGHT)
        # the theme last picked on the desk (config `theme`), else newsroom
        wanted = settings.theme or DEFAULT_THEME
        self.saved_theme = wanted if wanted in self.available_themes else DEFAULT_THEME
        self.theme = self.saved_theme
        self.zone, self.zone_problem = zone_from(settings.timezone)
        self.keys = dict(settings.keys)
        self.live_every = live_every
        self.undo = UndoStack()  # this editor's acts since the desk opened
        self.in_order = InOrder()  # story changes apply in the order their keys were pressed
        self.wire_notices = WireNotices(self)  # kills and corrections of copy let out: said
        # The inbox's first rows: read while Textual starts up, in parallel, or already
        # read through the driver (opening)
        self.first_load: Future[tuple[list[int], dict[int, StorySummary]]] = Future()
        if self.opening is not None:
            self.first_load.set_result((self.opening.ids, self.opening.page))
        else:
            threading.Thread(
                target=self._read_inbox, name="deskapp-first-load", daemon=True
            ).start()

    @property
    def services(self) -> Services:
        if self._services is None:
            raise RuntimeError("the desk's services are still opening")
        return self._services

    @property
    def services_open(self) -> bool:
        """False while the desk shows its opening screen (a SQLite desk, at start)."""
        return self._services is not None

    def _read_inbox(self) -> None:
        from deskapp.tui.views import VIEWS
        from deskapp.tui.widgets.story_list import PAGE

        try:
            ids = self.services.stories.ids(VIEWS[0].story_filter(), limit=PAGE)
            self.first_load.set_result((ids, self.services.stories.summaries(ids)))
        except Exception as exc:  # the screen reads again and reports it
            self.first_load.set_exception(exc)

    def on_mount(self) -> None:
        unknown = unknown_ids(self.keys)
        # the keys as they work: help, footer hints and the keymap agree
        self.keys, clashes = keymap_clashes(self.keys)
        if self.keys:
            self.set_keymap(self.keys)
        for line in clashes:
            self.notify(line, severity="warning", markup=False, timeout=10)
        if unknown:
            self.notify(
                f"[keys] in the config names no action: {', '.join(unknown)}",
                severity="warning",
                markup=False,
            )
        if self.zone_problem:
            self.notify(self.zone_problem, severity="warning", markup=False, timeout=10)
        if self.live_every and self.opening is None:
            self.start_live()
        if self.probe:
            self.set_interval(0.002, self._probe_paint)

    # -- opening: the first frame first, then the services -------------------------------
    def open_behind(self) -> None:
        """Called by the opening screen once its first frame is drawn."""
        from deskapp.tui.launch import resume_gc

        resume_gc()
        if self.opening is not None and self._services is None:
            self._open_services(self.opening)

    @work(thread=True, group="opening", exit_on_error=False)
    def _open_services(self, opening: Opening) -> None:
        try:
            services = opening.open_services()
            import deskapp.tui.screens.desk  # noqa: F401  (here, not on the UI thread)
        except Exception as exc:  # said as `deskapp` says it today, once the desk has closed
            if not get_current_worker().is_cancelled:
                self.call_from_thread(self._not_opened, exc)
            return
        if not get_current_worker().is_cancelled:  # the editor quit while they opened
            self.call_from_thread(self._opened, services)

    def _opened(self, services: Services) -> None:
        from deskapp.tui.screens.desk import DeskScreen

        self._services = services
        # the desk screen in a mode of its own: the opening screen is the default mode's
        # base, which Textual does not switch away from (it stays there, idle, unseen)
        self.add_mode(DESK_MODE, DeskScreen)
        self.switch_mode(DESK_MODE)
        if self.live_every:
            self.start_live()
        # keys pressed so far go to the desk screen once its list shows the first page
        # (on_story_list_highlighted); should that never come, they are dropped, said so
        self.set_timer(HELD_KEYS_WAIT, self._drop_held_keys)

    def _not_opened(self, exc: Exception) -> None:
        self.failure = exc
        self.exit(return_code=1)

    async def on_event(self, event: events.Event) -> None:
        """While the desk opens, hold every key but the quitting ones, in order."""
        if (
            self._holding
            and isinstance(event, events.Key)
            and not event.is_forwarded
            and event.key not in PASS_WHILE_OPENING
        ):
            self._held_keys.append((event.key, event.character))
            event.stop()
            return
        await super().on_event(event)

    def on_story_list_highlighted(self, event: StoryList.Highlighted) -> None:
        from deskapp.tui.screens.opening import OPENING_LIST

        opened = self._holding and self._services is not None
        if opened and not event.story_list.has_class(OPENING_LIST):
            self._release_held_keys()  # the desk screen shows the first page

    def _release_held_keys(self) -> None:
        self._holding = False
        held, self._held_keys = self._held_keys, []
        for key, character in held:
            self.post_message(events.Key(key, character))

    def _drop_held_keys(self) -> None:
        if not self._holding:
            return
        self._holding = False
        held, self._held_keys = self._held_keys, []
        if held:
            self.notify(
                f"{len(held)} key(s) pressed while the desk opened were not used: "
                "the list did not load",
                severity="warning",
                markup=False,
            )

    def _probe_paint(self) -> None:
        """The first-paint probe (DESKAPP_PAINT_PROBE, see launch.py): once the list on
        screen shows its rows, draw that frame, note the time and exit."""
        lists = self.screen.query(StoryList)
        if self.painted_at is not None or not lists or not rows_drawn(lists.first()):
            return
        self.screen._on_timer_update()  # draw the frame now (what the refresh timer does)
        self.painted_at = time.monotonic()
        self.painted_cpu = time.process_time()
        if sys.__stderr__ is not None:  # the line splits `-X importtime` output in two
            sys.__stderr__.write("deskapp: first paint\n")
            sys.__stderr__.flush()
        self.exit(0)

    def watch_theme(self, theme_name: str) -> None:
        """A theme picked on the desk (ctrl+p, Change theme) is kept in the config file
        (`theme = "..."`) and used from the next start on."""
        if theme_name == self.saved_theme:
            return
        from deskapp.config import save_setting

        try:
            save_setting("theme", theme_name, self.settings.source)
        except (OSError, ValueError) as exc:  # a read-only or broken config: say it, go on
            self.notify(f"theme not saved in the config: {exc}", severity="warning", markup=False)
            return
        self.saved_theme = theme_name

    def get_default_screen(self) -> Screen:
        if self.opening is not None:
            from deskapp.tui.screens.opening import OpeningScreen

            return OpeningScreen(self.opening)
        from deskapp.tui.screens.desk import DeskScreen

        return DeskScreen()

    # -- the live desk -----------------------------------------------------------------
    def start_live(self) -> None:
        """Follow others' changes: PostgreSQL LISTEN/NOTIFY or SQLite's data_version,
        lock changes included, on a thread worker that ends when the app does."""
        from deskapp.services.live import LiveChanges

        self._follow(LiveChanges(self.services.ctx))

    @work(thread=True, group="live-feed")
    def _follow(self, live: LiveChanges) -> None:
        from deskapp.services.live import gather

        worker = get_current_worker()
        every = self.live_every or LIVE_EVERY
        try:
            live.start()
        except Exception as exc:  # e.g. the server refused LISTEN: say so, keep working
            self.call_from_thread(
                self.notify,
                f"Live updates are off: {exc}. r refreshes a list.",
                severity="warning",
                markup=False,
            )
            return
        failing = False
        try:
            while not worker.is_cancelled:
                try:
                    changed = live.wait(every)
                except Exception:  # the database went away for a moment: try again
                    if not failing:
                        self.call_from_thread(
                            self.notify,
                            "Live updates paused: the database does not answer.",
                            severity="warning",
                        )
                    failing = True
                    time.sleep(every)
                    continue
                failing = False
                if changed and not worker.is_cancelled:
                    changed = gather(live, changed, LIVE_GATHER)
                    self.call_from_thread(self.broadcast, changed)
        finally:
            live.stop()

    def broadcast(self, changed: list[StoryChange]) -> None:
        """Tell every open screen which stories changed and what of them; each updates
        what it shows. An empty list: anything may have changed, every list reads again."""
        for screen in self.screen_stack:
            update = getattr(screen, "live_update", None)
            if update is not None:
                update(changed)
        self.wire_notices.heard(changed)

    def on_ingest_finished(self, message: IngestFinished) -> None:
        if message.changed:
            self.notify(message.summary, markup=False)
        self.wire_notices.say(message.alerts)
        self.broadcast([])  # every list reads its ids again

    # -- help and the palette ------------------------------------------------------------
    def actions_on(self, screen: Screen[Any]) -> list[DeskAction]:
        """The actions bound where the editor is (the focused view, its screen), in the
        order they are defined: what the footer, `?` and the palette offer."""
        bound = {b.binding.id for b in screen.active_bindings.values()}
        return [a for a in BY_ID.values() if a.id in bound]

    def show_help(self, screen: Screen[Any]) -> None:
        title = f"Keys — {self.sub_title or 'Deskapp'}"
        from deskapp.tui.widgets.status_bar import database_label

        # as the status bar names it ("sqlite · desk.db"): one line at 80 columns
        footer = (
            f"editor {self.services.editor} · database "
            f"{database_label(self.services.db.display_name())}"
        )
        from deskapp.tui.screens.help import HelpScreen

        self.push_screen(HelpScreen(title, self.actions_on(screen), self.keys, footer))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        # each action runs where it is bound: the list, the view's pane, or the screen
        where = {b.binding.id: b.node for b in screen.active_bindings.values()}
        for action in self.actions_on(screen):
            node = where.get(action.id)
            if action.palette and node is not None:
                # the palette reads both as markup: "[spike]" must stay text
                yield SystemCommand(
                    escape(action.palette_title()),
                    escape(f"{action.help}  [{action.id}]"),
                    partial(self.run_action, action.action, node),
                )
        yield from super().get_system_commands(screen)
