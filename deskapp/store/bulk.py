"""Inserting many rows at once, with as little per-row work as the driver allows.

SQLAlchemy's executemany builds a parameter dict per row through its compiler;
at 10,000 stories that costs more than SQLite's own work. A `BulkInsert` binds
each column's type processor once, runs it only on values that are not None,
and hands the driver plain tuples.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from functools import wraps
from typing import Any, TypeVar, cast

from sqlalchemy import JSON, Connection, Table
from sqlalchemy.exc import DBAPIError

F = TypeVar("F", bound=Callable[..., Any])


class BulkInsert:
    """One prepared INSERT of `columns` into `table`; `run` takes rows as tuples in that order."""

    def __init__(self, conn: Connection, table: Table, columns: Sequence[str]) -> None:
        self.conn = conn
        self.table = table
        self.columns = tuple(columns)
        dialect = conn.dialect
        style = dialect.paramstyle
        if style == "qmark":
            mark = "?"
        elif style in ("format", "pyformat"):
            mark = "%s"
        else:  # other drivers: let SQLAlchemy do it
            self.sql = ""
            self.processors: list[tuple[int, Callable[[Any], Any]]] = []
            return
        quote = dialect.identifier_preparer.quote
        names = ", ".join(quote(name) for name in self.columns)
        marks = ", ".join(mark for _ in self.columns)
        self.sql = f"INSERT INTO {quote(table.name)} ({names}) VALUES ({marks})"
        self.processors = [
            (i, process)
            for i, name in enumerate(self.columns)
            if (process := table.c[name].type.dialect_impl(dialect).bind_processor(dialect))
            is not None
        ]

    def run(self, rows: Iterable[Sequence[Any]]) -> None:
        if not self.sql:
            self.conn.execute(
                self.table.insert(), [dict(zip(self.columns, row, strict=True)) for row in rows]
            )
            return
        processors = self.processors
        if processors:
            params = []
            for row in rows:
                values = list(row)
                for i, process in processors:
                    if values[i] is not None:
                        values[i] = process(values[i])
                params.append(tuple(values))
        else:
            params = [tuple(row) for row in rows]
        if params:
            self.conn.exec_driver_sql(self.sql, params)


# PostgreSQL: COPY, ids reserved in one round trip, the search document made as rows go in.
#
# executemany sends one INSERT per row (psycopg pipelines them, but the server still
# plans and runs each, and an UPDATE per story set its search document: a second
# version of every row in all eight of story's indexes). COPY streams the rows in
# one statement. Ids come from the table's sequence before the rows are sent, so
# the credits, notes and history of new stories need no read-back.


def _database_errors(run: F) -> F:
    """Errors of the driver raised as SQLAlchemy raises them (`IntegrityError`,
    `OperationalError`...), so a refusal, a full disk or a broken rule reads the same
    whether the statement went through SQLAlchemy or straight to psycopg."""

    @wraps(run)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        import psycopg

        try:
            return run(*args, **kwargs)
        except psycopg.Error as exc:
            raise DBAPIError.instance(run.__name__, None, exc, psycopg.Error) from exc

    return cast(F, wrapped)


def _driver(conn: Connection) -> Any:
    """The psycopg connection under `conn`, in the transaction SQLAlchemy began on it."""
    return conn.connection.driver_connection


@_database_errors
def reserve_ids(conn: Connection, table: Table, count: int) -> list[int]:
    """`count` new ids from the sequence of `table.id`, ascending (PostgreSQL)."""
    if count <= 0:
        return []
    cursor = _driver(conn).cursor()
    cursor.execute(
        "SELECT nextval(q.seq) FROM (SELECT pg_get_serial_sequence(%s, 'id')::regclass AS seq) q,"
        " generate_series(1, %s)",
        (table.name, count),
    )
    return sorted(row[0] for row in cursor.fetchall())


def _copy_allowed(conn: Connection, table: Table) -> bool:
    """False where row-level security applies to this login (COPY FROM refuses those
    tables: a desk login writing notes or history on a desk set up with roles)."""
    cursor = _driver(conn).cursor()
    cursor.execute("SELECT row_security_active(%s::regclass)", (table.name,))
    row = cursor.fetchone()
    return not (row and row[0])


def _text_values(table: Table, columns: Sequence[str]) -> Callable[[Sequence[Any]], list[Any]]:
    """A row's values as COPY's text format takes them: JSON columns as their JSON text;
    datetimes stay aware (stored as UTC), None is NULL, the driver escapes the rest."""
    json_at = [i for i, name in enumerate(columns) if isinstance(table.c[name].type, JSON)]

    def convert(row: Sequence[Any]) -> list[Any]:
        values = list(row)
        for i in json_at:
            values[i] = json.dumps(values[i])
        return values

    return convert


@_database_errors
def copy_rows(
    conn: Connection, table: Table, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    """Insert `rows` (tuples in `columns` order) into `table` with one COPY (PostgreSQL).

    A table under row-level security for this login gets one multi-row INSERT instead."""
    rows = list(rows)
    if not rows:
        return
    convert = _text_values(table, columns)
    quote = conn.dialect.identifier_preparer.quote
    names = ", ".join(quote(name) for name in columns)
    if not _copy_allowed(conn, table):
        _insert_unnest(conn, table, columns, [convert(row) for row in rows])
        return
    cursor = _driver(conn).cursor()
    with cursor.copy(f"COPY {quote(table.name)} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(convert(row))


def _insert_unnest(
    conn: Connection,
    table: Table,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    names: Sequence[str] | None = None,
    document: str = "",
) -> None:
    """One INSERT ... SELECT FROM unnest(one text array a column): every row in one
    statement. With `names` and `document`, the search column is computed as well
    (`document` reads `src.headline`, `src.body` and `src.names`)."""
    dialect = conn.dialect
    quote = dialect.identifier_preparer.quote
    arrays = [list(values) for values in zip(*rows, strict=True)]
    for i, name in enumerate(columns):  # the driver sends text; the server casts each column
        if isinstance(table.c[name].type, JSON):
            continue  # already JSON text
        arrays[i] = [None if v is None else _as_text(v) for v in arrays[i]]
    listed = [quote(name) for name in columns]
    values = [
        f"src.{quote(name)}::{table.c[name].type.compile(dialect=dialect)}" for name in columns
    ]
    alias = list(listed)
    if names is not None:
        arrays.append(list(names))
        alias.append("names")
        listed.append("search")
        values.append(document)
    unnest = ", ".join("%s::text[]" for _ in arrays)
    _driver(conn).cursor().execute(
        f"INSERT INTO {quote(table.name)} ({', '.join(listed)}) "
        f"SELECT {', '.join(values)} FROM unnest({unnest}) AS src({', '.join(alias)})",
        arrays,
    )


def _as_text(value: Any) -> str:
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _server_can(conn: Connection) -> tuple[bool, bool]:
    """(may this login make a temporary table, can the server compress with lz4)."""
    cursor = _driver(conn).cursor()
    cursor.execute(
        "SELECT has_database_privilege(current_database(), 'TEMPORARY'), "
        "coalesce((SELECT 'lz4' = ANY(enumvals) FROM pg_settings "
        "WHERE name = 'default_toast_compression'), false)"
    )
    row = cursor.fetchone()
    return (bool(row[0]), bool(row[1])) if row else (False, False)


@_database_errors
def copy_stories(
    conn: Connection,
    table: Table,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    names: Sequence[str],
    document: str,
) -> None:
    """New story rows (with their ids) and their search documents, written once.

    The rows are COPYed into a temporary table and go into `table` with one
    INSERT ... SELECT that computes the document (`document`: SQL over the columns
    of `src`, a row of `table` with the credit names of the story in `names`).
    Measured against COPY then one UPDATE for the documents, it costs the server
    about an eighth less CPU: an UPDATE writes a second version of every row into
    each of the story's indexes. Most of what is left is `to_tsvector` itself."""
    if not rows:
        return
    quote = conn.dialect.identifier_preparer.quote
    stage = "deskapp_story_in"
    cursor = _driver(conn).cursor()
    stage_allowed, lz4 = _server_can(conn)
    if lz4:  # compressing the copy as it is stored: lz4 costs a fraction of pglz
        cursor.execute("SET LOCAL default_toast_compression = lz4")
    convert = _text_values(table, columns)
    if not stage_allowed:  # TEMPORARY revoked: one INSERT from arrays, dearer for the client
        _insert_unnest(
            conn, table, columns, [convert(row) for row in rows], names=names, document=document
        )
        return
    cursor.execute(
        f"DO $$ BEGIN IF to_regclass('pg_temp.{stage}') IS NULL THEN "
        f"CREATE TEMPORARY TABLE {stage} (LIKE {quote(table.name)}, names text) "
        # kept whole in its pages: compressing copy only to read it straight back is waste
        "WITH (toast_tuple_target = 8160) ON COMMIT DELETE ROWS; END IF; END $$"
    )
    listed = ", ".join(quote(name) for name in columns)
    with cursor.copy(f"COPY pg_temp.{stage} ({listed}, names) FROM STDIN") as copy:
        for row, credit_names in zip(rows, names, strict=True):
            values = convert(row)
            values.append(credit_names)
            copy.write_row(values)
    cursor.execute(
        f"INSERT INTO {quote(table.name)} ({listed}, search) "
        f"SELECT {listed}, {document} FROM pg_temp.{stage} AS src"
    )
    cursor.execute(f"DELETE FROM pg_temp.{stage}")  # for a second batch in this transaction
