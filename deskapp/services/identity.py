"""Who is acting on a PostgreSQL desk: the database login, not a typed name.

On a desk set up with roles (`deskapp admin setup`), the acting editor is the
connection's login (`session_user`), so history rows, locks and drafts carry a
name nobody can type in. `--as` is refused unless the login has the admin role
(imports, migrations); an admin (or a superuser) may act under another name.
A login with no desk role (the tables' owner) and a desk never set up work as
before: the name given, with nothing checked.
"""

from __future__ import annotations

from deskapp.config import Settings
from deskapp.core.permissions import DeskRole, refusal
from deskapp.services.context import ServiceContext
from deskapp.store.database import Database
from deskapp.store.roles import whoami


def acting_context(
    database: Database, editor: str, settings: Settings, *, editor_given: bool
) -> ServiceContext:
    with database.engine.connect() as conn:
        login, rank = whoami(conn)
        conn.rollback()
    role = DeskRole.from_rank(rank or 0)
    if role is None:
        return ServiceContext(db=database, editor=editor, settings=settings, login=login)
    acting = login
    if editor_given and editor.strip() and editor.strip() != login:
        if role < DeskRole.ADMIN:
            from deskapp.services.guard import NotPermitted

            raise NotPermitted(refusal("act_as", login, role))
        acting = editor.strip()
    return ServiceContext(db=database, editor=acting, settings=settings, login=login, role=role)
