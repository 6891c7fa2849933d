"""Changed wording and the evidence archive in the window.

Owns: Review changed wording (Ctrl+Shift+K), Attach file as snapshot, Capture source
again, Open archived copy and View › Versions.  Web sources linked as evidence are
captured in the background: a fetch on the thread pool, then one write through the
runner; a refused capture says why in the status bar and leaves the source linked.
"""

from __future__ import annotations

import logging
import tempfile
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from claimdesk.core import archive, edits_archive, sources
from claimdesk.core.archive import Capture
from claimdesk.core.changes import ChangeSet
from claimdesk.core.records import SourceRecord
from claimdesk.errors import ClaimdeskError
from claimdesk.ui.actions import make_action
from claimdesk.ui.commands import EditCommand, History, Op
from claimdesk.ui.ctl_article import ArticleController
from claimdesk.ui.messages import Messages
from claimdesk.ui.panels import SOURCE_ROLE, SourcesPanel
from claimdesk.ui.runner import Done, Outcome, Runner
from claimdesk.ui.workers import Worker

_log = logging.getLogger(__name__)
FILES = "Snapshots (*.pdf *.png *.jpg *.jpeg *.gif *.webp *.html *.htm *.docx);;All files (*)"


class ReviewWording(EditCommand):
    def __init__(self, history: History, done: Any, op: Op, article_id: int | None) -> None:
        super().__init__(history, f"Review changed wording of claim {done.claim.id}", article_id)
        self.done, self.op = done, op

    def forward(self) -> Op:
        return self.op

    def forward_done(self, value: Any) -> None:
        self.done = value

    def backward(self) -> Op:
        return partial(edits_archive.unreview_wording, done=self.done, actor=self.history.actor())


class AddSnapshot(EditCommand):
    def __init__(
        self, history: History, info: archive.SnapshotInfo, capture: Capture, title: str
    ) -> None:
        super().__init__(history, f"Archive a snapshot of \u201c{title[:30]}\u201d", None)
        self.info, self.capture = info, capture

    def forward(self) -> Op:
        return partial(
            edits_archive.add_snapshot,
            source_id=self.info.source_id,
            capture=self.capture,
            actor=self.history.actor(),
            snapshot_id=self.info.id,
        )

    def backward(self) -> Op:
        return partial(edits_archive.remove_snapshot, snapshot_id=self.info.id)


