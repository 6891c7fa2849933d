"""Helpers of the team tests (a module, not a conftest, so tests can import them)."""

from __future__ import annotations

import os

from sqlalchemy.engine import make_url

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "")
NO_SERVER = "TEST_DATABASE_URL is not set: no PostgreSQL server to test with (.ci/run starts one)"


def pg_url(database: str | None = None, **parts: object) -> str:
    """The test server's URL, with another database or other parts (user, password...)."""
    url = make_url(TEST_DATABASE_URL).set(drivername="postgresql")
    if database is not None:
        url = url.set(database=database)
    if parts:
        url = url.set(**parts)  # type: ignore[arg-type]
    return url.render_as_string(hide_password=False)


def maintenance_db() -> str:
    return make_url(TEST_DATABASE_URL).database or "postgres"


def admin_sql(*statements: str, database: str | None = None) -> list[tuple[object, ...]]:
    """Run statements as the test role (autocommit); the rows of the last one."""
    import psycopg

    rows: list[tuple[object, ...]] = []
    with psycopg.connect(pg_url(database or maintenance_db()), autocommit=True) as con:
        for sql in statements:
            cur = con.execute(sql)  # type: ignore[arg-type]
            rows = list(cur.fetchall()) if cur.description else []
    return rows
