"""The side panels: the library of articles, the claims of the open article, the sources."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStackedLayout,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from claimdesk.core.records import SourceRecord
from claimdesk.core.vocab import SOURCE_KIND_LABELS, STATUS_INFO, SourceKind
from claimdesk.ui.icons import status_icon
from claimdesk.ui.models import ArticleTableModel, ClaimTableModel
from claimdesk.ui.team_assign import AssignedFilterProxy, MineFilter


def _empty_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setObjectName("emptyState")
    label.setMargin(12)
    return label


def _table(view: QTableView, name: str) -> None:
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(26)
    view.setWordWrap(False)
    view.setTabKeyNavigation(False)


class LibraryPanel(QWidget):
    openRequested = Signal(int)
    filterChanged = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ArticleTableModel(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter by title, outlet or author")
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName("Filter articles")
        layout.addWidget(self.filter)
        self.stack = QStackedLayout()
        self.view = QTableView()
        _table(self.view, "Articles")
        self.view.setModel(self.model)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # fixed widths: sizing columns to their contents measures every one of 10,000 rows
        date_width = self.view.fontMetrics().horizontalAdvance("published 2026-12-31") + 14
        for col, width in ((1, 90), (2, date_width), (3, 56)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(col, width)
        # the outlet is in each row's tooltip; the column is there for wide layouts
        self.view.setColumnHidden(1, True)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.stack.addWidget(self.view)
        self.stack.addWidget(
            _empty_label(
                "No articles yet.\n\nOpen a file (Ctrl+O), drop one here, or paste text "
                "from the clipboard (Ctrl+Shift+V)."
            )
        )
        layout.addLayout(self.stack)

        # the filter runs in the database; wait for a pause in typing before asking it
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(200)
        self.filter.textChanged.connect(lambda _t: self._filter_timer.start())
        self._filter_timer.timeout.connect(lambda: self.filterChanged.emit(self.filter.text()))
        self.view.activated.connect(self._activated)
        self.view.clicked.connect(self._activated)  # one click opens, as in a file list
        self.model.modelReset.connect(self._update_empty)

    def _update_empty(self) -> None:
        self.stack.setCurrentIndex(0 if self.model.rowCount() else 1)

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.openRequested.emit(self.model.article_at(index.row()).id)

    def select_article(self, article_id: int) -> None:
        """Mark the open article's row (and no other)."""
        row = self.model.row_of(article_id)
        if row >= 0:
            self.view.selectRow(row)
            self.view.scrollTo(self.model.index(row, 0))
        else:
            self.view.clearSelection()


