"""Team servers: PostgreSQL targets, their passwords, and errors people can act on.

A target is ``profile:NAME`` or a ``postgresql://`` URL.  A URL without a password takes
it from the keyring: the entry of the profile naming the same user, host, port and
database, else the entry ``user@host:port/database``.  Passwords never appear in a
message: every URL shown goes through ``scrub``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.pool import NullPool

from claimdesk.errors import DatabaseError
from claimdesk.redact import redact

PROFILE_TARGET = "profile:"
CONNECT_TIMEOUT = 5  # seconds: an unreachable server is reported, not waited for
# Taken inside the migration transaction so that two desks opening a fresh server at
# once do not both create the tables.
MIGRATION_LOCK = 0x636C_6D64  # "clmd"
# scheme://userinfo@host[:port]/database[?query], with the *last* "@" that leaves a host
# and a database after it: a password typed with an unencoded "@" stays the password.
_LAST_AT = re.compile(
    r"^(?P<scheme>[\w+]+://)(?P<userinfo>.*)@"
    r"(?P<rest>(?:\[[^\]]*\]|[^@/?\[\]]*)(?::\d*)?/[^@?]*(?:\?.*)?)$",
    re.S,
)


def scrub(message: str, known: tuple[str | None, ...] = ()) -> str:
    """``message`` with every password in it replaced by *** (see ``claimdesk.redact``)."""
    return redact(message, known)


def parse_url(target: str) -> URL:
    """``make_url``, except that an unencoded "@" in the password stays in the password."""
    match = _LAST_AT.match(target)
    if match is None or "@" not in match["userinfo"]:
        return make_url(target)
    user, _, password = match["userinfo"].partition(":")
    url = make_url(match["scheme"] + match["rest"])
    return url.set(username=unquote(user) or None, password=unquote(password) or None)


def is_team_target(target: str) -> bool:
    return target.startswith(("postgresql:", "postgresql+", "postgres:", PROFILE_TARGET))


@dataclass(frozen=True)
class TeamTarget:
    url: URL  # with the password when one was found
    profile: str | None = None
    user_label: str = ""  # the display name recorded in history
    password_source: str = "url"  # url, keyring, none

    @property
    def where(self) -> str:
        """host:port/database, for messages."""
        return f"{self.url.host or 'localhost'}:{self.url.port or 5432}/{self.url.database}"

    @property
    def shown(self) -> str:
        # render_as_string hides the user-info password only, not ?password=
        return scrub(
            self.url.render_as_string(hide_password=True).replace(
                "postgresql+psycopg", "postgresql"
            )
        )


def _password_for(profile: str | None, address: str) -> tuple[str | None, str]:
    from claimdesk.secrets import SecretsUnavailable, get_profile_password, get_secret

    try:
        found = get_profile_password(profile) if profile else get_secret(address)
    except SecretsUnavailable:
        # libpq may still find one (PGPASSWORD, ~/.pgpass); a refusal then says why.
        return None, "no keyring"
    return found, "keyring" if found else "none"


def resolve(target: str, *, password: str | None = None) -> TeamTarget:
    """The URL to connect to, with its password from ``password``, the URL or the keyring.

    ``password`` is a password typed for this session only (no keyring available).
    """
    profile_name: str | None = None
    label = ""
    if target.startswith(PROFILE_TARGET):
        from claimdesk.profiles import get_profile

        profile = get_profile(target[len(PROFILE_TARGET) :])
        profile_name, label = profile.name, profile.shown_name
        url = URL.create(
            "postgresql+psycopg",
            username=profile.user,
            host=profile.host,
            port=profile.port,
            database=profile.database,
            query={"sslmode": profile.sslmode},
        )
    else:
        try:
            url = parse_url(target)
        except ValueError:  # a port that is not a number
            raise DatabaseError(
                f"{scrub(target)} is not a valid PostgreSQL URL: the port must be a number."
            ) from None
        except ArgumentError:
            raise DatabaseError(f"{scrub(target)} is not a valid PostgreSQL URL.") from None
        if url.port is not None and not 0 < url.port < 65536:
            raise DatabaseError(
                f"{scrub(target)} is not a valid PostgreSQL URL: the port must be 1-65535."
            )
        url = url.set(drivername="postgresql+psycopg")
        if not url.database:
            raise DatabaseError(f"{scrub(target)} names no database (…/DATABASE at the end).")
        from claimdesk.profiles import find_profile

        match = find_profile(url.username or "", url.host or "", url.port or 5432, url.database)
        if match is not None:
            profile_name, label = match.name, match.shown_name
    source = "url"
    if password is not None:
        url, source = url.set(password=password), "typed"
    elif url.password is None:
        address = f"{url.username}@{url.host}:{url.port or 5432}/{url.database}"
        found, source = _password_for(profile_name, address)
        if found is not None:
            url = url.set(password=found)
    return TeamTarget(url, profile_name, label or (url.username or ""), source)


def _explain(exc: BaseException, target: TeamTarget) -> str:
    """One sentence for a failed connection, chosen from libpq's message."""
    in_query = target.url.query.get("password")
    known = (target.url.password, in_query if isinstance(in_query, str) else None)
    raw = scrub(str(getattr(exc, "orig", None) or exc), known)
    low = raw.lower()
    where, user = target.where, target.url.username or "(your user)"
    without = " set PGPASSWORD for this command or add the server to ~/.pgpass"
    if target.password_source == "no keyring":
        fix = f" Without a keyring:{without} (the window asks for it for the session)."
    elif target.profile:
        fix = f" Store it with: claimdesk password set {target.profile}, or{without}."
    else:
        fix = f" Put it in a keyring (claimdesk password set), or{without}."
    if "password authentication failed" in low or ("role" in low and "does not exist" in low):
        return f"The team server {where} refused the user name or password for {user}." + fix
    if "no password supplied" in low:
        why = {
            "no keyring": " and the system keyring is not available",
            "none": " and none is stored in the keyring",
        }.get(target.password_source, "")
        return f"The team server {where} needs a password for {user}{why}." + fix
    if "database" in low and "does not exist" in low:
        return (
            f"There is no database \u201c{target.url.database}\u201d on the team server "
            f"{target.url.host}:{target.url.port or 5432}; check the profile's database name."
        )
    if any(word in low for word in ("ssl", "tls", "certificate")):
        mode = target.url.query.get("sslmode", "prefer")
        first = raw.strip().splitlines()[-1] if raw.strip() else ""
        return (
            f"A secure (TLS) connection to the team server {where} could not be set up with "
            f"TLS mode \u201c{mode}\u201d: {first}. Check the profile's TLS mode and the "
            "server's certificate."
        )
    first = raw.strip().splitlines()[0] if raw.strip() else type(exc).__name__
    return (
        f"The team server {where} cannot be reached ({first}). Check the network, the host "
        "name and the port; claimdesk will connect again on the next action."
    )


