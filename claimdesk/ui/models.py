"""Qt item models over the plain records the desk returns."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from claimdesk.core.records import ArticleInfo, ClaimRecord
from claimdesk.core.vocab import STATUS_INFO, Status
from claimdesk.ui.icons import status_icon, status_label

Index = QModelIndex | QPersistentModelIndex
RecordRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2


class ArticleTableModel(QAbstractTableModel):
    HEADERS = ("Title", "Outlet", "Date", "Claims")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[ArticleInfo] = []

    def set_articles(self, rows: list[ArticleInfo]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def article_at(self, row: int) -> ArticleInfo:
        return self._rows[row]

    def row_of(self, article_id: int) -> int:
        for i, a in enumerate(self._rows):
            if a.id == article_id:
                return i
        return -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        a = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return a.title
            if col == 1:
                return a.outlet or ""
            if col == 2:
                when = a.published_at or a.created_at
                return when.strftime("%Y-%m-%d")
            return _counts_text(a.claim_counts)
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [a.title]
            if a.outlet:
                lines.append(a.outlet)
            if a.url:
                lines.append(a.url)
            counts = _counts_long(a.claim_counts)
            lines.append(counts or "No claims yet")
            return "\n".join(lines)
        if role == RecordRole:
            return a
        return None


def _counts_text(counts: dict[str, int]) -> str:
    total = sum(counts.values())
    if not total:
        return ""
    verdicts = sum(n for s, n in counts.items() if STATUS_INFO[Status(s)].is_verdict)
    return f"{total} ({verdicts} done)" if verdicts else str(total)


def _counts_long(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {status_label(s).lower()}" for s, n in sorted(counts.items()))


class ClaimTableModel(QAbstractTableModel):
    HEADERS = ("Status", "Statement", "Evidence")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[ClaimRecord] = []

    def set_claims(self, rows: list[ClaimRecord]) -> None:
        self.beginResetModel()
        self._rows = sorted(rows, key=lambda c: (c.anchor.start, c.id))
        self.endResetModel()

    def update_claim(self, rec: ClaimRecord) -> None:
        """Replace one row in place: a status change repaints one row, not the table."""
        for i, c in enumerate(self._rows):
            if c.id == rec.id:
                self._rows[i] = rec
                self.dataChanged.emit(self.index(i, 0), self.index(i, len(self.HEADERS) - 1))
                return

    def claims(self) -> list[ClaimRecord]:
        return list(self._rows)

    def claim_at(self, row: int) -> ClaimRecord:
        return self._rows[row]

    def row_of(self, claim_id: int) -> int:
        for i, c in enumerate(self._rows):
            if c.id == claim_id:
                return i
        return -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        c = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return status_label(c.status)
            if col == 1:
                return ("\u26a0 " if c.orphaned else "") + c.statement
            return str(c.evidence_count) if c.evidence_count else ""
        if role == Qt.ItemDataRole.DecorationRole and col == 0:
            return status_icon(c.status)
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = f"{status_label(c.status)}: {c.statement}"
            if c.orphaned:
                tip += "\nThe quote could not be found in the current text of the article."
            return tip
        if role == SortRole:
            if col == 0:
                return list(Status).index(Status(c.status))
            if col == 1:
                return c.anchor.start
            return c.evidence_count
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 2:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == RecordRole:
            return c
        return None


class ClaimFilterProxy(QSortFilterProxyModel):
    """Filters the claims of an article by status."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._status: str | None = None
        self.setSortRole(SortRole)

    def set_status(self, status: str | None) -> None:
        self.beginFilterChange() if hasattr(self, "beginFilterChange") else None
        self._status = status
        self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if self._status is None:
            return True
        model = self.sourceModel()
        assert isinstance(model, ClaimTableModel)
        return model.claim_at(source_row).status == self._status
