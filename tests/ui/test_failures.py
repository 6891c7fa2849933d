"""Failures in the window: a short message on screen, the traceback in the log."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QFile
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import QApplication, QMessageBox
from uihelpers import FileManager

from claimdesk.core.report import Scope
from claimdesk.core.sample import load_sample_if_empty
from claimdesk.logs import setup_logging
from claimdesk.store.engine import Store
from claimdesk.ui import failures
from claimdesk.ui.main_window import MainWindow
from claimdesk.ui.pdf_job import PdfJob
from claimdesk.ui.workers import Worker


@pytest.fixture
def log() -> Iterator[Path]:
    path = setup_logging()
    assert path is not None and path.parent == Path(os.environ["CLAIMDESK_LOG_DIR"])
    reporter = failures.install()
    yield path
    reporter.uninstall()
    if reporter.box is not None and shiboken6.isValid(reporter.box):
        reporter.box.close()


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.exists() else ""


def _failure_boxes() -> list[QMessageBox]:
    return [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QMessageBox) and w.objectName() == "failureMessage" and w.isVisible()
    ]


def _tag_the_claim() -> None:
    raise RuntimeError("the tagger broke")


def test_an_exception_in_a_slot_is_a_short_message_and_a_logged_traceback(
    qtbot: Any, window: MainWindow, log: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    action = QAction("Tag the claim", window)
    action.triggered.connect(_tag_the_claim)
    action.trigger()
    qtbot.waitUntil(lambda: len(_failure_boxes()) == 1)
    box = _failure_boxes()[0]
    assert box.text() == "Tag the claim failed: RuntimeError: the tagger broke."
    assert "Your work is kept" in box.informativeText()
    assert str(log) in box.informativeText()
    assert "Traceback" not in box.text() + box.informativeText() + box.detailedText()
    text = _text(log)
    assert "CRITICAL claimdesk: Uncaught exception\nTraceback (most recent call last):" in text
    assert "in _tag_the_claim" in text and "RuntimeError: the tagger broke" in text
    # one line, not a traceback, for whoever watches the terminal
    assert capsys.readouterr().err == (
        f"claimdesk: Tag the claim failed: RuntimeError: the tagger broke. "
        f"The details are in {log}\n"
    )

    # a burst of failures gives one message that counts them
    action.trigger()
    action.trigger()
    assert _failure_boxes() == [box]
    assert "2 more problem(s)" in box.informativeText()
    assert _text(log).count("RuntimeError: the tagger broke") == 3
    box.close()
    qtbot.waitUntil(lambda: not _failure_boxes())

    action.trigger()  # after closing it, the next failure shows a message again
    qtbot.waitUntil(lambda: len(_failure_boxes()) == 1)
    assert "more problem" not in _failure_boxes()[0].informativeText()


def test_an_exception_escaping_a_thread_is_shown_on_the_ui_thread(qtbot: Any, log: Path) -> None:
    def import_feed() -> None:
        raise OSError("the feed went away")

    thread = threading.Thread(target=import_feed, name="feed-reader")
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: len(_failure_boxes()) == 1)
    assert _failure_boxes()[0].text().startswith("Import feed failed: OSError: the feed went away")
    text = _text(log)
    assert "Uncaught exception in thread feed-reader\nTraceback" in text
    assert "OSError: the feed went away" in text


def test_a_failing_worker_logs_its_traceback(qtbot: Any, log: Path) -> None:
    def count_words(_report: Any, _cancelled: Any, _emit: Any) -> None:
        counts: dict[str, int] = {}
        counts["words"] += 1  # the bug under test: a missing key

    worker = Worker(count_words)
    lines: list[str] = []
    worker.signals.failed.connect(lines.append)
    with qtbot.waitSignal(worker.signals.finished, timeout=10_000):
        worker.start()
    assert lines == ["KeyError: 'words'"]  # the window still gets one line
    qtbot.waitUntil(lambda: "KeyError: 'words'" in _text(log))
    text = _text(log)
    assert "Background work " in text and "count_words failed\nTraceback" in text
    assert not _failure_boxes()  # a reported failure is not an uncaught one


def test_a_background_export_logs_from_its_own_process(
    qtbot: Any, tmp_path: Path, log: Path
) -> None:
    store = Store.open(str(tmp_path / "desk.sqlite3"))
    with store.session() as session:
        load_sample_if_empty(session)
    store.close()
    out = tmp_path / "no-such-folder" / "desk.json"
    job = PdfJob(str(tmp_path / "desk.sqlite3"), Scope(), "", out, False, fmt="json")
    qtbot.waitUntil(lambda: not job.process.is_alive(), timeout=60_000)
    done, error = job.finished()
    assert done and error
    line = f"{job.process.pid} MainThread WARNING claimdesk.ui.pdf_job: The json export was refused"
    assert f"{line}: {error}" in _text(log)


def test_qt_warnings_reach_the_log(log: Path) -> None:
    QFile().open(QFile.OpenModeFlag.ReadOnly)  # Qt warns: no file name
    assert "WARNING qt: QFSFileEngine::open: No file name specified" in _text(log)


def test_help_opens_the_log_folder_making_it_first(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "not-yet"
    monkeypatch.setenv("CLAIMDESK_LOG_DIR", str(folder))
    manager = FileManager()
    QDesktopServices.setUrlHandler("file", manager, "show")
    try:
        help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
        action = next(a for a in help_menu.actions() if a.text() == "Open &log folder")
        action.trigger()
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert folder.is_dir()
    assert [u.toLocalFile() for u in manager.opened] == [str(folder)]


def test_a_message_deleted_with_its_window_does_not_stop_the_next_one(
    qtbot: Any, log: Path
) -> None:
    from PySide6.QtWidgets import QWidget

    owner = QWidget()
    owner.show()
    owner.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is owner)
    action = QAction("Tag the claim", owner)
    action.triggered.connect(_tag_the_claim)
    action.trigger()
    qtbot.waitUntil(lambda: len(_failure_boxes()) == 1)
    assert _failure_boxes()[0].parent() is owner
    shiboken6.delete(owner)  # the box goes with it, without saying it finished
    assert not _failure_boxes()

    other = QAction("Tag the claim")
    other.triggered.connect(_tag_the_claim)
    other.trigger()
    qtbot.waitUntil(lambda: len(_failure_boxes()) == 1)
    assert "more problem" not in _failure_boxes()[0].informativeText()
