"""Getting articles in from the window: folders with progress, refresh with a diff."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from uihelpers import ctl, reads, service, settle, trigger

from claimdesk.ui.main_window import MainWindow
from claimdesk.ui.refresh_dialog import RefreshDialog


def test_import_a_folder_in_the_background(
    window: MainWindow, tmp_path: Path, qtbot: object, answer_dialog: Callable[..., None]
) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    for i in range(3):
        (folder / f"story{i}.txt").write_text(
            f"Story {i}\n\nThe port handled {i + 2} million containers last year.", encoding="utf-8"
        )
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02" * 100)
    before = window.library.model.rowCount()
    warnings: list[str] = []

    def close_warning(dialog: QDialog) -> None:
        assert isinstance(dialog, QMessageBox)
        warnings.append(dialog.text())
        dialog.accept()

    answer_dialog(close_warning)
    ctl(window).imports.import_sources([str(folder)])
    qtbot.waitUntil(  # type: ignore[attr-defined]
        lambda: ctl(window).imports._import_worker is None and bool(warnings), timeout=30_000
    )
    settle(window)
    assert window.library.model.rowCount() == before + 3
    assert "1 could not be imported" in warnings[0]
    assert window.windowTitle().startswith("Story 2")


def test_refresh_shows_what_the_publisher_changed(
    window: MainWindow, tmp_path: Path, qtbot: object
) -> None:
    path = tmp_path / "report.txt"
    path.write_text(
        "Harbour report\n\nThe port handled 7 million containers in 2024.\n\n"
        "Its director said traffic would double by 2030.",
        encoding="utf-8",
    )
    ctl(window).imports.import_sources([str(path)])
    qtbot.waitUntil(
        lambda: (
            ctl(window).imports._import_worker is None
            and window.windowTitle().startswith(  # type: ignore[attr-defined]
                "Harbour report"
            )
        ),
        timeout=30_000,
    )
    text = window.reader.text()
    quote = "traffic would double by 2030"
    start = text.index(quote)
    from claimdesk.core import claims

    article_id = ctl(window).article.article_id or 0
    claim = service(window, claims.create_claim, article_id, start, start + len(quote), actor="t")
    path.write_text(
        "Harbour report\n\nThe port handled 7.2 million containers in 2024.\n\n"
        "Its director declined to forecast traffic.",
        encoding="utf-8",
    )
    trigger(window, ctl(window).imports.act_refresh)
    qtbot.waitUntil(
        lambda: isinstance(ctl(window).imports._refresh_dialog, RefreshDialog),  # type: ignore[attr-defined]
        timeout=30_000,
    )
    dialog = ctl(window).imports._refresh_dialog
    assert isinstance(dialog, RefreshDialog)
    listed = [dialog.claims.item(i).text() for i in range(dialog.claims.count())]
    assert any(f"Claim {claim.id}" in row and "gone" in row for row in listed)
    assert "7.2 million" in dialog.diff.toPlainText()
    assert reads(window).claim(claim.id).orphaned
    dialog.close()
    QApplication.processEvents()


def test_import_json_merges_in_the_background(
    window: MainWindow, tmp_path: Path, qtbot: object
) -> None:
    from claimdesk.core import backup
    from claimdesk.core.records import ArticleDraft
    from claimdesk.store.engine import Store

    other = Store.open(str(tmp_path / "other.sqlite3"))
    with other.session() as s:
        from claimdesk.core import articles

        articles.add_article(s, ArticleDraft(text="Port report\n\nVolumes rose 8% in 2024."))
        (tmp_path / "desk.json").write_text(backup.dumps(backup.dump_desk(s)), "utf-8")
    other.close()
    before = window.library.model.rowCount()
    ctl(window).imports.run_backup_import(tmp_path / "desk.json")
    qtbot.waitUntil(lambda: window.library.model.rowCount() == before + 1, timeout=30_000)  # type: ignore[attr-defined]
    assert "1 articles added" in window.statusBar().currentMessage()


def test_pasting_an_article_twice_asks_and_adds_a_copy_only_when_told(
    window: MainWindow, answer_dialog: Callable[..., None]
) -> None:
    from PySide6.QtGui import QGuiApplication

    QGuiApplication.clipboard().setText("Pasted twice\n\nExports rose 12% in 2025.")
    trigger(window, ctl(window).imports.act_paste)
    before = len(reads(window).articles())
    asked: list[str] = []

    def press(label: str) -> Callable[[QDialog], None]:
        def answer(dialog: QDialog) -> None:
            assert isinstance(dialog, QMessageBox)
            asked.append(dialog.text())
            next(b for b in dialog.buttons() if b.text() == label).click()

        return answer

    answer_dialog(press("Open existing"))
    trigger(window, ctl(window).imports.act_paste)
    assert "already in the desk" in asked[-1]
    assert len(reads(window).articles()) == before
    answer_dialog(press("Add a copy"))
    trigger(window, ctl(window).imports.act_paste)
    assert len(reads(window).articles()) == before + 1
