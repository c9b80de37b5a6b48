"""Full-text search over headline, body and credit names.

SQLite keeps an FTS5 table `story_fts` (rowid = story id); PostgreSQL keeps a
`search` tsvector column with a GIN index. Both are refreshed by the store
whenever a story's headline, body or credits change. Every word of a query
must match; the last word matches as a prefix, so results come as you type.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from sqlalchemy import ColumnElement, Connection, literal_column, text
from sqlmodel import col

from deskapp.store.tables import StoryRow

_WORD = re.compile(r"\w+", re.UNICODE)


# PostgreSQL's search document of a story: its `headline`, `body` and credit `names`
# (the headline weighs most). New stories get it as they are inserted
# (`deskapp.store.bulk.copy_stories`); `refresh_index` remakes it after a change.
def pg_document(source: str) -> str:
    """The SQL of the document over the columns of `source` (a table or alias)."""
    return (
        f"setweight(to_tsvector('simple', {source}.headline), 'A') || "
        f"to_tsvector('simple', {source}.body) || to_tsvector('simple', {source}.names)"
    )


def query_words(query: str) -> list[str]:
    return _WORD.findall(query.casefold())


def refresh_index(
    conn: Connection, rows: Iterable[tuple[int, str, str, str]], *, fresh: bool = False
) -> None:
    """(story id, headline, body, credit names) for each story to (re)index.

    `fresh` says the stories were never indexed (new in this transaction).
    """
    rows = list(rows)
    if not rows:
        return
    if conn.dialect.name == "sqlite":
        if not fresh:
            conn.exec_driver_sql(
                "DELETE FROM story_fts WHERE rowid = ?", [(row[0],) for row in rows]
            )
        conn.exec_driver_sql(
            "INSERT INTO story_fts(rowid, headline, body, names) VALUES (?, ?, ?, ?)", rows
        )
    else:
        ids, headlines, bodies, names = (list(column) for column in zip(*rows, strict=True))
        conn.exec_driver_sql(
            f"UPDATE story SET search = {pg_document('src')} FROM unnest("
            "%(ids)s::int[], %(headlines)s::text[], %(bodies)s::text[], %(names)s::text[]) "
            "AS src(id, headline, body, names) WHERE story.id = src.id",
            {"ids": ids, "headlines": headlines, "bodies": bodies, "names": names},
        )


# On SQLite, a query matching at least this many stories is listed by walking the
# list's own index in order and keeping the matches (a window of 1,000 comes after
# some 1,000 × view / matches index entries); fewer matches are each looked up by id
# (a page read apiece) and sorted. At 700,000 stories in a view the two cost the
# same near 7,000 matches; above 20,000 the walk is clearly cheaper.
MANY_MATCHES = 20_000


def fts_query(words: list[str]) -> str:
    """The FTS5 query for these words: every word, the last one as a prefix."""
    fts = " ".join(f'"{w}"' for w in words[:-1])
    return (fts + " " if fts else "") + f'"{words[-1]}"*'


def match_count(conn: Connection, query: str, at_most: int) -> int:
    """How many stories the query matches, counting no further than `at_most`."""
    words = query_words(query)
    if not words:
        return 0
    if conn.dialect.name == "postgresql":  # the GIN index's bitmap, no order asked
        return int(
            conn.execute(
                text(
                    "SELECT count(*) FROM (SELECT 1 FROM story "
                    "WHERE search @@ to_tsquery('simple', :tsq) LIMIT :n) AS hits"
                ),
                {"tsq": ts_query(words), "n": at_most},
            ).scalar_one()
        )
    return int(
        conn.execute(
            text(
                "SELECT count(*) FROM (SELECT rowid FROM story_fts "
                "WHERE story_fts MATCH :q LIMIT :n)"
            ),
            {"q": fts_query(words), "n": at_most},
        ).scalar_one()
    )


def ts_query(words: list[str]) -> str:
    """The tsquery for these words: every word, the last one as a prefix."""
    return " & ".join([*words[:-1], words[-1] + ":*"])


def match_clause(dialect: str, query: str, *, many: bool = False) -> ColumnElement[bool] | None:
    """A WHERE clause on `story` for the query, or None when it has no words.

    `many`: the query matches many stories, so the clause keeps the database from
    gathering every match through the search index (SQLite: looking each up by id,
    `id + 0`; PostgreSQL: the GIN index): it walks the list's ordering index instead."""
    words = query_words(query)
    if not words:
        return None
    if dialect == "sqlite":
        story_id = col(StoryRow.id) + 0 if many else col(StoryRow.id)
        return story_id.in_(
            text("SELECT rowid FROM story_fts WHERE story_fts MATCH :q")
            .bindparams(q=fts_query(words))
            .columns(literal_column("rowid"))
        )
    tsq = ts_query(words)
    # `many`: test each story the time index walks to rather than let the planner
    # (which cannot guess a prefix's matches) gather every match from the GIN index
    column = "coalesce(story.search, ''::tsvector)" if many else "story.search"
    return literal_column(column).op("@@")(text("to_tsquery('simple', :tsq)").bindparams(tsq=tsq))
