"""Settings: a TOML file under the user config dir, overridden by the environment.

    DESKAPP_CONFIG   path of the config file (tests point it at a temp file)
    DESKAPP_DB       database URL or file path
    DESKAPP_DATA     folder for the default SQLite file
    DESKAPP_LOG      the log file (default: deskapp.log in the user log folder; see deskapp.logs)
    DESKAPP_DEBUG    1: log the traceback of an unexpected error

Example config.toml::

    editor = "Ana Lima"
    db = "postgresql+psycopg://desk@dbhost/newsroom"
    export_dir = "~/site/content/wire"
    export_target = "hugo"        # plain, hugo, jekyll, eleventy or pandoc
    date_order = "dmy"            # how 13/2 and 2/3 read: "dmy" or "mdy"
    timezone = "Europe/London"    # shown times; stored times are UTC
    http_deadline = 60            # seconds for a whole fetch: connect, headers, body

    [[desks]]
    code = "sport"
    name = "Sport"

    [keys]
    spike = "ctrl+d"
"""

from __future__ import annotations

import getpass
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from deskapp.core.desks import DEFAULT_DESKS, DeskInfo

APP_NAME = "deskapp"


class ConfigError(Exception):
    """The config file cannot be read. One line, shown as is."""


def config_path() -> Path:
    env = os.environ.get("DESKAPP_CONFIG")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME)) / "config.toml"


def data_dir() -> Path:
    env = os.environ.get("DESKAPP_DATA")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME))


def default_db_path() -> Path:
    return data_dir() / "deskapp.db"


def login_name() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no passwd entry, no USER: still someone is at the desk
        return "editor"


@dataclass(slots=True)
class Settings:
    db: str = ""
    editor: str = ""
    desks: tuple[DeskInfo, ...] = DEFAULT_DESKS
    export_dir: str = "export"
    export_target: str = "plain"  # plain | hugo | jekyll | eleventy | pandoc
    date_order: str = "dmy"
    timezone: str = ""
    keys: dict[str, str] = field(default_factory=dict)
    http_deadline: float = 60.0
    source: Path | None = None

    def desk_codes(self) -> list[str]:
        return [d.code for d in self.desks]


def load_settings(path: Path | None = None) -> Settings:
    """Read the config file (missing is fine) and apply environment overrides."""
    path = path or config_path()
    raw: dict = {}
    if path.is_file():
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"{path}: cannot read config: {exc}") from None
    settings = Settings(source=path if path.is_file() else None)
    settings.db = str(raw.get("db", ""))
    settings.editor = str(raw.get("editor", ""))
    settings.export_dir = str(raw.get("export_dir", "export"))
    settings.export_target = str(raw.get("export_target", "plain")).lower()
    if settings.export_target not in ("plain", "hugo", "jekyll", "eleventy", "pandoc"):
        raise ConfigError(f"{path}: export_target must be one of plain, hugo, jekyll, "
                          f"eleventy, pandoc, not {settings.export_target!r}")
    order = str(raw.get("date_order", "dmy")).lower()
    if order not in ("dmy", "mdy"):
        raise ConfigError(f"{path}: date_order must be \"dmy\" or \"mdy\", not {order!r}")
    settings.date_order = order
    settings.timezone = str(raw.get("timezone", ""))
    deadline = raw.get("http_deadline", 60)
    if isinstance(deadline, bool) or not isinstance(deadline, int | float) or deadline <= 0:
        raise ConfigError(f"{path}: http_deadline must be a number of seconds above 0")
    settings.http_deadline = float(deadline)
    desks = raw.get("desks")
    if desks:
        try:
            settings.desks = tuple(DeskInfo(str(d["code"]), str(d.get("name", d["code"])))
                                   for d in desks)
        except (TypeError, KeyError):
            raise ConfigError(f"{path}: each [[desks]] entry needs a code") from None
    keys = raw.get("keys", {})
    if not isinstance(keys, dict):
        raise ConfigError(f"{path}: [keys] must be a table of action = \"key\"")
    settings.keys = {str(k): str(v) for k, v in keys.items()}
    if os.environ.get("DESKAPP_DB"):
        settings.db = os.environ["DESKAPP_DB"]
    return settings


def resolve_editor(cli_value: str | None, settings: Settings) -> str:
    return (cli_value or settings.editor or login_name()).strip() or "editor"
