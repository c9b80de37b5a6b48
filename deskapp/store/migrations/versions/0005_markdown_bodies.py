"""Story bodies as Markdown; export bookkeeping (files written, the export lock).

Bodies were stored as plain wire copy; from now on they are Markdown. Every
stored body (and every body in a draft and in history, so that undo and revert
bring back Markdown too) is converted with `wire_to_markdown`, which escapes
exactly what would render as markup; `downgrade` converts back with its exact
inverse, `markdown_to_wire`, so nothing is lost either way.

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Connection

from deskapp.core.markdown_body import markdown_to_wire, wire_to_markdown

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_CHUNK = 1000


def upgrade() -> None:
    op.create_table(
        "export_file",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("folder", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("target", sa.String(length=16), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("written_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["story_id"], ["story.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("folder", "name"),
    )
    op.create_index("ix_export_file_story_id", "export_file", ["story_id"])
    op.create_table(
        "export_lock",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("editor", sa.String(), nullable=False),
        sa.Column("host", sa.String(), nullable=False),
        sa.Column("pid", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("name"),
    )
    _convert(wire_to_markdown)


def downgrade() -> None:
    _convert(markdown_to_wire)
    op.drop_table("export_lock")
    op.drop_index("ix_export_file_story_id", table_name="export_file")
    op.drop_table("export_file")


def _convert(convert: Callable[[str], str]) -> None:
    conn = op.get_bind()
    meta = sa.MetaData()
    story = sa.Table("story", meta, sa.Column("id", sa.Integer), sa.Column("body", sa.String))
    draft = sa.Table("draft", meta, sa.Column("id", sa.Integer), sa.Column("body", sa.String))
    event = sa.Table(
        "story_event", meta, sa.Column("id", sa.Integer), sa.Column("changes", sa.JSON)
    )
    for table in (story, draft):
        _rewrite(conn, table, "body", lambda body: convert(body) if body else body)
    _rewrite(conn, event, "changes", lambda changes: _convert_change(changes, convert))


def _convert_change(changes: Any, convert: Callable[[str], str]) -> Any:
    if not isinstance(changes, dict) or not isinstance(changes.get("body"), list):
        return changes
    return {**changes, "body": [convert(v) if isinstance(v, str) else v for v in changes["body"]]}


def _rewrite(conn: Connection, table: sa.Table, column: str, convert: Callable[[Any], Any]) -> None:
    last = 0
    col = table.c[column]
    while True:
        rows = conn.execute(
            sa.select(table.c.id, col).where(table.c.id > last).order_by(table.c.id).limit(_CHUNK)
        ).all()
        if not rows:
            return
        for row_id, value in rows:
            new = convert(value)
            if new != value:
                conn.execute(sa.update(table).where(table.c.id == row_id).values({column: new}))
        last = rows[-1][0]
