"""Getting articles in: File > Open, drag and drop, paste from the clipboard."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressBar, QPushButton

from claimdesk.core.records import ArticleDraft
from claimdesk.errors import ClaimdeskError, ImportFailed
from claimdesk.io.common import ImportCancelled
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
    def import_folder(self) -> None:
        start = str(self.qsettings.value("desk/last_folder", str(Path.home())))
        folder = QFileDialog.getExistingDirectory(self, "Import a folder of articles", start)
        if folder:
            self.qsettings.setValue("desk/last_folder", folder)
            self.import_sources([folder])

    def import_sources(self, sources: list[str]) -> None:
        """Read files, folders and web addresses in the background, then add them."""
        from claimdesk.io import importers

        def drafts(report: Any, cancelled: Any) -> Iterator[tuple[str, Any]]:
            for i, source in enumerate(sources):
                if cancelled():
                    return
                if Path(source).is_dir():
                    for path, outcome in importers.iter_folder(
                        source, cancel=cancelled, progress=report
                    ):
                        yield str(path), outcome
                    continue
                report(i, len(sources), Path(source).name or source)
                try:
                    yield source, importers.load(source, cancel=cancelled)
                except ImportFailed as exc:
                    yield source, exc

        self.run_import(drafts, len(sources))

    def run_import(self, drafts: Any, total: int) -> None:
        if self._import_worker is not None:
            self.show_error("An import is already running; wait for it or cancel it.")
            return

        def work(report: Any, cancelled: Any, emit: Any) -> None:
            for item in drafts(report, cancelled):
                emit(item)

        worker = Worker(work)
        self._import_worker = worker
        bar = QProgressBar()
        bar.setMaximumWidth(200)
        bar.setRange(0, max(1, total))
        cancel = QPushButton("Cancel")
        cancel.setToolTip("Stop importing; articles already read are kept")
        self.statusBar().addPermanentWidget(bar)
        self.statusBar().addPermanentWidget(cancel)
        cancel.clicked.connect(worker.cancel)
        failures: list[str] = []
        added: list[int] = []
        seen = [0]

        def on_progress(done: int, total: int, name: str) -> None:
            bar.setRange(0, max(1, total))
            bar.setValue(done)
            if name:
                self.statusBar().showMessage(f"Importing {name} ({done + 1} of {total})\u2026")

        def on_result(item: tuple[str, ArticleDraft | ImportFailed]) -> None:
            seen[0] += 1
            _source, outcome = item
            if isinstance(outcome, ImportFailed):
                if not isinstance(outcome, ImportCancelled):
                    failures.append(str(outcome))
                return
            article_id = self.add_draft(outcome, open_it=False, ask=seen[0] == 1)
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
            summary = f"Imported {len(added)} article(s)"
            if worker.cancelled():
                summary += " before the import was cancelled"
            if failures:
                summary += f"; {len(failures)} could not be imported"
                QMessageBox.warning(self, "Import", summary + ".\n\n" + "\n".join(failures[:20]))
            self.statusBar().showMessage(summary, 8000)

        worker.signals.progress.connect(on_progress)
        worker.signals.result.connect(on_result)
        worker.signals.failed.connect(failures.append)
        worker.signals.finished.connect(on_finished)
        worker.start()

    def add_draft(
        self, draft: ArticleDraft, *, open_it: bool = True, ask: bool = True
    ) -> int | None:
        """Add one article; a duplicate is offered to open instead (in a batch, only the
        first is asked about and the others are skipped, with a message)."""
        duplicate = self.desk.find_duplicate(draft)
        if duplicate is not None and not ask:
            self.statusBar().showMessage(
                f"Skipped \u201c{duplicate.title}\u201d: already in the desk", 4000
            )
            return None
        if duplicate is not None:
            box = QMessageBox(
                QMessageBox.Icon.Question,
                "Already in the desk",
                f"\u201c{duplicate.title}\u201d is already in the desk.",
                QMessageBox.StandardButton.Cancel,
                self,
            )
            box.setInformativeText("Open the article you have, or add this one as a copy?")
            open_button = box.addButton("Open existing", QMessageBox.ButtonRole.AcceptRole)
            copy_button = box.addButton("Add a copy", QMessageBox.ButtonRole.DestructiveRole)
            box.setDefaultButton(open_button)
            box.exec()
            if box.clickedButton() is open_button:
                self.open_article(duplicate.id)
                return None
            if box.clickedButton() is not copy_button:
                return None
        try:
            info = self.desk.add_article(draft)
        except ClaimdeskError as exc:
            self.show_error(str(exc))
            return None
        if open_it:
            self.open_article(info.id)
        return info.id

    # refreshing --------------------------------------------------------------------------------
    def refresh_article(self) -> None:
        """Import the open article again and show what its publisher changed."""
        article_id = self.article_id
        if article_id is None:
            self.show_error("Open an article first.")
            return
        try:
            source = self.desk.refresh_source(article_id)
        except ClaimdeskError as exc:
            self.show_error(str(exc))
            return
        from claimdesk.core import refresh as core_refresh
        from claimdesk.io import importers

        actor = self.desk.actor

        def work(report: Any, cancelled: Any, emit: Any) -> None:
            # fetching and re-anchoring both run here, off the UI thread
            report(0, 1, source)
            try:
                draft = importers.load(source, cancel=cancelled)
                emit(
                    self.desk.read(
                        lambda session: core_refresh.refresh_article(
                            session, article_id, draft, actor=actor
                        )
                    )
                )
            except ClaimdeskError as exc:
                emit(exc)

        def on_result(outcome: Any) -> None:
            if isinstance(outcome, ClaimdeskError):
                self.show_error(f"Could not refresh: {outcome}")
                return
            result = outcome
            if result.changed:
                self.desk.claimsChanged.emit(article_id)
                self.desk.articlesChanged.emit()
            if not result.changed:
                self.statusBar().showMessage("Checked: the article has not changed.", 6000)
                return
            if self.article_id == article_id:
                self.open_article(article_id)
            from claimdesk.ui.refresh_dialog import RefreshDialog

            title = self.desk.article(article_id).info.title
            dialog = RefreshDialog(title, result, self)
            dialog.claims.itemActivated.connect(
                lambda item: (
                    self.select_claim(int(item.data(Qt.ItemDataRole.UserRole)))
                    if item.data(Qt.ItemDataRole.UserRole) is not None
                    else None
                )
            )
            dialog.show()
            self._refresh_dialog = dialog

        worker = Worker(work)
        worker.signals.result.connect(on_result)
        worker.signals.failed.connect(self.show_error)
        self.statusBar().showMessage(f"Refreshing from {source}\u2026", 4000)
        self._refresh_worker = worker
        worker.start()

    # backups ---------------------------------------------------------------------------------
    def import_backup(self) -> None:
        """Restore or merge a claimdesk JSON export, in the background."""
        start = str(self.qsettings.value("desk/last_folder", str(Path.home())))
        path, _ = QFileDialog.getOpenFileName(
            self,
            "Import a claimdesk JSON export",
            start,
            "claimdesk JSON export (*.json);;All files (*)",
        )
        if path:
            self.run_backup_import(Path(path))

    def run_backup_import(self, path: Path) -> None:
        from claimdesk.core import backup

        def work(_report: Any, _cancelled: Any, emit: Any) -> None:
            try:
                data = backup.parse(path.read_bytes())
                emit(self.desk.read(lambda session: backup.import_desk(session, data)))
            except OSError as exc:
                emit(ImportFailed(f"Cannot read {path}: {exc.strerror}."))
            except ClaimdeskError as exc:
                emit(exc)

        def done(outcome: Any) -> None:
            if isinstance(outcome, ClaimdeskError):
                QMessageBox.warning(self, "Import JSON", str(outcome))
                return
            self.desk.articlesChanged.emit()
            self.desk.sourcesChanged.emit()
            self.statusBar().showMessage(outcome.describe(), 10000)

        worker = Worker(work)
        worker.signals.result.connect(done)
        worker.signals.failed.connect(self.show_error)
        self._backup_worker = worker
        self.statusBar().showMessage(f"Importing {path.name}\u2026")
        worker.start()
