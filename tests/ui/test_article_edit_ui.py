"""File › Article details and File › Delete article, through their real actions."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QMessageBox
from uihelpers import ctl, make_claim, reads, service, settle, trigger

from claimdesk.core import article_edits, articles
from claimdesk.ui.article_dialog import ArticleDialog
from claimdesk.ui.main_window import MainWindow


def _info(window: MainWindow, article_id: int) -> object:
    with ctl(window).runner.store.session() as session:
        return articles.get_article(session, article_id).info


def test_edit_details_undo_and_redo(
    window: MainWindow, answer_dialog: Callable[[Callable[[QDialog], None]], None]
) -> None:
    c = ctl(window)
    aid = c.article.article_id or 0
    seen: list[ArticleDialog] = []

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, ArticleDialog)
        seen.append(dialog)
        dialog.fields["outlet"].setText("Anadolu Agency")
        dialog.fields["published_at"].setText("2026-03-05")
        dialog.fields["title"].setText("India and France deepen defence ties")
        dialog.accept()

    answer_dialog(fill)
    trigger(window, c.article_edit.act_edit)
    assert seen, c.messages.last
    info = _info(window, aid)
    assert info.outlet == "Anadolu Agency"  # type: ignore[attr-defined]
    assert info.published_at.date().isoformat() == "2026-03-05"  # type: ignore[attr-defined]
    assert window.windowTitle().startswith("India and France deepen defence ties")
    with c.runner.store.session() as session:
        (entry,) = article_edits.article_history(session, aid)
    assert entry.actor == "tester" and set(entry.changes) == {"outlet", "published_at", "title"}
    assert window.undo_stack.undoText().startswith("Edit ")
    trigger(window, c.app.act_undo)
    assert _info(window, aid).outlet != "Anadolu Agency"  # type: ignore[attr-defined]
    trigger(window, c.app.act_redo)
    assert _info(window, aid).outlet == "Anadolu Agency"  # type: ignore[attr-defined]


def test_a_date_that_is_not_a_date_keeps_the_dialog_open(
    window: MainWindow, answer_dialog: Callable[[Callable[[QDialog], None]], None]
) -> None:
    c = ctl(window)
    aid = c.article.article_id or 0
    before = _info(window, aid)
    told: list[str] = []

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, ArticleDialog)
        dialog.fields["published_at"].setText("next Tuesday")
        dialog.accept()
        told.append(dialog.error.text())
        assert dialog.isVisible()
        dialog.reject()

    answer_dialog(fill)
    trigger(window, c.article_edit.act_edit)
    assert told and "not a date" in told[0]
    assert _info(window, aid) == before
    assert window.undo_stack.count() == 0


def test_editing_an_article_deleted_elsewhere_is_refused(
    window: MainWindow, answer_dialog: Callable[[Callable[[QDialog], None]], None]
) -> None:
    c = ctl(window)
    aid = c.article.article_id or 0

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, ArticleDialog)
        with c.runner.store.session() as session:  # another window deletes it meanwhile
            article_edits.delete_article(session, aid)
        dialog.fields["outlet"].setText("Too late")
        dialog.accept()

    answer_dialog(fill)
    trigger(window, c.article_edit.act_edit)
    assert "may have been deleted" in c.messages.last
    assert window.undo_stack.count() == 0
    assert reads(window).articles() == []


def test_delete_asks_with_counts_and_undo_brings_it_back(
    window: MainWindow, answer_dialog: Callable[[Callable[[QDialog], None]], None]
) -> None:
    c = ctl(window)
    aid = c.article.article_id or 0
    claim_id = make_claim(window)
    asked: list[str] = []

    def cancel(dialog: QDialog) -> None:
        assert isinstance(dialog, QMessageBox)
        asked.append(dialog.text())
        dialog.reject()

    answer_dialog(cancel)
    trigger(window, c.article_edit.act_delete)
    assert "1 claim(s), 0 evidence link(s) and 1 history entry" in asked[0]
    assert len(reads(window).articles()) == 1

    def yes(dialog: QDialog) -> None:
        assert isinstance(dialog, QMessageBox)
        dialog.button(QMessageBox.StandardButton.Yes).click()

    answer_dialog(yes)
    trigger(window, c.article_edit.act_delete)
    assert reads(window).articles() == []
    assert c.article.article_id is None and window.reader.text() == ""
    assert window.library.model.rowCount() == 0
    assert not c.article_edit.act_delete.isEnabled()
    trigger(window, c.app.act_undo)
    settle(window)
    assert [a.id for a in reads(window).articles()] == [aid]
    assert [x.id for x in reads(window).claims_of(aid)] == [claim_id]
    assert c.article.article_id == aid and window.claims.model.rowCount() == 1
    trigger(window, c.app.act_redo)
    assert reads(window).articles() == []
    assert c.article.article_id is None


def test_library_row_follows_an_edit_made_elsewhere(window: MainWindow) -> None:
    aid = ctl(window).article.article_id or 0
    service(window, article_edits.edit_article, aid, {"title": "A new title"}, actor="bo")
    assert window.library.model.article_at(0).title == "A new title"