def _on_error(target: TeamTarget) -> Any:
    def handle_error(context: Any) -> None:
        # A dropped connection during work becomes a sentence; the pool is invalidated by
        # SQLAlchemy, and pool_pre_ping reconnects on the next checkout.  Pre-ping's own
        # probe must fail quietly or it could not recover.
        if context.is_pre_ping or not context.is_disconnect or context.connection is None:
            return  # (no connection yet: a failed connect, explained by the caller)
        raise DatabaseError(
            f"The connection to the team server {target.where} was lost; the last change "
            "was not saved. claimdesk reconnects by itself on the next action."
        ) from context.original_exception

    return handle_error


def create_team_engine(target: TeamTarget, *, pool_size: int = 5) -> Engine:
    engine = create_engine(
        target.url,
        pool_pre_ping=True,
        pool_size=pool_size,
        connect_args={
            "connect_timeout": CONNECT_TIMEOUT,
            "application_name": "claimdesk",
            # a link that goes silent (no reset) fails in seconds, not minutes: a poll in
            # flight then returns its error and the offline banner shows
            "keepalives": 1,
            "keepalives_idle": 5,
            "keepalives_interval": 2,
            "keepalives_count": 2,
            "tcp_user_timeout": 10000,
        },
    )
    event.listen(engine, "handle_error", _on_error(target))
    return engine


def try_password(target: TeamTarget) -> None:
    """Log in to the server once with ``target``'s password; a refusal raises the same
    sentence a desk would show.  Nothing is read or written."""
    engine = create_engine(
        target.url,
        poolclass=NullPool,
        connect_args={"connect_timeout": CONNECT_TIMEOUT, "application_name": "claimdesk"},
    )
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as exc:
        raise DatabaseError(_explain(exc, target)) from None
    finally:
        engine.dispose()


def inspect_server(engine: Engine, target: TeamTarget) -> tuple[str | None, bool]:
    """(revision, empty) of the server's database; raises a sentence when it cannot."""
    try:
        with engine.connect() as connection:
            tables = set(
                connection.execute(
                    text(
                        "SELECT table_name FROM information_schema.tables "
                        "WHERE table_schema = current_schema()"
                    )
                ).scalars()
            )
            if "alembic_version" not in tables:
                if tables:
                    raise DatabaseError(
                        f"The database {target.where} holds tables of another program, not a "
                        "claimdesk desk; use an empty database."
                    )
                return None, True
            row = connection.execute(text("SELECT version_num FROM alembic_version")).first()
    except DatabaseError:
        raise
    except Exception as exc:
        raise DatabaseError(_explain(exc, target)) from None
    return (str(row[0]) if row else None), False
