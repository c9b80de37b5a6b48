"""Inserting many rows at once, with as little per-row work as the driver allows.

SQLAlchemy's executemany builds a parameter dict per row through its compiler;
at 10,000 stories that costs more than SQLite's own work. A `BulkInsert` binds
each column's type processor once, runs it only on values that are not None,
and hands the driver plain tuples.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, Table


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
