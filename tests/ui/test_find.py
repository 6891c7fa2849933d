"""Finding: Ctrl+F in the open article, desk search on Ctrl+Shift+F, a search hit shown
where it is, and the Claims list filtered as you type."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from uihelpers import SAMPLE_QUOTE, ctl, make_claim, settle, trigger

from claimdesk.core.search import SearchHit
from claimdesk.ui.find_bar import find_all
from claimdesk.ui.main_window import MainWindow


def press(window: MainWindow, keys: str) -> None:
    from PySide6.QtGui import QKeySequence

    window.activateWindow()
    QTest.qWaitForWindowActive(window, 2000)
    window.reader.setFocus()
    combo = QKeySequence(keys)[0]
    QTest.keyClick(QApplication.focusWidget(), combo.key(), combo.keyboardModifiers())
    settle(window)


def test_find_all_cases() -> None:
    assert find_all("Arms and arms, ARMS", "arms", match_case=False) == [0, 9, 15]
    assert find_all("Arms and arms, ARMS", "arms", match_case=True) == [9]
    assert find_all("Straße strasse", "STRASSE", match_case=False) == [7]
    assert find_all("abc", "", match_case=False) == []


def test_ctrl_f_finds_in_the_article(window: MainWindow) -> None:
    press(window, "Ctrl+F")
    bar = window.find_bar
    assert bar.isVisible() and bar.query.hasFocus()
    text = window.reader.text()
    n = text.lower().count("india")
    assert n >= 3
    QTest.keyClicks(bar.query, "india")
    assert len(bar.matches) == n
    assert bar.count.text().endswith(f"of {n}")
    assert len(window.reader.extraSelections()) == n  # highlight all
    first = bar.current
    QTest.keyClick(bar.query, Qt.Key.Key_Return)
    assert bar.current == (first + 1) % n
    cursor = window.reader.textCursor()
    assert cursor.selectedText().lower() == "india"
    QTest.keyClick(bar.query, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert bar.current == first
    trigger(window, ctl(window).find.act_next)  # F3 from the menu
    assert bar.current == (first + 1) % n
    trigger(window, ctl(window).find.act_previous)
    assert bar.current == first
    bar.match_case.setChecked(True)
    assert len(bar.matches) == text.count("india") == 0
    bar.query.setText("India")
    assert len(bar.matches) == text.count("India")
    bar.highlight_all.setChecked(False)
    assert window.reader.extraSelections() == []
    bar.query.setText("no such words anywhere")
    assert bar.matches == [] and bar.count.text() == "No matches"
    QTest.keyClick(bar.query, Qt.Key.Key_Escape)
    assert not bar.isVisible() and window.reader.hasFocus()


def test_desk_search_is_ctrl_shift_f(window: MainWindow) -> None:
    press(window, "Ctrl+Shift+F")
    assert window.search_dock.isVisible() and window.search.query.hasFocus()
    assert not window.find_bar.isVisible()


def test_a_search_hit_scrolls_to_and_marks_the_words(window: MainWindow) -> None:
    article_id = ctl(window).article.article_id
    text = window.reader.text()
    start = text.rindex("Both government")  # far down the article
    window.reader.select_span(0, 0)
    window.reader.verticalScrollBar().setValue(0)
    hit = SearchHit("article", 1, "t", "s", 0.0, article_id=article_id, start=start, end=start + 15)
    window.search.hitActivated.emit(hit)
    settle(window)
    cursor = window.reader.textCursor()
    assert window.reader.cursor_cp() == start and cursor.selectedText() == "Both government"
    marks = window.reader.extraSelections()
    assert len(marks) == 1 and marks[0].cursor.selectedText() == "Both government"
    rect = window.reader.cursorRect()
    assert window.reader.viewport().rect().contains(rect.center())


def test_claims_list_filters_as_you_type(window: MainWindow) -> None:
    make_claim(window)
    other = "depends on Russia for nearly half of its arms supplies"
    make_claim(window, other)
    panel = window.claims
    assert panel.proxy.rowCount() == 2
    QTest.keyClicks(panel.text_filter, "russia")
    assert panel.proxy.rowCount() == 1
    index = panel.proxy.index(0, 1)
    assert "Russia" in panel.proxy.data(index)
    panel.text_filter.setText("IMPORTER world")
    assert panel.proxy.rowCount() == 1
    assert SAMPLE_QUOTE in panel.proxy.data(panel.proxy.index(0, 1))
    panel.text_filter.setText("nothing like this")
    assert panel.proxy.rowCount() == 0
    panel.text_filter.clear()
    assert panel.proxy.rowCount() == 2
