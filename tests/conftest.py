"""Fixtures shared by the whole suite: real SQLite desks in temporary folders and, when
TEST_DATABASE_URL names a PostgreSQL server, the same tests on a real team desk.

The ``store``/``session`` fixtures run every test that uses them on both databases.  The
PostgreSQL desk is one database per test run, migrated once; each test starts from it
emptied (TRUNCATE ... RESTART IDENTITY), so ids begin at 1 as on a new SQLite desk.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

# Qt aborts the whole process without a display; tests use the offscreen platform unless
# a test (end-to-end) starts its own X server.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"


def shared_data(*parts: str) -> Path:
    """A file of ../shared/data, or skip: a user's clone has no shared/ folder."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: ../shared/data exists only in the development checkout")
    return path


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Never touch the developer's real settings, desk or log."""
    home = tmp_path_factory.mktemp("claimdesk-home")
    monkeypatch.setenv("CLAIMDESK_HOME", str(home))
    monkeypatch.setenv("CLAIMDESK_LOG_DIR", str(home / "log"))
    monkeypatch.delenv("CLAIMDESK_DB", raising=False)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "desk.sqlite3"


TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "")
BACKENDS = ["sqlite", "postgresql"] if TEST_DATABASE_URL else ["sqlite"]
NO_SERVER = "TEST_DATABASE_URL is not set: no PostgreSQL server to test with (.ci/run starts one)"
# Tests that check SQLite's own machinery (FTS5 integrity commands and the like); the
# team side has its own tests in tests/team.  A test may also say @pytest.mark.sqlite_only.
SQLITE_ONLY = {"test_index_integrity_after_changes"}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "sqlite_only: checks SQLite's own machinery")


def _admin_sql(database: str, *statements: str) -> None:
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(TEST_DATABASE_URL).set(drivername="postgresql", database=database)
    dsn = url.render_as_string(hide_password=False)
    with psycopg.connect(dsn, autocommit=True) as con:
        for sql in statements:
            con.execute(sql)  # type: ignore[arg-type]


def pg_url(database: str) -> str:
    from sqlalchemy.engine import make_url

    url = make_url(TEST_DATABASE_URL).set(drivername="postgresql", database=database)
    return url.render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def pg_databases() -> Iterator[Callable[[], str]]:
    """Make empty databases on the test server (dropped at the end); gives their URL."""
    if not TEST_DATABASE_URL:
        pytest.skip(NO_SERVER)
    from sqlalchemy.engine import make_url

    maintenance = make_url(TEST_DATABASE_URL).database or "postgres"
    made: list[str] = []

    def make() -> str:
        name = f"claimdesk_t_{uuid.uuid4().hex[:12]}"
        _admin_sql(maintenance, f'CREATE DATABASE "{name}"')
        made.append(name)
        return pg_url(name)

    yield make
    for name in made:
        _admin_sql(maintenance, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def pg_suite_desk(pg_databases: Callable[[], str]) -> tuple[str, str]:
    """A team desk migrated to head once per run, and the SQL that empties it."""
    from sqlalchemy import inspect

    from claimdesk.store.engine import Store

    url = pg_databases()
    store = Store.open(url)
    tables = [t for t in inspect(store.engine).get_table_names() if t != "alembic_version"]
    store.close()
    return url, f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def store(request: pytest.FixtureRequest, backend: str, db_path: Path) -> Iterator[object]:
    from claimdesk.store.engine import Store

    if backend == "postgresql":
        name = request.node.originalname
        if name in SQLITE_ONLY or request.node.get_closest_marker("sqlite_only"):
            pytest.skip("checks SQLite's own machinery")
        url, empty = request.getfixturevalue("pg_suite_desk")
        s = Store.open(url)
        with s.engine.begin() as con:
            con.exec_driver_sql(empty)
    else:
        s = Store.open(str(db_path))
    yield s
    s.close()


@pytest.fixture
def session(store: object) -> Iterator[object]:
    from claimdesk.store.engine import Store

    assert isinstance(store, Store)
    with store.session() as s:
        yield s
