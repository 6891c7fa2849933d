"""Helpers every service uses: one operation is one transaction, and rows become records."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Concatenate, ParamSpec, TypeVar

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session

from claimdesk.errors import DatabaseError
from claimdesk.store import sqlite as sqlite_tx
from claimdesk.store.versioning import held_versions, stale_conflict

P = ParamSpec("P")
R = TypeVar("R")


def operation(fn: Callable[Concatenate[Session, P], R]) -> Callable[Concatenate[Session, P], R]:
    """Run a service as one transaction: commit on success, roll back on any failure.

    A failed service leaves the database exactly as it was.  A write over a version that
    someone else has moved on (the mapping's ``WHERE version = :seen`` matched nothing)
    is a ``ConflictError``; a SQLite desk whose write lock stayed taken is a "busy"
    ``DatabaseError``; other driver errors reach the user as a ``DatabaseError``
    sentence instead of a traceback.  On SQLite the transaction begins with the write
    lock (``store.sqlite.writing``), so what the service reads is still true when it
    writes.
    """

    @functools.wraps(fn)
    def wrapper(session: Session, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with sqlite_tx.writing(session):
            try:
                result = fn(session, *args, **kwargs)
                session.commit()
            except StaleDataError as exc:
                held = held_versions(session)
                session.rollback()
                raise stale_conflict(session, held) from exc
            except SQLAlchemyError as exc:
                session.rollback()
                if sqlite_tx.is_busy(exc):
                    raise DatabaseError(sqlite_tx.BUSY_MESSAGE) from exc
                raise DatabaseError(
                    f"The database refused the change: {exc.__class__.__name__}: "
                    f"{str(exc).splitlines()[0]}"
                ) from exc
            except BaseException:
                session.rollback()
                raise
            return result

    return wrapper
