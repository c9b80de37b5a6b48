"""Inserting many rows at once, with as little per-row work as the driver allows.

SQLAlchemy's executemany builds a parameter dict per row through its compiler;
at 10,000 stories that costs more than SQLite's own work. `insert_rows` binds
each column's type processor once and hands the driver plain tuples.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table


def insert_rows(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """INSERT every row (dicts keyed by column name; missing keys use the column default)."""
    if not rows:
        return
    dialect = conn.dialect
    columns = [c for c in table.columns if c.name in rows[0]]
    style = dialect.paramstyle
    if style == "qmark":
        marks = ", ".join("?" for _ in columns)
    elif style in ("format", "pyformat"):
        marks = ", ".join("%s" for _ in columns)
    else:  # other drivers: let SQLAlchemy do it
        conn.execute(table.insert(), list(rows))
        return
    quote = dialect.identifier_preparer.quote
    names = ", ".join(quote(c.name) for c in columns)
    sql = f"INSERT INTO {quote(table.name)} ({names}) VALUES ({marks})"
    keys = [c.name for c in columns]
    processed = [(i, p) for i, c in enumerate(columns)
                 if (p := c.type.dialect_impl(dialect).bind_processor(dialect)) is not None]
    params = []
    for row in rows:
        values = [row[k] for k in keys]
        for i, process in processed:
            values[i] = process(values[i])
        params.append(tuple(values))
    conn.exec_driver_sql(sql, params)
