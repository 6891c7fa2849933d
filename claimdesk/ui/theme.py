"""Look and feel: Fusion, light or dark.

"system" follows the desktop's colour scheme when Qt can read it; "light" and "dark"
force one.  Claim highlights keep dark text on their pale status colours in both, so a
claim reads the same whatever the theme (see ``claimdesk.ui.highlight``).
"""

from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

STYLE = """
QLabel#emptyState { color: palette(placeholder-text); font-size: 11pt; }
QLabel#quote { padding: 8px; border-left: 3px solid #e0a800;
               background: palette(alternate-base); }
QDockWidget::title { padding: 4px 6px; font-weight: 600; }
QTableView { gridline-color: transparent; }
QToolBar { spacing: 4px; }
"""

THEMES = ("system", "light", "dark")


def dark_palette() -> QPalette:
    p = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#24272b",
        QPalette.ColorRole.WindowText: "#e6e6e6",
        QPalette.ColorRole.Base: "#1c1e21",
        QPalette.ColorRole.AlternateBase: "#2a2d31",
        QPalette.ColorRole.Text: "#e8e8e8",
        QPalette.ColorRole.PlaceholderText: "#9aa0a6",
        QPalette.ColorRole.Button: "#2f3337",
        QPalette.ColorRole.ButtonText: "#e6e6e6",
        QPalette.ColorRole.ToolTipBase: "#2f3337",
        QPalette.ColorRole.ToolTipText: "#f0f0f0",
        QPalette.ColorRole.Highlight: "#3d7bd9",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Link: "#8ab4f8",
        QPalette.ColorRole.Mid: "#5f6368",
    }
    for role, colour in roles.items():
        p.setColor(role, QColor(colour))
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7c8187"))
    return p


def apply_theme(app: QApplication, choice: str | None = None) -> str:
    """Apply the theme and return the one in effect ("light" or "dark")."""
    choice = (choice or os.environ.get("CLAIMDESK_THEME") or "system").lower()
    app.setStyle("Fusion")
    if choice == "system":
        scheme = QGuiApplication.styleHints().colorScheme()
        choice = "dark" if scheme == Qt.ColorScheme.Dark else "light"
    app.setPalette(dark_palette() if choice == "dark" else app.style().standardPalette())
    app.setStyleSheet(STYLE)
    return choice
