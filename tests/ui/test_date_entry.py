"""Dates typed in the window reach the database: Add source and the inspector."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QWidget
from sqlmodel import Session
from uihelpers import ctl, make_claim, reads, settle, trigger

from claimdesk.core import claims, sources
from claimdesk.store.engine import Store
from claimdesk.ui.dialogs import AddSourceDialog, LinkEvidenceDialog
from claimdesk.ui.main_window import MainWindow

LEFT = Qt.MouseButton.LeftButton
NO_MOD = Qt.KeyboardModifier.NoModifier
TAB = Qt.Key.Key_Tab


def click(widget: QWidget) -> None:
    QTest.mouseClick(widget, LEFT, NO_MOD, widget.rect().center())


def type_over(widget: QWidget, text: str) -> None:
    """Click into a field, select what is there and type, as a user would."""
    click(widget)
    QTest.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(widget, text)


@contextmanager
def read_desk(tmp_path: Path) -> Iterator[Session]:
    """A session on a second connection to the window's database file (the window
    fixture's desk.sqlite3), so what is read back was written to the file."""
    store = Store.open(str(tmp_path / "desk.sqlite3"))
    try:
        with store.session() as session:
            yield session
    finally:
        store.close()


def answered(fill: Callable[[QDialog], None]) -> Callable[[QDialog], None]:
    """``fill`` with a safety net: a failed check rejects the dialog instead of leaving the
    test waiting on it for ever."""

    def run(dialog: QDialog) -> None:
        try:
            fill(dialog)
        except BaseException:
            dialog.reject()
            raise

    return run


def test_add_source_saves_the_typed_date(
    window: MainWindow, answer_dialog: Callable[..., None], tmp_path: Path
) -> None:
    seen: dict[str, object] = {}

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, AddSourceDialog)
        form = dialog.form
        type_over(form.title, "SIPRI fact sheet")
        type_over(form.published.edit, "unknown")
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        click(ok)
        # refused: the dialog stays open, the text stays, the field says why
        seen["open after unknown"] = dialog.isVisible()
        seen["text"] = form.published.text()
        seen["message"] = form.published.error()
        # the dialog's own focus: offscreen, the main window keeps being the active one
        seen["focus"] = dialog.focusWidget() is form.published.edit
        type_over(form.published.edit, "2026-03-13")
        QTest.keyClick(form.published.edit, TAB)
        seen["focus after tab"] = dialog.focusWidget() is form.kind
        click(ok)

    answer_dialog(answered(fill))
    trigger(window, ctl(window).claims.act_source)
    assert seen["open after unknown"] is True
    assert seen["text"] == "unknown"
    assert "YYYY-MM-DD" in str(seen["message"])
    assert seen["focus"] is True
    assert seen["focus after tab"] is True
    with read_desk(tmp_path) as session:
        ((source, _),) = sources.list_sources(session)
    assert source.title == "SIPRI fact sheet"
    assert source.published_at is not None
    assert source.published_at.date() == date(2026, 3, 13)


def test_add_source_with_the_date_left_empty_saves_unknown(
    window: MainWindow, answer_dialog: Callable[..., None], tmp_path: Path
) -> None:
    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, AddSourceDialog)
        assert "unknown" in dialog.form.published.edit.placeholderText()
        type_over(dialog.form.title, "Undated leaflet")
        QTest.keyClick(dialog.form.title, Qt.Key.Key_Return)  # the default button

    answer_dialog(answered(fill))
    trigger(window, ctl(window).claims.act_source)
    with read_desk(tmp_path) as session:
        ((source, _),) = sources.list_sources(session)
    assert source.title == "Undated leaflet"
    assert source.published_at is None


def stored_claim_date(tmp_path: Path, claim_id: int) -> str | None:
    with read_desk(tmp_path) as session:
        return claims.get_claim(session, claim_id).claim_date


def test_the_inspector_saves_a_typed_claim_date(window: MainWindow, tmp_path: Path) -> None:
    claim_id = make_claim(window)
    field = window.inspector.claim_date
    type_over(field.edit, "2026-03-13")
    QTest.keyClick(field.edit, TAB)
    settle(window)
    assert QApplication.focusWidget() is window.inspector.tags
    assert stored_claim_date(tmp_path, claim_id) == "2026-03-13"
    assert field.text() == "2026-03-13"
    # not a date: nothing saved, the text stays for correction, even when the window
    # shows the claim again after another edit
    type_over(field.edit, "unknown")
    QTest.keyClick(field.edit, TAB)
    settle(window)
    assert stored_claim_date(tmp_path, claim_id) == "2026-03-13"
    type_over(window.inspector.claimant, "Defence ministry")
    QTest.keyClick(window.inspector.claimant, TAB)
    settle(window)
    assert reads(window).claim(claim_id).claimant == "Defence ministry"
    assert field.text() == "unknown"
    assert "YYYY-MM-DD" in field.error()
    assert stored_claim_date(tmp_path, claim_id) == "2026-03-13"
    # emptied: the date is not known any more
    type_over(field.edit, "")
    QTest.keyClick(field.edit, Qt.Key.Key_Backspace)
    QTest.keyClick(field.edit, TAB)
    settle(window)
    assert stored_claim_date(tmp_path, claim_id) is None
    assert field.error() == ""


def test_the_inspector_date_from_the_calendar_is_saved(window: MainWindow, tmp_path: Path) -> None:
    claim_id = make_claim(window)
    field = window.inspector.claim_date
    click(field.edit)
    before = date.today()  # and after: a run may cross midnight
    QTest.keyClick(field.edit, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert field.popup.isVisible()
    focus = QApplication.focusWidget()
    assert focus is not None and field.popup.isAncestorOf(focus)
    QTest.keyClick(focus, Qt.Key.Key_Return)
    settle(window)
    stored = stored_claim_date(tmp_path, claim_id)
    assert stored in {before.isoformat(), date.today().isoformat()}


def test_undo_puts_the_old_claim_date_back(window: MainWindow, tmp_path: Path) -> None:
    claim_id = make_claim(window)
    field = window.inspector.claim_date
    type_over(field.edit, "2026-03-13")
    QTest.keyClick(field.edit, TAB)
    settle(window)
    assert stored_claim_date(tmp_path, claim_id) == "2026-03-13"
    trigger(window, ctl(window).app.act_undo)
    assert stored_claim_date(tmp_path, claim_id) is None
    assert field.text() == ""


def test_link_evidence_with_a_new_source_refuses_a_bad_date(
    window: MainWindow, answer_dialog: Callable[..., None], tmp_path: Path
) -> None:
    claim_id = make_claim(window)
    seen: dict[str, object] = {}

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, LinkEvidenceDialog)
        assert dialog.source_id() is None  # a new source
        source = dialog.new_source
        type_over(source.title, "Trends in arms transfers")
        type_over(source.published.edit, "2024-02-30")
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        click(ok)
        seen["open"] = dialog.isVisible()
        seen["message"] = source.published.error()
        type_over(source.published.edit, "2024-3-11")
        click(ok)

    answer_dialog(answered(fill))
    ctl(window).claims.link_evidence(claim_id)
    settle(window)
    assert seen["open"] is True
    assert "not a day in the calendar" in str(seen["message"])
    with read_desk(tmp_path) as session:
        ((source, backing),) = sources.list_sources(session)
    assert backing == [claim_id]
    assert source.published_at is not None
    assert source.published_at.date() == date(2024, 3, 11)
