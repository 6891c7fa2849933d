"""Painting the window before the database layer is loaded.

Importing SQLAlchemy, SQLModel and pydantic costs more than half a second, and only
edits need them.  On a local desk at the current schema the window is therefore first
filled from ``core.quickread`` (the standard library's sqlite3, read-only): the library's
first page and the last article with its claims.  Then those modules are imported on a
thread, and once they are there the store and the controllers are made on the UI thread
and take over what is shown, without painting it again.
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer

from claimdesk.core.quickread import QuickDesk
from claimdesk.ui.main_window import MainWindow

log = logging.getLogger(__name__)

# Qt-free modules only: nothing that touches Qt may be imported off the UI thread.
LATER = (
    "sqlalchemy",
    "sqlalchemy.orm",
    "pydantic",
    "sqlmodel",
    "claimdesk.store.models",
    "claimdesk.store.engine",
    "claimdesk.core.articles",
    "claimdesk.core.claims",
    "claimdesk.core.groups",
    "claimdesk.core.search",
    "claimdesk.core.edits",
    "claimdesk.core.details",
)
PAGE = 400  # the library model's first page


@dataclass(frozen=True)
class Shown:
    article_id: int | None
    title: str


def paint(window: MainWindow, quick: QuickDesk, wanted: int | None) -> Shown:
    """Fill the library, the reader and the Claims list from a read-only look at the desk."""
    rows = quick.list_articles(limit=PAGE)
    total = quick.count_articles()
    window.library.model.set_articles(rows)
    window.counts_label.setText(f"{total:,} article{'s' if total != 1 else ''}")
    window.sources.set_sources(quick.list_sources())
    article_id = wanted if wanted is not None and quick.has_article(wanted) else None
    if article_id is None and rows:
        article_id = rows[0].id
    if article_id is None:
        return Shown(None, "")
    doc = quick.get_article(article_id)
    claims = quick.list_claims(article_id)
    window.reader.show_article(doc.text, claims, markdown=doc.raw_media_type == "text/markdown")
    window.claims.model.set_claims(claims)
    window.library.select_article(article_id)
    window.setWindowTitle(f"{doc.info.title} \u2014 claimdesk")
    return Shown(article_id, doc.info.title)


class LaterImports(QObject):
    """Imports ``LATER`` on a thread; ``then()`` runs on the UI thread when they are in."""

    def __init__(self, then: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._then = then
        self._failed: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="claimdesk-imports", daemon=True)
        self._timer = QTimer(self)
        self._timer.setInterval(10)
        self._timer.timeout.connect(self._check)

    def start(self) -> None:
        self._thread.start()
        self._timer.start()

    def _run(self) -> None:
        try:
            for name in LATER:
                importlib.import_module(name)
        except BaseException as exc:  # reported on the UI thread, where it can be shown
            self._failed = exc

    def _check(self) -> None:
        if self._thread.is_alive():
            return
        self._timer.stop()
        if self._failed is not None:
            log.error("importing the database layer failed", exc_info=self._failed)
        self._then()  # the store's own imports then raise, and are shown, on this thread
