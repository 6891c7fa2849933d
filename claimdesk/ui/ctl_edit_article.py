"""The open article's details and its deletion: File › Article details…, File › Delete
article….  Both go through the runner and the undo history like every edit."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from claimdesk.core import article_edits, articles, corrections
from claimdesk.core.article_edits import ArticleEditEntry, DeleteCounts, DeletedArticle
from claimdesk.core.records import ArticleInfo
from claimdesk.ui.actions import make_action
from claimdesk.ui.article_dialog import ArticleDialog
from claimdesk.ui.commands import EditCommand, History, Op, short
from claimdesk.ui.ctl_article import ArticleController
from claimdesk.ui.messages import Messages
from claimdesk.ui.runner import Conflict, Done, Outcome, Runner


class EditArticle(EditCommand):
    """Undo and redo check the fields still hold what this command set (a team-mate's
    later change is never overwritten)."""

    def __init__(
        self, history: History, article_id: int, before: dict[str, Any], after: dict[str, Any]
    ) -> None:
        names = ", ".join(article_edits.LABELS[n] for n in after)
        super().__init__(history, f"Edit {names} of article {article_id}", article_id)
        self.target = article_id
        self.before, self.after = before, after

    def _set(self, expect: dict[str, Any], values: dict[str, Any]) -> Op:
        return partial(
            corrections.edit_article,
            article_id=self.target,
            changes=values,
            expect=expect,
            actor=self.history.actor(),
        )

    def forward(self) -> Op:
        return self._set(self.before, self.after)

    def backward(self) -> Op:
        return self._set(self.after, self.before)


class DeleteArticle(EditCommand):
    def __init__(
        self,
        history: History,
        deleted: DeletedArticle,
        shown: Callable[[int | None, int | None], None],
    ) -> None:
        # no article to bring into view: it is the one that goes and comes back
        super().__init__(history, f"Delete article \u201c{short(deleted.title)}\u201d", None)
        self.deleted = deleted
        self.shown = shown

    def forward(self) -> Op:
        return partial(corrections.delete_article, article_id=self.deleted.article_id)

    def forward_done(self, value: Any) -> None:
        self.deleted = value
        self.shown(None, self.deleted.article_id)

    def backward(self) -> Op:
        return partial(corrections.restore_article, deleted=self.deleted)

    def backward_done(self, value: Any) -> None:
        self.shown(self.deleted.article_id, None)


def _details(session: Any, article_id: int) -> tuple[ArticleInfo, list[ArticleEditEntry]]:
    info = articles.get_article(session, article_id).info
    return info, article_edits.article_history(session, article_id)


class ArticleEditController(QObject):
    titleChanged = Signal(str)

    def __init__(
        self,
        runner: Runner,
        history: History,
        article: ArticleController,
        messages: Messages,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.history = history
        self.article = article
        self.messages = messages
        self.parent_widget = parent
        a = partial(make_action, parent)
        self.act_edit = a(
            "Article &details\u2026",
            self.edit_details,
            QKeySequence("Ctrl+Shift+I"),
            "",
            "Correct the open article's title, outlet, author, date, address or place "
            "(Ctrl+Shift+I)",
        )
        self.act_delete = a(
            "De&lete article\u2026",
            self.delete_article,
            QKeySequence("Ctrl+Shift+Del"),
            "delete",
            "Delete the open article with its claims, evidence links and history "
            "(Ctrl+Shift+Del; Ctrl+Z brings it back)",
        )
        article.articleOpened.connect(lambda _aid: self.update_actions())
        self.update_actions()

    def actions(self) -> list[QAction]:
        return [self.act_edit, self.act_delete]

    def update_actions(self) -> None:
        has = self.article.article_id is not None
        self.act_edit.setEnabled(has)
        self.act_delete.setEnabled(has)

    # details ----------------------------------------------------------------------------
    def edit_details(self) -> None:
        article_id = self.article.article_id
        if article_id is None:
            self.messages.error("Open an article first.")
            return
        self.runner.read(
            partial(_details, article_id=article_id),
            lambda found: self._ask(article_id, *found),
            self.messages.error,
            what="read the article's details",
        )

    def _ask(self, article_id: int, info: ArticleInfo, past: list[ArticleEditEntry]) -> None:
        dialog = ArticleDialog(info, past, self.parent_widget)
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.changes():
            return
        before, after = dialog.seen(), dialog.changes()
        command = EditArticle(self.history, article_id, before, after)

        def done(outcome: Outcome) -> None:
            if isinstance(outcome, Done):
                self.history.push(command)
                self._retitle(outcome.value)
                self.messages.info(f"Saved: {command.text()}")
            elif isinstance(outcome, Conflict):
                self.messages.error(
                    f"{outcome.message} Open Article details again to see their change."
                )
            else:
                self.messages.error(outcome.message)

        self.runner.run(command.forward(), done, what="save the article's details")

    def _retitle(self, info: ArticleInfo) -> None:
        if info.id == self.article.article_id and info.title != self.article.title:
            self.article.title = info.title
            self.titleChanged.emit(info.title)

    # deleting ---------------------------------------------------------------------------
    def delete_article(self) -> None:
        article_id = self.article.article_id
        if article_id is None:
            self.messages.error("Open an article first.")
            return
        title = self.article.title
        self.runner.read(
            partial(article_edits.delete_counts, article_id=article_id),
            lambda counts: self._confirm(article_id, title, counts),
            self.messages.error,
            what="count what the article holds",
        )

    def _confirm(self, article_id: int, title: str, counts: DeleteCounts) -> None:
        answer = QMessageBox.question(
            self.parent_widget,
            "Delete article",
            f"Delete \u201c{title}\u201d with its {counts.sentence()}?\n\n"
            "Sources stay on the desk. Edit \u203a Undo brings the article back while "
            "the window is open.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return

        def done(outcome: Outcome) -> None:
            if not isinstance(outcome, Done):
                self.messages.error(outcome.message)
                return
            deleted: DeletedArticle = outcome.value
            self.history.push(DeleteArticle(self.history, deleted, self._show))
            self._show(None, article_id)
            self.messages.info(
                f"Deleted \u201c{short(title, 50)}\u201d with its {counts.sentence()} "
                "(Ctrl+Z brings it back)",
                8000,
            )

        self.runner.run(
            partial(corrections.delete_article, article_id=article_id),
            done,
            what="delete the article",
        )

    def _show(self, article_id: int | None, gone: int | None = None) -> None:
        """After a delete (None) leave the reader empty if it showed that article; after
        an undo open the article brought back."""
        if article_id is not None:
            self.article.open_article(article_id)
            return
        if gone is None or self.article.article_id == gone:
            self.article.clear()
            self.update_actions()
