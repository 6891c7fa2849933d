"""Background work with progress and cancel, so the window never freezes."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

_log = logging.getLogger(__name__)


class _Signals(QObject):
    progress = Signal(int, int, str)  # done, total, what
    result = Signal(object)  # one item of output
    failed = Signal(str)
    finished = Signal()


class Worker(QRunnable):
    """Runs ``fn(report, cancelled)`` on the thread pool.

    ``report(done, total, text)`` emits progress; ``cancelled()`` is true once ``cancel``
    was called.  Signals arrive on the UI thread.  Exceptions other than those ``fn``
    handles itself are reported with ``failed`` as one line, never as a traceback (which
    goes to the log).
    """

    def __init__(
        self, fn: Callable[[Callable[..., None], Callable[[], bool], Callable[[Any], None]], None]
    ) -> None:
        super().__init__()
        self.fn = fn
        self.signals = _Signals()
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def run(self) -> None:
        try:
            self.fn(self.signals.progress.emit, self.cancelled, self.signals.result.emit)
        except Exception as exc:  # the last line of defence: report, don't crash
            # the window gets one line; the traceback is for the log
            _log.exception("Background work %s failed", getattr(self.fn, "__qualname__", "?"))
            self.signals.failed.emit(f"{exc.__class__.__name__}: {exc}")
        finally:
            self.signals.finished.emit()

    def start(self, pool: QThreadPool | None = None) -> None:
        """Run on ``pool``, or on the application's shared pool (as many threads as cores:
        work that must not wait behind imports and exports brings a pool of its own)."""
        (pool or QThreadPool.globalInstance()).start(self)
