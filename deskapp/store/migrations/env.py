"""Alembic environment: always run from `deskapp.store.schema.migrate` with a connection."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

from deskapp.store import tables  # noqa: F401  (registers the tables on the metadata)

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
