"""Fixtures for the team tests: a real PostgreSQL server and a real Secret Service.

Each skips with its reason when the service is not there: TEST_DATABASE_URL unset, or no
D-Bus session with a keyring answering on it (.ci/run provides both).
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable, Iterator

import pytest
from teamutil import NO_SERVER, TEST_DATABASE_URL, admin_sql, maintenance_db, pg_url


@pytest.fixture
def server_url() -> str:
    """The URL of the test server's own database (its role may create roles and databases)."""
    if not TEST_DATABASE_URL:
        pytest.skip(NO_SERVER)
    return pg_url(maintenance_db())


@pytest.fixture
def empty_db(pg_databases: Callable[[], str]) -> str:
    """The URL of a new, empty database on the test server."""
    return pg_databases()


@pytest.fixture
def known_role(server_url: str) -> Iterator[tuple[str, str]]:
    """A login role with a password the test knows: (name, password)."""
    name, password = f"claimdesk_r_{uuid.uuid4().hex[:8]}", "right-horse-battery"
    admin_sql(f"CREATE ROLE {name} LOGIN PASSWORD '{password}'")
    yield name, password
    admin_sql(f"DROP ROLE IF EXISTS {name}")


def secret_service_reason() -> str | None:
    """Why no Secret Service can be used here, or None when one answers."""
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return "no D-Bus session (DBUS_SESSION_BUS_ADDRESS unset): no Secret Service to test"
    from claimdesk import secrets

    problem = secrets.keyring_status()
    return f"the Secret Service does not answer: {problem}" if problem else None


@pytest.fixture
def keyring_service() -> None:
    reason = secret_service_reason()
    if reason:
        pytest.skip(reason)


@pytest.fixture
def private_keyring_tools() -> None:
    missing = [t for t in ("dbus-run-session", "gnome-keyring-daemon") if not shutil.which(t)]
    if missing:
        pytest.skip(f"{', '.join(missing)} not installed: cannot start a private keyring")
