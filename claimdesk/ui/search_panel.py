"""Search everything on the desk; results open the article at the claim."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from claimdesk.core.query import MARK_END, MARK_START
from claimdesk.core.vocab import STATUS_INFO
from claimdesk.ui.icons import icon, status_icon, status_label

if TYPE_CHECKING:
    from claimdesk.core.search import SavedSearchRecord, SearchHit

KIND_ICONS = {"claim": "new-claim", "article": "open", "source": "source", "evidence": "evidence"}


def snippet_html(snippet: str) -> str:
    text = html.escape(snippet)
    return text.replace(html.escape(MARK_START), "<b>").replace(html.escape(MARK_END), "</b>")


class SearchPanel(QWidget):
    searchRequested = Signal(str, object)  # query, status or None
    hitActivated = Signal(object)  # SearchHit
    saveRequested = Signal(str, object)
    savedActivated = Signal(object)  # SavedSearchRecord
    savedDeleteRequested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        row = QHBoxLayout()
        self.query = QLineEdit()
        self.query.setPlaceholderText(
            'Search claims, articles, sources \u2014 "a phrase", tax OR levy'
        )
        self.query.setClearButtonEnabled(True)
        self.query.setAccessibleName("Search the desk")
        self.query.setToolTip('All words must appear. "a phrase", prefix*, OR, -word')
        row.addWidget(self.query, 1)
        self.status = QComboBox()
        self.status.setAccessibleName("Only claims with status")
        self.status.addItem("Any status", None)
        for status, info in STATUS_INFO.items():
            self.status.addItem(status_icon(status.value), info.label, status.value)
        row.addWidget(self.status)
        layout.addLayout(row)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("emptyState")
        layout.addWidget(self.message)
        self.results = QListWidget()
        self.results.setAccessibleName("Search results")
        self.results.setWordWrap(True)
        self.results.setAlternatingRowColors(True)
        layout.addWidget(self.results, 3)
        saved_row = QHBoxLayout()
        saved_row.addWidget(QLabel("<b>Saved searches</b>"))
        saved_row.addStretch()
        self.save = QPushButton("Save search")
        self.save.setToolTip("Keep this search in the list below")
        saved_row.addWidget(self.save)
        layout.addLayout(saved_row)
        self.saved = QListWidget()
        self.saved.setAccessibleName("Saved searches")
        self.saved.setToolTip("Enter runs the search; Delete removes it from the list")
        layout.addWidget(self.saved, 1)

        self.query.returnPressed.connect(self._run)
        self.status.currentIndexChanged.connect(lambda _i: self._run())
        self.results.itemActivated.connect(self._activated)
        self.save.clicked.connect(
            lambda: self.saveRequested.emit(self.query.text().strip(), self.status.currentData())
        )
        self.saved.itemActivated.connect(
            lambda item: self.savedActivated.emit(item.data(Qt.ItemDataRole.UserRole))
        )
        self.saved.installEventFilter(self)
        self.show_message("Type words and press Enter to search the whole desk.")

    def _run(self) -> None:
        if self.query.text().strip():
            self.searchRequested.emit(self.query.text().strip(), self.status.currentData())

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def set_hits(self, hits: list[SearchHit]) -> None:
        self.results.clear()
        for hit in hits:
            label = f"{hit.kind.capitalize()}: {hit.title}"
            if hit.status:
                label += f" \u2014 {status_label(hit.status)}"
            plain = hit.snippet.replace(MARK_START, "").replace(MARK_END, "")
            item = QListWidgetItem(icon(KIND_ICONS.get(hit.kind, "open")), f"{label}\n{plain}")
            item.setToolTip(f"<p><b>{html.escape(label)}</b></p><p>{snippet_html(hit.snippet)}</p>")
            item.setData(Qt.ItemDataRole.UserRole, hit)
            self.results.addItem(item)
        self.show_message("" if hits else "Nothing found. Try fewer or other words.")

    def set_saved(self, saved: list[SavedSearchRecord]) -> None:
        self.saved.clear()
        for rec in saved:
            item = QListWidgetItem(f"{rec.name}  \u2014  {rec.query}")
            item.setData(Qt.ItemDataRole.UserRole, rec)
            self.saved.addItem(item)

    def _activated(self, item: QListWidgetItem) -> None:
        hit = item.data(Qt.ItemDataRole.UserRole)
        if hit is not None:
            self.hitActivated.emit(hit)

    def eventFilter(self, watched: object, event: object) -> bool:
        from PySide6.QtCore import QEvent
        from PySide6.QtGui import QKeyEvent

        if (
            watched is self.saved
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
        ):
            item = self.saved.currentItem()
            if item is not None:
                self.savedDeleteRequested.emit(item.data(Qt.ItemDataRole.UserRole).id)
                return True
        return super().eventFilter(watched, event)  # type: ignore[arg-type]
