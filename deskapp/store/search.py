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
        conn.execute(
            text(
                "UPDATE story SET search = "
                "setweight(to_tsvector('simple', :headline), 'A') || "
                "to_tsvector('simple', :body) || to_tsvector('simple', :names) "
                "WHERE id = :id"
            ),
            [{"id": i, "headline": h, "body": b, "names": n} for i, h, b, n in rows],
        )


def match_clause(dialect: str, query: str) -> ColumnElement[bool] | None:
    """A WHERE clause on `story` for the query, or None when it has no words."""
    words = query_words(query)
    if not words:
        return None
    if dialect == "sqlite":
        fts = " ".join(f'"{w}"' for w in words[:-1])
        fts = (fts + " " if fts else "") + f'"{words[-1]}"*'
        return col(StoryRow.id).in_(
            text("SELECT rowid FROM story_fts WHERE story_fts MATCH :q")
            .bindparams(q=fts)
            .columns(literal_column("rowid"))
        )
    tsq = " & ".join([*words[:-1], words[-1] + ":*"])
    return literal_column("story.search").op("@@")(
        text("to_tsquery('simple', :tsq)").bindparams(tsq=tsq)
    )
