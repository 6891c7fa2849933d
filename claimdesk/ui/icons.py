"""Icons and status colours for the window."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from claimdesk.assets import icon_path
from claimdesk.core.vocab import STATUS_INFO, Status


@cache
def icon(name: str) -> QIcon:
    return QIcon(str(icon_path(name)))


def status_colour(status: str) -> QColor:
    return QColor(STATUS_INFO[Status(status)].colour)


@cache
def status_icon(status: str) -> QIcon:
    pix = QPixmap(14, 14)
    pix.fill(QColor(0, 0, 0, 0))
    painter = QPainter(pix)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(status_colour(status))
    painter.setPen(status_colour(status).darker(150))
    painter.drawRoundedRect(1, 1, 12, 12, 3, 3)
    painter.end()
    return QIcon(pix)


def status_label(status: str) -> str:
    return STATUS_INFO[Status(status)].label
