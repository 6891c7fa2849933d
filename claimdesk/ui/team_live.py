"""Live updates on a team desk: poll the change feed off the UI thread and apply what
team-mates changed without disturbing the analyst's selection or unsaved text.

A failed poll means the server cannot be reached: the banner shows and edits are
refused (the inspector keeps what was typed).  The next poll that succeeds hides it and
catches up from the last cursor, so nothing that changed meanwhile is missed.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal

from claimdesk.core.team import POLL_SECONDS, Changes
from claimdesk.errors import ClaimdeskError, NotFoundError
from claimdesk.ui.team_banner import TeamBanner, install
from claimdesk.ui.workers import Worker

ERROR = "error"


class TeamLink(QObject):
    """The window's link to a team desk: poller, banner and online state."""

    onlineChanged = Signal(bool)
    polled = Signal()  # after every poll, applied or failed (tests wait for it)

    def __init__(self, window: Any, interval: float = POLL_SECONDS) -> None:
        super().__init__(window)
        self.window = window
        self.store = window.desk.store
        self.cursor: int | None = None
        self.offline = False
        self._worker: Worker | None = None
        self._stopped = False
        self.banner: TeamBanner = install(window)
        self.timer = QTimer(self)
        self.timer.setInterval(int(interval * 1000))
        self.timer.timeout.connect(self.poll_now)

    def start(self) -> None:
        self.timer.start()
        self.poll_now()

    def stop(self) -> None:
        """Stop polling and wait for a poll in flight (before the store is closed)."""
        self._stopped = True
        self.timer.stop()
        if self._worker is not None:
            QThreadPool.globalInstance().waitForDone(int((POLL_SECONDS + 6) * 1000))

    # polling ----------------------------------------------------------------------------
    def poll_now(self) -> None:
        if self._worker is not None or self._stopped:
            return  # one poll at a time; a slow server must not pile them up
        store, cursor = self.store, self.cursor

        def job(_report: Any, _cancelled: Any, emit: Any) -> None:
            from claimdesk.core.team import changes_since
            from claimdesk.store.postgres import scrub

            try:
                with store.session() as session:
                    emit(changes_since(session, cursor))
            except Exception as exc:  # any failure to read is "cannot reach the server"
                first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
                emit((ERROR, scrub(first)[:300]))

        worker = Worker(job)
        worker.signals.result.connect(self._result)
        worker.signals.finished.connect(self._finished)
        self._worker = worker
        worker.start()

    def _finished(self) -> None:
        self._worker = None
        self.polled.emit()

    def _result(self, result: object) -> None:
        if self._stopped:
            return
        if isinstance(result, tuple) and result and result[0] == ERROR:
            self._set_offline(str(result[1]))
            return
        assert isinstance(result, Changes)
        was_offline = self.offline
        first = self.cursor is None
        self.cursor = result.cursor
        if was_offline:
            self._set_online()
        if not first:
            try:
                apply_changes(self.window, result)
            except ClaimdeskError as exc:
                self.window.statusBar().showMessage(str(exc), 5000)
            except Exception as exc:  # lost again between the poll and the reads
                self._set_offline(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)

    def _set_offline(self, detail: str) -> None:
        self.banner.show_offline(detail)
        if not self.offline:
            self.offline = True
            self.onlineChanged.emit(False)

    def _set_online(self) -> None:
        self.offline = False
        self.banner.hide()
        self.window.statusBar().showMessage(
            "The team server is back. Unsaved text in the inspector is saved when you "
            "leave its field.",
            10000,
        )
        self.onlineChanged.emit(True)


def apply_changes(window: Any, changes: Changes) -> None:
    """Show what changed: update changed claims in place, reload the open article's list
    only when claims were added or removed, refresh the library's counts."""
    w, desk = window, window.desk
    model = w.claims.model
    structural = False
    other_articles: set[int] = set()
    for claim_id in changes.claim_ids:
        try:
            rec = desk.claim(claim_id)
        except NotFoundError:
            structural = structural or model.row_of(claim_id) >= 0  # deleted from this one
            continue
        if rec.article_id != w.article_id:
            other_articles.add(rec.article_id)
            continue
        row = model.row_of(claim_id)
        if row < 0:
            structural = True  # a new claim in the open article
            continue
        if model.claim_at(row) == rec:
            continue  # already shown (our own edit, or seen in an earlier poll)
        desk.claimUpdated.emit(rec)  # recolours the highlight and the row
        desk.claimChanged.emit(claim_id)  # the inspector keeps what is being typed
    if structural and w.article_id is not None:
        desk.claimsChanged.emit(w.article_id)
    library = w.library.model
    for article_id in sorted(other_articles | set(changes.article_ids)):
        if library.row_of(article_id) >= 0:
            desk.articleCountsChanged.emit(article_id)
        else:
            desk.articlesChanged.emit()  # a new article (or one deleted): reload the list
            break
    if w.article_id is not None and (changes.claim_ids or structural):
        desk.articleCountsChanged.emit(w.article_id)


def attach(window: Any, interval: float = POLL_SECONDS, start: bool = True) -> TeamLink:
    link = TeamLink(window, interval)
    window.team_link = link
    if start:
        link.start()
    return link
