"""A mouse drag in the reader snaps to whole words; Alt and the keyboard stay exact."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from uihelpers import ctl, reads, settle

from claimdesk.ui.main_window import MainWindow
from claimdesk.ui.reader import ReaderView

NO_MOD = Qt.KeyboardModifier.NoModifier
ALT = Qt.KeyboardModifier.AltModifier
LEFT = Qt.MouseButton.LeftButton

# the drag that was reported: from the last letter of "the" to the first of "and"
DRAGGED = "e world's largest arms importer a"
SNAPPED = "the world's largest arms importer and"


def point_at(reader: ReaderView, cp: int) -> QPoint:
    """Where on the viewport the caret before code point ``cp`` is drawn."""
    cursor = QTextCursor(reader.document())
    cursor.setPosition(reader._map.to_qt(cp))
    rect = reader.cursorRect(cursor)
    return QPoint(rect.left() + 1, rect.center().y())


def drag(reader: ReaderView, start: int, end: int, modifiers: Qt.KeyboardModifier) -> None:
    viewport = reader.viewport()
    here, there = point_at(reader, start), point_at(reader, end)
    QTest.mousePress(viewport, LEFT, modifiers, here)
    # through a point in between, as a hand would, then to the end
    QTest.mouseMove(viewport, (here + there) / 2)
    QTest.mouseMove(viewport, there)
    QTest.mouseRelease(viewport, LEFT, modifiers, there)


def shown_reader(qtbot: object, text: str) -> ReaderView:
    reader = ReaderView()
    qtbot.addWidget(reader)  # type: ignore[attr-defined]
    reader.resize(900, 500)
    reader.show_article(text, [])
    reader.show()
    qtbot.waitExposed(reader)  # type: ignore[attr-defined]
    return reader


# an emoji before the quote: Qt counts it as two positions, the stored text as one
ARTICLE = "\U0001f4e6 Report. India is the world's largest arms importer and buys more."


def test_a_drag_from_mid_word_to_mid_word_selects_whole_words(qtbot: object) -> None:
    reader = shown_reader(qtbot, ARTICLE)
    start = ARTICLE.index(DRAGGED)
    drag(reader, start, start + len(DRAGGED), NO_MOD)
    assert reader.textCursor().selectedText() == SNAPPED
    begin = ARTICLE.index(SNAPPED)
    assert reader.selected_span() == (begin, begin + len(SNAPPED))


def test_a_drag_right_to_left_snaps_too(qtbot: object) -> None:
    reader = shown_reader(qtbot, ARTICLE)
    start = ARTICLE.index(DRAGGED)
    drag(reader, start + len(DRAGGED), start, NO_MOD)
    assert reader.textCursor().selectedText() == SNAPPED
    # the caret stays where the drag ended, at the left
    assert reader.textCursor().position() < reader.textCursor().anchor()


def test_alt_keeps_the_exact_drag(qtbot: object) -> None:
    reader = shown_reader(qtbot, ARTICLE)
    start = ARTICLE.index(DRAGGED)
    drag(reader, start, start + len(DRAGGED), ALT)
    assert reader.textCursor().selectedText() == DRAGGED
    assert reader.selected_span() == (start, start + len(DRAGGED))


def test_a_click_selects_nothing(qtbot: object) -> None:
    reader = shown_reader(qtbot, ARTICLE)
    where = point_at(reader, ARTICLE.index("largest") + 3)
    QTest.mouseClick(reader.viewport(), LEFT, NO_MOD, where)
    assert not reader.textCursor().hasSelection()
    assert reader.selected_span() is None


def test_keyboard_selection_stays_exact(qtbot: object) -> None:
    reader = shown_reader(qtbot, ARTICLE)
    start = ARTICLE.index("largest") + 2
    reader.select_span(start, start)
    reader.setFocus()
    for _ in range(3):
        QTest.keyClick(reader, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert reader.textCursor().selectedText() == "rge"
    assert reader.selected_span() == (start, start + 3)


def make_claim_by_dragging(window: MainWindow, modifiers: Qt.KeyboardModifier) -> str:
    """Drag over the reported words in the window's reader, press Ctrl+E, and return the
    quote of the claim that was saved."""
    window.activateWindow()
    text = window.reader.text()
    start = text.index(DRAGGED)
    window.reader.ensureCursorVisible()
    cursor = QTextCursor(window.reader.document())
    cursor.setPosition(start)
    window.reader.setTextCursor(cursor)
    window.reader.centerCursor()
    drag(window.reader, start, start + len(DRAGGED), modifiers)
    assert ctl(window).claims.act_make.isEnabled()
    QTest.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    settle(window)
    claim = window.inspector.claim()
    assert claim is not None, "Ctrl+E made no claim"
    article_id = ctl(window).article.article_id or 0
    (saved,) = [c for c in reads(window).claims_of(article_id) if c.id == claim.id]
    return saved.anchor.exact


def test_ctrl_e_saves_the_snapped_words(window: MainWindow) -> None:
    assert make_claim_by_dragging(window, NO_MOD) == SNAPPED


def test_ctrl_e_saves_an_alt_drag_exactly(window: MainWindow) -> None:
    assert make_claim_by_dragging(window, ALT) == DRAGGED
