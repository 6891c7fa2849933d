"""Opening a desk: the engine, sessions, and migrations at start-up.

A SQLite desk is checked before anything writes to it: a file that is not SQLite, is
corrupt, or was written by a newer claimdesk is refused with a clear message and left
byte-for-byte untouched.  An older desk is copied aside before it is upgraded.

A team desk (PostgreSQL: a URL or ``profile:NAME``, see ``store.postgres``) gets the same
checks over the network; its migrations run under an advisory lock so two windows
opening a new server at once do not race.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session

from claimdesk.errors import DatabaseError, NewerDatabaseError
from claimdesk.store import health
from claimdesk.store import sqlite as sqlite_tx
from claimdesk.store.models import Claim, StatusChange
from claimdesk.store.postgres import is_team_target, scrub

SQLITE_HEADER = b"SQLite format 3\x00"
# The newest migration.  Opening a desk already at this revision skips Alembic entirely,
# which keeps it off the start-up path; tests/store/test_engine.py checks it is current.
HEAD_REVISION = "0007_team"
MIGRATIONS = Path(__file__).parent / "migrations"


def _script_directory() -> Any:
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(MIGRATIONS))


def known_revisions() -> set[str]:
    return {rev.revision for rev in _script_directory().walk_revisions()}


def head_revision() -> str:
    head = _script_directory().get_current_head()
    assert head is not None
    return str(head)


def is_postgres_url(target: str) -> bool:
    return is_team_target(target)


# engine -> (server user, display name) recorded on each history row it writes
_IDENTITY: WeakKeyDictionary[Engine, tuple[str, str]] = WeakKeyDictionary()


_ACTOR = "claimdesk_actor"


def act_as(session: Session, name: str) -> None:
    """Name the analyst whose action this session carries out: every claim it saves
    records them as ``saved_by`` (the window sets it per action, so a name changed in
    Settings applies from the next one)."""
    session.info[_ACTOR] = name


def _acting(session: Any) -> str:
    name = session.info.get(_ACTOR)
    if name:
        return str(name)
    bind = session.get_bind()
    engine = bind if isinstance(bind, Engine) else bind.engine
    return _IDENTITY.get(engine, ("", ""))[1]


def _fill_actor(_mapper: object, connection: Connection, target: StatusChange) -> None:
    # Services pass the analyst's name (``actor``: the profile's display name or --user);
    # the row also records who that was on the server (the database role), a detail only.
    # Only on a desk with an identity (at the current revision, where the columns exist):
    # a desk written at an older revision, as upgrade tests do, keeps them empty.
    user, name = _IDENTITY.get(connection.engine, ("", ""))
    if not target.actor_user and user:
        target.actor_user = user
    if not target.actor_name and target.actor and (user or name):
        target.actor_name = target.actor


def _note_saved_by(session: Any, _context: object, _instances: object) -> None:
    name = _acting(session)
    if not name:
        return
    for obj in (*session.new, *session.dirty):
        if isinstance(obj, Claim) and (obj in session.new or session.is_modified(obj)):
            obj.saved_by = name


event.listen(OrmSession, "before_flush", _note_saved_by)
event.listen(StatusChange, "before_insert", _fill_actor)


def _read_only_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA query_only=ON")
    cursor.close()


def inspect_sqlite(path: Path) -> str | None:
    """Return the desk's revision (None for an empty or new file) without writing to it."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    if path.is_dir():
        raise DatabaseError(f"{path} is a folder, not a claimdesk database.")
    try:
        with path.open("rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise DatabaseError(f"Cannot read {path}: {exc.strerror}.") from None
    if header != SQLITE_HEADER:
        raise DatabaseError(f"{path} is not a claimdesk database (it is not a SQLite file).")
    problem = health.header_problem(path)
    if problem:
        raise health.damaged(path, problem)
    try:
        con = health.connect_read_only(path)  # creates no -wal/-shm beside a refused desk
        try:
            tables = {
                r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if "alembic_version" not in tables:
                if tables - {"sqlite_sequence"}:
                    raise DatabaseError(
                        f"{path} is a SQLite database of another program, not a claimdesk desk."
                    )
                return None
            row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise health.explain(path, exc) from None
    return str(row[0]) if row else None


def check_revision(revision: str | None, where: str) -> None:
    if revision is not None and revision != HEAD_REVISION and revision not in known_revisions():
        raise NewerDatabaseError(
            f"{where} was written by a newer version of claimdesk (schema {revision}). "
            "Update claimdesk to open it; the database was not changed."
        )


@dataclass
class Store:
    """An open desk.  Build one at start-up and pass it to whatever needs it."""

    engine: Engine
    target: str
    fresh: bool = False  # the desk was created (or was empty) when it was opened
    read_only: bool = False  # its folder or file cannot be written: changes are refused

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def set_identity(self, user: str, display_name: str) -> None:
        """Who this desk's history rows say made a change (user on the server, name)."""
        _IDENTITY[self.engine] = (user, display_name)

    @property
    def identity(self) -> tuple[str, str]:
        return _IDENTITY.get(self.engine, ("", ""))

    @classmethod
    def open(
        cls,
        target: str,
        *,
        migrate: bool = True,
        password: str | None = None,
        display_name: str = "",
        busy_timeout_s: float = sqlite_tx.BUSY_TIMEOUT_S,
    ) -> Store:
        """Open a SQLite file or a team server.  ``password`` is one typed for this
        session only (no keyring); ``display_name`` is recorded in history;
        ``busy_timeout_s`` is how long a SQLite writer waits for another one."""
        if is_team_target(target):
            return cls._open_team(target, migrate, password, display_name)
        path = Path(target).expanduser()
        revision = inspect_sqlite(path)
        check_revision(revision, str(path))
        if path.exists() and not health.folder_writable(path):
            return cls._open_read_only(path, revision, display_name)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseError(f"Cannot create the folder for {path}: {exc.strerror}.") from None
        if migrate and revision is not None and revision != HEAD_REVISION:
            # An upgrade rewrites tables; keep the old desk beside it until it succeeds.
            shutil.copy2(path, path.with_name(f"{path.name}.before-{revision}.bak"))
        engine = create_engine(f"sqlite:///{path}")
        sqlite_tx.configure(engine, busy_timeout_s)
        health.guard_writes(engine, path)  # quick_check before the first write
        store = cls(engine=engine, target=str(path), fresh=revision is None)
        store.set_identity("", display_name)
        if migrate and revision != HEAD_REVISION:
            store.upgrade()
        return store

    @classmethod
    def _open_read_only(cls, path: Path, revision: str | None, display_name: str) -> Store:
        """A desk whose folder or file cannot be written: readable, every change refused."""
        if revision != HEAD_REVISION:
            raise DatabaseError(
                f"{path} cannot be written (its folder or file is read-only) and needs "
                "upgrading for this version of claimdesk; copy it to a folder you can write."
            )
        engine = create_engine(f"sqlite:///{path}", creator=lambda: health.connect_read_only(path))
        event.listen(engine, "connect", _read_only_pragmas)
        health.guard_writes(engine, path, read_only=True)
        store = cls(engine=engine, target=str(path), read_only=True)
        store.set_identity("", display_name)
        return store

    @classmethod
    def _open_team(
        cls, target: str, migrate: bool, password: str | None, display_name: str
    ) -> Store:
        from claimdesk.store import postgres

        team = postgres.resolve(target, password=password)
        engine = postgres.create_team_engine(team)
        try:
            revision, _empty = postgres.inspect_server(engine, team)
            check_revision(revision, f"The team desk {team.where}")
        except BaseException:
            engine.dispose()
            raise
        store = cls(engine=engine, target=team.shown, fresh=revision is None)
        store.set_identity(team.url.username or "", display_name or team.user_label)
        if migrate and revision != HEAD_REVISION:
            try:
                store.upgrade()
            except BaseException:
                engine.dispose()
                raise
        return store

    def upgrade(self, revision: str = "head") -> None:
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        try:
            with self.engine.connect() as connection:
                sqlite = connection.dialect.name == "sqlite"
                if sqlite:
                    # Batch migrations rebuild tables by copy-and-drop; with foreign keys on,
                    # dropping the old table would cascade-delete every child row.  The
                    # pragma only takes effect outside a transaction.
                    sqlite_tx.outside_transaction(connection, "PRAGMA foreign_keys=OFF")
                # A migration writes: on SQLite it begins with the write lock.
                connection = connection.execution_options(**{sqlite_tx.WRITE: True})
                try:
                    with connection.begin():
                        if not sqlite:
                            from claimdesk.store.postgres import MIGRATION_LOCK

                            # Waits for another desk's migration; Alembic then finds the
                            # schema current and does nothing.
                            connection.exec_driver_sql(
                                f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})"
                            )
                        config.attributes["connection"] = connection
                        command.upgrade(config, revision)
                        if sqlite:
                            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                            if broken:
                                raise RuntimeError(f"{len(broken)} rows lost their parent row")
                finally:
                    if sqlite:
                        connection.rollback()
                        sqlite_tx.outside_transaction(connection, "PRAGMA foreign_keys=ON")
        except DatabaseError:
            raise
        except Exception as exc:
            if sqlite_tx.is_busy(exc):
                raise DatabaseError(sqlite_tx.BUSY_MESSAGE) from exc
            raise DatabaseError(
                f"Could not bring {scrub(self.target)} up to date: {scrub(str(exc))}"
            ) from exc

    def revision(self) -> str | None:
        from sqlalchemy import text

        with self.engine.connect() as connection:
            try:
                row = connection.execute(text("SELECT version_num FROM alembic_version")).first()
            except Exception:
                return None
        return str(row[0]) if row else None

    def session(self) -> Session:
        return Session(self.engine, expire_on_commit=False)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: commits when the block ends, rolls back if it raises.

        On SQLite it begins with the write lock, as an operation does (``store.sqlite``).
        """
        session = self.session()
        try:
            with sqlite_tx.writing(session):
                yield session
                session.commit()
        except BaseException as exc:
            session.rollback()
            if sqlite_tx.is_busy(exc):
                raise DatabaseError(sqlite_tx.BUSY_MESSAGE) from exc
            raise
        finally:
            session.close()

    def close(self) -> None:
        self.engine.dispose()
