"""Look and feel: Fusion with a calm palette that follows the system's light or dark mode."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

STYLE = """
QLabel#emptyState { color: palette(mid); font-size: 11pt; }
QLabel#quote { padding: 8px; border-left: 3px solid #e0a800;
               background: palette(alternate-base); }
QDockWidget::title { padding: 4px 6px; font-weight: 600; }
QTableView { gridline-color: transparent; }
QToolBar { spacing: 4px; }
"""


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def apply_theme(app: QApplication) -> None:
    app.setStyle("Fusion")
    hints = QGuiApplication.styleHints()
    # Follow the desktop's colour scheme when it reports one; Fusion picks matching palettes.
    if hasattr(hints, "colorScheme"):
        app.setPalette(app.style().standardPalette())
    app.setStyleSheet(STYLE)
