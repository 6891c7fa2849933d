"""A real window on a real desk, offscreen."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog
from uihelpers import ctl, make_window, open_article

from claimdesk.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot: object, tmp_path: Path) -> Iterator[MainWindow]:
    w = make_window(tmp_path / "desk.sqlite3", tmp_path / "window.ini")
    qtbot.addWidget(w)  # type: ignore[attr-defined]
    w.show()
    open_article(w)
    yield w
    w.close()
    ctl(w).runner.store.close()


@pytest.fixture
def answer_dialog() -> Callable[[Callable[[QDialog], None]], None]:
    """Answer the next modal dialog with ``fill(dialog)`` (which accepts or rejects it).

    When ``fill`` fails (an assertion about the dialog), the dialog is rejected so its
    ``exec()`` returns and the test ends with that failure instead of hanging; pytest-qt
    reports the exception.  A dialog that never comes stops the polling after a minute.
    """

    def arm(fill: Callable[[QDialog], None]) -> None:
        deadline = time.monotonic() + 60

        def poll() -> None:
            dialog = QApplication.activeModalWidget()
            if isinstance(dialog, QDialog):
                try:
                    fill(dialog)
                except BaseException:
                    if dialog.isVisible():
                        dialog.reject()
                    raise
            elif time.monotonic() < deadline:
                QTimer.singleShot(10, poll)

        QTimer.singleShot(0, poll)

    return arm
