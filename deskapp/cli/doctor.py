"""`deskapp doctor`: what this Deskapp runs with, and what is wrong with it.

Read-only: it never makes, migrates or writes a database, a config or a log.
"""

from __future__ import annotations

import argparse
import os
import platform
from importlib import metadata
from pathlib import Path
from typing import Any

from deskapp.cli.runtime import EXIT_FAILED, Cli, docs_dir

PACKAGES = ("deskapp", "textual", "sqlmodel", "sqlalchemy", "psycopg", "httpx")

DESCRIPTION = """\
Check the setup: the config file (and any key in it that Deskapp does not
read), the database (its URL with the password hidden, where it came from,
its schema version against this Deskapp's), whether a PostgreSQL server
answers, the log file, where the docs are installed, and the versions of
Python and the packages Deskapp runs on. Nothing is made or changed.
Exit 0 when all is well, 1 when something is wrong."""


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "doctor",
        parents=[common],
        help="check the config, database, log and versions",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n  deskapp doctor\n"
        "  deskapp --db postgresql://desk@dbhost/newsroom doctor --json",
    )
    p.add_argument(
        "--json",
        action="store_true",
        help='print one JSON object: {"ok", "problems", "config", "database", '
        '"log", "docs", "versions"}',
    )
    p.set_defaults(run=run_doctor)


def run_doctor(cli: Cli) -> int:
    report = examine(getattr(cli.args, "db", None))
    if cli.args.json:
        cli.json(report)
    else:
        for line in report_lines(report):
            cli.print(line)
    return 0 if report["ok"] else EXIT_FAILED


def examine(db_option: str | None) -> dict[str, Any]:
    problems: list[str] = []
    config, settings = _config(problems)
    database = _database(db_option, settings, problems)
    log = _log(problems)
    versions = _versions(problems)
    docs = docs_dir()
    return {
        "ok": not problems,
        "problems": problems,
        "config": config,
        "database": database,
        "log": log,
        "docs": str(docs) if docs else None,
        "versions": versions,
    }


def _config(problems: list[str]) -> tuple[dict[str, Any], Any]:
    from deskapp.config import ConfigError, Settings, closest_key, config_path, load_settings

    path = config_path()
    info: dict[str, Any] = {
        "path": str(path),
        "exists": path.is_file(),
        "unknown_keys": [],
        "problem": None,
    }
    try:
        settings = load_settings()
    except ConfigError as exc:
        info["problem"] = str(exc)
        problems.append(str(exc))
        return info, Settings()
    for key in settings.unknown_keys:
        near = closest_key(key)
        info["unknown_keys"].append({"key": key, "did_you_mean": near})
        problems.append(
            f"config: unknown key {key!r} ignored" + (f" (did you mean {near!r}?)" if near else "")
        )
    return info, settings


def _database(db_option: str | None, settings: Any, problems: list[str]) -> dict[str, Any]:
    from sqlalchemy.engine import make_url

    from deskapp.config import default_db_path
    from deskapp.store.engine import DatabaseURLError, make_engine, normalise_url
    from deskapp.store.schema import SCHEMA_HEAD, current_revision

    if db_option:
        named, origin = db_option, "--db"
    elif os.environ.get("DESKAPP_DB"):
        named, origin = os.environ["DESKAPP_DB"], "$DESKAPP_DB"
    elif settings.db:
        named, origin = settings.db, "config"
    else:
        named, origin = str(default_db_path()), "default"
    info: dict[str, Any] = {
        "url": None,
        "from": origin,
        "kind": None,
        "exists": None,
        "reachable": None,
        "schema": None,
        "schema_head": SCHEMA_HEAD,
        "problem": None,
    }

    def problem(text: str) -> dict[str, Any]:
        info["problem"] = text
        problems.append(f"database: {text}")
        return info

    try:
        url = normalise_url(named)
        parsed = make_url(url)
    except (DatabaseURLError, ValueError) as exc:
        return problem(str(exc))
    info["url"] = parsed.render_as_string(hide_password=True)
    info["kind"] = parsed.get_backend_name()
    if info["kind"] == "sqlite":
        file = Path(parsed.database or "")
        info["exists"] = file.is_file()
        if not info["exists"]:
            if origin != "default" and not file.parent.is_dir():
                return problem(f"no folder {file.parent} (`deskapp --db {file} init` makes it)")
            return info  # made on first use
    try:
        engine = make_engine(url)
    except DatabaseURLError as exc:
        return problem(str(exc))
    try:
        if info["kind"] == "postgresql":
            from sqlalchemy import text

            try:
                with engine.connect() as conn:
                    conn.execute(text("SELECT 1"))
            except Exception as exc:  # any failure to connect is the answer itself
                reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()
                info["reachable"] = False
                return problem(
                    "PostgreSQL does not answer: " + (reason[0] if reason else type(exc).__name__)
                )
            info["reachable"] = True
        info["schema"] = current_revision(engine)
    finally:
        engine.dispose()
    if info["schema"] is None:
        if info["kind"] == "postgresql":
            return info  # an empty database: `deskapp init` or any command sets it up
        return problem("not a Deskapp database (no schema version)")
    if info["schema"] > SCHEMA_HEAD:
        return problem(
            f"schema {info['schema']} is newer than this Deskapp's ({SCHEMA_HEAD}): upgrade Deskapp"
        )
    return info


