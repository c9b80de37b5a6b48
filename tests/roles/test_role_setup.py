"""`admin setup` as a newsroom runs it: by the database's owner, a role manager, not a superuser."""

from __future__ import annotations

import uuid

import psycopg
import pytest

from deskapp.cli import main
from tests.conftest import PG_BASE, require_postgres
from tests.roles.conftest import dsn_for, url_for

pytestmark = pytest.mark.postgres


def test_the_database_owner_with_createrole_sets_up_and_adds_people(capsys):
    require_postgres()
    tag = uuid.uuid4().hex[:8]
    owner, plain, person, database = f"own_{tag}", f"plain_{tag}", f"ana_{tag}", f"desk_own_{tag}"
    admin = PG_BASE.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE ROLE "{owner}" LOGIN CREATEROLE')
        conn.execute(f'CREATE ROLE "{plain}" LOGIN')
        conn.execute(f'CREATE DATABASE "{database}" OWNER "{owner}"')
    try:
        with psycopg.connect(dsn_for(owner, database), autocommit=True) as conn:
            conn.execute(f'ALTER SCHEMA public OWNER TO "{owner}"')
        desk = url_for(owner, database)
        assert main(["--db", desk, "admin", "setup"]) == 0
        assert main(["--db", desk, "admin", "add", person, "--role", "editor",
                     "--display", "Ana Lima"]) == 0
        capsys.readouterr()
        assert main(["--db", url_for(person, database), "admin", "list"]) == 0
        assert f"{person}  " in capsys.readouterr().out
        # a login with no desk role cannot even open the desk
        assert main(["--db", url_for(plain, database), "list"]) == 1
        assert "permission denied" in capsys.readouterr().err
        # one on the desk, but neither owner nor role manager, may not set it up
        assert main(["--db", desk, "admin", "add", plain, "--role", "chief"]) == 0
        assert main(["--db", url_for(plain, database), "admin", "setup"]) == 5
        assert "admin setup needs a superuser, or the database owner with CREATEROLE" in (
            capsys.readouterr().err)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            for role in (person, plain, owner):
                conn.execute(f'DROP ROLE IF EXISTS "{role}"')
