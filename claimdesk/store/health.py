"""Is a SQLite desk whole, writable, and what to say when it is not.

Opening a desk checks only what is cheap (the header's page size and page count against
the file's size): SQLite's ``quick_check`` reads every page, about 0.1 s per 200 MB from
the page cache and seconds from a cold disk, too slow for the window's start-up.  It runs
instead before the first write of each open desk (``guard_writes``), so a damaged desk is
never written; reads of a damaged page fail with one line (``explain``).  ``claimdesk
check`` runs the full ``integrity_check``.

A desk in a folder that cannot be written is opened read-only, and a full disk is called
a full disk, not damage.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

from claimdesk.errors import DatabaseError

LOW_SPACE = 256 * 1024  # bytes free below which a failing write is put down to a full disk
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER")


class DamagedDesk(DatabaseError):
    """The file is corrupt; nothing was written to it."""


class ReadOnlyDesk(DatabaseError):
    """The desk was opened read-only and a change was asked for."""


def restore_hint(path: Path) -> str:
    """How to get the work back: the copies kept before upgrades, else a JSON export."""
    copies = sorted(path.parent.glob(f"{path.name}.before-*.bak"))
    where = f" ({', '.join(c.name for c in copies)} beside it)" if copies else ""
    return (
        f"Restore it from a backup: the copy made before an upgrade{where}, or a JSON "
        "export (claimdesk --db NEW_DESK import-json FILE). Run claimdesk check for details."
    )


def damaged(path: Path, detail: str) -> DamagedDesk:
    return DamagedDesk(f"{path} is damaged ({detail}); it was not changed. {restore_hint(path)}")


def folder_writable(path: Path) -> bool:
    """Whether claimdesk could write the desk and its -wal/-shm files beside it."""
    folder = path.parent if path.parent.exists() else path.parent.parent
    if not os.access(folder, os.W_OK):
        return False
    return not path.exists() or os.access(path, os.W_OK)


def disk_full(path: Path) -> bool:
    try:
        return shutil.disk_usage(path.parent).free < LOW_SPACE
    except OSError:
        return False


def explain(path: Path, exc: BaseException) -> DatabaseError:
    """The one line for a SQLite error on ``path``: full disk, read-only, or damage."""
    detail = (str(getattr(exc, "orig", None) or exc).splitlines() or [repr(exc)])[0]
    if any(word in detail for word in ("malformed", "not a database", "corrupt")):
        return damaged(path, detail)
    if "full" in detail or (("I/O" in detail or "unable to open" in detail) and disk_full(path)):
        return DatabaseError(
            f"The disk holding {path} is full ({detail}); nothing was changed. Free some "
            "space and try again."
        )
    if "readonly" in detail or "read-only" in detail or not folder_writable(path):
        return ReadOnlyDesk(
            f"{path} cannot be written (its folder or file is read-only: {detail}); nothing "
            "was changed."
        )
    return damaged(path, detail)


def header_problem(path: Path) -> str | None:
    """What the first 100 bytes say is wrong with the file's size, if anything.

    A truncated copy or a file cut short by a crash is caught here, before SQLite reads
    a page that is not there.
    """
    with path.open("rb") as fh:
        header = fh.read(100)
    if len(header) < 100:
        return "the file is shorter than a SQLite header"
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return f"the header gives an impossible page size ({page_size})"
    pages = int.from_bytes(header[28:32], "big")
    valid = header[24:28] == header[92:96]  # the count is trusted only then (SQLite docs)
    size = path.stat().st_size
    wal = Path(f"{path}-wal")
    if valid and pages and size < pages * page_size and not wal.exists():
        return f"the file is cut short: {size:,} bytes of {pages * page_size:,}"
    return None


def read_only_uri(path: Path) -> str:
    """A URI that reads the desk without creating -wal or -shm files beside it.

    Without a -wal file no connection has the desk open in WAL mode, so the file alone is
    the whole desk and may be read as immutable; with one, SQLite must read the WAL.
    """
    uri = f"{path.resolve().as_uri()}?mode=ro"
    return uri if Path(f"{path}-wal").exists() else uri + "&immutable=1"


def connect_read_only(path: Path) -> sqlite3.Connection:
    # the pool hands a connection to whichever thread asks next (the window reads on its
    # database thread), as SQLAlchemy's own SQLite connections allow
    return sqlite3.connect(read_only_uri(path), uri=True, check_same_thread=False)


def quick_check(connection: Any) -> str | None:
    """The first problem ``PRAGMA quick_check`` finds on a DB-API connection, or None."""
    rows = connection.execute("PRAGMA quick_check(1)").fetchall()
    found = _findings(rows)
    return found[0] if found else None


def _findings(rows: list[Any]) -> list[str]:
    """SQLite's check output as one line per finding, without its banner lines."""
    lines = [line for row in rows for line in str(row[0]).splitlines()]
    return [line for line in lines if line != "ok" and not line.startswith("*** in database")]


def sqlite_problems(connection: Any, *, limit: int = 100) -> list[str]:
    """What SQLite's own checks find: ``integrity_check`` (every page, every index) and
    ``foreign_key_check`` (rows whose parent row is missing)."""
    found: list[str] = []
    try:
        rows = connection.execute(f"PRAGMA integrity_check({limit})").fetchall()
        found += [f"integrity_check: {f}" for f in _findings(rows)]
    except sqlite3.DatabaseError as exc:
        found.append(f"integrity_check could not finish: {exc}")
    try:
        broken = connection.execute("PRAGMA foreign_key_check").fetchall()
    except sqlite3.DatabaseError as exc:
        return [*found, f"foreign_key_check could not finish: {exc}"]
    for table, rowid, parent, _fk in broken:
        found.append(f"foreign_key_check: {table} row {rowid} points to a missing {parent} row")
    return found


def guard_writes(engine: Engine, path: Path, *, read_only: bool = False) -> None:
    """Before the first write through ``engine``, make sure the file is whole.

    On a read-only desk every write is refused with what the desk is.
    """
    checked: list[bool] = []

    def before(conn: Any, cursor: Any, statement: str, *_args: Any) -> None:
        if not statement.lstrip().upper().startswith(_WRITES):
            return
        if read_only:
            raise ReadOnlyDesk(
                f"{path} is open read-only (its folder or file cannot be written); "
                "nothing was changed."
            )
        if checked:
            return
        try:
            problem = quick_check(cursor.connection)
        except sqlite3.DatabaseError as exc:
            problem = str(exc)
        if problem:
            raise damaged(path, problem)
        checked.append(True)

    event.listen(engine, "before_cursor_execute", before)
