"""Every action of the menus and the toolbar, pressed the way an analyst presses it.

Each action is triggered through its shortcut (or ``trigger()`` where it has none) with a
claim selected, and the test checks what the analyst would see: a dialog opened, a row
changed, a status set.  An action that has no check here fails the test, so a new
action cannot be added without being walked through.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QInputDialog,
    QMenu,
    QMessageBox,
    QWidget,
)
from uihelpers import FileManager, ctl, make_window, open_article, reads, service, settle

from claimdesk.core.vocab import STATUS_INFO
from claimdesk.logs import log_dir
from claimdesk.ui.about import AboutDialog
from claimdesk.ui.article_dialog import ArticleDialog
from claimdesk.ui.checked_elsewhere import BatchesDialog
from claimdesk.ui.ctl_help import ShortcutsDialog
from claimdesk.ui.dialogs import (
    AddSourceDialog,
    LinkEvidenceDialog,
    RationaleDialog,
    SettingsDialog,
)
from claimdesk.ui.export_dialog import ExportDialog
from claimdesk.ui.main_window import MainWindow
from claimdesk.ui.source_dialogs import EditSourceDialog, MergeSourceDialog

QUOTE = "the world's largest arms importer"


def all_actions(window: MainWindow) -> list[QAction]:
    """The actions of every menu (and submenu) and of every toolbar, once each."""
    seen: list[QAction] = []

    def walk(menu: QMenu) -> None:
        for act in menu.actions():
            if act.menu() is not None:
                walk(act.menu())  # type: ignore[arg-type]
            elif not act.isSeparator() and act not in seen:
                seen.append(act)

    for top in window.menuBar().actions():
        if top.menu() is not None:
            walk(top.menu())  # type: ignore[arg-type]
    from PySide6.QtWidgets import QToolBar

    for bar in window.findChildren(QToolBar):
        for act in bar.actions():
            if not act.isSeparator() and act not in seen:
                seen.append(act)
    return seen


def name(act: QAction) -> str:
    return act.text().replace("&", "").removesuffix("\u2026").split("  ")[0]


class Driver:
    """Presses an action's keys on the active window and answers what it opens."""

    def __init__(self, window: MainWindow, qtbot: object) -> None:
        self.window = window
        self.qtbot = qtbot
        self.opened: list[QWidget] = []

    def press(self, act: QAction, answer: Callable[[QWidget], None] | None = None) -> None:
        def poll() -> None:
            if not pending[0]:
                return  # that press is over: this dialog is another one's
            widget = QApplication.activeModalWidget()
            if isinstance(widget, QDialog):
                self.opened.append(widget)
                if answer is not None:
                    answer(widget)
                else:
                    widget.reject()
            elif pending[0]:
                QTimerSingle(poll)

        pending = [True]
        QTimerSingle(poll)
        keys = act.shortcut()
        assert act.isEnabled(), f"{name(act)} is disabled with a claim selected"
        if keys.isEmpty():
            act.trigger()
        else:
            self.window.activateWindow()
            assert QTest.qWaitForWindowActive(self.window, 2000)
            combo = keys[0]
            # from the reader, where the analyst reads (in a text field Ctrl+Z undoes the
            # typing, as it should; Delete works where the claims are listed)
            if act.shortcutContext() == Qt.ShortcutContext.WidgetWithChildrenShortcut:
                target: QWidget = self.window.claims.view
                self.window.claims_dock.raise_()
            else:
                target = self.window.reader
            target.setFocus()
            QApplication.processEvents()
            assert QApplication.focusWidget() is target, QApplication.focusWidget()
            QTest.keyClick(target, combo.key(), combo.keyboardModifiers())
        settle(self.window)
        pending[0] = False


def QTimerSingle(fn: Callable[[], None]) -> None:
    from PySide6.QtCore import QTimer

    QTimer.singleShot(20, fn)


