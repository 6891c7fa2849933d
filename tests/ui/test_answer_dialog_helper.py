"""The dialog-answering helper itself: a failing answer must not leave a dialog open."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QWidget


def test_a_failing_answer_rejects_the_dialog_and_is_reported(
    qtbot: object, answer_dialog: Callable[[Callable[[QDialog], None]], None]
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)  # type: ignore[attr-defined]
    dialog = QDialog(parent)

    def wrong(d: QDialog) -> None:
        raise AssertionError("the dialog said something else")

    answer_dialog(wrong)
    with qtbot.capture_exceptions() as raised:  # type: ignore[attr-defined]
        result = dialog.exec()  # hung for ever before: nobody closed it
    assert result == QDialog.DialogCode.Rejected
    assert [str(e[1]) for e in raised] == ["the dialog said something else"]


def test_a_good_answer_is_what_exec_returns(
    qtbot: object, answer_dialog: Callable[[Callable[[QDialog], None]], None]
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)  # type: ignore[attr-defined]
    dialog = QDialog(parent)
    answer_dialog(lambda d: d.accept())
    assert dialog.exec() == QDialog.DialogCode.Accepted
