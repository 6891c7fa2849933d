"""The library and the sources: lists of the desk's articles and sources, kept current
from the runner's change sets and read off the UI thread."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel

from claimdesk.core import articles, details, sources
from claimdesk.core.changes import ChangeSet
from claimdesk.core.details import LibraryPage
from claimdesk.core.records import ArticleInfo, SourceRecord
from claimdesk.ui.ctl_article import ArticleController
from claimdesk.ui.messages import Messages
from claimdesk.ui.panels import LibraryPanel, SourcesPanel
from claimdesk.ui.runner import Runner

if TYPE_CHECKING:
    from claimdesk.store.engine import Store


class LibraryController(QObject):
    def __init__(
        self,
        runner: Runner,
        library: LibraryPanel,
        sources_panel: SourcesPanel,
        counts: QLabel,
        article: ArticleController,
        messages: Messages,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.library = library
        self.sources = sources_panel
        self.counts = counts
        self.article = article
        self.messages = messages
        runner.changed.connect(self.apply_changes)
        library.openRequested.connect(article.open_article)
        library.filterChanged.connect(lambda _text: self.refresh_library())
        sources_panel.claimRequested.connect(article.select_claim)
        article.articleOpened.connect(library.select_article)

    def refresh_library(self) -> None:
        text_filter = self.library.filter.text()
        keep = self.library.model.wanted()
        self.runner.read(
            partial(details.library_page, text_filter=text_filter, limit=keep),
            partial(self._show_page, text_filter, keep),
            self.messages.error,
            what="list the articles",
        )

    def refresh_sources(self) -> None:
        self.runner.read(sources.list_sources, self._show_sources, self.messages.error)

    def _show_page(self, text_filter: str, keep: int, page: LibraryPage) -> None:
        store: Store = self.runner.store

        def more(offset: int, limit: int, text: str) -> list[ArticleInfo]:
            # later pages as the analyst scrolls (a short read of one page)
            with store.session() as session:
                return articles.list_articles(session, text_filter=text, limit=limit, offset=offset)

        self.library.model.show_first_page(list(page.rows), more, text_filter, keep)
        if self.article.article_id is not None:
            self.library.select_article(self.article.article_id)
        total = page.total
        self.counts.setText(f"{total:,} article{'s' if total != 1 else ''}")

    def _show_sources(self, rows: list[tuple[SourceRecord, list[int]]]) -> None:
        self.sources.set_sources(rows)

    def _replace_rows(self, infos: tuple[ArticleInfo, ...]) -> None:
        for info in infos:
            self.library.model.replace(info)

    def apply_changes(self, changes: ChangeSet) -> None:
        if changes.library:
            self.refresh_library()
        elif changes.articles:
            shown = frozenset(a for a in changes.articles if self.library.model.row_of(a) >= 0)
            if shown:
                self.runner.read(partial(details.article_infos, ids=shown), self._replace_rows)
        if changes.sources or changes.evidence:
            self.refresh_sources()
