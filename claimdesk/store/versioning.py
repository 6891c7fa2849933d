"""Optimistic locking outside the ORM's own UPDATEs, and stale writes as desk errors.

Versioned tables (the claim: ``models.CLAIM_VERSION``) are checked by the mapping on
every ORM UPDATE.  A statement that must bypass the unit of work goes through
``versioned_update`` instead, which issues the same ``WHERE version = :seen`` and
refuses when no row matched.  ``held_versions`` and ``stale_conflict`` turn the ORM's
``StaleDataError`` into a ``ConflictError`` naming the row and its current version.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table, event, inspect, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapper
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, SQLModel

from claimdesk.errors import ConflictError

# (model, primary key) -> the version the session last loaded, before its failed flush
Held = dict[tuple[type[Any], Any], int | None]


def _versioned(model: type[Any]) -> tuple[Mapper[Any], Table, Any]:
    mapper: Mapper[Any] = inspect(model)
    if mapper.version_id_col is None:
        raise TypeError(f"{model.__name__} has no version column")
    return mapper, mapper.local_table, mapper.version_id_col  # type: ignore[return-value]


def _label(model: type[Any]) -> str:
    return model.__name__


def versioned_update(
    session: Session, model: type[SQLModel], row_id: int, seen: int, **values: Any
) -> int:
    """``UPDATE ... SET values, version WHERE id = :row_id AND version = :seen``.

    The new version is ``seen + 1`` unless ``values`` gives one.  A row that moved on
    (or was deleted) since ``seen`` matched nothing: that is a ``ConflictError``, and the
    caller's operation rolls back.  A copy of the row in the session is kept in step.
    """
    mapper, table, version_col = _versioned(model)
    new = int(values.pop(version_col.key, seen + 1))
    (key_col,) = mapper.primary_key
    result = session.execute(
        update(table)
        .where(key_col == row_id, version_col == seen)
        .values(**values, **{version_col.key: new})
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        current = session.execute(select(version_col).where(key_col == row_id)).scalar()
        raise _conflict(model, row_id, current)
    held = session.identity_map.get(mapper.identity_key_from_primary_key((row_id,)))
    if held is not None:
        for name, value in {**values, version_col.key: new}.items():
            set_committed_value(held, name, value)
    return new


def set_version(session: Session, row: SQLModel, version: int) -> None:
    """Give a row just inserted (the ORM always inserts version 1) the version it had
    elsewhere: a restored claim, or one read from a backup."""
    current = int(row.version)  # type: ignore[attr-defined]
    if version != current:
        versioned_update(session, type(row), int(row.id), current, version=version)  # type: ignore[attr-defined]


def _remember_versions(session: Session, _context: object, _instances: object) -> None:
    # A flush that fails rolls the session back at once, expiring every row, so the
    # versions it meant to write over are noted as each flush begins.
    held: Held = {}
    for obj in (*session.dirty, *session.deleted):
        state = inspect(obj)
        version_col = state.mapper.version_id_col
        if version_col is not None and state.identity is not None:
            held[(state.mapper.class_, state.identity[0])] = obj.__dict__.get(version_col.key)
    session.info[_HELD] = held


_HELD = "claimdesk_versions_flushed"
event.listen(OrmSession, "before_flush", _remember_versions)


def held_versions(session: Session) -> Held:
    """The versioned rows the session's last flush tried to write, with the versions it
    had loaded.  Call it when that flush raised ``StaleDataError``."""
    return dict(session.info.get(_HELD, {}))


def stale_conflict(session: Session, held: Held) -> ConflictError:
    """The ConflictError for a stale write, naming the rows that moved on and, for one
    row, its current version.  Reads on a connection of its own: the session's
    transaction has failed, and a fresh read must not wait for a write lock."""
    current: dict[tuple[type[Any], Any], int | None] = {}
    bind = session.get_bind()
    engine = bind if isinstance(bind, Engine) else bind.engine
    with engine.connect() as connection:
        for model, row_id in held:
            mapper, _table, version_col = _versioned(model)
            (key_col,) = mapper.primary_key
            current[(model, row_id)] = connection.execute(
                select(version_col).where(key_col == row_id)
            ).scalar()
    stale = [key for key in held if current[key] != held[key]] or list(held)
    if len(stale) == 1:
        (model, row_id) = stale[0]
        return _conflict(model, row_id, current[stale[0]])
    if not stale:
        return ConflictError(
            "Someone else changed what you were saving at the same moment; nothing was "
            "saved. Reload and try again."
        )
    model = stale[0][0]
    ids = ", ".join(str(row_id) for _m, row_id in sorted(stale, key=lambda k: str(k[1])))
    return ConflictError(
        f"{_label(model)}s {ids} were changed by someone else while you were saving; "
        "nothing was saved. Reload them to see their versions."
    )


def _conflict(model: type[Any], row_id: Any, current: int | None) -> ConflictError:
    if current is None:
        return ConflictError(
            f"{_label(model)} {row_id} was deleted by someone else while you were saving; "
            "nothing was saved."
        )
    return ConflictError(
        f"{_label(model)} {row_id} was changed by someone else while you were saving "
        f"(it is now at version {current}); nothing was saved. Reload it to see their "
        "version.",
        current_version=int(current),
    )
