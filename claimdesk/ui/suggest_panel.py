"""Suggested claims: computed in the background, listed by score, accepted or dismissed."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QIcon
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
from claimdesk.ui.analysis import SuggestionEngine
from claimdesk.ui.icons import icon

# the engine lived here, and the window still imports it from here
__all__ = ["SuggestionEngine", "SuggestionsPanel"]


class SuggestionsPanel(QWidget):
    acceptRequested = Signal(object)  # Suggestion
    dismissRequested = Signal(object)
    acceptAllRequested = Signal(float)
    current = Signal(object)  # Suggestion | None
    listed = Signal(list)  # the suggestions shown changed (list[Suggestion])

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[Suggestion] = []
        self._marks: dict[str, str] = {}  # text -> "Checked by ..." (published fact-checks)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.stack = QStackedLayout()
        # one column that wraps: the claim's words in full, then its score, kinds and
        # claimant on a line of their own (columns side by side left the words ten
        # characters in a narrow dock)
        self.table = QTableWidget(0, 1)
        self.table.setHorizontalHeaderLabels(["Suggested claim — score · kinds · claimant"])
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.table.setAccessibleName("Suggested claims")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self._rows_timer = QTimer(self)
        self._rows_timer.setSingleShot(True)
        self._rows_timer.setInterval(60)
        self._rows_timer.timeout.connect(self.table.resizeRowsToContents)
        header.sectionResized.connect(lambda *_a: self._rows_timer.start())
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
        items = list(items)
        self.note.setText(note or "")
        self.note.setVisible(bool(note))
        if items == self._items and self.table.rowCount() == len(items):
            return  # nothing changed: a refill would cost a long article seconds
        current = self.selected()
        self._items = items
        # one fill, not a resize and a current-cell signal for every cell: with a current
        # row kept, each replaced cell re-announced it and re-highlighted the whole article
        self.table.setUpdatesEnabled(False)
        self.table.blockSignals(True)
        try:
            self.table.clearContents()
            self.table.setRowCount(len(items))
            for r, s in enumerate(items):
                kinds = ", ".join(
                    CLAIM_KIND_LABELS[ClaimKind(k)]
                    for k in s.kinds
                    if k in ClaimKind._value2member_map_
                )
                tip = f"{s.reason}" + (f"\nClaimant: {s.claimant}" if s.claimant else "")
                meta = " \u00b7 ".join(
                    part
                    for part in (
                        f"{s.score:.2f}",
                        kinds,
                        f"claimant: {s.claimant}" if s.claimant else "",
                    )
                    if part
                )
                item = QTableWidgetItem(f"{s.text}\n{meta}")
                item.setToolTip(tip)
                self.table.setItem(r, 0, item)
            row = items.index(current) if current in items else -1
            self.table.setCurrentCell(row, 0 if row >= 0 else -1)
        finally:
            self.table.blockSignals(False)
            self.table.setUpdatesEnabled(True)
        self.table.resizeRowsToContents()
        self.stack.setCurrentIndex(0 if items else 1)
        for w in (self.accept, self.dismiss, self.accept_all):
            w.setEnabled(bool(items))
        if self.selected() != current:
            self.current.emit(self.selected())
        self._show_marks()
        self.listed.emit(items)

    def set_marks(self, marks: dict[str, str]) -> None:
        """Mark the suggestions that match a published fact-check (text -> who checked)."""
        self._marks = dict(marks)
        self._show_marks()

    def marked(self) -> dict[str, str]:
        return {s.text: self._marks[s.text] for s in self._items if s.text in self._marks}

    def _show_marks(self) -> None:
        from claimdesk.ui.checked_elsewhere import checked_icon

        for r, s in enumerate(self._items):
            cell = self.table.item(r, 0)  # beside the score, where the eye starts
            if cell is None:
                continue
            mark = self._marks.get(s.text)
            cell.setIcon(checked_icon() if mark else QIcon())
            tip = s.reason + (f"\nClaimant: {s.claimant}" if s.claimant else "")
            cell.setToolTip(tip + (f"\n{mark}" if mark else ""))

    def suggestions(self) -> list[Suggestion]:
        return list(self._items)

    def selected(self) -> Suggestion | None:
        row = self.table.currentRow()
        return self._items[row] if 0 <= row < len(self._items) else None

    def step(self, step: int) -> Suggestion | None:
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
