"""The banner over the reader that says the team server cannot be reached."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

OFFLINE_TEXT = (
    "<b>The team server can't be reached.</b> Changes are refused until it is back; "
    "what you type stays in the inspector. claimdesk reconnects by itself."
)


READ_ONLY_TEXT = (
    "<b>This desk is open read-only:</b> its file or folder cannot be written. You can "
    "read, search and export; changes are refused. Copy the desk somewhere writable, or "
    "ask for write access, and open it again to edit."
)
READ_ONLY_EDIT = (
    "This desk is open read-only (its file or folder cannot be written), so the change "
    "was not saved. What you typed stays here."
)


class TeamBanner(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("teamBanner")
        self.setAccessibleName("Team server status")
        self.setStyleSheet(
            "#teamBanner { background: #fff4ce; border-bottom: 1px solid #e0c060; }"
            "#teamBanner QLabel { color: #5c4400; }"
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        self.label = QLabel(OFFLINE_TEXT)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.label, 1)
        self.detail = ""
        self.hide()

    def show_offline(self, detail: str) -> None:
        self.detail = detail
        self.label.setText(OFFLINE_TEXT)
        self.label.setToolTip(detail)
        self.show()

    def show_read_only(self, where: str) -> None:
        """A desk whose file or folder cannot be written: it is open for reading only."""
        self.detail = where
        self.label.setText(READ_ONLY_TEXT)
        self.label.setToolTip(where)
        self.show()


def install(window: object) -> TeamBanner:
    """Put a banner above the window's reader (the central widget)."""
    w = window
    reader = w.takeCentralWidget()  # type: ignore[attr-defined]
    holder = QWidget()
    layout = QVBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    banner = TeamBanner()
    layout.addWidget(banner)
    layout.addWidget(reader, 1)
    w.setCentralWidget(holder)  # type: ignore[attr-defined]
    return banner
