"""SQLite transactions that begin with the lock they will need.

pysqlite's own transaction handling issues a deferred ``BEGIN`` just before the first
INSERT or UPDATE, so the SELECT that read a claim's version ran outside any transaction
and a second process could commit between that read and the write.  Following
SQLAlchemy's pysqlite recipe, the driver's handling is switched off when a connection is
made and every SQLAlchemy transaction emits its own ``BEGIN``:

- ``BEGIN IMMEDIATE`` when the connection is marked as a writer (``WRITE``): the write
  lock is taken before the first read, so what an operation reads (a version, the status
  a history row starts from) is still true when it writes.  ``writing`` marks a session
  for the length of one operation (``core.ops.operation`` and ``Store.transaction``).
- ``BEGIN DEFERRED`` otherwise.  Reads never take the write lock: in WAL mode they go on
  while another window writes, and a window that only looks never blocks a writer.

A writer waiting for the lock gives up after the busy timeout with ``BUSY_MESSAGE``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

WRITE = "claimdesk_write"  # execution option: this connection's transactions will write
BUSY_TIMEOUT_S = 5.0
BUSY_MESSAGE = (
    "The desk is busy: another claimdesk window or command is writing to it. Try again in a moment."
)
_BUSY_CODES = {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}


def configure(engine: Engine, busy_timeout_s: float = BUSY_TIMEOUT_S) -> None:
    """Give a SQLite engine the desk's pragmas and explicit transactions."""
    timeout_ms = max(0, int(busy_timeout_s * 1000))

    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # No transaction handling in the driver: SQLAlchemy's "begin" event emits BEGIN.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={timeout_ms}")
        cursor.close()

    def on_begin(connection: Connection) -> None:
        mode = "IMMEDIATE" if connection.get_execution_options().get(WRITE) else "DEFERRED"
        connection.exec_driver_sql(f"BEGIN {mode}")

    event.listen(engine, "connect", on_connect)
    event.listen(engine, "begin", on_begin)


def outside_transaction(connection: Connection, sql: str) -> None:
    """Run a statement that SQLite ignores inside a transaction (``PRAGMA foreign_keys``)
    on the driver connection, which SQLAlchemy has not begun one on."""
    if connection.in_transaction():
        raise RuntimeError(f"{sql} must run outside a transaction")
    connection.connection.driver_connection.execute(sql)  # type: ignore[union-attr]


@contextmanager
def writing(session: Session) -> Iterator[None]:
    """Transactions the session begins inside the block take the write lock first.

    A read transaction the session still has open is committed first: writing inside it
    would have to upgrade a snapshot another process may already have made stale, which
    SQLite refuses at once instead of waiting.  Blocks nest (an operation calling one).
    """
    if session.get_bind().dialect.name != "sqlite" or session.execution_options.get(WRITE):
        yield
        return
    if session.in_transaction():
        session.commit()
    previous = session.execution_options
    session.execution_options = previous.union({WRITE: True})
    try:
        yield
    finally:
        session.execution_options = previous


def is_busy(exc: BaseException) -> bool:
    """The error SQLite gives when the busy timeout ran out waiting for another writer."""
    if not isinstance(exc, OperationalError):
        return False
    code = getattr(exc.orig, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF in _BUSY_CODES
    return "database is locked" in str(exc.orig)
