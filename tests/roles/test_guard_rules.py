"""Every public service method is either guarded by a permission or listed as a read.

A new changing method that nobody adds to `RULES` would let any login through the
Python door (the database still refuses what a role may not write, but with less
clear words, and a bulk act would start before it is refused): this test names it.
"""

from __future__ import annotations

import inspect

import pytest

from deskapp.core.permissions import BY_KEY
from deskapp.services.archive import ArchiveService
from deskapp.services.export import ExportService
from deskapp.services.feeds import FeedService
from deskapp.services.guard import READS, RULES
from deskapp.services.history import HistoryService
from deskapp.services.ingest import IngestService
from deskapp.services.locks import LockService
from deskapp.services.notes import NoteService
from deskapp.services.queue import QueueService
from deskapp.services.stories import StoryService

SERVICES = {
    "archive": ArchiveService,
    "stories": StoryService,
    "notes": NoteService,
    "ingest": IngestService,
    "queue": QueueService,
    "export": ExportService,
    "feeds": FeedService,
    "locks": LockService,
    "history": HistoryService,
}


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_each_public_method_is_a_rule_or_a_read(name):
    public = {
        n for n, v in inspect.getmembers(SERVICES[name]) if not n.startswith("_") and callable(v)
    }
    assert public - set(RULES[name]) - READS[name] == set(), "unguarded: add a rule or a read"
    assert (set(RULES[name]) | READS[name]) - public == set(), "no such method"
    assert not set(RULES[name]) & READS[name]


def test_each_rule_names_a_permission():
    for rules in RULES.values():
        for rule in rules.values():
            keys = [rule] if isinstance(rule, str) else [rule((), {}), rule((), {"take_over": 1})]
            assert all(k in BY_KEY for k in keys), keys


def test_the_triage_acts_need_what_their_single_acts_need():
    stories, queue = RULES["stories"], RULES["queue"]
    assert stories["set_desk_many"] == stories["set_desk"] == "desk"
    assert stories["spike_report"] == stories["spike"] == "spike"
    assert queue["add_many"] == queue["remove_many"] == queue["add"] == "queue"
    assert stories["undo_change"] == stories["undo"] == "undo"
    assert RULES["history"]["revert"] == "revert"
