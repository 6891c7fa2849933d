"""The team desk: live updates from colleagues, the offline banner, assignment and the
"Assigned to me" filter.

The poller reads the change feed off the UI thread; what it finds is published through
the runner as a remote change set, so views refresh exactly as they do for the analyst's
own edits.  A failed poll means the server cannot be reached: the banner shows and the
runner refuses edits (the inspector keeps what was typed).  The next poll that succeeds
hides it and catches up from the last cursor, so nothing that changed meanwhile is missed.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal

from claimdesk.core import team
from claimdesk.core.changes import ChangeSet
from claimdesk.core.details import ClaimDetails
from claimdesk.ui.ctl_article import ArticleController
from claimdesk.ui.messages import Messages
from claimdesk.ui.panels import ClaimsPanel
from claimdesk.ui.runner import OFFLINE_EDIT, Runner
from claimdesk.ui.saving import ClaimSaver
from claimdesk.ui.team_banner import TeamBanner
from claimdesk.ui.workers import Worker

ERROR = "error"


class TeamLink(QObject):
    """The window's link to a team desk: poller, banner and online state."""

    onlineChanged = Signal(bool)
    polled = Signal()  # after every poll, applied or failed (tests wait for it)

    def __init__(
        self,
        runner: Runner,
        banner: TeamBanner,
        messages: Messages,
        interval: float = team.POLL_SECONDS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.store = runner.store
        self.banner = banner
        self.messages = messages
        self.cursor: int | None = None
        self.offline = False
        self._worker: Worker | None = None
        self._stopped = False
        # Polls have a thread of their own: on the shared pool (two threads on a two-core
        # machine) they queued behind long imports or exports, and a desk that had lost
        # its server did not say so until those finished.
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self.timer = QTimer(self)
        self.timer.setInterval(int(interval * 1000))
        self.timer.timeout.connect(self.poll_now)
        runner.offline.connect(lambda _msg: self.poll_now())

    def start(self) -> None:
        self.timer.start()
        self.poll_now()

    def stop(self) -> None:
        """Stop polling and wait for a poll in flight (before the store is closed)."""
        self._stopped = True
        self.timer.stop()
        if self._worker is not None:
            self._pool.waitForDone(int((team.POLL_SECONDS + 6) * 1000))

    def poll_now(self) -> None:
        if self._worker is not None or self._stopped:
            return  # one poll at a time; a slow server must not pile them up
        store, cursor = self.store, self.cursor

        def job(_report: Any, _cancelled: Any, emit: Any) -> None:
            from claimdesk.secrets import shorten
            from claimdesk.store.postgres import scrub

            try:
                with store.session() as session:
                    emit(team.changes_since(session, cursor))
            except Exception as exc:  # any failure to read is "cannot reach the server"
                first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
                emit((ERROR, shorten(scrub(first), 300)))

        worker = Worker(job)
        worker.signals.result.connect(self._result)
        worker.signals.finished.connect(self._finished)
        self._worker = worker
        worker.start(self._pool)

    def _finished(self) -> None:
        self._worker = None
        self.polled.emit()

    def _result(self, result: object) -> None:
        if self._stopped:
            return
        if isinstance(result, tuple) and result and result[0] == ERROR:
            self._set_offline(str(result[1]))
            return
        assert isinstance(result, team.Changes)
        first = self.cursor is None
        self.cursor = result.cursor
        if self.offline:
            self._set_online()
        if not first and (result.claim_ids or result.article_ids):
            self.runner.publish(
                ChangeSet(
                    claims=frozenset(result.claim_ids),
                    articles=frozenset(result.article_ids),
                    remote=True,
                )
            )

    def _set_offline(self, detail: str) -> None:
        self.banner.show_offline(detail)
        self.runner.refuse_writes = OFFLINE_EDIT
        if not self.offline:
            self.offline = True
            self.onlineChanged.emit(False)

    def _set_online(self) -> None:
        self.offline = False
        self.runner.refuse_writes = None
        self.banner.hide()
        self.messages.info(
            "The team server is back. What you changed while it was away is saved now.",
            10000,
        )
        self.onlineChanged.emit(True)


class AssignmentController(QObject):
    """The inspector's "Assigned to" box and the Claims list's "Assigned to me"."""

    def __init__(
        self,
        runner: Runner,
        article: ArticleController,
        saver: ClaimSaver,
        panel: ClaimsPanel,
        my_names: Callable[[], list[str]],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.article = article
        self.saver = saver
        self.panel = panel
        self.my_names = my_names
        panel.mine.toggled.connect(lambda _on: self.refresh_mine())
        article.claimsShown.connect(self.refresh_mine)
        runner.changed.connect(lambda _changes: self.refresh_mine())
        article.claimShown.connect(self._shown)
        article.inspector.assignRequested.connect(self.assign)

    def _shown(self, shown: ClaimDetails | None) -> None:
        if shown is not None:
            # an assignment made while the server was away stays in the box until it is
            # saved (the saver sends it again when the server is back)
            waiting, value = self.saver.pending(shown.claim.id, "assigned_to")
            who = str(value or "") or None if waiting else shown.assignee
            self.article.inspector.assignee.set_value(who, list(shown.analysts))

    def assign(self, claim_id: int, who: str) -> None:
        self.saver.save(claim_id, {"assigned_to": who}, done_message="Claim assigned")

    def refresh_mine(self) -> None:
        article_id = self.article.article_id
        if not self.panel.mine.isChecked() or article_id is None:
            self.panel.proxy.set_ids(None)
            return
        names = self.my_names()

        def read(session: Any) -> set[int]:
            return {
                c.id
                for name in names
                for c in team.claims_assigned_to(session, name, article_id=article_id)
            }

        self.runner.read(read, partial(self._mine, article_id))

    def _mine(self, article_id: int, ids: set[int]) -> None:
        if article_id == self.article.article_id and self.panel.mine.isChecked():
            self.panel.proxy.set_ids(ids)
