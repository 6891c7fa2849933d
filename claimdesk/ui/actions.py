"""Building the window's actions the same way everywhere.

A QAction's ``triggered`` passes ``checked``; connecting a slot that takes an optional
argument made it arrive as the slot's first parameter (Ctrl+L once asked for "claim
False").  ``make_action`` only ever calls the slot with no arguments.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from claimdesk.ui.icons import icon

Keys = QKeySequence | QKeySequence.StandardKey | None


def make_action(
    parent: QWidget,
    text: str,
    slot: Callable[[], object],
    shortcut: Keys = None,
    icon_name: str = "",
    tip: str = "",
) -> QAction:
    action = QAction(text, parent)
    if icon_name:
        action.setIcon(icon(icon_name))
    if shortcut is not None:
        action.setShortcut(shortcut)
    if tip:
        action.setToolTip(tip)
        action.setStatusTip(tip)
    action.triggered.connect(lambda _checked=False: slot())
    return action
