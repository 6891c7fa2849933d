"""Failures the analyst can see: a short message on screen, the traceback in the log.

PySide6 hands an exception raised in a slot to ``sys.excepthook`` and carries on; by
default that prints a traceback to a terminal nobody is watching.  ``install`` replaces
the hook for the window's lifetime: the traceback goes to the log file
(``claimdesk.logs``) and a non-modal message says what failed, that the work is kept
(each edit is its own committed transaction, so a failing slot cannot take saved work with
it) and where the log is.  A burst of errors gives one message that counts the rest.

Qt's own warnings (``qWarning`` and friends) go to the log too, and so do exceptions
escaping threads, which are shown on the UI thread.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QMessageLogContext,
    QObject,
    Qt,
    QtMsgType,
    QUrl,
    Signal,
    qInstallMessageHandler,
)
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from claimdesk.logs import (
    describe,
    log_dir,
    log_file,
    log_thread_exception,
    log_uncaught,
    mark_hook,
)

_qt_log = logging.getLogger("qt")

_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}

TITLE = "Something went wrong"


def log_qt_message(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """A Qt message handler that writes to the log (``qt`` logger)."""
    category = context.category if context is not None else None
    prefix = f"[{category}] " if category and category != "default" else ""
    _qt_log.log(_QT_LEVELS.get(mode, logging.WARNING), "%s%s", prefix, message)


def failed_action(tb: TracebackType | None) -> str:
    """What the analyst was doing, as well as a traceback can tell: the outermost
    function of claimdesk's own that was running (usually the slot), in words."""
    frames = traceback.extract_tb(tb)
    ours = [f for f in frames if "claimdesk" in Path(f.filename).parts]
    # outside claimdesk (a thread's bootstrap, a library), where it was raised says most
    for frame in ours or reversed(frames):
        if not frame.name.startswith("<"):  # a lambda says nothing; the next frame may
            words = frame.name.strip("_").replace("_", " ")
            if words:
                return words[:1].upper() + words[1:]
    return "An action"


def failure_text(action: str, exc: BaseException) -> tuple[str, str]:
    """The message's main text and its informative text, never a traceback."""
    main = f"{action} failed: {describe(exc)}."
    detail = (
        "Your work is kept: every change already made is saved in the desk. "
        f"The details are in the log: {log_file()}"
    )
    return main, detail


class FailureReporter(QObject):
    """Owns the hooks while installed; ``uninstall`` gives back the ones it replaced."""

    _from_thread = Signal(str, str)  # main text, detail: shown on the UI thread

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.box: QMessageBox | None = None
        self.more = 0  # failures since the message on screen was shown
        self._previous: tuple[Any, Any] | None = None
        self._previous_qt: Any = None
        self._from_thread.connect(self.show_failure)

    def install(self) -> None:
        if self._previous is not None:
            return
        self._previous = (sys.excepthook, threading.excepthook)
        sys.excepthook = mark_hook(self.excepthook)
        threading.excepthook = mark_hook(self.thread_excepthook)
        self._previous_qt = qInstallMessageHandler(log_qt_message)

    def uninstall(self) -> None:
        if self._previous is None:
            return
        sys.excepthook, threading.excepthook = self._previous
        self._previous = None
        qInstallMessageHandler(self._previous_qt)  # None gives Qt's own handler back
        self._previous_qt = None

    def excepthook(
        self, kind: type[BaseException], value: BaseException, tb: TracebackType | None
    ) -> None:
        log_uncaught(kind, value, tb)
        if issubclass(kind, KeyboardInterrupt):
            QApplication.quit()  # Ctrl+C in the terminal that started the window
            return
        text, detail = failure_text(failed_action(tb), value)
        # a line for a terminal too: an exception that ends start-up, before the event
        # loop runs, would otherwise leave nothing on screen at all
        if sys.stderr is not None:  # None under a Windows GUI launcher
            sys.stderr.write(f"claimdesk: {text} The details are in {log_file()}\n")
        self.show_failure(text, detail)

    def thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        log_thread_exception(args)
        if args.exc_type is SystemExit or args.exc_value is None:
            return
        # widgets belong to the UI thread: the queued signal takes the message there
        self._from_thread.emit(*failure_text(failed_action(args.exc_traceback), args.exc_value))

    def show_failure(self, text: str, detail: str) -> None:
        if self.box is not None and not shiboken6.isValid(self.box):
            self.box = None  # deleted with the window it belonged to, without a "finished"
        if self.box is not None:
            self.more += 1
            self.box.setInformativeText(
                f"{detail}\n\n{self.more} more problem(s) since; they are in the log too."
            )
            return
        parent = QApplication.activeWindow()
        box = QMessageBox(
            QMessageBox.Icon.Warning, TITLE, text, QMessageBox.StandardButton.Ok, parent
        )
        box.setObjectName("failureMessage")
        box.setInformativeText(detail)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # show(), never exec(): a nested event loop inside the hook could re-enter the
        # slot that failed, and a burst of failures would stack up dialogs
        box.setWindowModality(Qt.WindowModality.NonModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(self._closed)
        self.box = box
        self.more = 0
        box.show()

    def _closed(self, _result: int) -> None:
        self.box = None


def install(parent: QObject | None = None) -> FailureReporter:
    """Report uncaught exceptions and Qt's warnings as described above; call once the
    QApplication exists (after ``claimdesk.logs.setup_logging``)."""
    reporter = FailureReporter(parent)
    reporter.install()
    return reporter


def open_log_folder(parent: QWidget | None = None) -> bool:
    """Help › Open log folder: show the folder in the desktop's file manager, making it
    first if nothing has been logged yet; says where it is if it cannot be opened."""
    folder = log_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        QMessageBox.warning(parent, "Log folder", f"Cannot make {folder}: {exc}")
        return False
    if QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
        return True
    QMessageBox.information(parent, "Log folder", f"claimdesk's log is in {folder}")
    return False
