"""Getting articles in and keeping them current: File › Open, a folder, paste, drag and
drop, File › Refresh article and File › Import JSON.

Reading files and web pages runs on a worker with progress and cancel; storing what was
read goes through the runner like every other edit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QSettings, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QStatusBar,
    QWidget,
)

from claimdesk.core import articles, edits
from claimdesk.core.records import ArticleDraft, ArticleInfo
from claimdesk.errors import ClaimdeskError, ImportFailed
from claimdesk.ui.actions import make_action
from claimdesk.ui.ctl_article import ArticleController
from claimdesk.ui.dialogs import ask_about_duplicate
from claimdesk.ui.messages import Messages
from claimdesk.ui.runner import Done, Outcome, Runner
from claimdesk.ui.workers import Worker

FILE_FILTER = "Articles (*.txt *.md *.markdown *.html *.htm *.xhtml *.pdf *.docx);;All files (*)"


class ImportController(QObject):
    def __init__(
        self,
        runner: Runner,
        article: ArticleController,
        messages: Messages,
        bar: QStatusBar,
        qsettings: QSettings,
        actor: Callable[[], str],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.article = article
        self.messages = messages
        self.bar = bar
        self.qsettings = qsettings
        self.actor = actor
        self.parent_widget = parent
        self._import_worker: Worker | None = None
        self._workers: list[Worker] = []
        self._refresh_dialog: QWidget | None = None
        a = partial(make_action, parent)
        self.act_open = a(
            "&Open\u2026",
            self.open_files,
            QKeySequence.StandardKey.Open,
            "open",
            "Open articles: text, Markdown, HTML, PDF or Word files (Ctrl+O)",
        )
        self.act_folder = a(
            "Import &folder\u2026",
            self.import_folder,
            QKeySequence("Ctrl+Shift+O"),
            "open",
            "Import every article in a folder, with progress and cancel",
        )
        self.act_refresh = a(
            "&Refresh article",
            self.refresh_article,
            QKeySequence.StandardKey.Refresh,
            "",
            "Fetch the open article again and show what its publisher changed (F5)",
        )
        self.act_paste = a(
            "Paste as &new article",
            self.paste_article,
            QKeySequence("Ctrl+Shift+V"),
            "paste",
            "Make a new article from the text on the clipboard",
        )
        self.act_import_json = a(
            "Import &JSON\u2026",
            self.import_backup,
            None,
            "",
            "Restore a claimdesk JSON export into this desk, or merge it without duplicates",
        )

    def actions(self) -> list[QAction]:
        return [
            self.act_open,
            self.act_folder,
            self.act_paste,
            self.act_refresh,
            self.act_import_json,
        ]

    def _start_folder(self) -> str:
        return str(self.qsettings.value("desk/last_folder", str(Path.home())))

    # asking -------------------------------------------------------------------------------
    def open_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self.parent_widget, "Open articles", self._start_folder(), FILE_FILTER
        )
        if paths:
            self.qsettings.setValue("desk/last_folder", str(Path(paths[0]).parent))
            self.import_sources(paths)

    def import_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self.parent_widget, "Import a folder of articles", self._start_folder()
        )
        if folder:
            self.qsettings.setValue("desk/last_folder", folder)
            self.import_sources([folder])

    def paste_article(self) -> None:
        from claimdesk.io.importers import load_clipboard

        mime = QGuiApplication.clipboard().mimeData()
        text = mime.text() if mime is not None and mime.hasText() else None
        html = mime.html() if mime is not None and mime.hasHtml() else None
        try:
            draft = load_clipboard(text, html)
        except ClaimdeskError as exc:
            self.messages.error(f"Nothing to paste: {exc}")
            return
        self.add_draft(draft)

    # importing ------------------------------------------------------------------------------
    def import_sources(self, sources: list[str]) -> None:
        """Read files, folders and web addresses in the background, then add them."""
        if self._import_worker is not None:
            self.messages.error("An import is already running; wait for it or cancel it.")
            return
        from claimdesk.io import importers

        def drafts(report: Any, cancelled: Any) -> Iterator[tuple[str, Any]]:
            for i, source in enumerate(sources):
                if cancelled():
                    return
                if Path(source).is_dir():
                    yield from (
                        (str(path), outcome)
                        for path, outcome in importers.iter_folder(
                            source, cancel=cancelled, progress=report
                        )
                    )
                    continue
                report(i, len(sources), Path(source).name or source)
                try:
                    yield source, importers.load(source, cancel=cancelled)
                except ImportFailed as exc:
                    yield source, exc

        def work(report: Any, cancelled: Any, emit: Any) -> None:
            for item in drafts(report, cancelled):
                emit(item)

        self._run_import(Worker(work), len(sources))

    def _run_import(self, worker: Worker, total: int) -> None:
        from claimdesk.io.common import ImportCancelled

        self._import_worker = worker
        bar = QProgressBar()
        bar.setMaximumWidth(200)
        bar.setRange(0, max(1, total))
        cancel = QPushButton("Cancel")
        cancel.setToolTip("Stop importing; articles already read are kept")
        self.bar.addPermanentWidget(bar)
        self.bar.addPermanentWidget(cancel)
        cancel.clicked.connect(worker.cancel)
        failures: list[str] = []
        added: list[int] = []
        seen = [0]
        state = {"adding": 0, "read": False}  # adds still in flight; all files read

        def one_added(_article_id: int | None) -> None:
            state["adding"] -= 1
            if state["read"] and not state["adding"]:
                summarise()

        def on_progress(done: int, total: int, name: str) -> None:
            bar.setRange(0, max(1, total))
            bar.setValue(done)
            if name:
                self.bar.showMessage(f"Importing {name} ({done + 1} of {total})\u2026")

        def on_result(item: tuple[str, ArticleDraft | ImportFailed]) -> None:
            seen[0] += 1
            _source, outcome = item
            if isinstance(outcome, ImportFailed):
                if not isinstance(outcome, ImportCancelled):
                    failures.append(str(outcome))
                return
            state["adding"] += 1
            self.add_draft(outcome, open_it=False, ask=seen[0] == 1, added=added, then=one_added)

        def on_finished() -> None:
            self._import_worker = None
            self.bar.removeWidget(bar)
            self.bar.removeWidget(cancel)
            bar.deleteLater()
            cancel.deleteLater()
            state["read"] = True
            if not state["adding"]:
                summarise()  # otherwise the last add summarises

        def summarise() -> None:
            if added:
                self.article.open_article(added[-1])
            summary = f"Imported {len(added)} article(s)"
            if worker.cancelled():
                summary += " before the import was cancelled"
            if failures:
                summary += f"; {len(failures)} could not be imported"
                QMessageBox.warning(
                    self.parent_widget, "Import", summary + ".\n\n" + "\n".join(failures[:20])
                )
            self.messages.info(summary, 8000)

        worker.signals.progress.connect(on_progress)
        worker.signals.result.connect(on_result)
        worker.signals.failed.connect(failures.append)
        worker.signals.finished.connect(on_finished)
        worker.start()

    def add_draft(
        self,
        draft: ArticleDraft,
        *,
        open_it: bool = True,
        ask: bool = True,
        added: list[int] | None = None,
        then: Callable[[int | None], None] | None = None,
    ) -> None:
        """Add one article; a duplicate is offered to open instead (in a batch, only the
        first is asked about and the others are skipped, with a message).  ``then`` gets
        the new article's id, or None when nothing was added."""

        def finish(article_id: int | None) -> None:
            if then is not None:
                then(article_id)

        def store() -> None:
            def done(outcome: Outcome) -> None:
                if not isinstance(outcome, Done):
                    self.messages.error(outcome.message)
                    finish(None)
                    return
                if added is not None:
                    added.append(outcome.value.id)
                if open_it:
                    self.article.open_article(outcome.value.id)
                finish(outcome.value.id)

            self.runner.run(partial(edits.add_article, draft=draft), done, what="add the article")

        def checked(duplicate: ArticleInfo | None) -> None:
            if duplicate is None:
                store()
            elif not ask:
                self.messages.info(
                    f"Skipped \u201c{duplicate.title}\u201d: already in the desk", 4000
                )
                finish(None)
            else:
                self._ask_duplicate(duplicate, store, finish)

        def failed(message: str) -> None:
            self.messages.error(message)
            finish(None)

        self.runner.read(
            partial(articles.find_duplicate, text=draft.text, url=draft.url),
            checked,
            failed,
        )

    def _ask_duplicate(
        self,
        duplicate: ArticleInfo,
        store: Callable[[], None],
        finish: Callable[[int | None], None],
    ) -> None:
        choice = ask_about_duplicate(self.parent_widget, duplicate.title)
        if choice == "copy":
            store()
            return
        if choice == "open":
            self.article.open_article(duplicate.id)
        finish(None)

    # refreshing --------------------------------------------------------------------------------
    def refresh_article(self) -> None:
        """Import the open article again and show what its publisher changed."""
        article_id = self.article.article_id
        if article_id is None:
            self.messages.error("Open an article first.")
            return
        from claimdesk.core import refresh as core_refresh

        self.runner.read(
            partial(core_refresh.refresh_source, article_id=article_id),
            partial(self._fetch_again, article_id),
            lambda msg: self.messages.error(f"Could not refresh: {msg}"),
        )

    def _fetch_again(self, article_id: int, source: str) -> None:
        from claimdesk.io import importers

        def work(report: Any, cancelled: Any, emit: Any) -> None:
            report(0, 1, source)  # the fetch runs here, off the UI thread
            try:
                emit(importers.load(source, cancel=cancelled))
            except ClaimdeskError as exc:
                emit(exc)

        def fetched(outcome: Any) -> None:
            if isinstance(outcome, ClaimdeskError):
                self.messages.error(f"Could not refresh: {outcome}")
                return
            op = partial(
                edits.refresh_article, article_id=article_id, draft=outcome, actor=self.actor()
            )
            self.runner.run(op, partial(self._refreshed, article_id), what="refresh the article")

        worker = Worker(work)
        worker.signals.result.connect(fetched)
        worker.signals.failed.connect(self.messages.error)
        self.messages.info(f"Refreshing from {source}\u2026", 4000)
        self._keep(worker)

    def _refreshed(self, article_id: int, outcome: Outcome) -> None:
        if not isinstance(outcome, Done):
            self.messages.error(f"Could not refresh: {outcome.message}")
            return
        result = outcome.value
        if not result.changed:
            self.messages.info("Checked: the article has not changed.", 6000)
            return
        if self.article.article_id == article_id:
            self.article.open_article(article_id)
        from claimdesk.ui.refresh_dialog import RefreshDialog

        dialog = RefreshDialog(self.article.title, result, self.parent_widget)
        dialog.claims.itemActivated.connect(
            lambda item: (
                self.article.select_claim(int(item.data(Qt.ItemDataRole.UserRole)))
                if item.data(Qt.ItemDataRole.UserRole) is not None
                else None
            )
        )
        dialog.show()
        self._refresh_dialog = dialog

    # backups ---------------------------------------------------------------------------------
    def import_backup(self) -> None:
        """Restore or merge a claimdesk JSON export, in the background."""
        path, _ = QFileDialog.getOpenFileName(
            self.parent_widget,
            "Import a claimdesk JSON export",
            self._start_folder(),
            "claimdesk JSON export (*.json);;All files (*)",
        )
        if path:
            self.run_backup_import(Path(path))

    def run_backup_import(self, path: Path) -> None:
        def done(outcome: Outcome) -> None:
            if not isinstance(outcome, Done):
                QMessageBox.warning(self.parent_widget, "Import JSON", outcome.message)
                return
            self.messages.info(outcome.value.describe(), 10000)

        self.messages.info(f"Importing {path.name}\u2026", 0)
        self.runner.run(partial(edits.import_backup, path=path), done, what="import the backup")

    def _keep(self, worker: Worker) -> None:
        self._workers.append(worker)
        worker.signals.finished.connect(lambda: self._workers.remove(worker))
        worker.start()
