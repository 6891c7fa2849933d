"""Team-server connection profiles, kept in ``profiles.json`` beside ``settings.json``.

A profile names a PostgreSQL server: host, port, database, user, TLS mode and the name
shown in history.  The password is never here: it lives in the OS keyring under
``profile:<name>`` (``claimdesk.secrets``).  The file is written atomically (temporary
file, then rename) so a crash never leaves half a list.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from claimdesk.config import config_dir
from claimdesk.errors import NotFoundError, ValidationError

SSL_MODES = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")
_NAME = re.compile(r"^[\w.@ -]{1,64}$")
# Keys a stray edit might add; refused on save so a password never lands in the file.
_FORBIDDEN = ("password", "passwd", "secret")


@dataclass(frozen=True)
class Profile:
    name: str
    host: str
    database: str
    user: str
    port: int = 5432
    sslmode: str = "prefer"
    display_name: str = ""  # shown in history next to the user; empty: the user name

    def validate(self) -> Profile:
        if not _NAME.match(self.name):
            raise ValidationError(
                "A profile name is 1 to 64 letters, digits, spaces, dots, @, - or _."
            )
        for what in ("host", "database", "user"):
            if not getattr(self, what).strip():
                raise ValidationError(f"A team-server profile needs a {what}.")
        if not 0 < int(self.port) < 65536:
            raise ValidationError(f"Port {self.port} is not a TCP port (1-65535).")
        if self.sslmode not in SSL_MODES:
            raise ValidationError(
                f"Unknown TLS mode \u201c{self.sslmode}\u201d; use one of {', '.join(SSL_MODES)}."
            )
        return self

    @property
    def address(self) -> str:
        """user@host:port/database: how the keyring and messages name the server."""
        return f"{self.user}@{self.host}:{self.port}/{self.database}"

    @property
    def shown_name(self) -> str:
        return self.display_name.strip() or self.user

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> Profile:
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in raw.items() if k in known}
        if "port" in values:
            values["port"] = int(values["port"])
        return cls(**values)


def profiles_path() -> Path:
    return config_dir() / "profiles.json"


def load_profiles() -> dict[str, Profile]:
    """Every saved profile by name; a missing or unreadable file means none."""
    try:
        raw = json.loads(profiles_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    out: dict[str, Profile] = {}
    for item in raw.get("profiles", []) if isinstance(raw, dict) else []:
        try:
            profile = Profile.from_json(item).validate()
        except (TypeError, ValueError, ValidationError):
            continue  # one damaged entry must not hide the others
        out[profile.name] = profile
    return out


def _write(profiles: dict[str, Profile]) -> None:
    path = profiles_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    items = [asdict(p) for p in sorted(profiles.values(), key=lambda p: p.name)]
    for item in items:
        assert not any(k in item for k in _FORBIDDEN)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"profiles": items}, indent=2, ensure_ascii=False), "utf-8")
    os.replace(tmp, path)


def save_profile(profile: Profile) -> Profile:
    """Add or replace a profile (by name)."""
    profiles = load_profiles()
    profiles[profile.name] = profile.validate()
    _write(profiles)
    return profile


def get_profile(name: str) -> Profile:
    try:
        return load_profiles()[name]
    except KeyError:
        raise NotFoundError(
            f"There is no team-server profile \u201c{name}\u201d; add it in Settings first."
        ) from None


def delete_profile(name: str) -> None:
    """Forget a profile and its stored password (when the keyring can be reached)."""
    profiles = load_profiles()
    if profiles.pop(name, None) is None:
        raise NotFoundError(f"There is no team-server profile \u201c{name}\u201d.")
    _write(profiles)
    from claimdesk.secrets import SecretsUnavailable, forget_profile_password

    with contextlib.suppress(SecretsUnavailable):  # then nothing was stored there either
        forget_profile_password(name)


def find_profile(user: str, host: str, port: int, database: str) -> Profile | None:
    for profile in load_profiles().values():
        if (profile.user, profile.host, profile.port, profile.database) == (
            user,
            host,
            port,
            database,
        ):
            return profile
    return None


def desk_profile(target: str) -> Profile | None:
    """The profile a desk target names (``profile:NAME``) or matches (a server URL with
    the profile's user, host, port and database); None for a local desk or no match."""
    if target.startswith("profile:"):
        return load_profiles().get(target[len("profile:") :])
    if not target.startswith(("postgresql:", "postgresql+", "postgres:")):
        return None
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        url = make_url(target)
        port = url.port or 5432
    except (ArgumentError, ValueError):
        return None
    return find_profile(url.username or "", url.host or "", port, url.database or "")


def analyst_name(target: str, user: str | None, default: str) -> str:
    """The one name an analyst acts under, recorded and shown everywhere: ``--user`` when
    given, else the display name of the desk's profile, else ``default`` (Settings' "Your
    name", the operating-system user unless changed).  The database role is never it:
    analysts who share a role must still be told apart."""
    if user and user.strip():
        return user.strip()
    profile = desk_profile(target)
    if profile is not None and profile.display_name.strip():
        return profile.display_name.strip()
    return default
