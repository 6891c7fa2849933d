"""A date field that can be typed into, left empty, or picked from a calendar.

QDateEdit with a "special value" for unknown dates fights the analyst: its sections
swallow letters ("unknown" becomes "unknown0230313"), Tab walks its sections instead of
leaving, and its calendar opens at the minimum date.  This field is a plain line edit
read by ``claimdesk.core.dates.parse_date``: empty means unknown, text that is not a
date is kept for correction with a message beside it, and only a valid date is ever
committed.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from claimdesk.core.dates import FORMAT_HINT, DateTextError, format_date, parse_date

ERROR_COLOUR = "#b3261e"  # the inspector's inline errors use the same red


class CalendarPopup(QFrame):
    """The calendar under a date field; Enter or a click picks, Escape closes."""

    picked = Signal(object)  # datetime.date

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(True)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        layout.addWidget(self.calendar)
        # clicked: a mouse click on a day; activated: Enter or a double click
        self.calendar.clicked.connect(self._pick)
        self.calendar.activated.connect(self._pick)

    def open_at(self, day: date, below: QWidget) -> None:
        self.calendar.setSelectedDate(QDate(day.year, day.month, day.day))
        self.calendar.setCurrentPage(day.year, day.month)
        self.adjustSize()
        where = below.mapToGlobal(QPoint(0, below.height()))
        screen = QGuiApplication.screenAt(where) or QGuiApplication.primaryScreen()
        room = screen.availableGeometry()
        # stay on screen: open above the field when there is no room below it
        if where.y() + self.height() > room.bottom():
            where.setY(below.mapToGlobal(QPoint(0, 0)).y() - self.height())
        where.setX(max(room.left(), min(where.x(), room.right() - self.width())))
        self.move(where)
        self.show()
        self.calendar.setFocus(Qt.FocusReason.PopupFocusReason)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)

    def _pick(self, qdate: QDate) -> None:
        self.close()
        self.picked.emit(date(qdate.year(), qdate.month(), qdate.day()))


class DateField(QWidget):
    """A typed ISO date, empty meaning unknown, with a calendar on Alt+Down or F4.

    ``committed`` is emitted with the new value (a ``datetime.date`` or None) when the
    analyst finishes editing (Enter, leaving the field, picking a day) and the value is
    valid and differs from the one before.  ``set_value`` never emits it.
    """

    committed = Signal(object)

    def __init__(
        self,
        name: str,
        what: str = "",
        empty_means: str = "unknown",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._value: date | None = None
        self._empty_means = empty_means
        self.edit = QLineEdit()
        self.edit.setObjectName("dateText")
        self.edit.setAccessibleName(name)
        self.edit.setPlaceholderText(f"YYYY-MM-DD, or empty if {empty_means}")
        self.edit.setClearButtonEnabled(True)
        self._tooltip = " ".join(
            part
            for part in (
                what,
                f"Type {FORMAT_HINT}, or press Alt+Down or F4 for a calendar.",
                f"Leave it empty if the date is {empty_means}.",
            )
            if part
        )
        self.edit.setToolTip(self._tooltip)
        self.button = QToolButton()
        # a drop-down arrow, as on a combo box, whose keys (Alt+Down, F4) it shares
        self.button.setArrowType(Qt.ArrowType.DownArrow)
        self.button.setAccessibleName(f"{name}: calendar")
        self.button.setToolTip("Pick the day on a calendar (Alt+Down or F4)")
        # keyboard users open the calendar with Alt+Down or F4; a tab stop on the button
        # would put an extra stop between this field and the next one
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.message = QLabel()
        self.message.setObjectName("inlineError")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.message.hide()

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        row.addWidget(self.edit, 1)
        row.addWidget(self.button)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addLayout(row)
        column.addWidget(self.message)
        self.setFocusProxy(self.edit)  # a form label's mnemonic lands in the text
        # made after the focus proxy: a popup child made before it cut the field out of
        # the form's Tab order (Qt 6.11)
        self.popup = CalendarPopup(self)
        self.setStyleSheet(f'QLineEdit[invalid="true"] {{ border: 1px solid {ERROR_COLOUR}; }}')

        self.edit.editingFinished.connect(self.commit)
        self.edit.textEdited.connect(self._text_edited)
        self.edit.installEventFilter(self)
        self.button.clicked.connect(self.open_calendar)
        self.popup.picked.connect(self._picked)

    # value ---------------------------------------------------------------------------------
    def value(self) -> date | None:
        """The last valid date committed or set (None: unknown); never the text of a
        date still being typed or one that is not valid."""
        return self._value

    def set_value(self, value: date | None) -> None:
        self._value = value
        self.edit.setText(format_date(value))
        self._show_error("")

    def text(self) -> str:
        return self.edit.text()

    def error(self) -> str:
        """What is wrong with the text typed, or "" when it is a date (or empty)."""
        return self.message.text() if not self.message.isHidden() else ""

    # calendar ------------------------------------------------------------------------------
    def open_calendar(self) -> None:
        # at the date typed, even before it is committed; else the last one, else today
        try:
            typed = parse_date(self.edit.text())
        except DateTextError:
            typed = None
        self.popup.open_at(typed or self._value or date.today(), self.edit)

    def _picked(self, day: date) -> None:
        self.edit.setText(format_date(day))
        self.commit()
        self.edit.setFocus(Qt.FocusReason.PopupFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.edit
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and _opens_calendar(event)
        ):
            self.open_calendar()
            return True
        return super().eventFilter(watched, event)

    # committing ----------------------------------------------------------------------------
    def commit(self) -> bool:
        """Take the text as the value if it is a date or empty (emitting ``committed``
        when that changes the value); False, with a message shown, if it is not.  Done
        when editing finishes; a dialog calls it before it accepts."""
        try:
            value = parse_date(self.edit.text())
        except DateTextError as exc:
            self._show_error(f"{exc} Not saved.")
            return False
        self._show_error("")
        self.edit.setText(format_date(value))  # 2026-3-5 reads back as 2026-03-05
        if value != self._value:
            self._value = value
            self.committed.emit(value)
        return True

    def _text_edited(self, text: str) -> None:
        # the message goes as soon as the text is right, not only when the field is left
        if self.error():
            try:
                parse_date(text)
            except DateTextError:
                return
            self._show_error("")

    def _show_error(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self.edit.setToolTip(text or self._tooltip)
        self.edit.setAccessibleDescription(text)
        self.edit.setProperty("invalid", bool(text))
        self.edit.style().unpolish(self.edit)
        self.edit.style().polish(self.edit)


def _opens_calendar(event: QKeyEvent) -> bool:
    # the keys of a combo box's list; Alt+F4 still closes the window
    mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    if event.key() == Qt.Key.Key_Down:
        return mods == Qt.KeyboardModifier.AltModifier
    return event.key() == Qt.Key.Key_F4 and mods == Qt.KeyboardModifier.NoModifier
