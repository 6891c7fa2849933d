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
                raise DatabaseError(_sentence(exc, session)) from exc
            except BaseException:
                session.rollback()
                raise
            return result

    return wrapper


# What the database said, in words: the usual reasons a write fails that are not a rule
# of the desk.  Anything else keeps the driver's first line (passwords already scrubbed
# from messages by the engine's error handling).
_KNOWN = (
    (
        ("database or disk is full", "no space left on device", "could not extend file"),
        "The disk is full, so the change was not saved. Free some space and try again; "
        "what you typed is kept.",
    ),
    (
        ("attempt to write a readonly database", "read-only transaction", "readonly"),
        "The desk cannot be written (its file or folder is read-only), so the change was "
        "not saved.",
    ),
)


def _sentence(exc: SQLAlchemyError, session: Session) -> str:
    text = str(exc).lower()
    if "disk i/o error" in text and _disk_nearly_full(session):
        text = "database or disk is full"  # SQLite reports a full disk under WAL as I/O
    for needles, sentence in _KNOWN:
        if any(n in text for n in needles):
            return sentence
    first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return f"The database could not save the change ({exc.__class__.__name__}: {first})."


def _disk_nearly_full(session: Session) -> bool:
    """Whether the SQLite desk's disk has (almost) no room left."""
    import shutil
    from pathlib import Path

    bind = session.get_bind()
    database = getattr(getattr(bind, "url", None), "database", None)
    if bind.dialect.name != "sqlite" or not database:
        return False
    try:
        return shutil.disk_usage(Path(database).resolve().parent).free < 1024 * 1024
    except OSError:
        return False