class ClaimsPanel(QWidget):
    claimSelected = Signal(int)
    statusKey = Signal(int, str)  # claim id, status
    deleteKey = Signal(int)
    urlDropped = Signal(int, str)  # claim id, url

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ClaimTableModel(self)
        self.proxy = AssignedFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.status_filter = QComboBox()
        self.status_filter.setAccessibleName("Show claims with status")
        self.status_filter.addItem("All statuses", None)
        for status, info in STATUS_INFO.items():
            self.status_filter.addItem(status_icon(status.value), info.label, status.value)
        filters = QHBoxLayout()
        filters.addWidget(self.status_filter, 1)
        self.mine = MineFilter()
        filters.addWidget(self.mine)
        layout.addLayout(filters)
        self.text_filter = QLineEdit()
        self.text_filter.setPlaceholderText("Filter claims as you type")
        self.text_filter.setAccessibleName("Filter claims")
        self.text_filter.setClearButtonEnabled(True)
        self.text_filter.setToolTip(
            "Show only the claims whose statement, quote, claimant or tags hold these words"
        )
        layout.addWidget(self.text_filter)
        self.stack = QStackedLayout()
        self.view = QTableView()
        _table(self.view, "Claims")
        self.view.setModel(self.proxy)
        # Claims arrive in text order; the proxy sorts only when the analyst asks (a
        # header click), not on every reload, which would cost 2,000 comparisons a time.
        self.proxy.setDynamicSortFilter(False)
        self.view.setSortingEnabled(True)
        self.view.horizontalHeader().setSortIndicator(1, Qt.SortOrder.AscendingOrder)
        self.proxy.sort(-1)  # text order is the source's own order: no sorting needed
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 112)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(2, 64)
        self.view.setToolTip(
            "Keys 1-7 set the status; Delete removes the claim; drop a web "
            "address on a claim to link it as evidence"
        )
        self.view.setAcceptDrops(True)
        self.view.viewport().setAcceptDrops(True)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.view.installEventFilter(self)
        self.view.viewport().installEventFilter(self)
        self.stack.addWidget(self.view)
        self.empty = _empty_label(
            "No claims in this article yet.\n\nSelect words in the "
            "article and press Ctrl+E to make them a claim."
        )
        self.stack.addWidget(self.empty)
        layout.addLayout(self.stack)

        self.status_filter.currentIndexChanged.connect(
            lambda _i: self.proxy.set_status(self.status_filter.currentData())
        )
        self.text_filter.textChanged.connect(self.proxy.set_text)
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        self.model.modelReset.connect(self._update_empty)
        self.model.modelReset.connect(self._resort)

    def _update_empty(self) -> None:
        self.stack.setCurrentIndex(0 if self.model.rowCount() else 1)

    def _resort(self) -> None:
        header = self.view.horizontalHeader()
        column, order = header.sortIndicatorSection(), header.sortIndicatorOrder()
        if (column, order) != (1, Qt.SortOrder.AscendingOrder):
            self.proxy.sort(column, order)
        else:
            self.proxy.sort(-1)

    def _current_changed(self, current: object, _previous: object) -> None:
        index = self.proxy.mapToSource(current)
        if index.isValid():
            self.claimSelected.emit(self.model.claim_at(index.row()).id)

    def current_claim_id(self) -> int | None:
        index = self.proxy.mapToSource(self.view.currentIndex())
        return self.model.claim_at(index.row()).id if index.isValid() else None

    def select_claim(self, claim_id: int) -> None:
        row = self.model.row_of(claim_id)
        if row < 0:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if index.isValid() and index != self.view.currentIndex():
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)

    def _claim_at_drop(self, event: QDropEvent) -> int | None:
        index = self.proxy.mapToSource(self.view.indexAt(event.position().toPoint()))
        return self.model.claim_at(index.row()).id if index.isValid() else None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.view
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
        ):
            claim_id = self.current_claim_id()
            keys = {info.key: status.value for status, info in STATUS_INFO.items()}
            if (
                claim_id is not None
                and event.text() in keys
                and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            ):
                self.statusKey.emit(claim_id, keys[event.text()])
                return True
            if claim_id is not None and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.deleteKey.emit(claim_id)
                return True
        if watched is self.view.viewport():
            if event.type() in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
                assert isinstance(event, QDragEnterEvent | QDropEvent)
                if event.mimeData().hasUrls() or event.mimeData().hasText():
                    event.acceptProposedAction()
                    return True
            if event.type() == QEvent.Type.Drop:
                assert isinstance(event, QDropEvent)
                claim_id = self._claim_at_drop(event)
                mime = event.mimeData()
                url = mime.urls()[0].toString() if mime.hasUrls() else mime.text().strip()
                if claim_id is not None and url.startswith(("http://", "https://")):
                    event.acceptProposedAction()
                    self.urlDropped.emit(claim_id, url)
                    return True
        return super().eventFilter(watched, event)


SOURCE_ROLE = Qt.ItemDataRole.UserRole + 1


class SourcesPanel(QWidget):
    claimRequested = Signal(int)
    sourcesShown = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.stack = QStackedLayout()
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["Title", "Kind", "Address", "Backs claims"])
        _table(self.table, "Sources")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.stack.addWidget(self.table)
        self.stack.addWidget(
            _empty_label(
                "No sources yet.\n\nAdd one with Claim \u203a Add "
                "source, or link one to a claim (Ctrl+L)."
            )
        )
        layout.addLayout(self.stack)
        self.table.cellActivated.connect(self._activated)

    def set_sources(self, rows: list[tuple[SourceRecord, list[int]]]) -> None:
        self.table.setRowCount(len(rows))
        for r, (source, claim_ids) in enumerate(rows):
            cells = [
                source.title,
                SOURCE_KIND_LABELS[SourceKind(source.kind)],
                " \u00b7 ".join(x for x in (source.url or "", source.archive_label) if x),
                ", ".join(f"#{c}" for c in claim_ids),
            ]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, claim_ids)
                item.setData(SOURCE_ROLE, source)
                if source.archive_note:
                    item.setToolTip(source.archive_note)
                self.table.setItem(r, c, item)
        self.stack.setCurrentIndex(0 if rows else 1)
        self.sourcesShown.emit()

    def records(self) -> list[SourceRecord]:
        items = (self.table.item(r, 0) for r in range(self.table.rowCount()))
        return [item.data(SOURCE_ROLE) for item in items if item is not None]

    def selected_source(self) -> SourceRecord | None:
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        return item.data(SOURCE_ROLE) if item is not None else None

    def select_source(self, source_id: int) -> None:
        for r, rec in enumerate(self.records()):
            if rec.id == source_id:
                self.table.selectRow(r)

    def _activated(self, row: int, _col: int) -> None:
        item = self.table.item(row, 0)
        claim_ids = item.data(Qt.ItemDataRole.UserRole) if item else None
        if claim_ids:
            self.claimRequested.emit(int(claim_ids[0]))
