"""A desk with history: stories done with long ago, and some that are not.

Everything is set up with the services' clock turned back (`LONG_AGO`), then the
clock is the real one again, as it is for the command line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from deskapp.core.story import Credit, Role, Story

LONG_AGO = datetime.now(UTC) - timedelta(days=200)


@dataclass
class OldDesk:
    spiked: int  # spiked 200 days ago, nothing since: goes
    published: int  # exported 200 days ago, a resolved note, a draft, credits: goes
    followup: int  # spiked long ago with an open follow-up: stays, and is named
    locked: int  # spiked long ago, someone is editing it now: stays, and is named
    recent: int  # spiked yesterday: not old enough
    inbox: int  # old, but never spiked nor published: not done with
    touched: int  # spiked long ago, its desk changed an hour ago: not old enough


def _story(headline: str, body: str, uid: str, **kw: object) -> Story:
    return Story(
        headline=headline,
        body=body,
        uid=uid,
        agency="Fictional Wire",
        credits=[Credit(Role.WRITER, "Ana Lima"), Credit(Role.EDITOR, "Bo Yu")],
        **kw,  # type: ignore[arg-type]
    )


def at(services, when: datetime, act: Callable[[], object], editor: str = "") -> object:  # type: ignore[no-untyped-def]
    """Run `act` with the services' clock (and editor) set for it."""
    clock, who = services.ctx.clock, services.ctx.editor
    services.ctx.clock = lambda: when
    services.ctx.editor = editor or who
    try:
        return act()
    finally:
        services.ctx.clock, services.ctx.editor = clock, who


def build_old_desk(services, out: Path) -> OldDesk:  # type: ignore[no-untyped-def]
    stories = [
        _story("Ferry strike ends at Port Alder", "The ferry crews went back.", "w-ferry"),
        _story("Harbour board opens new quay", "The quay opened.", "w-quay"),
        _story("Bridge closure questioned", "Council asks why.", "w-bridge"),
        _story("Budget talks stall", "No deal yet.", "w-budget"),
        _story("Lighthouse keeper retires", "After forty years.", "w-light"),
        _story("Tide tables printed", "New tables out.", "w-tide"),
        _story("Fishing quota set", "Quota is set.", "w-quota"),
    ]
    results = at(
        services,
        LONG_AGO,
        lambda: services.ingest.store([(f"src:{s.uid}", s) for s in stories], desk="europe"),
    )
    ids = [r.id for r in results]  # type: ignore[attr-defined]
    spiked, published, followup, locked, recent, inbox, touched = ids
    for sid in (spiked, followup, locked, touched):
        at(services, LONG_AGO, lambda sid=sid: services.stories.spike(sid))
    at(services, LONG_AGO, lambda: services.notes.add(followup, "ask the council again"))

    def publish() -> None:
        _, note = services.notes.add(published, "check the quay name")
        services.notes.resolve(note.id)
        services.queue.add(published)
        services.export.export(out)

    at(services, LONG_AGO, publish)
    from deskapp.services.drafts import DraftService

    drafts = DraftService(services.ctx)
    at(
        services,
        LONG_AGO,
        lambda: drafts.save(published, headline="Quay draft", body="Unsaved.", base_version=1),
    )
    at(services, datetime.now(UTC) - timedelta(days=1), lambda: services.stories.spike(recent))
    at(services, datetime.now(UTC), lambda: services.locks.acquire(locked), editor="ana")
    at(
        services,
        datetime.now(UTC) - timedelta(hours=1),
        lambda: services.stories.set_desk(touched, "world"),
    )
    return OldDesk(spiked, published, followup, locked, recent, inbox, touched)


@pytest.fixture
def old_desk(services, tmp_path: Path) -> OldDesk:  # type: ignore[no-untyped-def]
    return build_old_desk(services, tmp_path / "site")