class ArchiveController(QObject):
    def __init__(
        self,
        runner: Runner,
        history: History,
        article: ArticleController,
        sources_panel: SourcesPanel,
        messages: Messages,
        parent: QWidget,
        max_bytes: int = archive.MAX_SNAPSHOT_BYTES,
    ) -> None:
        super().__init__(parent)
        self.runner, self.history, self.article = runner, history, article
        self.sources_panel, self.messages, self.parent_widget = sources_panel, messages, parent
        self.max_bytes = max_bytes
        self._tried: set[int] = set()  # sources captured (or tried) in the background
        self._workers: list[Worker] = []
        self._windows: list[QWidget] = []
        a = partial(make_action, parent)
        self.act_review = a(
            "Re&view changed wording\u2026",
            self.review_current,
            QKeySequence("Ctrl+Shift+K"),
            "status",
            "Keep or change the verdict of a claim whose quoted words changed (Ctrl+Shift+K)",
        )
        self.act_attach = a(
            "Attach &file as snapshot\u2026",
            self.attach_file,
            None,
            "source",
            "Keep a PDF, image, web page or Word file as the archived copy of the source",
        )
        self.act_capture = a(
            "&Capture source again",
            self.capture_again,
            None,
            "",
            "Fetch the source's web page again into the archive (earlier copies are kept)",
        )
        self.act_open_copy = a(
            "&Open archived copy",
            self.open_copy,
            None,
            "",
            "Show the archived copy of the source, offline",
        )
        self.act_versions = a(
            "&Versions\u2026",
            self.show_versions,
            QKeySequence("Ctrl+Shift+Y"),
            "",
            "The versions of the open article, read-only, and what changed between them",
        )
        runner.changed.connect(self._changed)
        article.selectionChanged.connect(self.update_actions)
        self.update_actions()

    def actions(self) -> list[Any]:
        return [self.act_review, self.act_attach, self.act_capture, self.act_open_copy]

    def update_actions(self) -> None:
        claim = self.article.current_claim()
        self.act_review.setEnabled(claim is not None)

    # changed wording ------------------------------------------------------------------------
    def review_current(self) -> None:
        from claimdesk.ui.wording_box import ReviewDialog

        claim = self.article.current_claim()
        if claim is None:
            self.messages.error("Select a claim first.")
            return
        if claim.wording_before is None:
            self.messages.info("The wording of this claim has not changed; nothing to review.")
            return
        dialog = ReviewDialog(claim, self.parent_widget)
        self._windows.append(dialog)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        status, rationale = dialog.choice()
        op = partial(
            edits_archive.review_wording,
            claim_id=claim.id,
            actor=self.history.actor(),
            status=status,
            rationale=rationale,
            expected_version=claim.version,
        )
        article_id = self.article.article_id

        def done(outcome: Outcome) -> None:
            if not isinstance(outcome, Done):
                self.messages.error(outcome.message)
                return
            self.messages.info("Reviewed: the claim no longer needs re-checking")
            self.history.push(ReviewWording(self.history, outcome.value, op, article_id))

        self.runner.run(op, done, what="review the changed wording")

    # which source -----------------------------------------------------------------------------
    def _chosen_source(self) -> int | None:
        """The source of the evidence selected in the inspector, else the Sources row."""
        inspector = self.article.inspector
        item = inspector.evidence.currentItem()
        source_id = item.data(Qt.ItemDataRole.UserRole + 1) if item else None
        if source_id is None:
            row = self.sources_panel.table.currentRow()
            cell = self.sources_panel.table.item(row, 0) if row >= 0 else None
            record = cell.data(SOURCE_ROLE) if cell else None
            source_id = record.id if record is not None else None
        if source_id is None:
            self.messages.error("Select an evidence link in the inspector or a source first.")
            return None
        return int(source_id)

    # capture ------------------------------------------------------------------------------------
    def _store(self, source_id: int, title: str, capture: Capture, undoable: bool) -> None:
        op = partial(
            edits_archive.add_snapshot,
            source_id=source_id,
            capture=capture,
            actor=self.history.actor(),
            max_bytes=self.max_bytes,
        )

        def done(outcome: Outcome) -> None:
            if not isinstance(outcome, Done):
                self.messages.error(f"Not archived: {outcome.message}")
                return
            info = outcome.value
            note = f" \u2014 {info.note}" if info.note else ""
            self.messages.info(f"\u201c{title[:40]}\u201d {info.label}{note}", 8000)
            if undoable:
                self.history.push(AddSnapshot(self.history, info, capture, title))

        self.runner.run(op, done, what="archive the snapshot")

    def _capture(self, source: SourceRecord, undoable: bool) -> None:
        from claimdesk.io.capture import capture_url

        url, max_bytes = source.url or "", self.max_bytes

        def work(report: Any, cancelled: Any, emit: Any) -> None:
            try:
                emit(capture_url(url, cancel=cancelled, max_bytes=max_bytes))
            except ClaimdeskError as exc:
                emit(exc)

        def fetched(result: Any) -> None:
            if isinstance(result, ClaimdeskError):
                _log.info("capture of source %s refused: %s", source.id, result)
                if undoable:  # asked for: said where the analyst looks
                    self.messages.error(f"Not archived: {result}")
                else:  # in the background: the status bar, the source stays linked
                    self.messages.info(f"Not archived: {result}", 10000)
                return
            self._store(source.id, source.title, result, undoable)

        self._start(work, fetched)

    def _start(self, work: Any, fetched: Any) -> None:
        worker = Worker(work)
        worker.signals.result.connect(fetched)
        worker.signals.failed.connect(self.messages.error)
        self._workers.append(worker)
        worker.signals.finished.connect(lambda: self._workers.remove(worker))
        worker.start()

    def busy(self) -> bool:
        return bool(self._workers)

    def capture_again(self) -> None:
        source_id = self._chosen_source()
        if source_id is None:
            return

        def got(source: SourceRecord) -> None:
            if not source.url:
                self.messages.error("This source has no web address; attach a file instead.")
                return
            self.messages.info(f"Capturing {source.url}\u2026", 4000)
            self._capture(source, undoable=True)

        self.runner.read(partial(sources.get_source, source_id=source_id), got, self.messages.error)

    def attach_file(self) -> None:
        source_id = self._chosen_source()
        if source_id is None:
            return
        path, _ = QFileDialog.getOpenFileName(
            self.parent_widget, "Attach a file as the source's snapshot", "", FILES
        )
        if not path:
            return
        from claimdesk.io.capture import capture_file

        max_bytes = self.max_bytes

        def work(report: Any, cancelled: Any, emit: Any) -> None:
            try:
                emit(capture_file(Path(path), max_bytes=max_bytes))
            except ClaimdeskError as exc:
                emit(exc)

        def read(result: Any) -> None:
            if isinstance(result, ClaimdeskError):
                self.messages.error(str(result))
                return
            self._store(source_id, Path(path).name, result, undoable=True)

        self._start(work, read)

    def _changed(self, changes: ChangeSet) -> None:
        """Evidence was linked: capture its web sources that have no snapshot yet."""
        if not changes.evidence or changes.remote:
            return

        def check(rows: list[tuple[SourceRecord, list[int]]]) -> None:
            for source, claim_ids in rows:
                wanted = set(claim_ids) & set(changes.evidence)
                fresh = source.archived_at is None and source.id not in self._tried
                if wanted and source.url and fresh:
                    self._tried.add(source.id)
                    self._capture(source, undoable=False)

        self.runner.read(sources.list_sources, check, lambda _m: None, what="list the sources")

    # reading the archive ---------------------------------------------------------------------
    def open_copy(self) -> None:
        source_id = self._chosen_source()
        if source_id is None:
            return
        self.runner.read(
            partial(archive.snapshot_copy, source_id=source_id),
            self._show_copy,
            self.messages.error,
            what="read the archived copy",
        )

    def _show_copy(self, copy: archive.SnapshotCopy) -> None:
        from claimdesk.ui.archive_view import ArchivedCopyView

        media = copy.info.media_type or ""
        if copy.content is not None and (media == "application/pdf" or media.startswith("image/")):
            suffix = {"application/pdf": ".pdf"}.get(media, "." + media.split("/")[-1])
            folder = Path(tempfile.mkdtemp(prefix="claimdesk-archive-"))
            target = folder / f"snapshot-{copy.info.id}{suffix}"
            target.write_bytes(copy.content)
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))
            self.messages.info(f"Opened the archived copy ({copy.info.label})", 6000)
            return
        view = ArchivedCopyView(copy, self.parent_widget)
        self._windows.append(view)
        view.show()

    def show_versions(self) -> None:
        from claimdesk.ui.versions_view import VersionsDialog

        article_id = self.article.article_id
        if article_id is None:
            self.messages.error("Open an article first.")
            return
        dialog = VersionsDialog(self.runner, article_id, self.article.title, self.parent_widget)
        self._windows.append(dialog)
        dialog.show()
