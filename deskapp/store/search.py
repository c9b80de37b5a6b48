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
