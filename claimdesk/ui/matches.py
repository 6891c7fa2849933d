"""“Have we seen this claim before?”: matches of the selected claim elsewhere on the desk."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from claimdesk.ui.icons import status_icon

if TYPE_CHECKING:
    from claimdesk.core.groups import Match


class MatchesBox(QWidget):
    openRequested = Signal(int)  # claim id
    confirmRequested = Signal(int)  # other claim id
    rejectRequested = Signal(int)
    leaveRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Seen elsewhere")
        layout.addWidget(self.summary)
        self.list = QListWidget()
        self.list.setAccessibleName("Matching claims")
        self.list.setWordWrap(True)
        self.list.setMaximumHeight(120)
        self.list.setToolTip("Enter opens the other claim")
        layout.addWidget(self.list)
        row = QHBoxLayout()
        self.same = QPushButton("Same claim")
        self.same.setToolTip("Put both claims in one group that shares its verdict")
        self.different = QPushButton("Not the same")
        self.different.setToolTip("Never suggest this pair again")
        self.leave = QPushButton("Leave group")
        self.leave.setToolTip("Take this claim out of its group; its verdict stays")
        for b in (self.same, self.different, self.leave):
            row.addWidget(b)
        row.addStretch()
        layout.addLayout(row)
        self.same.clicked.connect(lambda: self._emit(self.confirmRequested))
        self.different.clicked.connect(lambda: self._emit(self.rejectRequested))
        self.leave.clicked.connect(self.leaveRequested)
        self.list.itemActivated.connect(
            lambda item: self.openRequested.emit(item.data(Qt.ItemDataRole.UserRole).claim_id)
        )
        self.list.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.set_matches([], [], "Looking for the same claim elsewhere\u2026")

    def _emit(self, signal: SignalInstance) -> None:
        item = self.list.currentItem()
        match = item.data(Qt.ItemDataRole.UserRole) if item else None
        if match is not None:
            signal.emit(match.claim_id)

    def _update_buttons(self) -> None:
        item = self.list.currentItem()
        match = item.data(Qt.ItemDataRole.UserRole) if item else None
        self.same.setEnabled(match is not None and not match.confirmed)
        self.different.setEnabled(match is not None and not match.confirmed)

    def set_matches(self, suggested: list[Match], confirmed: list[Match], summary: str) -> None:
        self.summary.setText(summary)
        self.list.clear()
        for match, prefix in [
            *((m, "In its group") for m in confirmed),
            *((m, f"Possible match ({m.score:.0%})") for m in suggested),
        ]:
            item = QListWidgetItem(
                status_icon(match.status),
                f"{prefix}: {match.summary}\n\u201c{match.statement}\u201d",
            )
            item.setToolTip("; ".join(match.reasons))
            item.setData(Qt.ItemDataRole.UserRole, match)
            self.list.addItem(item)
        self.list.setVisible(bool(suggested or confirmed))
        self.same.setVisible(bool(suggested))
        self.different.setVisible(bool(suggested))
        self.leave.setVisible(bool(confirmed))
        self._update_buttons()