@pytest.fixture
def window(qtbot: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[MainWindow]:
    monkeypatch.setenv("HOME", str(tmp_path))  # Settings are saved under a temporary home
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    w = make_window(tmp_path / "desk.sqlite3", tmp_path / "window.ini", pipeline="blank")
    qtbot.addWidget(w)  # type: ignore[attr-defined]
    w.show()
    open_article(w)
    qtbot.waitUntil(lambda: bool(w.suggestions.suggestions()), timeout=60_000)  # type: ignore[attr-defined]
    yield w
    w.close()
    ctl(w).runner.store.close()


def select_words(window: MainWindow, quote: str) -> None:
    start = window.reader.text().index(quote)
    window.reader.select_span(start, start + len(quote))
    settle(window)


def check_archive_actions(
    window: MainWindow,
    drive: Driver,
    check: Callable[[str], QAction],
    claim_id: int,
    tmp_path: Path,
) -> None:
    """Review changed wording, Versions, Capture source again, Open archived copy and
    Attach file as snapshot, against a local HTTP server and a real file."""
    from archive_http import PAGE, serve

    from claimdesk.core import refresh, sources
    from claimdesk.core.records import ArticleDraft
    from claimdesk.core.sources import SourceDraft
    from claimdesk.ui.archive_view import ArchivedCopyView
    from claimdesk.ui.versions_view import VersionsDialog
    from claimdesk.ui.wording_box import ReviewDialog

    c = ctl(window)
    assert c.archive is not None
    article_id = c.article.article_id or 0
    text = window.reader.text()
    quoted = reads(window).claim(claim_id).anchor.exact  # as the span actions left it
    assert "largest" in quoted
    changed = text.replace(quoted, quoted.replace("largest", "second-biggest"), 1)
    service(window, refresh.refresh_article, article_id, ArticleDraft(text=changed), actor="ed")
    assert reads(window).claim(claim_id).wording_before == quoted
    c.article.select_claim(claim_id)
    settle(window)
    note = window.inspector.wording.text()
    assert "Needs re-check" in note and "biggest" in note  # a verdict given on other words
    row_text = window.claims.model.index(0, 1).data()
    assert "Needs re-check" in row_text

    def keep(dialog: QWidget) -> None:
        assert isinstance(dialog, ReviewDialog)
        dialog.accept()

    drive.press(check("Review changed wording"), keep)
    assert reads(window).claim(claim_id).wording_before is None, c.messages.last

    drive.press(check("Versions"))
    versions = c.archive._windows[-1]
    assert isinstance(versions, VersionsDialog)
    settle(window)
    assert versions.table.rowCount() == 2
    versions.close()

    with serve() as web:
        source = service(
            window, sources.add_source, SourceDraft(url=web.url("/page"), title="Trade page")
        )
        service(window, sources.link_evidence, claim_id, source.id, "context", actor="t")
        c.article.select_claim(claim_id)
        settle(window)
        rows = [window.inspector.evidence.item(i) for i in range(window.inspector.evidence.count())]
        row = next(i for i, it in enumerate(rows) if "Trade page" in it.text())
        window.inspector.evidence.setCurrentRow(row)
        drive.press(check("Capture source again"))

        def archived() -> bool:
            settle(window)
            return reads(window).source_snapshots(source.id) == 1

        drive.qtbot.waitUntil(archived, timeout=20_000)  # type: ignore[attr-defined]
    window.inspector.evidence.setCurrentRow(row)
    drive.press(check("Open archived copy"))
    copy = c.archive._windows[-1]
    assert isinstance(copy, ArchivedCopyView) and "fell by 11" in copy.text.toPlainText()
    copy.close()

    saved = tmp_path / "saved-page.html"
    saved.write_bytes(PAGE.replace(b"11 percent", b"12 percent"))

    def choose(dialog: QWidget) -> None:
        from PySide6.QtWidgets import QLineEdit

        assert isinstance(dialog, QFileDialog)
        name = dialog.findChild(QLineEdit, "fileNameEdit")  # typed, as the analyst would
        assert name is not None
        name.setText(str(saved))
        dialog.accept()

    window.inspector.evidence.setCurrentRow(row)
    drive.press(check("Attach file as snapshot"), choose)

    def attached() -> bool:
        settle(window)
        return reads(window).source_snapshots(source.id) == 2

    drive.qtbot.waitUntil(attached, timeout=20_000)  # type: ignore[attr-defined]


def test_every_action_does_what_it_says(window: MainWindow, qtbot: object, tmp_path: Path) -> None:
    c = ctl(window)
    drive = Driver(window, qtbot)
    actions = {name(a): a for a in all_actions(window)}
    checked: set[str] = set()

    def check(label: str) -> QAction:
        checked.add(label)
        return actions[label]

    def claim_now() -> int:
        claim = window.inspector.claim()
        assert claim is not None
        return claim.id

    article_id = c.article.article_id or 0

    # claims --------------------------------------------------------------------------------
    select_words(window, QUOTE)
    drive.press(check("Make claim"))
    first = claim_now()
    assert reads(window).claim(first).anchor.exact == QUOTE
    assert window.claims.model.rowCount() == 1

    select_words(window, "largest arms importer")
    drive.press(check("Set quote to selection"))
    assert reads(window).claim(first).anchor.exact == "largest arms importer"
    select_words(window, "arms importer")
    drive.press(check("Split claim at selection"))
    assert sorted(x.anchor.exact for x in reads(window).claims_of(article_id)) == [
        "arms importer",
        "largest",
    ]
    c.article.select_claim(first)
    settle(window)
    drive.press(check("Merge with next claim"))
    assert [x.anchor.exact for x in reads(window).claims_of(article_id)] == [
        "largest arms importer"
    ]
    assert claim_now() == first

    def new_source(dialog: QWidget) -> None:
        assert isinstance(dialog, LinkEvidenceDialog)
        dialog.new_source.url.setText("https://sipri.example/trends")
        dialog.new_source.title.setText("Trends in arms transfers")
        dialog.excerpt.setPlainText("India was the largest importer")
        dialog.accept()

    drive.press(check("Link evidence"), new_source)
    assert len(reads(window).evidence(first)) == 1, (drive.opened, c.messages.last)
    assert window.inspector.evidence.count() == 1

    def rationale(dialog: QWidget) -> None:
        assert isinstance(dialog, RationaleDialog)
        dialog.text.setPlainText("SIPRI's figures agree.")
        dialog.accept()

    for status, info in STATUS_INFO.items():
        drive.opened.clear()
        drive.press(check(info.label), rationale if info.is_verdict else None)
        assert reads(window).claim(first).status == status.value, (
            c.messages.last,
            drive.opened,
            QApplication.focusWidget(),
        )
        assert window.inspector.status.currentData() == status.value
    stack = window.undo_stack
    texts = [stack.text(i) for i in range(stack.count())]
    drive.press(check("Undo"))
    assert reads(window).claim(first).status == "misleading", (texts, c.messages.last)
    drive.press(check("Redo"))
    assert reads(window).claim(first).status == "unverifiable"

    window.inspector.evidence.setCurrentRow(0)
    drive.press(check("Unlink evidence"))
    assert reads(window).evidence(first) == []

    def add_source(dialog: QWidget) -> None:
        assert isinstance(dialog, AddSourceDialog)
        dialog.form.url.setText("https://example.org/census")
        dialog.form.title.setText("Census tables")
        dialog.accept()

    before = window.sources.table.rowCount()
    drive.press(check("Add source"), add_source)
    assert window.sources.table.rowCount() == before + 1

    # published fact-checks ------------------------------------------------------------------
    drive.opened.clear()
    drive.press(check("Import published fact-checks"))
    assert drive.opened and isinstance(drive.opened[0], QFileDialog)
    feed = tmp_path / "checks.jsonld"
    feed.write_text(json.dumps({"@type": "ClaimReview", "url": "https://checks.example/1",
        "claimReviewed": "India is the world's largest arms importer",
        "author": {"@type": "Organization", "name": "Checkers"}, "datePublished": "2026-01-05",
        "reviewRating": {"@type": "Rating", "ratingValue": 5, "bestRating": 5, "worstRating": 1,
                         "alternateName": "True"}}), encoding="utf-8")  # fmt: skip
    c.checks.import_source(str(feed))
    settle(window)
    qtbot.waitUntil(lambda: window.inspector.checked.list.count() == 1, timeout=60_000)  # type: ignore[attr-defined]
    drive.opened.clear()
    drive.press(check("Published fact-checks library"))
    assert drive.opened and isinstance(drive.opened[0], BatchesDialog)
    drive.press(check("Link published check as evidence"))
    linked = reads(window).evidence(first)
    assert [(e.source.kind, e.stance) for e in linked] == [("fact_check", "supports")]
    assert "Checkers" in linked[0].excerpt and "True" in linked[0].excerpt
    drive.opened.clear()
    drive.press(check("Look up online"))  # off by default: the item says why, pressing explains
    assert "off in Settings" in actions["Look up online"].text()
    assert drive.opened and isinstance(drive.opened[0], QMessageBox)

    def source_id(title: str) -> int:
        return next(s.id for s, _ in reads(window).sources() if s.title == title)

    census, sipri = source_id("Census tables"), source_id("Trends in arms transfers")
    window.sources.select_source(census)

    def edit_source(dialog: QWidget) -> None:
        assert isinstance(dialog, EditSourceDialog)
        dialog.form.title.setText("Census tables 2025")
        dialog.accept()

    drive.press(check("Edit source"), edit_source)
    assert source_id("Census tables 2025") == census

    def merge_into_sipri(dialog: QWidget) -> None:
        assert isinstance(dialog, MergeSourceDialog)
        dialog.target.setCurrentIndex(dialog.target.findData(sipri))
        dialog.accept()

    window.sources.select_source(census)
    drive.press(check("Merge source into"), merge_into_sipri)
    assert census not in [s.id for s, _ in reads(window).sources()]
    window.sources.select_source(sipri)
    drive.press(check("Delete source"))  # no evidence cites it since the unlink
    assert sipri not in [s.id for s, _ in reads(window).sources()]

    # suggestions ----------------------------------------------------------------------------
    drive.press(check("Next suggestion"))
    current = window.suggestions.selected()
    assert current is not None
    drive.press(check("Previous suggestion"))
    assert window.suggestions.selected() is not None
    shown = len(window.suggestions.suggestions())
    drive.press(check("Dismiss suggestion"))
    assert len(window.suggestions.suggestions()) == shown - 1
    window.suggestions.table.setCurrentCell(0, 0)
    n_claims = len(reads(window).claims_of(article_id))
    drive.press(check("Accept suggestion"))
    assert len(reads(window).claims_of(article_id)) == n_claims + 1

    # one claim and one dismissal are too few to adapt to; nothing to roll back to yet
    # (tests/ui/test_adapt_ui.py adapts a desk with enough decisions)
    said: list[str] = []  # message by message: a later one replaces it in the status bar
    window.statusBar().messageChanged.connect(said.append)

    def told(text: str) -> None:
        qtbot.waitUntil(lambda: any(text in m for m in said), timeout=60_000)  # type: ignore[attr-defined]

    drive.press(check("Adapt to this desk"))
    told("Not enough decisions to adapt to yet")
    drive.press(check("Roll back adaptation"))
    told("There is no earlier model to roll back to.")
    drive.press(check("Use the shipped model"))
    told("The shipped model is already in use.")

    c.article.select_claim(first)
    settle(window)
    drive.press(check("Delete claim"))
    assert first not in [x.id for x in reads(window).claims_of(article_id)]
    drive.press(actions["Undo"])
    assert first in [x.id for x in reads(window).claims_of(article_id)]
    c.article.select_claim(first)
    settle(window)

    # finding ---------------------------------------------------------------------------------
    drive.press(check("Search the desk"))
    assert window.search_dock.isVisible() and window.search.query.hasFocus()
    drive.press(check("Find in article"))
    assert window.find_bar.isVisible() and window.find_bar.query.hasFocus()
    window.find_bar.query.setText("India")
    found = list(window.find_bar.matches)
    assert len(found) > 2
    drive.press(check("Find next"))
    assert window.reader.cursor_cp() == found[window.find_bar.current]
    at = window.find_bar.current
    drive.press(check("Find previous"))
    assert window.find_bar.current == (at - 1) % len(found)
    window.find_bar.close_bar()

    # files, dialogs and the desk -----------------------------------------------------------------
    for label, kind in (
        ("Open", QFileDialog),
        ("Import folder", QFileDialog),
        ("Open web address", QInputDialog),
    ):
        drive.opened.clear()
        drive.press(check(label))
        assert drive.opened and isinstance(drive.opened[0], kind), label
    drive.opened.clear()
    drive.press(check("Import JSON"))
    assert drive.opened and isinstance(drive.opened[0], QFileDialog)
    for label, kind in (
        ("Export", ExportDialog),
        ("Settings", SettingsDialog),
        ("About claimdesk", AboutDialog),
        ("Keyboard shortcuts", ShortcutsDialog),
    ):
        drive.opened.clear()
        drive.press(check(label))
        assert drive.opened and isinstance(drive.opened[0], kind), label

    QGuiApplication.clipboard().setText("Pasted report\n\nExports rose 12% in 2025.")
    rows = len(reads(window).articles())
    drive.press(check("Paste as new article"))
    assert len(reads(window).articles()) == rows + 1
    assert window.windowTitle().startswith("Pasted report")

    drive.press(check("Refresh article"))  # pasted text has nowhere to be fetched from
    assert "refresh" in c.messages.last.lower() or "fetch" in c.messages.last.lower()

    def details(dialog: QWidget) -> None:
        assert isinstance(dialog, ArticleDialog)
        dialog.fields["outlet"].setText("Clipboard Weekly")
        dialog.accept()

    pasted = c.article.article_id
    drive.press(check("Article details"), details)
    assert [a.outlet for a in reads(window).articles() if a.id == pasted] == ["Clipboard Weekly"]

    def yes(dialog: QWidget) -> None:
        assert isinstance(dialog, QMessageBox) and "0 claim(s)" in dialog.text()
        dialog.button(QMessageBox.StandardButton.Yes).click()

    drive.press(check("Delete article"), yes)
    assert pasted not in [a.id for a in reads(window).articles()]
    assert c.article.article_id is None
    # changed wording and the evidence archive ---------------------------------------------
    open_article(window, article_id)
    check_archive_actions(window, drive, check, first, tmp_path)

    for dock in (
        window.search_dock,
        window.library_dock,
        window.sources_dock,
        window.claims_dock,
        window.suggestions_dock,
        window.inspector_dock,
    ):
        act = dock.toggleViewAction()
        was = dock.isVisible()
        drive.press(check(name(act)))
        assert dock.isVisible() != was, name(act)
        drive.press(act)

    manager = FileManager()
    QDesktopServices.setUrlHandler("file", manager, "show")
    try:
        drive.press(check("Open log folder"))
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert [u.toLocalFile() for u in manager.opened] == [str(log_dir())]

    drive.press(check("Quit"))
    assert not window.isVisible()

    unchecked = set(actions) - checked
    assert not unchecked, f"actions with no check in this test: {sorted(unchecked)}"


def test_shortcuts_are_unique(window: MainWindow) -> None:
    seen: dict[str, str] = {}
    for act in all_actions(window):
        for keys in act.shortcuts():
            text = keys.toString(QKeySequence.SequenceFormat.PortableText)
            assert text not in seen, f"{text} is both {seen[text]} and {name(act)}"
            seen[text] = name(act)
