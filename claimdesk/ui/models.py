"""Qt item models over the plain records the desk returns."""

from __future__ import annotations

from collections.abc import Callable
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


class _RecordTable(QAbstractTableModel):
    """A table of plain records, one a row, each with an ``id``."""

    HEADERS: tuple[str, ...] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []

    def row_of(self, record_id: int) -> int:
        for i, rec in enumerate(self._rows):
            if rec.id == record_id:
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


ArticleLoader = Callable[[int, int, str], list[ArticleInfo]]  # offset, limit, filter


class ArticleTableModel(_RecordTable):
    """The library, newest first, loaded a page at a time as the view scrolls: a desk of
    10,000 articles opens as fast as one of ten."""

    HEADERS = ("Title", "Outlet", "Date", "Claims")
    PAGE = 400

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[ArticleInfo] = []
        self._loader: ArticleLoader | None = None
        self._filter = ""
        self._complete = True

    def load(self, loader: ArticleLoader, text_filter: str = "") -> None:
        """(Re)load from the start, keeping at least as many rows as were shown."""
        keep = max(self.PAGE, len(self._rows))
        self._loader, self._filter = loader, text_filter
        rows = loader(0, keep, text_filter)
        self.beginResetModel()
        self._rows = rows
        self._complete = len(rows) < keep
        self.endResetModel()

    def show_first_page(
        self, rows: list[ArticleInfo], loader: ArticleLoader, text_filter: str, keep: int
    ) -> None:
        """Show a first page read in the background; later pages load as the view scrolls."""
        self.beginResetModel()
        self._rows = rows
        self._loader, self._filter = loader, text_filter
        self._complete = len(rows) < keep
        self.endResetModel()

    def wanted(self) -> int:
        """How many rows a reload should read: at least as many as are shown."""
        return max(self.PAGE, len(self._rows))

    def set_articles(self, rows: list[ArticleInfo]) -> None:
        self.beginResetModel()
        self._rows = rows
        self._loader, self._complete = None, True
        self.endResetModel()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._complete and self._loader is not None

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._loader is None or self._complete:
            return
        more = self._loader(len(self._rows), self.PAGE, self._filter)
        self._complete = len(more) < self.PAGE
        if more:
            self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(more) - 1)
            self._rows.extend(more)
            self.endInsertRows()

    def replace(self, info: ArticleInfo) -> None:
        """Update one row in place (its claim counts changed)."""
        row = self.row_of(info.id)
        if row >= 0:
            self._rows[row] = info
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.HEADERS) - 1))

    def article_at(self, row: int) -> ArticleInfo:
        return self._rows[row]

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
                if a.published_at is not None:
                    return f"published {a.published_at:%Y-%m-%d}"
                return f"imported {a.created_at:%Y-%m-%d}"
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


class ClaimTableModel(_RecordTable):
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

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        c = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return status_label(c.status)
            if col == 1:
                flag = "Needs re-check \u00b7 " if c.needs_recheck else ""
                flag = flag or ("Wording changed \u00b7 " if c.wording_changed else "")
                return ("\u26a0 " if c.orphaned or flag else "") + flag + c.statement
            if c.shared_evidence:
                return f"{c.evidence_count} + {c.shared_evidence} shared"
            return str(c.evidence_count) if c.evidence_count else ""
        if role == Qt.ItemDataRole.DecorationRole and col == 0:
            return status_icon(c.status)
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = f"{status_label(c.status)}: {c.statement}"
            if c.orphaned:
                tip += "\nThe quote could not be found in the current text of the article."
            elif c.wording_before is not None:
                tip += (
                    f"\nThe article's words changed: it said \u201c{c.wording_before}\u201d, "
                    f"now \u201c{c.anchor.exact}\u201d."
                )
            if c.shared_evidence:
                tip += f"\n{c.shared_evidence} evidence link(s) shared from its group."
            return tip
        if role == SortRole:
            if col == 0:
                return list(Status).index(Status(c.status))
            if col == 1:
                return c.anchor.start
            return c.evidence_count + c.shared_evidence
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 2:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == RecordRole:
            return c
        return None


class ClaimFilterProxy(QSortFilterProxyModel):
    """Filters the claims of an article by status and by words typed (statement, quote,
    claimant and tags, ignoring case)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._status: str | None = None
        self._words: list[str] = []
        self.setSortRole(SortRole)

    def set_text(self, text: str) -> None:
        words = text.casefold().split()
        self.change_filter(lambda: setattr(self, "_words", words))

    def set_status(self, status: str | None) -> None:
        self.change_filter(lambda: setattr(self, "_status", status))

    def change_filter(self, apply: Callable[[], None]) -> None:
        """Run ``apply`` (which changes what passes the filter) and refilter once."""
        if hasattr(self, "beginFilterChange"):  # Qt 6.10+: begin and end must pair
            self.beginFilterChange()
            apply()
            self.endFilterChange()
        else:
            apply()
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if self._status is None and not self._words:
            return True
        model = self.sourceModel()
        assert isinstance(model, ClaimTableModel)
        claim = model.claim_at(source_row)
        if self._status is not None and claim.status != self._status:
            return False
        if self._words:
            hay = " ".join(
                (claim.statement, claim.anchor.exact, claim.claimant or "", *claim.tags)
            ).casefold()
            return all(w in hay for w in self._words)
        return True
