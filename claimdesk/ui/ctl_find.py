"""Find in the open article: Ctrl+F opens the find bar, F3 and Shift+F3 step through it."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from claimdesk.ui.actions import make_action
from claimdesk.ui.ctl_article import ArticleController
from claimdesk.ui.find_bar import FindBar


class FindController(QObject):
    def __init__(self, bar: FindBar, article: ArticleController, parent: QWidget) -> None:
        super().__init__(parent)
        self.bar = bar
        a = partial(make_action, parent)
        self.act_find = a(
            "&Find in article\u2026",
            bar.open_bar,
            QKeySequence.StandardKey.Find,
            "filter",
            "Find words in the open article (Ctrl+F)",
        )
        self.act_next = a(
            "Find &next",
            bar.find_next,
            QKeySequence("F3"),
            "",
            "The next match in the article (F3)",
        )
        self.act_previous = a(
            "Find pre&vious",
            bar.find_previous,
            QKeySequence("Shift+F3"),
            "",
            "The previous match in the article (Shift+F3)",
        )
        article.articleOpened.connect(lambda _aid: bar.refresh())

    def actions(self) -> list[QAction]:
        return [self.act_find, self.act_next, self.act_previous]
