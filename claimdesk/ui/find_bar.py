"""Find in the open article: a bar above the reader (Ctrl+F) with next, previous, match
case, highlight all and a count.

The search runs on the reader's own text in memory (no database), so it is instant and
never leaves the UI thread waiting.  Offsets are Python code points, as everywhere.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTextEdit,
    QToolButton,
    QWidget,
)

from claimdesk.ui.reader import ReaderView

MAX_HIGHLIGHTS = 2_000  # painting more extra selections than this slows scrolling


def find_all(text: str, needle: str, *, match_case: bool) -> list[int]:
    """Start offsets of every occurrence of ``needle`` in ``text`` (not overlapping)."""
    if not needle:
        return []
    hay, pin = (text, needle) if match_case else (text.casefold(), needle.casefold())
    if len(hay) != len(text) or len(pin) != len(needle):
        # casefold changed lengths (ß -> ss): fall back to lower(), which keeps them
        hay, pin = text.lower(), needle.lower()
        if len(hay) != len(text):
            hay, pin = text, needle
    out: list[int] = []
    at = hay.find(pin)
    while at >= 0:
        out.append(at)
        at = hay.find(pin, at + max(1, len(pin)))
    return out


class FindBar(QWidget):
    """Shown above the reader; Escape closes it and gives the reader its focus back."""

    closed = Signal()

    def __init__(self, reader: ReaderView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reader = reader
        self.setObjectName("findBar")
        self.setAccessibleName("Find in article")
        self.query = QLineEdit()
        self.query.setPlaceholderText("Find in this article")
        self.query.setAccessibleName("Find in this article")
        self.query.setClearButtonEnabled(True)
        self.previous = QToolButton()
        self.previous.setText("\u25b2")
        self.previous.setToolTip("Previous match (Shift+Enter, Shift+F3)")
        self.previous.setAccessibleName("Previous match")
        self.next = QToolButton()
        self.next.setText("\u25bc")
        self.next.setToolTip("Next match (Enter, F3)")
        self.next.setAccessibleName("Next match")
        self.match_case = QCheckBox("Match &case")
        self.highlight_all = QCheckBox("&Highlight all")
        self.highlight_all.setChecked(True)
        self.count = QLabel()
        self.count.setMinimumWidth(90)
        self.count.setAccessibleName("Matches")
        close = QToolButton()
        close.setText("\u2715")
        close.setToolTip("Close the find bar (Escape)")
        close.setAccessibleName("Close find bar")
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 3, 6, 3)
        for w in (self.query, self.previous, self.next, self.match_case, self.highlight_all):
            row.addWidget(w)
        row.addWidget(self.count, 1)
        row.addWidget(close)
        self.matches: list[int] = []
        self.current = -1

        self.query.textChanged.connect(lambda _t: self.search(keep=True))
        self.match_case.toggled.connect(lambda _c: self.search(keep=True))
        self.highlight_all.toggled.connect(lambda _c: self._paint())
        self.next.clicked.connect(self.find_next)
        self.previous.clicked.connect(self.find_previous)
        close.clicked.connect(self.close_bar)
        self.query.installEventFilter(self)
        self.hide()

    # what the analyst does -------------------------------------------------------------------
    def open_bar(self) -> None:
        selected = self.reader.textCursor().selectedText()
        if selected and "\u2029" not in selected and len(selected) < 200:
            self.query.setText(selected)
        self.show()
        self.query.setFocus()
        self.query.selectAll()
        self.search(keep=True)

    def close_bar(self) -> None:
        self.hide()
        self.reader.setExtraSelections([])
        self.reader.setFocus()
        self.closed.emit()

    def find_next(self) -> None:
        self._step(1)

    def find_previous(self) -> None:
        self._step(-1)

    def search(self, *, keep: bool = False) -> None:
        """Find every match again (the text, the query or match case changed); ``keep``
        starts from the reader's cursor, so typing moves to the first match after it."""
        needle = self.query.text()
        self.matches = find_all(self.reader.text(), needle, match_case=self.match_case.isChecked())
        self.current = -1
        if self.matches and keep:
            here = self.reader.cursor_cp()
            self.current = next((i for i, at in enumerate(self.matches) if at >= here), 0)
            self._select()
        self._paint()

    def refresh(self) -> None:
        """The reader shows another text: search it again, if the bar is open."""
        if self.isVisible():
            self.search(keep=False)

    # inside ----------------------------------------------------------------------------------
    def _step(self, by: int) -> None:
        if not self.isVisible():
            self.open_bar()
            return
        if not self.matches:
            self.search(keep=False)
        if not self.matches:
            return
        self.current = (self.current + by) % len(self.matches) if self.current >= 0 else 0
        self._select()
        self._paint()

    def _select(self) -> None:
        at = self.matches[self.current]
        self.reader.select_span(at, at + len(self.query.text()))
        self.reader.centerCursor()

    def _paint(self) -> None:
        n = len(self.matches)
        needle = self.query.text()
        if not needle:
            self.count.setText("")
        elif not n:
            self.count.setText("No matches")
        else:
            where = f"{self.current + 1} of {n}" if self.current >= 0 else f"{n} matches"
            self.count.setText(where if n > 1 or self.current < 0 else "1 match")
        self.query.setProperty("notFound", bool(needle) and not n)
        self.query.setStyleSheet("background: #f8d7da;" if needle and not n else "")
        selections: list[QTextEdit.ExtraSelection] = []
        if self.highlight_all.isChecked() and needle:
            fmt = QTextCharFormat()
            fmt.setBackground(QColor("#ffe066"))
            fmt.setForeground(QColor("#000000"))
            for at in self.matches[:MAX_HIGHLIGHTS]:
                selections.append(self._extra(at, at + len(needle), fmt))
        self.reader.setExtraSelections(selections)

    def _extra(self, start: int, end: int, fmt: QTextCharFormat) -> QTextEdit.ExtraSelection:
        sel = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.reader.document())
        cursor.setPosition(self.reader.qt_offset(start))
        cursor.setPosition(self.reader.qt_offset(end), QTextCursor.MoveMode.KeepAnchor)
        sel.cursor = cursor
        sel.format = fmt
        return sel

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.query
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
        ):
            key, mods = event.key(), event.modifiers()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                shift = bool(mods & Qt.KeyboardModifier.ShiftModifier)
                self.find_previous() if shift else self.find_next()
                return True
            if key == Qt.Key.Key_Escape:
                self.close_bar()
                return True
        return super().eventFilter(watched, event)
