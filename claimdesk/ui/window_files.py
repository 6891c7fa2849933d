"""Getting articles in: File > Open, drag and drop, paste from the clipboard."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressBar, QPushButton

from claimdesk.core.errors import ClaimdeskError, ImportFailed
from claimdesk.core.records import ArticleDraft
from claimdesk.ui.workers import Worker

if TYPE_CHECKING:
    from claimdesk.ui.main_window import MainWindow

    _Base = MainWindow
else:
    _Base = object

FILE_FILTER = "Articles (*.txt *.md *.markdown *.html *.htm *.xhtml *.pdf *.docx);;All files (*)"


class FilesMixin(_Base):
    _import_worker: Worker | None = None

    def open_files(self) -> None:
        start = str(self.qsettings.value("desk/last_folder", str(Path.home())))
        paths, _ = QFileDialog.getOpenFileNames(self, "Open articles", start, FILE_FILTER)
        if paths:
            self.qsettings.setValue("desk/last_folder", str(Path(paths[0]).parent))
            self.import_sources(paths)

    def paste_article(self) -> None:
        from claimdesk.io.importers import load_clipboard

        mime = QGuiApplication.clipboard().mimeData()
        text = mime.text() if mime is not None and mime.hasText() else None
        html = mime.html() if mime is not None and mime.hasHtml() else None
        try:
            draft = load_clipboard(text, html)
        except ClaimdeskError as exc:
            self.show_error(f"Nothing to paste: {exc}")
            return
        self.add_draft(draft)

    # drag and drop ------------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        sources = []
        for url in event.mimeData().urls():
            sources.append(url.toLocalFile() if url.isLocalFile() else url.toString())
        if sources:
            event.acceptProposedAction()
            self.import_sources(sources)

    # importing ------------------------------------------------------------------------------------
    def import_sources(self, sources: list[str]) -> None:
        """Read files and web addresses in the background, then add them one by one."""
        if self._import_worker is not None:
            self.show_error("An import is already running; wait for it or cancel it.")
            return
        from claimdesk.io import importers

        def work(report: Any, cancelled: Any, emit: Any) -> None:
            for i, source in enumerate(sources):
                if cancelled():
                    break
                report(i, len(sources), Path(source).name or source)
                try:
                    emit((source, importers.load(source, cancel=cancelled)))
                except ImportFailed as exc:
                    emit((source, exc))
            report(len(sources), len(sources), "")

        worker = Worker(work)
        self._import_worker = worker
        bar = QProgressBar()
        bar.setMaximumWidth(200)
        bar.setRange(0, len(sources))
        cancel = QPushButton("Cancel")
        cancel.setToolTip("Stop importing; articles already read are kept")
        self.statusBar().addPermanentWidget(bar)
        self.statusBar().addPermanentWidget(cancel)
        cancel.clicked.connect(worker.cancel)
        failures: list[str] = []
        added: list[int] = []

        def on_progress(done: int, total: int, name: str) -> None:
            bar.setValue(done)
            if name:
                self.statusBar().showMessage(f"Importing {name} ({done + 1} of {total})\u2026")

        def on_result(item: tuple[str, ArticleDraft | ImportFailed]) -> None:
            _source, outcome = item
            if isinstance(outcome, ImportFailed):
                failures.append(str(outcome))
                return
            article_id = self.add_draft(outcome, open_it=False)
            if article_id is not None:
                added.append(article_id)

        def on_finished() -> None:
            self._import_worker = None
            self.statusBar().removeWidget(bar)
            self.statusBar().removeWidget(cancel)
            bar.deleteLater()
            cancel.deleteLater()
            if added:
                self.open_article(added[-1])
            summary = f"Imported {len(added)} of {len(sources)}"
            if failures:
                QMessageBox.warning(self, "Import", summary + ".\n\n" + "\n".join(failures[:20]))
            self.statusBar().showMessage(summary, 6000)

        worker.signals.progress.connect(on_progress)
        worker.signals.result.connect(on_result)
        worker.signals.failed.connect(lambda msg: failures.append(msg))
        worker.signals.finished.connect(on_finished)
        worker.start()

    def add_draft(self, draft: ArticleDraft, *, open_it: bool = True) -> int | None:
        duplicate = self.desk.find_duplicate(draft)
        if duplicate is not None:
            answer = QMessageBox.question(
                self,
                "Already in the desk",
                f"\u201c{duplicate.title}\u201d is already in the desk. Open it instead of "
                "adding a copy?",
                QMessageBox.StandardButton.Open
                | QMessageBox.StandardButton.Save
                | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Open,
            )
            if answer == QMessageBox.StandardButton.Open:
                self.open_article(duplicate.id)
                return None
            if answer != QMessageBox.StandardButton.Save:
                return None
        try:
            info = self.desk.add_article(draft)
        except ClaimdeskError as exc:
            self.show_error(str(exc))
            return None
        if open_it:
            self.open_article(info.id)
        return info.id
