"""A layout that gives way: the reader at 1024×700, the Suggestions panel, the Library's
rows, Help › Keyboard shortcuts, File › Open web address and Settings › Appearance."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QInputDialog
from uihelpers import ctl, make_window, open_article, service, settle, trigger

from claimdesk.config import Settings
from claimdesk.core import article_edits, articles
from claimdesk.core.records import ArticleDraft, Suggestion
from claimdesk.ui.ctl_help import ShortcutsDialog, shortcut_rows
from claimdesk.ui.dialogs import SettingsDialog
from claimdesk.ui.main_window import MainWindow

Answer = Callable[[Callable[[QDialog], None]], None]


def chars_a_line(window: MainWindow) -> int:
    """The characters of the first line of the longest paragraph, as laid out."""
    best = 0
    block = window.reader.document().begin()
    while block.isValid():
        layout = block.layout()
        if layout.lineCount() > 1:
            best = max(best, layout.lineAt(0).textLength())
        block = block.next()
    return best


def room_after_resize(window: MainWindow, width: int, height: int) -> int:
    """Resize as the analyst does and give the docks time to give way (a loaded machine
    may take a while); the characters a line then."""
    window.resize(width, height)
    end = time.monotonic() + 10
    while time.monotonic() < end and chars_a_line(window) < 60:
        wait_layout(0.1)
    return chars_a_line(window)


def wait_layout(seconds: float = 0.3) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.01)


def test_the_reader_keeps_sixty_characters_at_1024_by_700(window: MainWindow) -> None:
    wait_layout(0.2)
    chars = room_after_resize(window, 1024, 700)
    assert window.width() <= 1024
    assert chars >= 60, (window.reader.width(), window.library_dock.width())
    # every dock is still there, one click away
    for dock in (window.library_dock, window.claims_dock, window.inspector_dock):
        assert not dock.isHidden() or dock.toggleViewAction().isChecked()


def test_the_layout_is_restored(tmp_path: Path, qtbot: object) -> None:
    ini = tmp_path / "w.ini"
    w = make_window(tmp_path / "d.sqlite3", ini)
    w.show()
    open_article(w)
    wait_layout(0.2)  # shown, as the analyst sees it, before they make it smaller
    assert room_after_resize(w, 1024, 700) >= 60
    w.close()
    ctl(w).runner.store.close()
    again = make_window(tmp_path / "d.sqlite3", ini)
    again.show()
    open_article(again)
    wait_layout()
    try:
        # the layout that gave way comes back as it was left (the offscreen screen is
        # 800 pixels wide, so the window itself is sized again to 1024 here)
        right = Qt.DockWidgetArea.RightDockWidgetArea
        assert again.dockWidgetArea(again.library_dock) == right
        assert QSettings(str(ini), QSettings.Format.IniFormat).value("window/state") is not None
        assert room_after_resize(again, 1024, 700) >= 60
    finally:
        again.close()
        ctl(again).runner.store.close()


def test_suggestions_wrap_and_show_score_kinds_and_claimant(window: MainWindow) -> None:
    text = window.reader.text()
    quote = (
        "India is the world's largest arms importer and depends on Russia for nearly half "
        "of its arms supplies"
    )
    start = text.index(quote)
    s = Suggestion(start, start + len(quote), quote, start, start + len(quote), 0.91,
                   ("quantity", "comparison"), "SIPRI", {}, "a number", "test")  # fmt: skip
    window.suggestions_dock.raise_()
    window.suggestions.set_suggestions([s])
    table = window.suggestions.table

    def lines() -> float:
        return table.rowHeight(0) / table.fontMetrics().lineSpacing()

    end = time.monotonic() + 10  # rows take their height after a short debounce
    while time.monotonic() < end and lines() < 3:
        wait_layout(0.1)
    item = window.suggestions.table.item(0, 0)
    assert item is not None
    shown = item.text()
    assert quote in shown and "0.91" in shown and "claimant: SIPRI" in shown
    assert "Quantity" in shown
    assert table.wordWrap() and table.textElideMode() == Qt.TextElideMode.ElideNone
    assert lines() >= 3  # the words wrapped onto lines of their own, nothing cut


def test_library_dates_say_which_and_one_click_opens(window: MainWindow) -> None:
    model = window.library.model
    assert model.data(model.index(0, 2)).startswith("imported ")
    aid = ctl(window).article.article_id or 0
    service(window, article_edits.edit_article, aid, {"published_at": "2026-03-05"}, actor="t")
    assert model.data(model.index(0, 2)) == "published 2026-03-05"
    other = service(
        window, articles.add_article, ArticleDraft(text="Second story.\n\nWages rose 4%.")
    )
    settle(window)
    row = model.row_of(other.id)
    view = window.library.view
    rect = view.visualRect(model.index(row, 0))
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    settle(window)
    assert ctl(window).article.article_id == other.id
    selected = view.selectionModel().selectedRows()
    assert [model.article_at(i.row()).id for i in selected] == [other.id]
    ctl(window).article.open_article(aid)
    settle(window)
    selected = view.selectionModel().selectedRows()
    assert [model.article_at(i.row()).id for i in selected] == [aid]


def test_keyboard_shortcuts_come_from_the_actions(
    window: MainWindow, answer_dialog: Answer
) -> None:
    rows = shortcut_rows(window)
    keys = {label: k for _menu, label, k in rows}
    assert keys["Find in article\u2026"] and keys["Search the desk\u2026"]
    assert keys["Make claim"] == ctl(window).claims.act_make.shortcut().toString(
        ctl(window).claims.act_make.shortcut().SequenceFormat.NativeText
    )
    assert any(menu.startswith("Claim \u203a Sources") for menu, _l, _k in rows)
    seen: list[int] = []

    def look(dialog: QDialog) -> None:
        assert isinstance(dialog, ShortcutsDialog)
        seen.append(dialog.table.rowCount())
        dialog.filter.setText("split")
        visible = [r for r in range(dialog.table.rowCount()) if not dialog.table.isRowHidden(r)]
        assert [dialog.table.item(r, 1).text() for r in visible] == ["Split claim at selection"]
        dialog.reject()

    answer_dialog(look)
    trigger(window, ctl(window).help.act_shortcuts)
    assert seen == [len(rows)]


class _Article(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = (
            b"Port traffic doubles\n\nBy Ana Ruiz, Harbour News\n\n"
            b"The port handled 7 million containers."
        )
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def local_site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Article)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/story.txt"
    server.shutdown()
    server.server_close()


def test_open_web_address(
    window: MainWindow, answer_dialog: Answer, local_site: str, qtbot: object
) -> None:
    def give(url: str) -> Callable[[QDialog], None]:
        def fill(dialog: QDialog) -> None:
            assert isinstance(dialog, QInputDialog)
            dialog.setTextValue(url)
            dialog.accept()

        return fill

    answer_dialog(give("not an address"))
    trigger(window, ctl(window).help.act_open_url)
    assert "is not a web address" in ctl(window).messages.last
    answer_dialog(give(local_site))
    trigger(window, ctl(window).help.act_open_url)
    qtbot.waitUntil(lambda: window.windowTitle().startswith("Port traffic doubles"), timeout=30_000)  # type: ignore[attr-defined]
    settle(window)
    with ctl(window).runner.store.session() as session:
        info = articles.get_article(session, ctl(window).article.article_id or 0).info
    assert (info.author, info.outlet) == ("Ana Ruiz", "Harbour News")


def test_settings_appearance_dark_and_back(
    window: MainWindow, answer_dialog: Answer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    app = QApplication.instance()
    assert isinstance(app, QApplication)

    def choose(value: str) -> Callable[[QDialog], None]:
        def fill(dialog: QDialog) -> None:
            assert isinstance(dialog, SettingsDialog)
            dialog.appearance.setCurrentIndex(dialog.appearance.findData(value))
            dialog.accept()

        return fill

    try:
        answer_dialog(choose("dark"))
        trigger(window, ctl(window).app.act_settings)
        assert window.settings.appearance == "dark"
        assert Settings.load().appearance == "dark"
        assert app.palette().color(QPalette.ColorRole.Window).lightness() < 80
        answer_dialog(choose("light"))
        trigger(window, ctl(window).app.act_settings)
        assert app.palette().color(QPalette.ColorRole.Window).lightness() > 180
    finally:
        from claimdesk.ui.theme import apply_theme

        apply_theme(app, "light")
        QGuiApplication.processEvents()
