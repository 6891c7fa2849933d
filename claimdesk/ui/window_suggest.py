"""The window's side of suggestions: ask in the background, show, accept, dismiss."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QProgressBar

from claimdesk.core.records import Suggestion
from claimdesk.core.suggestions import visible
from claimdesk.errors import ClaimdeskError
from claimdesk.ui import commands
from claimdesk.ui.suggest_panel import SuggestionEngine, SuggestionsPanel

if TYPE_CHECKING:
    from claimdesk.ui.main_window import MainWindow

    _Base = MainWindow
else:
    _Base = object


class SuggestMixin(_Base):
    def _build_suggestions(self) -> None:
        self.suggest_engine = SuggestionEngine(self.settings.pipeline or "auto", self)
        self._suggest_timer = QTimer(self)
        self._suggest_timer.setSingleShot(True)
        self._suggest_timer.setInterval(300)
        self._suggest_timer.timeout.connect(self._send_suggestion_request)
        self.suggestions = SuggestionsPanel()
        self.suggestions_dock = self._dock(
            "Suggestions", self.suggestions, Qt.DockWidgetArea.RightDockWidgetArea
        )
        self.tabifyDockWidget(self.claims_dock, self.suggestions_dock)
        self.claims_dock.raise_()
        self._raw_suggestions: list[Suggestion] = []
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setMaximumWidth(120)
        self.busy_bar.setToolTip("Finding check-worthy claims in the background")
        self.busy_bar.hide()
        self.statusBar().addPermanentWidget(self.busy_bar)
        a = self._action
        self.act_next_suggestion = a(
            "&Next suggestion",
            lambda: self._move_suggestion(1),
            QKeySequence("F8"),
            "",
            "Go to the next suggested claim (F8)",
        )
        self.act_prev_suggestion = a(
            "&Previous suggestion",
            lambda: self._move_suggestion(-1),
            QKeySequence("Shift+F8"),
            "",
            "Go to the previous suggested claim (Shift+F8)",
        )
        self.act_accept_suggestion = a(
            "&Accept suggestion",
            self._accept_selected,
            QKeySequence("Ctrl+Return"),
            "new-claim",
            "Make the current suggestion a claim (Ctrl+Enter)",
        )
        self.act_dismiss_suggestion = a(
            "&Dismiss suggestion",
            self._dismiss_selected,
            QKeySequence("Ctrl+Shift+D"),
            "",
            "Hide the current suggestion (Ctrl+Shift+D)",
        )

        self.suggest_engine.ready.connect(self._suggestions_ready)
        self.suggest_engine.busy.connect(self._suggesting)
        self.suggest_engine.failed.connect(self.show_error)
        self.suggestions.acceptRequested.connect(self.accept_suggestion)
        self.suggestions.dismissRequested.connect(self.dismiss_suggestion)
        self.suggestions.acceptAllRequested.connect(self.accept_all_suggestions)
        self.suggestions.current.connect(self._focus_suggestion)
        self.desk.suggestionsChanged.connect(lambda _aid: self._show_suggestions())

    def suggestion_actions(self) -> list[object]:
        return [
            self.act_next_suggestion,
            self.act_prev_suggestion,
            self.act_accept_suggestion,
            self.act_dismiss_suggestion,
        ]

    def request_suggestions(self) -> None:
        """Ask for suggestions once the analyst settles on an article (not for every
        article flicked past with the arrow keys)."""
        self._raw_suggestions = []
        self._show_suggestions()
        self._suggest_timer.start()

    def _send_suggestion_request(self) -> None:
        if self.article_id is not None:
            self.suggest_engine.request(self.article_id, self.reader.text())

    def _suggesting(self, busy: bool) -> None:
        self.busy_bar.setVisible(busy)
        if busy:
            self.statusBar().showMessage("Finding check-worthy claims\u2026", 3000)

    def _suggestions_ready(self, article_id: int, found: list[Suggestion]) -> None:
        if article_id != self.article_id:
            return
        self._raw_suggestions = found
        self._show_suggestions()
        n = len(self.suggestions.suggestions())
        if n:
            self.statusBar().showMessage(f"{n} suggested claim(s) \u2014 F8 to review them", 5000)

    def _show_suggestions(self, focused: Suggestion | None = None) -> None:
        if self.article_id is None:
            self.suggestions.set_suggestions([])
            return
        try:
            hidden = self.desk.dismissed_suggestions(self.article_id)
        except ClaimdeskError as exc:
            self.show_error(str(exc))
            return
        shown = visible(self._raw_suggestions, self.claims.model.claims(), hidden)
        self.suggestions.set_suggestions(shown, self.suggest_engine.note)
        self.reader.set_suggestions(shown, focused)

    def _focus_suggestion(self, s: Suggestion | None) -> None:
        if s is None:
            return
        self.reader.set_suggestions(self.suggestions.suggestions(), s)
        self.suggestions.seen.setText("Looking for it elsewhere on the desk\u2026")
        if self.desk.store.dialect == "sqlite":
            from claimdesk.nlp.service import matches_for

            self.suggest_engine.call(
                matches_for,
                self.desk.store.target,
                s.text,
                on_done=lambda outcome, s=s: self._suggestion_seen(s, outcome),
            )
        else:
            self.suggestions.seen.setText("")

    def _suggestion_seen(self, s: Suggestion, outcome: object) -> None:
        if self.suggestions.selected() != s:
            return
        if isinstance(outcome, Exception):
            self.suggestions.seen.setText("")
            return
        suggested, _confirmed, summary = outcome  # type: ignore[misc]
        self.suggestions.seen.setText(summary if suggested else "Not seen elsewhere on the desk.")

    def _move_suggestion(self, step: int) -> None:
        self.suggestions_dock.show()
        self.suggestions_dock.raise_()
        s = self.suggestions.move(step)
        if s is None:
            self.statusBar().showMessage("No suggestions for this article", 3000)

    def _accept_selected(self) -> None:
        s = self.suggestions.selected()
        if s is not None:
            self.accept_suggestion(s)

    def _dismiss_selected(self) -> None:
        s = self.suggestions.selected()
        if s is not None:
            self.dismiss_suggestion(s)

    def accept_suggestion(self, s: Suggestion) -> bool:
        if self.article_id is None:
            return False
        rec = self._attempt(
            "Suggestion accepted as a claim", self.desk.accept_suggestion, self.article_id, s
        )
        if rec is None:
            return False
        self.undo_stack.push(commands.CreateClaim(self.desk, rec))
        self._show_suggestions()
        return True

    def dismiss_suggestion(self, s: Suggestion) -> None:
        if self.article_id is None:
            return
        row = self.suggestions.table.currentRow()
        done = self._attempt(
            "Suggestion dismissed", self.desk.dismiss_suggestion, self.article_id, s
        )
        if done is None and self.statusBar().currentMessage() != "Suggestion dismissed":
            return
        self.undo_stack.push(commands.DismissSuggestion(self.desk, self.article_id, s))
        if self.suggestions.suggestions():
            self.suggestions.table.setCurrentCell(
                min(row, len(self.suggestions.suggestions()) - 1), 0
            )

    def accept_all_suggestions(self, threshold: float) -> None:
        chosen = [s for s in self.suggestions.suggestions() if s.score >= threshold]
        if not chosen:
            self.statusBar().showMessage(f"No suggestion scores {threshold:.2f} or more", 4000)
            return
        self.undo_stack.beginMacro(f"Accept {len(chosen)} suggestions")
        try:
            accepted = sum(1 for s in chosen if self.accept_suggestion(s))
        finally:
            self.undo_stack.endMacro()
        self.statusBar().showMessage(f"Accepted {accepted} suggestion(s) as claims", 5000)
