"""Suggested claims: computed in the background, listed by score, accepted or dismissed."""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedLayout,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from claimdesk.core.records import Suggestion
from claimdesk.core.vocab import CLAIM_KIND_LABELS, ClaimKind
from claimdesk.ui.icons import icon
from claimdesk.ui.workers import Worker


class SuggestionEngine(QObject):
    """Owns the spaCy pipeline (loaded lazily, off the UI thread) and runs it per article.

    Results for an article are cached by its text, so reopening is instant.
    """

    ready = Signal(int, list)  # article id, suggestions
    busy = Signal(bool)
    failed = Signal(str)

    def __init__(self, pipeline: str = "auto", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pipeline = pipeline
        self._suggester: Any = None
        self._lock = threading.Lock()
        self._cache: dict[int, tuple[str, list[Suggestion]]] = {}
        self._worker: Worker | None = None
        self.info: dict[str, Any] = {}
        self.note: str | None = None

    @property
    def enabled(self) -> bool:
        return self.pipeline != "off"

    def request(self, article_id: int, text: str) -> None:
        if not self.enabled:
            return
        cached = self._cache.get(article_id)
        if cached is not None and cached[0] == text:
            self.ready.emit(article_id, cached[1])
            return
        if self._worker is not None:
            self._worker.cancel()

        def work(_report: Any, cancelled: Any, emit: Any) -> None:
            with self._lock:
                if self._suggester is None:
                    from claimdesk.nlp import Suggester

                    suggester = Suggester(self.pipeline)
                    suggester.load()
                    self._suggester = suggester
                    self.info = suggester.info
            from claimdesk.nlp import language_note

            self.note = language_note(text)
            found = self._suggester.suggest(text, min_score=0.5)
            if not cancelled():
                emit((article_id, text, found))

        worker = Worker(work)
        self._worker = worker
        # bound methods, not lambdas: Qt drops them if this object goes away first
        worker.signals.result.connect(self._done)
        worker.signals.failed.connect(self._failed)
        worker.signals.finished.connect(self._finished)
        self.busy.emit(True)
        worker.start()

    def _done(self, item: tuple[int, str, list[Suggestion]]) -> None:
        article_id, text, found = item
        self._cache[article_id] = (text, found)
        self.ready.emit(article_id, found)

    def _failed(self, message: str) -> None:
        self.failed.emit(f"Could not suggest claims: {message}")

    def _finished(self) -> None:
        if self._worker is not None and self.sender() is self._worker.signals:
            self._worker = None
            self.busy.emit(False)

    def forget(self, article_id: int) -> None:
        self._cache.pop(article_id, None)


class SuggestionsPanel(QWidget):
    acceptRequested = Signal(object)  # Suggestion
    dismissRequested = Signal(object)
    acceptAllRequested = Signal(float)
    current = Signal(object)  # Suggestion | None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[Suggestion] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.stack = QStackedLayout()
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["Score", "Kind", "Suggested claim"])
        self.table.setAccessibleName("Suggested claims")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setToolTip(
            "Enter accepts the suggestion as a claim; Delete dismisses it; "
            "F8 and Shift+F8 move between suggestions"
        )
        self.stack.addWidget(self.table)
        self.empty = QLabel(
            "No suggestions.\n\nclaimdesk proposes check-worthy claims when an article is opened."
        )
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setObjectName("emptyState")
        self.stack.addWidget(self.empty)
        layout.addLayout(self.stack)
        row = QHBoxLayout()
        self.accept = QPushButton(icon("new-claim"), "Accept")
        self.accept.setToolTip("Make the selected suggestion a claim (Enter)")
        self.dismiss = QPushButton("Dismiss")
        self.dismiss.setToolTip("Hide this suggestion for this article (Delete)")
        self.threshold = QDoubleSpinBox()
        self.threshold.setRange(0.5, 1.0)
        self.threshold.setSingleStep(0.05)
        self.threshold.setValue(0.8)
        self.threshold.setAccessibleName("Acceptance threshold")
        self.threshold.setToolTip("Accept all suggestions scoring at least this much")
        self.accept_all = QPushButton("Accept all \u2265")
        for w in (self.accept, self.dismiss):
            row.addWidget(w)
        row.addStretch()
        row.addWidget(self.accept_all)
        row.addWidget(self.threshold)
        layout.addLayout(row)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.hide()
        layout.addWidget(self.note)

        self.accept.clicked.connect(self._accept)
        self.dismiss.clicked.connect(self._dismiss)
        self.accept_all.clicked.connect(
            lambda: self.acceptAllRequested.emit(self.threshold.value())
        )
        self.table.itemActivated.connect(lambda _i: self._accept())
        self.table.currentCellChanged.connect(lambda *_a: self.current.emit(self.selected()))
        self.table.installEventFilter(self)
        self.set_suggestions([])

    def set_suggestions(self, items: list[Suggestion], note: str | None = None) -> None:
        self._items = list(items)
        self.table.setRowCount(len(items))
        for r, s in enumerate(items):
            kinds = ", ".join(
                CLAIM_KIND_LABELS[ClaimKind(k)]
                for k in s.kinds
                if k in ClaimKind._value2member_map_
            )
            for c, text in enumerate((f"{s.score:.2f}", kinds, s.text)):
                item = QTableWidgetItem(text)
                item.setToolTip(f"{s.reason}" + (f"\nClaimant: {s.claimant}" if s.claimant else ""))
                self.table.setItem(r, c, item)
        self.stack.setCurrentIndex(0 if items else 1)
        self.note.setText(note or "")
        self.note.setVisible(bool(note))
        for w in (self.accept, self.dismiss, self.accept_all):
            w.setEnabled(bool(items))

    def suggestions(self) -> list[Suggestion]:
        return list(self._items)

    def selected(self) -> Suggestion | None:
        row = self.table.currentRow()
        return self._items[row] if 0 <= row < len(self._items) else None

    def move(self, step: int) -> Suggestion | None:
        if not self._items:
            return None
        row = (self.table.currentRow() + step) % len(self._items)
        self.table.setCurrentCell(row, 0)
        return self._items[row]

    def _accept(self) -> None:
        s = self.selected()
        if s is not None:
            self.acceptRequested.emit(s)

    def _dismiss(self) -> None:
        s = self.selected()
        if s is not None:
            self.dismissRequested.emit(s)

    def eventFilter(self, watched: QObject, event: Any) -> bool:
        from PySide6.QtCore import QEvent

        if watched is self.table and event.type() == QEvent.Type.KeyPress:
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self._dismiss()
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._accept()
                return True
        return super().eventFilter(watched, event)
