"""Search and matching: desk-wide search, saved searches, and "Seen elsewhere" for the
selected claim with "Same claim", "Not the same" and "Leave group"."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QInputDialog, QLineEdit, QWidget

from claimdesk.core import edits, groups, search
from claimdesk.core.changes import ChangeSet
from claimdesk.core.details import ClaimDetails
from claimdesk.core.groups import Match
from claimdesk.core.search import SavedSearchRecord, SearchFilters, SearchHit
from claimdesk.ui import commands
from claimdesk.ui.actions import make_action
from claimdesk.ui.commands import History
from claimdesk.ui.ctl_article import ArticleController
from claimdesk.ui.messages import Messages
from claimdesk.ui.runner import Done, Outcome, Runner
from claimdesk.ui.search_panel import SearchPanel
from claimdesk.ui.suggest_panel import SuggestionEngine

if TYPE_CHECKING:
    from sqlmodel import Session

Found = tuple[list[Match], list[Match], str]


def _matches(session: Session, claim_id: int) -> Found:
    """Matching on a team desk, on the runner's thread (a local desk asks the analysis
    process, which has spaCy loaded already)."""
    from claimdesk.nlp.matching import ENGLISH

    suggested = groups.find_matches(session, claim_id, matcher=ENGLISH)
    confirmed = groups.confirmed_matches(session, claim_id, matcher=ENGLISH)
    return suggested, confirmed, groups.summarize(confirmed + suggested)


class SearchController(QObject):
    def __init__(
        self,
        runner: Runner,
        history: History,
        article: ArticleController,
        engine: SuggestionEngine,
        panel: SearchPanel,
        dock: QDockWidget,
        sources_dock: QDockWidget,
        messages: Messages,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.history = history
        self.article = article
        self.engine = engine
        self.panel = panel
        self.dock = dock
        self.sources_dock = sources_dock
        self.messages = messages
        self.parent_widget = parent
        self._match_for: int | None = None
        self.act_find = make_action(
            parent,
            "&Search the desk\u2026",
            self.focus_search,
            QKeySequence("Ctrl+Shift+F"),
            "filter",
            "Search every article, claim, source and excerpt (Ctrl+Shift+F)",
        )
        panel.searchRequested.connect(self.run_search)
        panel.hitActivated.connect(self.open_hit)
        panel.saveRequested.connect(self.save_search)
        panel.savedActivated.connect(self.run_saved_search)
        panel.savedDeleteRequested.connect(self.delete_saved)
        box = article.inspector.matches
        box.openRequested.connect(article.select_claim)
        box.confirmRequested.connect(self.confirm_match)
        box.rejectRequested.connect(self.reject_match)
        box.leaveRequested.connect(self.leave_group)
        article.claimShown.connect(self._claim_shown)
        runner.changed.connect(self._changes)

    def actions(self) -> list[QAction]:
        return [self.act_find]

    # search ----------------------------------------------------------------------------------
    def focus_search(self) -> None:
        self.dock.show()
        self.dock.raise_()
        self.panel.query.setFocus()
        self.panel.query.selectAll()

    def run_search(self, query: str, status: str | None = None) -> None:
        filters = SearchFilters(statuses=(status,) if status else ())

        def found(hits: list[SearchHit]) -> None:
            self.panel.set_hits(hits)
            self.messages.info(f"{len(hits)} result(s) for \u201c{query}\u201d", 4000)

        def failed(message: str) -> None:
            self.panel.set_hits([])
            self.panel.show_message(message)

        self.panel.show_message("Searching\u2026")
        self.runner.read(
            partial(search.search, query=query, filters=filters), found, failed, what="search"
        )

    def open_hit(self, hit: SearchHit) -> None:
        if hit.claim_id is not None:
            self.article.select_claim(hit.claim_id)
        elif hit.article_id is not None:
            start, end = hit.start, hit.end
            reader = self.article.reader

            def select() -> None:
                if start is not None and end is not None:
                    reader.show_hit(start, end)

            self.article.open_article(hit.article_id, select)
        elif hit.source_id is not None:
            self.sources_dock.show()
            self.sources_dock.raise_()

    def save_search(self, query: str, status: str | None = None) -> None:
        if not query:
            self.messages.error("Type a search first, then save it.")
            return
        name, ok = QInputDialog.getText(
            self.parent_widget,
            "Save search",
            "Name of the search:",
            QLineEdit.EchoMode.Normal,
            query,
        )
        if ok and name.strip():
            filters = SearchFilters(statuses=(status,) if status else ())
            op = partial(
                edits.save_search,
                name=name.strip(),
                query=query,
                filters=filters,
                actor=self.history.actor(),
            )
            self.runner.run(op, self._said("Search saved"), what="save the search")

    def run_saved_search(self, saved: SavedSearchRecord) -> None:
        self.panel.query.setText(saved.query)
        statuses = saved.filters.statuses
        index = self.panel.status.findData(statuses[0]) if statuses else 0
        self.panel.status.blockSignals(True)
        self.panel.status.setCurrentIndex(max(0, index))
        self.panel.status.blockSignals(False)
        self.run_search(saved.query, statuses[0] if statuses else None)

    def delete_saved(self, saved_id: int) -> None:
        op = partial(edits.delete_saved_search, saved_id=saved_id)
        self.runner.run(op, self._said("Saved search removed"), what="remove the saved search")

    def refresh_saved_searches(self) -> None:
        self.runner.read(search.list_saved_searches, self.panel.set_saved, self.messages.error)

    def _changes(self, changes: ChangeSet) -> None:
        if changes.saved_searches:
            self.refresh_saved_searches()

    def _said(self, text: str) -> Callable[[Outcome], None]:
        def done(outcome: Outcome) -> None:
            if isinstance(outcome, Done):
                self.messages.info(text)
            else:
                self.messages.error(outcome.message)

        return done

    # matching --------------------------------------------------------------------------------
    def _claim_shown(self, shown: ClaimDetails | None) -> None:
        if shown is not None and shown.claim.id != self._match_for:
            self.look_for_matches(shown.claim.id)
        elif shown is None:
            self._match_for = None

    def look_for_matches(self, claim_id: int) -> None:
        """Find the same claim elsewhere in the background and show it in the inspector.

        On a local desk this runs in the analysis process (matching tokenises with spaCy,
        which would hold up the window); a team desk is matched on the runner's thread.
        """
        self._match_for = claim_id
        box = self.article.inspector.matches
        box.set_matches([], [], "Looking for the same claim elsewhere\u2026")
        if self.runner.dialect == "sqlite":
            from claimdesk.nlp.service import matches_for

            self.engine.call(
                matches_for,
                self.runner.store.target,
                claim_id,
                on_done=lambda outcome: self._found(claim_id, outcome),
            )
            return
        self.runner.read(
            partial(_matches, claim_id=claim_id),
            lambda found: self._found(claim_id, found),
            lambda message: self._found(claim_id, RuntimeError(message)),
        )

    def _found(self, claim_id: int, outcome: object) -> None:
        if claim_id != self._match_for or claim_id != self.article.current_claim_id():
            return
        box = self.article.inspector.matches
        if isinstance(outcome, Exception) or not isinstance(outcome, tuple):
            box.set_matches([], [], f"Could not look: {outcome}")
            return
        suggested, confirmed, summary = outcome
        box.set_matches(suggested, confirmed, summary)

    def _group_edit(
        self,
        op: commands.Op,
        make: Callable[[Any, int], commands.EditCommand],
        text: str,
    ) -> None:
        claim_id = self.article.current_claim_id()
        article_id = self.article.article_id
        if claim_id is None or article_id is None:
            return

        def done(outcome: Outcome) -> None:
            if not isinstance(outcome, Done):
                self.messages.error(outcome.message)
                return
            self.messages.info(text)
            self.history.push(make(outcome.value, article_id))
            self.look_for_matches(claim_id)

        self.runner.run(op, done, what=text.lower())

    def confirm_match(self, other_id: int) -> None:
        claim_id = self.article.current_claim_id()
        if claim_id is None:
            return
        op = partial(
            edits.confirm_match, claim_id=claim_id, other_id=other_id, actor=self.history.actor()
        )
        self._group_edit(
            op,
            lambda snap, aid: commands.ConfirmMatch(self.history, claim_id, other_id, snap, aid),
            "Grouped: the claims now share a verdict",
        )

    def reject_match(self, other_id: int) -> None:
        claim_id = self.article.current_claim_id()
        if claim_id is None:
            return
        op = partial(
            edits.reject_match, claim_id=claim_id, other_id=other_id, actor=self.history.actor()
        )
        self._group_edit(
            op,
            lambda _v, aid: commands.RejectMatch(self.history, claim_id, other_id, aid),
            "Noted: not the same claim",
        )

    def leave_group(self) -> None:
        claim_id = self.article.current_claim_id()
        if claim_id is None:
            return
        self._group_edit(
            partial(edits.leave_group, claim_id=claim_id),
            lambda left, aid: commands.LeaveGroup(self.history, left, aid),
            "The claim left its group",
        )
