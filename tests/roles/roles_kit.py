"""Helpers for the logins-and-roles tests: connection strings for a login on the test server."""

from __future__ import annotations

from tests.conftest import PG_BASE

SERVER = PG_BASE.rsplit("/", 1)[0].split("@", 1)[1]  # 127.0.0.1:5432


def url_for(login: str, database: str) -> str:
    return f"postgresql+psycopg://{login}@{SERVER}/{database}"


def dsn_for(login: str, database: str) -> str:
    return f"postgresql://{login}@{SERVER}/{database}"
