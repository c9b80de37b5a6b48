"""Permission checks at the services' doors, from the one action × role table.

On a PostgreSQL desk set up with roles, `open_services` hands out a
`GuardedServices`: each changing method first asks `deskapp.core.permissions`
whether the acting login's role may do it, and refuses with `NotPermitted`
("not allowed: queueing needs the editor role (you are ana, reporter)", CLI
exit 5) before touching the database. The database enforces the same rules on
its own (`deskapp.store.roles`); a refusal that only the database can decide
(a reporter editing a story not in `editing` nor credited to them) comes back
as SQLSTATE 42501 and is turned into the same `NotPermitted` here.

SQLite desks (one editor) are never wrapped: nothing changes there.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property, wraps
from typing import Any, TypeVar, cast

from sqlalchemy.exc import DBAPIError

from deskapp.core.permissions import allowed, refusal
from deskapp.services import Services
from deskapp.services.context import ServiceContext
from deskapp.services.errors import ServiceError

Rule = str | Callable[[tuple, dict], str]
T = TypeVar("T")


class NotPermitted(ServiceError):
    """The acting login's role may not do this. Nothing was changed."""

    exit_code = 5


def _lock_rule(_args: tuple, kwargs: dict) -> str:
    return "takeover" if kwargs.get("take_over") else "lock"


# service attribute -> method -> the action it needs (see deskapp.core.permissions).
# Every public method that changes something is here; the others are reads
# (READS, kept honest by tests/roles/test_guard_rules.py). A bulk act is checked
# once, before any story is touched: the role refuses all of it or none.
# Undo is open to every role: it takes back only the acting login's own change,
# and the fields it puts back decide (a reporter's undo of a headline edit goes
# through; the database refuses what their role could not have set).
RULES: dict[str, dict[str, Rule]] = {
    "stories": {
        "set_desk": "desk",
        "set_desk_many": "desk",
        "update_credits": "credits",
        "set_credits": "credits",
        "edit_text": "edit",
        "spike": "spike",
        "unspike": "spike",
        "spike_report": "spike",
        "undo": "undo",
        "undo_change": "undo",
        # takes back any change, anyone's: what a revert does
        "take_back": "revert",
    },
    "notes": {
        name: "note"
        for name in ("add", "edit", "resolve", "reopen", "accept_suggestion", "accept_suggestions")
    },
    "ingest": {
        name: "ingest"
        for name in ("ingest", "ingest_sources", "ingest_parsed", "replace_copy", "store")
    },
    "queue": {
        "add": "queue",
        "add_many": "queue",
        "remove": "queue",
        "remove_many": "queue",
        "move": "queue",
        "set_priority": "priority",
        "set_embargo": "embargo",
    },
    "export": {"export": "export", "unpublish": "export"},
    "feeds": {"add": "feeds", "remove": "feeds", "poll": "feeds", "poll_due": "feeds"},
    "locks": {"acquire": _lock_rule, "heartbeat": "lock", "release": "lock"},
    "history": {"revert": "revert"},  # with fields or force alike
    "archive": {"archive": "archive", "restore": "archive"},
    # settling a wire update the editor's copy held back sets headline and body
    "versions": {"take": "edit", "keep": "edit", "merge": "edit"},
    # grouping is triage, as tagging a desk is; covering spikes the others
    "clusters": {"split": "desk", "join": "desk", "cover": "spike"},
}

# the public methods that only read: every role may call them
READS: dict[str, frozenset[str]] = {
    "stories": frozenset(
        {
            "get",
            "ids",
            "window",
            "placement",
            "first_desk",
            "summaries",
            "list_stories",
            "count",
            "estimate",
            "desk_counts",
            "history",
            "last_own_change",
        }
    ),
    "notes": frozenset({"zone", "when", "get", "board", "suggestions", "wire_alerts"}),
    "ingest": frozenset(),
    "queue": frozenset({"list_entries", "missing", "position", "rank"}),
    "export": frozenset({"default_dir", "preview", "target"}),
    "feeds": frozenset({"list_feeds", "get", "due"}),
    "locks": frozenset({"holder", "live_locks"}),
    "history": frozenset({"entries", "entry"}),
    # a dry run (`plan`) changes nothing: any role may see what would move
    "archive": frozenset({"plan", "get", "history", "list_stories", "count"}),
    "versions": frozenset({"timeline", "diff", "merge_plan", "waiting"}),
    "clusters": frozenset({"members", "member_ids"}),
}


def check(ctx: ServiceContext, key: str) -> None:
    """Refuse `key` unless the acting role allows it (no role: allowed)."""
    if ctx.role is not None and not allowed(ctx.role, key):
        raise NotPermitted(refusal(key, ctx.login, ctx.role))


def refused_by_database(exc: DBAPIError) -> NotPermitted | None:
    """A database refusal for want of privilege (SQLSTATE 42501), as one line."""
    if getattr(exc.orig, "sqlstate", None) != "42501":
        return None
    lines = str(exc.orig).strip().splitlines()
    message = lines[0] if lines else "not allowed"
    if not message.startswith("not allowed"):
        message = f"not allowed: {message}"
    return NotPermitted(message)


class Guarded:
    """A service whose changing methods check the role first; everything else passes."""

    def __init__(self, inner: Any, ctx: ServiceContext, rules: dict[str, Rule]) -> None:
        self._inner = inner
        self._ctx = ctx
        self._rules = rules

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._inner, name)
        if name.startswith("_") or not callable(attr):
            return attr
        rule = self._rules.get(name)
        ctx = self._ctx

        @wraps(attr)
        def call(*args: Any, **kwargs: Any) -> Any:
            if rule is not None:
                check(ctx, rule(args, kwargs) if callable(rule) else rule)
            try:
                return attr(*args, **kwargs)
            except DBAPIError as exc:
                refused = refused_by_database(exc)
                if refused is None:
                    raise
                raise refused from None

        return call


def guarded(inner: T, ctx: ServiceContext, rules: dict[str, Rule]) -> T:
    """`inner` behind its door: the proxy answers every call the service does."""
    return cast(T, Guarded(inner, ctx, rules))


def _guarded(name: str) -> cached_property:
    build = getattr(Services, name).func

    def make(self: GuardedServices) -> Guarded:
        return Guarded(build(self), self.ctx, RULES[name])

    prop = cached_property(make)
    prop.__set_name__(GuardedServices, name)
    return prop


class GuardedServices(Services):
    """`Services` for a login with a role: every door checks the permission table."""

    def __init__(self, ctx: ServiceContext, stories: Any, notes: Any, ingest: Any) -> None:
        super().__init__(
            ctx=ctx,
            stories=guarded(stories, ctx, RULES["stories"]),
            notes=guarded(notes, ctx, RULES["notes"]),
            ingest=guarded(ingest, ctx, RULES["ingest"]),
        )


for _name in ("queue", "export", "feeds", "locks", "history", "archive", "versions", "clusters"):
    setattr(GuardedServices, _name, _guarded(_name))


def guard(services: Services) -> Services:
    """The same services, checked at every door when the acting login has a role."""
    if services.ctx.role is None:
        return services
    return GuardedServices(services.ctx, services.stories, services.notes, services.ingest)
