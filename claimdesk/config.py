"""Every setting of claimdesk, declared once.

A setting has a name, a type, a default and a title for the Settings dialog.  Values are
kept in ``settings.json`` in the platform's configuration folder (platformdirs).  Window
layout is the window's own business (QSettings); secrets never live here (see
``claimdesk.secrets``).

``CLAIMDESK_HOME`` moves both the data and the configuration folder under one directory;
tests and portable installs use it.
"""

from __future__ import annotations

import getpass
import json
import os
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

APP_NAME = "claimdesk"
APP_ID = "org.claimdesk.ClaimDesk"


def data_dir() -> Path:
    home = os.environ.get("CLAIMDESK_HOME")
    if home:
        return Path(home) / "data"
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    home = os.environ.get("CLAIMDESK_HOME")
    if home:
        return Path(home) / "config"
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME, appauthor=False))


def default_db_path() -> Path:
    return data_dir() / "desk.sqlite3"


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry in some containers
        return "analyst"


@dataclass(frozen=True)
class Option:
    name: str
    type: type
    title: str
    help: str


OPTIONS: tuple[Option, ...] = (
    Option("user_name", str, "Your name", "Recorded as the actor in every claim's history."),
    Option(
        "database",
        str,
        "Database",
        "A SQLite file path or a PostgreSQL URL. Empty means the local desk.",
    ),
    Option("organisation", str, "Organisation", "Published as the author of ClaimReview exports."),
    Option(
        "pipeline",
        str,
        "Suggestion pipeline",
        "'auto' uses an installed trained English pipeline when there is one; 'blank' "
        "always uses claimdesk's own; 'off' turns suggestions off.",
    ),
    Option(
        "checks_online",
        str,
        "Look up published fact-checks online",
        "'on' lets Look up online send a claim's words to the Google Fact Check Tools API; "
        "'off' (the default) sends nothing anywhere.",
    ),
    Option(
        "checks_api_url",
        str,
        "Fact Check Tools address",
        "The claims:search address of the Google Fact Check Tools API.",
    ),
    Option(
        "appearance",
        str,
        "Appearance",
        "'system' follows the desktop's light or dark colours; 'light' or 'dark' forces one.",
    ),
    Option(
        "archive_max_mb",
        str,
        "Archive size limit (MB)",
        "The largest source snapshot the evidence archive keeps (default 25 MB).",
    ),
)

FACTCHECK_API_URL = "https://factchecktools.googleapis.com/v1alpha1/claims:search"


@dataclass
class Settings:
    user_name: str = field(default_factory=_os_user)
    database: str = ""
    organisation: str = ""
    pipeline: str = "auto"
    checks_online: str = "off"
    checks_api_url: str = FACTCHECK_API_URL
    appearance: str = "system"
    archive_max_mb: str = "25"

    @property
    def path(self) -> Path:
        return config_dir() / "settings.json"

    @classmethod
    def load(cls) -> Settings:
        """Read the settings file; a missing or unreadable file gives the defaults."""
        settings = cls()
        try:
            raw = json.loads(settings.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return settings
        if isinstance(raw, dict):
            settings.update(raw)
        return settings

    def update(self, values: dict[str, Any]) -> None:
        for f in fields(self):
            value = values.get(f.name)
            if isinstance(value, str):
                setattr(self, f.name, value)

    def save(self) -> None:
        """Write atomically so a crash never leaves a half-written settings file."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, self.path)

    def archive_max_bytes(self) -> int:
        """The archive's size cap; a value that is not a positive number means 25 MB."""
        try:
            mb = float(self.archive_max_mb)
        except ValueError:
            mb = 25.0
        return int((mb if mb > 0 else 25.0) * 1024 * 1024)

    def database_target(self, override: str | None = None) -> str:
        """Where the desk lives: ``--db`` beats ``CLAIMDESK_DB`` beats settings."""
        for candidate in (override, os.environ.get("CLAIMDESK_DB"), self.database):
            if candidate:
                return candidate
        return str(default_db_path())
