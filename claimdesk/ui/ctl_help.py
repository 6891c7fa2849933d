"""Help › Keyboard shortcuts (made from the window's own actions, so it is never out of
date) and File › Open web address…."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QInputDialog,
    QLineEdit,
    QMainWindow,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from claimdesk.ui.actions import make_action
from claimdesk.ui.messages import Messages


def shortcut_rows(window: QWidget) -> list[tuple[str, str, str]]:
    """(menu, action, keys) for every action of the menus, in menu order."""
    rows: list[tuple[str, str, str]] = []
    if not isinstance(window, QMainWindow):
        return rows
    seen: set[int] = set()

    def walk(menu: QMenu, path: str) -> None:
        for act in menu.actions():
            if act.isSeparator():
                continue
            sub = act.menu()
            label = act.text().replace("&", "").split("\t")[0]
            if isinstance(sub, QMenu):
                walk(sub, f"{path} \u203a {label}")
                continue
            if id(act) in seen:
                continue
            seen.add(id(act))
            keys = ", ".join(
                k.toString(QKeySequence.SequenceFormat.NativeText) for k in act.shortcuts()
            )
            rows.append((path, label, keys))

    for top in window.menuBar().actions():
        menu = top.menu()
        if isinstance(menu, QMenu):
            walk(menu, top.text().replace("&", ""))
    return rows


class ShortcutsDialog(QDialog):
    def __init__(self, rows: list[tuple[str, str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter actions")
        self.filter.setAccessibleName("Filter actions")
        self.filter.setClearButtonEnabled(True)
        self.table = QTableWidget(len(rows), 3)
        self.table.setHorizontalHeaderLabels(["Menu", "Action", "Keys"])
        self.table.setAccessibleName("Keyboard shortcuts")
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem(text))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(620, 560)
        self.filter.textChanged.connect(self._filter)

    def _filter(self, text: str) -> None:
        words = text.casefold().split()
        for r in range(self.table.rowCount()):
            cells = " ".join(
                (self.table.item(r, c) or QTableWidgetItem()).text() for c in range(3)
            ).casefold()
            self.table.setRowHidden(r, not all(w in cells for w in words))


class HelpController(QObject):
    def __init__(
        self,
        window: QWidget,
        import_sources: Callable[[list[str]], None],
        messages: Messages,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.import_sources = import_sources
        self.messages = messages
        a = partial(make_action, window)
        self.act_shortcuts = a(
            "&Keyboard shortcuts",
            self.show_shortcuts,
            QKeySequence("Ctrl+/"),
            "",
            "Every action of the window with its keys (Ctrl+/)",
        )
        self.act_open_url = a(
            "Open &web address\u2026",
            self.open_url,
            QKeySequence("Ctrl+Shift+L"),
            "open",
            "Import an article from its web address (Ctrl+Shift+L)",
        )
        self.act_shortcuts.setShortcutContext(Qt.ShortcutContext.WindowShortcut)

    def show_shortcuts(self) -> None:
        ShortcutsDialog(shortcut_rows(self.window), self.window).exec()

    def open_url(self) -> None:
        url, ok = QInputDialog.getText(
            self.window,
            "Open web address",
            "Address of the article (http or https):",
            QLineEdit.EchoMode.Normal,
            "https://",
        )
        url = url.strip()
        if not ok or url in ("", "https://", "http://"):
            return
        if not url.lower().startswith(("http://", "https://")) or any(c.isspace() for c in url):
            self.messages.error(
                f"\u201c{url[:80]}\u201d is not a web address; it must start with http:// "
                "or https:// and have no spaces."
            )
            return
        self.import_sources([url])

    def actions(self) -> list[QAction]:
        return [self.act_shortcuts, self.act_open_url]
