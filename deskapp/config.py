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
    theme = "newsroom"            # the desk's theme; saved when you pick one on the desk

    [[desks]]
    code = "sport"
    name = "Sport"

    [keys]
    spike = "ctrl+d"
"""

from __future__ import annotations

import difflib
import getpass
import json
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from deskapp.core.desks import DEFAULT_DESKS, DeskInfo

APP_NAME = "deskapp"

# Every key the config file may hold; another is ignored with a warning that names
# the closest of these (`editr` -> `editor`).
KNOWN_KEYS = (
    "db",
    "editor",
    "export_dir",
    "export_target",
    "date_order",
    "timezone",
    "http_deadline",
    "theme",
    "desks",
    "keys",
)


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
    theme: str = ""  # the desk's theme by name ("" for the default)
    source: Path | None = None
    unknown_keys: tuple[str, ...] = ()  # keys in the file that Deskapp does not read

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
        raise ConfigError(
            f"{path}: export_target must be one of plain, hugo, jekyll, "
            f"eleventy, pandoc, not {settings.export_target!r}"
        )
    order = str(raw.get("date_order", "dmy")).lower()
    if order not in ("dmy", "mdy"):
        raise ConfigError(f'{path}: date_order must be "dmy" or "mdy", not {order!r}')
    settings.date_order = order
    settings.timezone = str(raw.get("timezone", ""))
    deadline = raw.get("http_deadline", 60)
    if isinstance(deadline, bool) or not isinstance(deadline, int | float) or deadline <= 0:
        raise ConfigError(f"{path}: http_deadline must be a number of seconds above 0")
    settings.http_deadline = float(deadline)
    desks = raw.get("desks")
    if desks:
        try:
            settings.desks = tuple(
                DeskInfo(str(d["code"]), str(d.get("name", d["code"]))) for d in desks
            )
        except (TypeError, KeyError):
            raise ConfigError(f"{path}: each [[desks]] entry needs a code") from None
    keys = raw.get("keys", {})
    if not isinstance(keys, dict):
        raise ConfigError(f'{path}: [keys] must be a table of action = "key"')
    settings.keys = {str(k): str(v) for k, v in keys.items()}
    theme = raw.get("theme", "")
    if not isinstance(theme, str):
        raise ConfigError(f"{path}: theme must be a theme's name in quotes")
    settings.theme = theme.strip()
    unknown = [str(k) for k in raw if k not in KNOWN_KEYS]
    for entry in desks or ():  # [[desks]] entries: tables, as read above
        unknown += [f"desks.{k}" for k in entry if k not in DESK_KEYS]
    settings.unknown_keys = tuple(dict.fromkeys(unknown))
    if os.environ.get("DESKAPP_DB"):
        settings.db = os.environ["DESKAPP_DB"]
    return settings


DESK_KEYS = ("code", "name")  # what one [[desks]] entry holds


def closest_key(key: str) -> str | None:
    """The known key `key` was probably meant to be, if one is close enough."""
    known = [f"desks.{k}" for k in DESK_KEYS] if key.startswith("desks.") else KNOWN_KEYS
    found = difflib.get_close_matches(key.lower(), known, n=1, cutoff=0.6)
    return found[0] if found else None


def unknown_key_warnings(settings: Settings) -> list[str]:
    """One line per key of the config file that Deskapp does not read."""
    where = settings.source or config_path()
    lines = []
    for key in settings.unknown_keys:
        near = closest_key(key)
        hint = f" (did you mean {near!r}?)" if near else ""
        lines.append(f"{where}: unknown key {key!r} ignored{hint}")
    return lines


_TOP_KEY = re.compile(r"^\s*([A-Za-z0-9_-]+|\"[^\"]*\")\s*=")


def save_setting(key: str, value: str, path: Path | None = None) -> Path:
    """Set one top-level string key in the config file, keeping the rest of it as written
    (comments, order, tables). Creates the file and its folder if missing."""
    if key not in KNOWN_KEYS:
        raise ValueError(f"not a config key: {key!r}")
    path = path or config_path()
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    line = f"{key} = {json.dumps(value, ensure_ascii=False)}"
    lines = text.splitlines()
    top = next((i for i, ln in enumerate(lines) if ln.lstrip().startswith("[")), len(lines))
    for i in range(top):
        match = _TOP_KEY.match(lines[i])
        if match and match.group(1).strip('"') == key:
            lines[i] = line
            break
    else:
        lines.insert(top, line)
    new = "\n".join(lines) + "\n"
    tomllib.loads(new)  # never write a file that would not read back
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(new, encoding="utf-8")
    os.replace(temporary, path)
    return path


def resolve_editor(cli_value: str | None, settings: Settings) -> str:
    return (cli_value or settings.editor or login_name()).strip() or "editor"
