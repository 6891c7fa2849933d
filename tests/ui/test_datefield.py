"""The date field typed into, tabbed out of and picked from its calendar, offscreen."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFormLayout, QLabel, QLineEdit, QWidget

from claimdesk.ui.datefield import DateField

TAB = Qt.Key.Key_Tab
NO_MOD = Qt.KeyboardModifier.NoModifier


class Form(QWidget):
    """A date field between two other fields, as in a real form."""

    def __init__(self) -> None:
        super().__init__()
        layout = QFormLayout(self)
        self.before = QLineEdit()
        self.field = DateField("Publication date", "When the source was published.")
        self.after = QLineEdit()
        layout.addRow("Before", self.before)
        layout.addRow("Publis&hed", self.field)
        layout.addRow("After", self.after)
        self.committed: list[date | None] = []
        self.field.committed.connect(self.committed.append)


@pytest.fixture
def form(qtbot: object) -> Form:
    form = Form()
    qtbot.addWidget(form)  # type: ignore[attr-defined]
    form.show()
    form.activateWindow()
    qtbot.waitActive(form)  # type: ignore[attr-defined]
    return form


def type_into(form: Form, text: str) -> None:
    """Click into the field, select what is there and type over it, as a user would."""
    edit = form.field.edit
    QTest.mouseClick(edit, Qt.MouseButton.LeftButton, NO_MOD, edit.rect().center())
    assert QApplication.focusWidget() is edit
    QTest.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(edit, text)


def test_typing_a_date_then_tab_commits_it_and_moves_on(form: Form) -> None:
    type_into(form, "2026-03-13")
    QTest.keyClick(form.field.edit, TAB)
    assert form.field.value() == date(2026, 3, 13)
    assert form.committed == [date(2026, 3, 13)]
    assert QApplication.focusWidget() is form.after


def test_obvious_forms_are_read_and_shown_in_iso(form: Form) -> None:
    type_into(form, "2026-3-5")
    QTest.keyClick(form.field.edit, Qt.Key.Key_Return)
    assert form.field.value() == date(2026, 3, 5)
    assert form.field.text() == "2026-03-05"


def test_unknown_is_kept_as_typed_is_not_saved_and_says_why(form: Form) -> None:
    form.field.set_value(date(2024, 1, 2))
    type_into(form, "unknown")
    assert form.field.text() == "unknown"  # nothing of the old date mixed in
    QTest.keyClick(form.field.edit, TAB)
    assert QApplication.focusWidget() is form.after  # Tab is not held hostage
    assert form.field.text() == "unknown"  # kept for correction
    assert form.field.value() == date(2024, 1, 2)
    assert form.committed == []
    assert "YYYY-MM-DD" in form.field.error()
    assert form.field.message.isVisible()
    assert form.field.edit.toolTip() == form.field.error()
    assert form.field.edit.accessibleDescription() == form.field.error()
    # corrected, it saves and the message goes
    type_into(form, "2024-01-05")
    assert form.field.error() == ""
    QTest.keyClick(form.field.edit, Qt.Key.Key_Return)
    assert form.committed == [date(2024, 1, 5)]
    assert not form.field.message.isVisible()


def test_a_day_not_in_the_calendar_is_refused(form: Form) -> None:
    type_into(form, "2026-02-30")
    QTest.keyClick(form.field.edit, TAB)
    assert form.field.value() is None
    assert "not a day in the calendar" in form.field.error()


def test_clearing_the_field_means_unknown(form: Form) -> None:
    form.field.set_value(date(2024, 1, 2))
    type_into(form, "")
    QTest.keyClick(form.field.edit, Qt.Key.Key_Backspace)
    QTest.keyClick(form.field.edit, TAB)
    assert form.field.value() is None
    assert form.committed == [None]
    assert form.field.error() == ""


def test_leaving_an_unchanged_field_commits_nothing(form: Form) -> None:
    form.field.set_value(date(2024, 1, 2))
    type_into(form, "2024-01-02")
    QTest.keyClick(form.field.edit, TAB)
    assert form.committed == []


def test_the_empty_field_says_what_empty_means(form: Form) -> None:
    assert "empty if unknown" in form.field.edit.placeholderText()
    assert "YYYY-MM-DD" in form.field.edit.placeholderText()
    assert "Alt+Down" in form.field.edit.toolTip()
    assert form.field.edit.accessibleName() == "Publication date"
    assert form.field.button.accessibleName() == "Publication date: calendar"


def calendar_page(form: Form) -> tuple[int, int]:
    cal = form.field.popup.calendar
    return cal.yearShown(), cal.monthShown()


def test_alt_down_opens_the_calendar_at_today_and_enter_picks(form: Form) -> None:
    type_into(form, "")
    before = date.today()
    QTest.keyClick(form.field.edit, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    popup = form.field.popup
    assert popup.isVisible()
    today = popup.calendar.selectedDate().toPython()  # the day it opened on
    assert today in {before, date.today()}  # a run may cross midnight
    assert calendar_page(form) == (today.year, today.month)
    # the keyboard goes on in the calendar: one day on, then Enter
    focus = QApplication.focusWidget()
    assert focus is not None and popup.isAncestorOf(focus)
    QTest.keyClick(focus, Qt.Key.Key_Right)
    QTest.keyClick(focus, Qt.Key.Key_Return)
    assert not popup.isVisible()
    tomorrow = QDate(today.year, today.month, today.day).addDays(1).toPython()
    assert form.field.value() == tomorrow
    assert form.committed == [tomorrow]
    assert QApplication.focusWidget() is form.field.edit


def test_f4_opens_at_the_date_already_there_and_escape_changes_nothing(form: Form) -> None:
    form.field.set_value(date(2019, 7, 4))
    type_into(form, "2019-07-04")
    QTest.keyClick(form.field.edit, Qt.Key.Key_F4)
    popup = form.field.popup
    assert popup.isVisible()
    assert popup.calendar.selectedDate() == QDate(2019, 7, 4)
    assert calendar_page(form) == (2019, 7)
    focus = QApplication.focusWidget()
    assert focus is not None
    QTest.keyClick(focus, Qt.Key.Key_Escape)
    assert not popup.isVisible()
    assert form.field.value() == date(2019, 7, 4)
    assert form.committed == []


def test_the_calendar_opens_at_a_date_typed_but_not_yet_committed(form: Form) -> None:
    type_into(form, "2021-11-30")
    QTest.keyClick(form.field.edit, Qt.Key.Key_F4)
    assert form.field.popup.calendar.selectedDate() == QDate(2021, 11, 30)
    assert calendar_page(form) == (2021, 11)
    form.field.popup.close()


def test_the_calendar_button_opens_it_with_the_mouse(form: Form) -> None:
    button = form.field.button
    QTest.mouseClick(button, Qt.MouseButton.LeftButton, NO_MOD, button.rect().center())
    assert form.field.popup.isVisible()
    form.field.popup.close()


def test_the_form_label_mnemonic_lands_in_the_text(form: Form) -> None:
    # what the label's Alt+H does (the offscreen platform delivers no mnemonics)
    form.before.setFocus()
    label = form.layout().labelForField(form.field)
    assert isinstance(label, QLabel) and label.buddy() is form.field
    label.buddy().setFocus(Qt.FocusReason.ShortcutFocusReason)
    assert QApplication.focusWidget() is form.field.edit


def test_shift_tab_goes_back_to_the_field_before(form: Form) -> None:
    type_into(form, "")
    QTest.keyClick(form.field.edit, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is form.before
    QTest.keyClick(form.before, TAB)
    assert QApplication.focusWidget() is form.field.edit
