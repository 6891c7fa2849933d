"""One log file for the window, the command line and their background work (no Qt here).

``setup_logging()`` is called once at start-up by both front ends.  It sends the
``logging`` records of every module to a rotating file in the user's log folder and logs
uncaught exceptions, of the main thread and of other threads, with their traceback: a
traceback belongs in the log, where a bug report can quote it, not in front of the user.

The folder follows ``claimdesk.config``: ``CLAIMDESK_LOG_DIR`` names it outright (tests
use it), ``CLAIMDESK_HOME`` puts it under that directory as ``log``, and otherwise it is
platformdirs' user log folder.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

from claimdesk.config import APP_NAME
from claimdesk.redact import redact

LOG_NAME = "claimdesk.log"
MAX_BYTES = 2 * 1024 * 1024
BACKUPS = 3  # with the current file, at most 8 MB of history on disk
FORMAT = "%(asctime)s %(process)d %(threadName)s %(levelname)s %(name)s: %(message)s"

log = logging.getLogger("claimdesk")


def log_dir() -> Path:
    override = os.environ.get("CLAIMDESK_LOG_DIR")
    if override:
        return Path(override)
    home = os.environ.get("CLAIMDESK_HOME")
    if home:
        return Path(home) / "log"
    from platformdirs import user_log_dir

    return Path(user_log_dir(APP_NAME, appauthor=False))


def log_file() -> Path:
    """Where the current log file is, or would be once something is logged."""
    return log_dir() / LOG_NAME


class RedactingFormatter(logging.Formatter):
    """Every record written to the log, traceback included, passes through
    ``claimdesk.redact``: an exception's message or source line may hold a URL with
    its password."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


class _DeskLogHandler(logging.handlers.RotatingFileHandler):
    """Our handler, told apart from any a host program (or pytest) installs."""


def _our_handler() -> _DeskLogHandler | None:
    return next((h for h in logging.getLogger().handlers if isinstance(h, _DeskLogHandler)), None)


def setup_logging(level: int = logging.INFO) -> Path | None:
    """Log to the rotating file and log uncaught exceptions; returns the file's path.

    Calling it again is harmless; if the log folder has changed since (a test moved
    ``CLAIMDESK_LOG_DIR``), the file handler moves with it.  A folder that cannot be
    written (a read-only home) is not a reason to refuse to start: the answer is then
    None and records go nowhere but the hooks' stderr output.
    """
    path = log_file()
    root = logging.getLogger()
    current = _our_handler()
    if current is not None and Path(current.baseFilename) == path.absolute():
        _install_hooks()
        return path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # delay: the file is made on the first record, so a clean run of a command
        # that logs nothing leaves no empty file behind
        handler = _DeskLogHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True
        )
    except OSError as exc:
        if sys.stderr is not None:  # None under a Windows GUI launcher
            sys.stderr.write(f"claimdesk: cannot keep a log in {path.parent}: {exc}\n")
        handler = None
    if current is not None:
        root.removeHandler(current)
        current.close()
    if handler is not None:
        handler.setFormatter(RedactingFormatter(FORMAT))
        root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > level:
        root.setLevel(level)
    _install_hooks()
    return path if handler is not None else None


def describe(exc: BaseException) -> str:
    """One line for a person: the exception's type and the first line of its message."""
    first = (redact(str(exc)).strip().splitlines() or [""])[0][:300]
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__


# -- uncaught exceptions ---------------------------------------------------------------


def log_uncaught(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
    """Log an exception nobody caught, with its traceback (the window's hook uses this)."""
    if not issubclass(kind, KeyboardInterrupt):
        log.critical("Uncaught exception", exc_info=(kind, value, tb))


def mark_hook(hook: Callable[..., None]) -> Callable[..., None]:
    """``hook`` marked as claimdesk's own, so that ``setup_logging`` leaves it in place."""

    def marked(*args: Any) -> None:
        hook(*args)

    marked._claimdesk_hook = True  # type: ignore[attr-defined]
    return marked


def _ours(hook: object) -> bool:
    return bool(getattr(hook, "_claimdesk_hook", False))


def _install_hooks() -> None:
    # Each hook logs, then hands over to the hook it replaced (the interpreter's, which
    # prints to stderr as any Python program would, or a test runner's).  Hooks already
    # ours, the window's richer ones included (claimdesk.ui.failures), stay as they are.
    if not _ours(sys.excepthook):
        previous = sys.excepthook

        def excepthook(
            kind: type[BaseException], value: BaseException, tb: TracebackType | None
        ) -> None:
            log_uncaught(kind, value, tb)
            previous(kind, value, tb)

        sys.excepthook = mark_hook(excepthook)
    if not _ours(threading.excepthook):
        previous_thread_hook = threading.excepthook

        def thread_hook(args: threading.ExceptHookArgs) -> None:
            log_thread_exception(args)
            previous_thread_hook(args)

        threading.excepthook = mark_hook(thread_hook)


def log_thread_exception(args: threading.ExceptHookArgs) -> None:
    """Log what ``threading.excepthook`` was given, with the thread's name."""
    if args.exc_type is SystemExit:
        return  # the documented quiet way for a thread to end
    name = args.thread.name if args.thread is not None else "?"
    value = args.exc_value if args.exc_value is not None else args.exc_type()
    log.critical(
        "Uncaught exception in thread %s", name, exc_info=(args.exc_type, value, args.exc_traceback)
    )
