"""Reuters copy that credits only "Reporting by X" is ready: a reporter is an author."""

from __future__ import annotations

from deskapp.core.queue_rules import missing_for
from deskapp.core.story import Credit, Role, Story
from deskapp.ingest.detect import parse_source

REUTERS_COPY = b"""Harbour pilots vote to keep night shifts

OSLO, Nov 27 (Reuters) - Harbour pilots in a fictional Norwegian port voted on Thursday
to keep their night shifts after a year of trials.

The vote was close, the union said.

(Reporting by Ola Fjeld; Editing by Tom Hale)
"""


def test_a_reporter_is_enough_for_readiness_but_an_editor_is_not() -> None:
    story = Story(
        "Headline", "A body.", desk="europe", credits=[Credit(Role.REPORTER, "Ola Fjeld")]
    )
    assert missing_for(story) == []
    story.credits = [Credit(Role.EDITOR, "Tom Hale")]
    assert missing_for(story) == ["an author credit (writer or reporter)"]


def test_reuters_copy_with_only_reporting_by_queues_without_force(services) -> None:
    [story] = parse_source(REUTERS_COPY, "oslo.txt")
    assert story.names(Role.REPORTER) == ["Ola Fjeld"] and story.names(Role.WRITER) == []
    [result] = services.ingest.store([("oslo.txt", story)], desk="europe")
    queued = services.queue.add(result.id, expect_version=1)
    assert not queued.queue_forced
    [entry] = services.queue.list_entries()
    assert entry.missing == () and entry.ready
