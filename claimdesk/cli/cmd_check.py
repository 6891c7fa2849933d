"""``claimdesk check``: is the desk whole?  Read-only, whatever state the desk is in."""

from __future__ import annotations

import argparse
import sqlite3
from pathlib import Path
from typing import Any

from claimdesk.cli.context import CliContext
from claimdesk.cli.output import printable
from claimdesk.errors import DatabaseError

CHECK_EPILOG = """\
SQLite's integrity_check (every page and index) and foreign_key_check, then the desk's
own rules: each claim's anchor inside its article and matching its quote (unless it is
an orphan), statuses, stances and kinds from the vocabularies, verdicts with a rationale
and evidence, each claim's history a chain ending at its status, JSON fields of the
right type, evidence pointing at existing claims and sources.  Nothing is written; no
-wal or -shm file is created.

exit status: 0 nothing wrong, 1 problems found (one line each) or the desk cannot be read.
"""


def _sqlite_problems(path: Path) -> list[str]:
    from sqlalchemy import create_engine
    from sqlalchemy.exc import SQLAlchemyError

    from claimdesk.core.desk_check import desk_problems
    from claimdesk.store import health
    from claimdesk.store.engine import HEAD_REVISION, check_revision, inspect_sqlite

    if not path.is_file():
        raise DatabaseError(f"There is no desk at {path}.")
    try:
        revision = inspect_sqlite(path)
    except DatabaseError as exc:
        return [str(exc)]
    check_revision(revision, str(path))
    engine = create_engine(f"sqlite:///{path}", creator=lambda: health.connect_read_only(path))
    try:
        with engine.connect() as con:
            found = health.sqlite_problems(con.connection.dbapi_connection)
            if revision != HEAD_REVISION:
                found.append(
                    f"the desk is at schema {revision}; open it once to upgrade it, then "
                    "check it again for the desk's own rules"
                )
                return found
            try:
                found += desk_problems(con)
            except (SQLAlchemyError, sqlite3.Error) as exc:
                found.append(f"the desk's own rules could not be checked: {_first_line(exc)}")
            return found
    except (SQLAlchemyError, sqlite3.Error) as exc:
        return [f"SQLite cannot read it: {_first_line(exc)}"]
    finally:
        engine.dispose()


def _first_line(exc: BaseException) -> str:
    return (str(getattr(exc, "orig", None) or exc).splitlines() or [repr(exc)])[0]


def _team_problems(target: str) -> list[str]:
    from claimdesk.core.desk_check import desk_problems
    from claimdesk.store.engine import Store

    store = Store.open(target, migrate=False)
    try:
        with store.engine.connect() as con:
            return desk_problems(con)
    finally:
        store.close()


def cmd_check(args: argparse.Namespace, ctx: CliContext) -> int:
    from claimdesk.store.engine import is_postgres_url

    target = ctx.settings.database_target(args.db)
    if is_postgres_url(target):
        from claimdesk.store.postgres import scrub

        problems, shown = _team_problems(target), scrub(target)
    else:
        path = Path(target).expanduser()
        problems, shown = _sqlite_problems(path), str(path)
    for problem in problems:
        ctx.stderr.write(f"claimdesk: {printable(problem)}\n")
    if problems:
        ctx.stderr.write(f"claimdesk: {shown}: {len(problems)} problem(s) found.\n")
        return 1
    ctx.stdout.write(f"{shown}: no problems found.\n")
    return 0


def register(sub: Any) -> None:
    p = sub.add_parser(
        "check",
        help="check the desk's file and its own rules; writes nothing",
        epilog=CHECK_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.set_defaults(handler=cmd_check, needs_db=False)
