"""`list` and `show` say the year of copy from another year; this year's copy stays short."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from deskapp.cli import main
from deskapp.config import Settings
from deskapp.core.story import Credit, Role, Story
from deskapp.services import open_services


@pytest.fixture
def desk(db_url):
    svc = open_services(db_url, editor="tester", settings=Settings())
    yield svc
    svc.close()


def add(desk, headline: str, published: datetime, dateline: date | None = None) -> int:
    story = Story(
        headline=headline,
        body="A paragraph.",
        agency="Reuters",
        published_at=published,
        dateline_place="London",
        dateline_date=dateline,
        credits=[Credit(Role.WRITER, "Ana Lima")],
    )
    [result] = desk.ingest.store([(f"test:{headline}", story)])
    return result.id


def row(out: str, sid: int) -> str:
    [line] = [line for line in out.splitlines() if line.split()[0] == str(sid)]
    return line


def test_list_shows_the_year_only_for_copy_from_another_year(db_url, desk, capsys):
    this_year = datetime.now(UTC).year
    old = add(desk, "Umbrella sales jump", datetime(2024, 1, 5, 0, 0, tzinfo=UTC))
    new = add(desk, "Markets calm", datetime(this_year, 3, 2, 9, 30, tzinfo=UTC))
    assert main(["--db", db_url, "list"]) == 0
    out = capsys.readouterr().out
    assert "2024-01-05" in row(out, old) and "01-05 00:00" not in row(out, old)
    assert "03-02 09:30" in row(out, new) and str(this_year) not in row(out, new)
    assert row(out, old).index("Umbrella") == row(out, new).index("Markets")  # columns line up


def test_show_gives_the_datelines_year_when_it_is_not_this_year(db_url, desk, capsys):
    this_year = datetime.now(UTC).year
    old = add(desk, "Umbrella sales jump", datetime(2024, 1, 5, tzinfo=UTC), date(2024, 1, 5))
    new = add(desk, "Markets calm", datetime(this_year, 3, 2, tzinfo=UTC), date(this_year, 3, 2))
    assert main(["--db", db_url, "show", str(old)]) == 0
    assert "London, Jan 05 2024 · Reuters · 2024-01-05 00:00 UTC" in capsys.readouterr().out
    assert main(["--db", db_url, "show", str(new)]) == 0
    assert f"London, Mar 02 · Reuters · {this_year}-03-02" in capsys.readouterr().out
