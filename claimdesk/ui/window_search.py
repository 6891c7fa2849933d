"""The window's side of search and claim matching."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QInputDialog, QLineEdit

from claimdesk.core.groups import Match
from claimdesk.core.search import SearchFilters, SearchHit
from claimdesk.errors import ClaimdeskError
from claimdesk.ui import commands
from claimdesk.ui.search_panel import SearchPanel
from claimdesk.ui.workers import Worker

if TYPE_CHECKING:
    from claimdesk.ui.main_window import MainWindow

    _Base = MainWindow
else:
    _Base = object


class SearchMixin(_Base):
    def _build_search(self) -> None:
        self.search = SearchPanel()
        self.search_dock = self._dock("Search", self.search, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.tabifyDockWidget(self.library_dock, self.search_dock)
        self.library_dock.raise_()
        self.act_find = self._action(
            "&Search the desk\u2026",
            self.focus_search,
            QKeySequence.StandardKey.Find,
            "filter",
            "Search every article, claim, source and excerpt (Ctrl+F)",
        )
        self._match_worker: Worker | None = None
        self._match_for: int | None = None
        self.search.searchRequested.connect(self.run_search)
        self.search.hitActivated.connect(self.open_hit)
        self.search.saveRequested.connect(self.save_search)
        self.search.savedActivated.connect(self.run_saved_search)
        self.search.savedDeleteRequested.connect(self._delete_saved)
        self.desk.savedSearchesChanged.connect(self.refresh_saved_searches)
        matches = self.inspector.matches
        matches.openRequested.connect(self.select_claim)
        matches.confirmRequested.connect(self.confirm_match)
        matches.rejectRequested.connect(self.reject_match)
        matches.leaveRequested.connect(self.leave_group)
        self.refresh_saved_searches()

    # search ------------------------------------------------------------------------------
    def focus_search(self) -> None:
        self.search_dock.show()
        self.search_dock.raise_()
        self.search.query.setFocus()
        self.search.query.selectAll()

    def run_search(self, query: str, status: Any = None) -> list[SearchHit]:
        filters = SearchFilters(statuses=(status,) if status else ())
        try:
            hits = self.desk.search(query, filters)
        except ClaimdeskError as exc:
            self.search.set_hits([])
            self.search.show_message(str(exc))
            return []
        self.search.set_hits(hits)
        self.statusBar().showMessage(f"{len(hits)} result(s) for \u201c{query}\u201d", 4000)
        return hits

    def open_hit(self, hit: SearchHit) -> None:
        if hit.claim_id is not None:
            self.select_claim(hit.claim_id)
        elif hit.article_id is not None:
            self.open_article(hit.article_id)
            if hit.start is not None and hit.end is not None:
                self.reader.select_span(hit.start, hit.end)
        elif hit.source_id is not None:
            self.sources_dock.show()
            self.sources_dock.raise_()

    def save_search(self, query: str, status: Any = None) -> None:
        if not query:
            self.show_error("Type a search first, then save it.")
            return
        name, ok = QInputDialog.getText(
            self, "Save search", "Name of the search:", QLineEdit.EchoMode.Normal, query
        )
        if ok and name.strip():
            filters = SearchFilters(statuses=(status,) if status else ())
            self._attempt("Search saved", self.desk.save_search, name.strip(), query, filters)

    def run_saved_search(self, saved: Any) -> None:
        self.search.query.setText(saved.query)
        statuses = saved.filters.statuses
        index = self.search.status.findData(statuses[0]) if statuses else 0
        self.search.status.blockSignals(True)
        self.search.status.setCurrentIndex(max(0, index))
        self.search.status.blockSignals(False)
        self.run_search(saved.query, statuses[0] if statuses else None)

    def _delete_saved(self, saved_id: int) -> None:
        self._attempt("Saved search removed", self.desk.delete_saved_search, saved_id)

    def refresh_saved_searches(self) -> None:
        try:
            self.search.set_saved(self.desk.saved_searches())
        except ClaimdeskError as exc:
            self.show_error(str(exc))

    # matching -------------------------------------------------------------------------------
    def look_for_matches(self, claim_id: int) -> None:
        """Find the same claim elsewhere in the background and show it in the inspector.

        On a local desk this runs in the analysis process (matching tokenises with spaCy,
        which would hold up the window); a team desk is matched on a thread.
        """
        self._match_for = claim_id
        self.inspector.matches.set_matches([], [], "Looking for the same claim elsewhere\u2026")
        if self.desk.store.dialect == "sqlite":
            from claimdesk.nlp.service import matches_for

            self.suggest_engine.call(
                matches_for,
                self.desk.store.target,
                claim_id,
                on_done=lambda outcome: self._matches_outcome(claim_id, outcome),
            )
            return
        if self._match_worker is not None:
            self._match_worker.cancel()

        def work(_report: Any, cancelled: Any, emit: Any) -> None:
            found = self.desk.matches(claim_id)
            if not cancelled():
                emit((claim_id, found))

        worker = Worker(work)
        worker.signals.result.connect(self._matches_found)
        worker.signals.failed.connect(
            lambda msg: self.inspector.matches.set_matches([], [], f"Could not look: {msg}")
        )
        self._match_worker = worker
        worker.start()

    def _matches_outcome(self, claim_id: int, outcome: Any) -> None:
        if isinstance(outcome, Exception):
            if claim_id == self.current_claim_id():
                self.inspector.matches.set_matches([], [], f"Could not look: {outcome}")
            return
        self._matches_found((claim_id, outcome))

    def _matches_found(self, item: tuple[int, tuple[list[Match], list[Match], str]]) -> None:
        claim_id, (suggested, confirmed, summary) = item
        if claim_id == self._match_for == self.current_claim_id():
            self.inspector.matches.set_matches(suggested, confirmed, summary)

    def confirm_match(self, other_id: int) -> None:
        claim_id = self.current_claim_id()
        if claim_id is None:
            return
        try:
            snapshot = self.desk.group_snapshot(claim_id, other_id)
            self.desk.confirm_match(claim_id, other_id)
        except ClaimdeskError as exc:
            self.show_error(str(exc))
            return
        self.statusBar().showMessage("Grouped: the claims now share a verdict", 4000)
        self.undo_stack.push(commands.ConfirmMatch(self.desk, claim_id, other_id, snapshot))
        self.look_for_matches(claim_id)

    def reject_match(self, other_id: int) -> None:
        claim_id = self.current_claim_id()
        if claim_id is None:
            return
        self._attempt("Noted: not the same claim", self.desk.reject_match, claim_id, other_id)
        if self.statusBar().currentMessage().startswith("Noted"):
            self.undo_stack.push(commands.RejectMatch(self.desk, claim_id, other_id))
            self.look_for_matches(claim_id)

    def leave_group(self) -> None:
        claim_id = self.current_claim_id()
        if claim_id is None:
            return
        left = self._attempt("The claim left its group", self.desk.leave_group, claim_id)
        if left is not None:
            self.undo_stack.push(commands.LeaveGroup(self.desk, left))
            self.look_for_matches(claim_id)
