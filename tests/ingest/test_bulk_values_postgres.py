"""Stories ingested on PostgreSQL (COPY, ids reserved from the sequence, the search
document made as rows go in) read back exactly as the same stories ingested on SQLite.

COPY's text format gives tabs, newlines, carriage returns and backslashes a meaning,
`\\N` is its NULL, and JSON columns and times with a zone go through it as text: each
of those is in these stories, in every kind of column the bulk path writes.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from deskapp.config import Settings
from deskapp.core.listing import StoryFilter
from deskapp.core.story import Credit, Photo, Role, Story
from deskapp.services import open_services

pytestmark = pytest.mark.postgres

ODD = [
    "tab\there",
    "new\nline and carriage\r\nreturn",
    "back\\slash \\N \\t \\\\ and a lone \\",
    "\\N",
    "quotes ' \" ` and $$ dollars $1",
    "comma, semicolon; pipe | brace {a,b} bracket [1]",
    "Zoë Ødegård, İstanbul, ß, ﬁ, 東京, Ελλάδα, עברית, العربية",
    "emoji 🗞️👩🏽‍💻 and a combining e\u0301 and a no-break\u00a0space",
    "line\u2028separator and zero\u200bwidth",
    "",
]
ZONE = timezone(timedelta(hours=-5, minutes=-30))
WHEN = datetime(2026, 3, 2, 9, 30, 15, 123456, tzinfo=UTC)


def odd_story(n: int) -> Story:
    text = ODD[n % len(ODD)]
    other = ODD[(n + 3) % len(ODD)]
    story = Story(
        headline=f"Harbour {n} {text}".strip(),
        body=f"First paragraph {n}: {text}\n\nSecond: {other}",
        uid=f"odd-{n}-{text[:12]}",
        wire_version=None if n % 2 else n,
        slugline=other,
        agency="Wire\tAgency" if n % 3 == 0 else "Reuters",
        section=text,
        subheadline=other,
        abstract=text,
        dateline_place=other,
        dateline_date=None if n % 2 else date(2024, 2, 29),
        published_at=None if n % 4 == 1 else datetime(2024, 3, 1, 23, 45, 6, 789, tzinfo=ZONE),
        signoff=text,
        photo=None if n % 2 else Photo(caption=text, credit=other),
        credits=[Credit(Role.WRITER, f"Ana {text}".strip()), Credit(Role.EDITOR, "Bo \\ Yu")],
        keywords=[text, other, 'quote " and \\ back', "\\N"] if n % 3 else [],
        wire_notes=[f"note {text}", "\\N"] if n % 2 == 0 else [],
        killed=n % 5 == 0,
        withdrawn=n % 7 == 0,
        corrected=n % 2 == 0,
        priority=None if n % 2 else 3,
        embargo_until=None if n % 3 else datetime(2024, 3, 2, 6, 0, tzinfo=ZONE),
        source_format="text",
        raw_text=f"RAW\t{text}\r\n\\N\\{other}\n",
        decoded_as="cp1252" if n % 4 == 0 else "",
    )
    story.ready_to_store = True  # stored as given: nothing cleaned before it is written
    return story


def stored(services, story_id: int) -> tuple:
    """Everything a story's page shows: the story, its notes and its history."""
    story = services.stories.get(story_id)
    notes = [(n.text, n.author, n.from_wire, n.created_at, n.due) for n in story.notes]
    story = replace(story, notes=[])
    history = [
        (e.editor, e.action, e.version, e.changes, e.at) for e in services.stories.history(story_id)
    ]
    return story, notes, history


@pytest.fixture
def both(tmp_path, pg_url):
    stories = [odd_story(n) for n in range(len(ODD) * 2)]
    twins = [odd_story(n) for n in range(len(ODD) * 2)]
    sqlite = open_services(
        f"sqlite:///{tmp_path / 'desk.db'}", editor="tester", settings=Settings()
    )
    postgres = open_services(pg_url, editor="tester", settings=Settings())
    sqlite.ctx.clock = postgres.ctx.clock = lambda: WHEN
    try:
        yield (
            (sqlite, sqlite.ingest.store([(f"odd:{i}", s) for i, s in enumerate(stories)])),
            (postgres, postgres.ingest.store([(f"odd:{i}", s) for i, s in enumerate(twins)])),
        )
    finally:
        sqlite.close()
        postgres.close()


def test_odd_copy_reads_back_on_postgres_as_on_sqlite(both):
    (sqlite, on_sqlite), (postgres, on_pg) = both
    assert [(r.status, r.id) for r in on_pg] == [(r.status, r.id) for r in on_sqlite]
    assert {r.status for r in on_pg} == {"new"}
    for pg_result, lite_result in zip(on_pg, on_sqlite, strict=True):
        pg_story, pg_notes, pg_history = stored(postgres, pg_result.id)
        lite_story, lite_notes, lite_history = stored(sqlite, lite_result.id)
        assert pg_story == lite_story
        assert pg_notes == lite_notes
        assert pg_history == lite_history
    # the values did reach the database as written, not cleaned on the way
    first = postgres.stories.get(on_pg[0].id)
    assert first.raw_text == "RAW\ttab\there\r\n\\N\\\\N\n"
    assert first.published_at == datetime(2024, 3, 2, 5, 15, 6, 789, tzinfo=UTC)
    assert postgres.stories.get(on_pg[3].id).section == "\\N"  # text, not NULL
    assert postgres.stories.get(on_pg[1].id).photo is None  # NULL, not text


def test_the_search_finds_what_postgres_stored_in_one_statement(both):
    _, (postgres, on_pg) = both
    for words, index in (("semicolon pipe", 5), ("dollars", 4), ("separator", 8), ("Bo Yu", 0)):
        found = postgres.stories.ids(StoryFilter(search=words))
        assert on_pg[index].id in found, words


def test_the_same_batch_again_is_all_duplicates_on_postgres_as_on_sqlite(both):
    (sqlite, _), (postgres, on_pg) = both
    again = [odd_story(n) for n in range(len(ODD) * 2)]
    twice = [odd_story(n) for n in range(len(ODD) * 2)]
    pg_again = postgres.ingest.store([(f"odd:{i}", s) for i, s in enumerate(again)])
    lite_again = sqlite.ingest.store([(f"odd:{i}", s) for i, s in enumerate(twice)])
    assert [(r.status, r.id) for r in pg_again] == [("duplicate", r.id) for r in on_pg]
    assert [(r.status, r.id) for r in pg_again] == [(r.status, r.id) for r in lite_again]


def test_a_refused_copy_is_a_database_error_and_the_batch_is_rolled_back(pg_url):
    """COPY goes to the driver directly; its errors still come as SQLAlchemy's, which
    is what the command line turns into `database error: ...` (not a crash)."""
    from sqlalchemy.exc import IntegrityError

    from deskapp.store import bulk
    from deskapp.store.tables import CreditRow, table_of

    services = open_services(pg_url, editor="tester", settings=Settings())
    try:
        with (
            pytest.raises(IntegrityError, match="foreign key"),
            services.ctx.db.write() as session,
        ):
            bulk.copy_rows(
                session.connection(),
                table_of(CreditRow),
                ("story_id", "role", "name", "ord"),
                [(999, "writer", "Nobody", 0)],
            )
        [result] = services.ingest.store([("odd:0", odd_story(0))])  # the desk still works
        assert result.status == "new"
    finally:
        services.close()