def _log(problems: list[str]) -> dict[str, Any]:
    from deskapp.logs import default_log_file

    path = default_log_file()
    folder = next((p for p in (path.parent, *path.parent.parents) if p.exists()), None)
    writable = (
        os.access(path, os.W_OK)
        if path.exists()
        else folder is not None and os.access(folder, os.W_OK)
    )
    info = {"path": str(path), "exists": path.exists(), "problem": None}
    if not writable:
        info["problem"] = f"cannot write the log {path}"
        problems.append(f"log: {info['problem']}")
    return info


def _versions(problems: list[str]) -> dict[str, str | None]:
    versions: dict[str, str | None] = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            if name == "deskapp":  # run from a checkout, not installed
                from deskapp import __version__

                versions[name] = __version__
                continue
            versions[name] = None
            problems.append(f"versions: {name} is not installed")
    return versions


def report_lines(report: dict[str, Any]) -> list[str]:
    """The report as a person reads it: one line a check, `!` where something is wrong."""
    lines = []

    def line(ok: bool, name: str, text: str) -> None:
        lines.append(f"{' ' if ok else '!'} {name:<9} {text}")

    config = report["config"]
    line(
        config["problem"] is None and not config["unknown_keys"],
        "config",
        config["path"] + ("" if config["exists"] else " (not there: all defaults)"),
    )
    if config["problem"]:
        line(False, "", config["problem"])
    for unknown in config["unknown_keys"]:
        near = unknown["did_you_mean"]
        line(
            False,
            "",
            f"unknown key {unknown['key']!r} ignored"
            + (f" (did you mean {near!r}?)" if near else ""),
        )
    db = report["database"]
    line(db["problem"] is None, "database", f"{db['url'] or '?'} (from {db['from']})")
    if db["reachable"]:
        line(True, "", "PostgreSQL answers")
    if db["kind"] == "sqlite" and db["exists"] is False and db["problem"] is None:
        line(True, "", "not made yet: `deskapp init` or the first command makes it")
    if db["schema"] is None and db["reachable"]:
        line(
            True,
            "schema",
            f"none yet (this Deskapp: {db['schema_head']}); `deskapp init` sets it up",
        )
    if db["schema"] is not None or (db["exists"] and db["problem"] is None):
        behind = db["schema"] is not None and db["schema"] < db["schema_head"]
        line(
            True,
            "schema",
            f"{db['schema']} (this Deskapp: {db['schema_head']})"
            + ("; brought up to date when next opened" if behind else ""),
        )
    if db["problem"]:
        line(False, "", db["problem"])
    log = report["log"]
    line(
        log["problem"] is None, "log", log["path"] + ("" if log["exists"] else " (not yet written)")
    )
    if log["problem"]:
        line(False, "", log["problem"])
    line(report["docs"] is not None, "docs", report["docs"] or "not installed")
    versions = report["versions"]
    line(
        all(versions.values()),
        "versions",
        ", ".join(f"{name} {version or 'MISSING'}" for name, version in versions.items()),
    )
    lines.append(
        "all is well"
        if report["ok"]
        else f"{len(report['problems'])} problem{'s' if len(report['problems']) != 1 else ''}"
    )
    return lines
