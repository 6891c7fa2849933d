"""Suggested claims: computed in the background, listed by score, accepted or dismissed."""

from __future__ import annotations

import contextlib
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


class SuggestionEngine(QObject):
    """Runs the spaCy pipeline in a separate process, started after the window is up.

    A process rather than a thread: loading and running spaCy holds Python's interpreter
    lock for seconds, which would stutter the window; in its own process it uses the
    other core instead.  Results for an article are cached by its text.
    """

    ready = Signal(int, list)  # article id, suggestions
    busy = Signal(bool)
    failed = Signal(str)
    _finished = Signal(object)  # (article id, text, outcome) from the pool's thread
    _called = Signal(object)  # (callback key, outcome)

    def __init__(self, pipeline: str = "auto", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pipeline = pipeline
        self._pool: Any = None
        self._cache: dict[int, tuple[str, list[Suggestion]]] = {}
        self._pending: Any = None
        self.info: dict[str, Any] = {}
        self.note: str | None = None
        self._callbacks: dict[int, Any] = {}
        self._finished.connect(self._done)
        self._called.connect(self._call_done)

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
        if self._pending is not None:
            self._pending.cancel()  # only stops it if it has not started
        from claimdesk.nlp.service import suggest_for

        future = self._ensure_pool().submit(suggest_for, self.pipeline, text)
        self._pending = future
        self.busy.emit(True)

        def finished(f: Any, article_id: int = article_id, text: str = text) -> None:
            if f.cancelled():
                return
            try:
                outcome: Any = f.result()
            except Exception as exc:  # a crash of the child is a message, not a crash here
                outcome = exc
            with contextlib.suppress(RuntimeError):  # the window has gone
                self._finished.emit((article_id, text, outcome))

        future.add_done_callback(finished)

    def _done(self, item: tuple[int, str, Any]) -> None:
        article_id, text, outcome = item
        if self._pending is not None and self._pending.done():
            self._pending = None
            self.busy.emit(False)
        if isinstance(outcome, Exception):
            self.failed.emit(f"Could not suggest claims: {outcome}")
            return
        found, self.note, self.info = outcome
        self._cache[article_id] = (text, found)
        self.ready.emit(article_id, found)

    def call(self, fn: Any, *args: Any, on_done: Any) -> None:
        """Run ``fn(*args)`` in the analysis process; ``on_done(result_or_exception)`` is
        called on the UI thread (used for claim matching, which needs spaCy too)."""
        token = object()
        self._callbacks[id(token)] = on_done
        future = self._ensure_pool().submit(fn, *args)

        def finished(f: Any, key: int = id(token)) -> None:
            try:
                outcome: Any = f.result()
            except Exception as exc:
                outcome = exc
            with contextlib.suppress(RuntimeError):
                self._called.emit((key, outcome))

        future.add_done_callback(finished)

    def _call_done(self, item: tuple[int, Any]) -> None:
        callback = self._callbacks.pop(item[0], None)
        if callback is not None:
            callback(item[1])

    def _ensure_pool(self) -> Any:
        if self._pool is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            # "spawn": a clean child that does not inherit Qt's threads and state
            self._pool = ProcessPoolExecutor(
                max_workers=1, mp_context=multiprocessing.get_context("spawn")
            )
        return self._pool

    def shutdown(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None


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
        self.seen = QLabel()
        self.seen.setWordWrap(True)
        self.seen.setAccessibleName("Suggestion seen elsewhere")
        layout.addWidget(self.seen)
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
