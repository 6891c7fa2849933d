"""The ``claimdesk`` command: the window by default, or a command over the same services."""

from __future__ import annotations

import argparse
import logging
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from claimdesk import __version__
from claimdesk.cli.context import CliContext
from claimdesk.errors import ClaimdeskError, Terminated
from claimdesk.redact import redact

_log = logging.getLogger(__name__)

COMMAND_MODULES = (
    "cmd_desk",
    "cmd_sources",
    "cmd_nlp",
    "cmd_export",
    "cmd_search",
    "cmd_team",
    "cmd_check",
    "cmd_checks",
    "cmd_archive",
)


def build_parser() -> argparse.ArgumentParser:
    import importlib

    parser = argparse.ArgumentParser(
        prog="claimdesk",
        description="A desktop fact-checking desk. With no command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"claimdesk {__version__}")
    parser.add_argument(
        "--db",
        metavar="PATH|URL",
        help="the desk to use (default: CLAIMDESK_DB, then Settings, then the local desk)",
    )
    parser.add_argument("--user", metavar="NAME", help="name recorded in history for this run")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"claimdesk.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"claimdesk.cli.{name}":
                raise
            continue
        module.register(sub)
    return parser


# The command names, so that the window can start without importing every command module
# (tests/cli/test_cli.py checks this list against the parser).
COMMANDS = frozenset({
    "import", "articles", "article", "claims", "claim", "history", "source", "sources",
    "evidence", "suggest", "eval-checkworthiness", "train-checkworthiness", "export",
    "import-json", "search", "searches", "match", "group", "migrate-to", "password",
    "profile", "check", "checks", "archive", "verify-archive",
})  # fmt: skip


def wants_window(args: list[str]) -> bool:
    """True when the arguments name no command: ``claimdesk [--db X] [--user Y] [FILE...]``.

    Decided without building the parser, which would import every command's module and
    slow the window's start-up.
    """
    words = iter(args)
    for word in words:
        if word in ("--db", "--user"):
            next(words, None)
        elif word.startswith(("--db=", "--user=")):
            continue
        elif word.startswith("-"):
            return False  # --help, --version and the like belong to the parser
        elif word in COMMANDS or not ("://" in word or Path(word).exists()):
            return False
    return True


MAX_ID = 2**63 - 1  # the largest row id a database column holds


def bad_argument(args: argparse.Namespace) -> str | None:
    """A one-line reason when an argument cannot reach the database as given: a number
    too large for an id, or text with bytes that are not valid UTF-8."""
    for name, value in vars(args).items():
        values = value if isinstance(value, (list, tuple)) else [value]
        for item in values:
            if isinstance(item, int) and not isinstance(item, bool) and abs(item) > MAX_ID:
                return f"--{name.replace('_', '-')}: {item} is too large to be an id."
            if isinstance(item, str):
                try:
                    item.encode("utf-8")
                except UnicodeEncodeError:
                    return (
                        f"{name.replace('_', ' ')}: the text has bytes that are not "
                        "valid UTF-8; check the terminal's encoding."
                    )
    return None


def _name(handler: object) -> str:
    # the handler's name, not the arguments: a --db URL may carry a password
    return str(getattr(handler, "__name__", "command"))


def _is_database_error(exc: BaseException) -> bool:
    # Without importing SQLAlchemy here: the window starts through this module.
    sa_exc = sys.modules.get("sqlalchemy.exc")
    return isinstance(exc, sqlite3.Error) or (
        sa_exc is not None and isinstance(exc, sa_exc.SQLAlchemyError)
    )


def _database_failure(ctx: CliContext, exc: BaseException) -> ClaimdeskError:
    """A database error no service turned into a sentence (a damaged page met by a read,
    a full disk): one line that says what it is, never a traceback."""
    from claimdesk.store.postgres import scrub

    if ctx.store is not None and ctx.store.dialect == "sqlite":
        from claimdesk.store.health import explain

        return explain(Path(ctx.store.target), exc)
    first = (str(getattr(exc, "orig", None) or exc).splitlines() or [repr(exc)])[0]
    return ClaimdeskError(f"The database failed: {scrub(first)}")


def _open_window(argv: Sequence[str]) -> int:
    try:
        from claimdesk.ui.app import run_app
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.startswith("claimdesk.ui"):
            build_parser().print_help()
            return 0
        raise
    return run_app(list(argv))


def main(
    argv: Sequence[str] | None = None, *, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    import multiprocessing

    multiprocessing.freeze_support()  # the suggestion process of a packaged build
    from claimdesk.logs import setup_logging

    log_path = setup_logging()
    args_list = list(sys.argv[1:] if argv is None else argv)
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    if wants_window(args_list):
        return _open_window(args_list)
    parser = build_parser()
    args = parser.parse_args(args_list)
    handler = getattr(args, "handler", None)
    if handler is None:
        return _open_window(args_list)

    problem = bad_argument(args)
    if problem:
        stderr.write(f"claimdesk: {problem}\n")
        return 2

    from claimdesk.config import Settings
    from claimdesk.profiles import analyst_name

    settings = Settings.load()
    settings.user_name = analyst_name(
        settings.database_target(args.db), args.user, settings.user_name
    )
    ctx = CliContext(stdout=stdout, stderr=stderr, settings=settings)
    try:
        if getattr(args, "needs_db", False):
            from claimdesk.store.engine import Store

            ctx.store = Store.open(settings.database_target(args.db))
            ctx.store.set_identity(ctx.store.identity[0], settings.user_name)
            if ctx.store.read_only:
                stderr.write(
                    f"claimdesk: {ctx.store.target} is in a read-only folder (or is a "
                    "read-only file): it was opened read-only and changes are refused.\n"
                )
        return int(handler(args, ctx) or 0)
    except ClaimdeskError as exc:
        from claimdesk.cli.output import printable

        # The last line of defence: no message leaves with a password in it.
        message = printable(redact(str(exc)))
        _log.warning("%s refused: %s", _name(handler), message)
        stderr.write(f"claimdesk: {message}\n")
        return 1
    except KeyboardInterrupt:
        stderr.write("claimdesk: interrupted\n")
        return 130
    except Terminated as exc:
        stderr.write("claimdesk: stopped by SIGTERM; no file was replaced\n")
        return int(exc.code or 143)
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug: the traceback goes to the log, a sentence to the user
        from claimdesk.cli.output import printable
        from claimdesk.logs import describe

        if _is_database_error(exc):  # not a bug: a damaged page, a full disk
            failure = _database_failure(ctx, exc)
            _log.warning("%s refused: %s", _name(handler), failure)
            stderr.write(f"claimdesk: {printable(str(failure))}\n")
            return 1

        _log.exception("%s failed", _name(handler))
        where = f"; the details are in {log_path}" if log_path else ""
        stderr.write(f"claimdesk: unexpected error ({describe(exc)}){where}\n")
        return 1
    finally:
        if ctx.store is not None:
            ctx.store.close()


if __name__ == "__main__":
    raise SystemExit(main())
