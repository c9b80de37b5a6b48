"""Every open desk says it when the wire kills, withholds or corrects a story the desk has
queued or exported: a notice naming the story and what to do.

The live feed names such a change with the kind "alert" (on PostgreSQL in the
NOTIFY payload, on SQLite from the history event; see
`deskapp.services.wire_alerts`); the desk then reads the stories' alerts on a
thread and shows each once. The desk that ran the ingest says them from the
ingest's own results too (whichever comes first; never twice).

The headline is wire text: notices are plain text (`markup=False`), never markup.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from deskapp.core.listing import StoryChange
from deskapp.core.wire_alert import WireAlert

if TYPE_CHECKING:
    from deskapp.tui.app import DeskApp

ALERT_KIND = "alert"
NOTICE_TIMEOUT = 60.0  # seconds: long enough to be read by someone back at the desk
NOTICE_TITLE = "Wire alert"


class WireNotices:
    def __init__(self, app: DeskApp) -> None:
        self.app = app
        self._said: set[tuple[int, str]] = set()  # (story id, alert text) already shown

    def heard(self, changes: Iterable[StoryChange]) -> None:
        """The live feed's changes: read the alerts of the stories it says have one."""
        ids = sorted({c.story_id for c in changes if ALERT_KIND in c.what})
        if ids:
            self.app.run_worker(
                lambda: self._read(ids), thread=True, group="wire-alerts", exit_on_error=False
            )

    def _read(self, story_ids: list[int]) -> None:
        try:
            alerts = self.app.services.notes.wire_alerts(story_ids)
        except Exception as exc:  # the database went away: the follow-up is on the board
            self.app.call_from_thread(
                self.app.notify,
                f"A wire alert came in but could not be read: {exc}".splitlines()[0],
                severity="warning",
                markup=False,
            )
            return
        self.app.call_from_thread(self.say, alerts)

    def say(self, alerts: Iterable[WireAlert]) -> None:
        """Show each alert not shown yet: an error for published copy to take down."""
        for alert in alerts:
            key = (alert.story_id, alert.text)
            if key in self._said:
                continue
            self._said.add(key)
            self.app.notify(
                alert.notice(),
                title=NOTICE_TITLE,
                severity="error" if alert.severe else "warning",
                timeout=NOTICE_TIMEOUT,
                markup=False,
            )
