"""`admin setup` as a newsroom runs it: by the database's owner, a role manager, not a superuser."""

from __future__ import annotations

import uuid

import psycopg
import pytest

from deskapp.cli import main
from tests.conftest import PG_BASE, require_postgres
from tests.roles.roles_kit import dsn_for, url_for

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
        assert (
            main(
                ["--db", desk, "admin", "add", person, "--role", "editor", "--display", "Ana Lima"]
            )
            == 0
        )
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
            capsys.readouterr().err
        )
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            for role in (person, plain, owner):
                conn.execute(f'DROP ROLE IF EXISTS "{role}"')


def test_a_set_up_desk_keeps_its_rules_through_a_migration_and_back():
    """Migrations re-install the rules on a desk that was set up; a downgrade takes them out."""
    require_postgres()
    from sqlalchemy import text

    from deskapp.store.engine import make_engine, normalise_url
    from deskapp.store.schema import SCHEMA_HEAD, current_revision, migrate

    tag = uuid.uuid4().hex[:8]
    database = f"desk_mig_{tag}"
    admin = PG_BASE.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{database}"')
    desk = url_for("postgres", database)
    engine = make_engine(normalise_url(desk))

    def rules() -> tuple[int, int]:
        with engine.connect() as conn:
            return tuple(
                conn.execute(
                    text(
                        "SELECT (SELECT count(*) FROM pg_policies WHERE tablename = 'story_event'),"
                        " (SELECT count(*) FROM pg_trigger WHERE tgname = 'desk_story_guard')"
                    )
                ).one()
            )

    try:
        before = _revision_before_roles()
        assert main(["--db", desk, "admin", "setup"]) == 0
        assert rules() == (2, 1)
        with engine.begin() as conn:  # a set-up desk at an older schema, one rule lost
            conn.execute(text("DROP POLICY desk_write ON story_event"))
            conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": before})
        assert rules() == (1, 1)
        migrate(engine)
        assert current_revision(engine) == SCHEMA_HEAD
        assert rules() == (2, 1)  # the migration put the rules back
        from alembic import command
        from alembic.config import Config

        from deskapp.store.schema import MIGRATIONS

        with engine.begin() as conn:
            config = Config()
            config.set_main_option("script_location", str(MIGRATIONS))
            config.attributes["connection"] = conn
            command.downgrade(config, before)
        assert rules() == (0, 0)
        with engine.connect() as conn:
            assert conn.execute(text("SELECT to_regclass('desk_people')")).scalar() is None
    finally:
        engine.dispose()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def _revision_before_roles() -> str:
    """The revision migration 0006 follows (the chain may grow beneath it)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from deskapp.store.schema import MIGRATIONS

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    down = ScriptDirectory.from_config(config).get_revision("0006").down_revision
    assert isinstance(down, str)
    return down
