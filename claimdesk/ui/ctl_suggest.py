"""Suggestions: ask the analysis process for check-worthy claims, show them, accept or
dismiss them (both undoable edits through the runner)."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QProgressBar, QStatusBar, QWidget

from claimdesk.core import edits, suggestions
from claimdesk.core.changes import ChangeSet
from claimdesk.core.records import Suggestion
from claimdesk.core.suggestions import SuggestionKey, visible
from claimdesk.ui import commands
from claimdesk.ui.actions import make_action
from claimdesk.ui.commands import History
from claimdesk.ui.ctl_article import ArticleController
from claimdesk.ui.messages import Messages
from claimdesk.ui.runner import Done, Outcome, Runner
from claimdesk.ui.suggest_panel import SuggestionEngine, SuggestionsPanel


class SuggestController(QObject):
    def __init__(
        self,
        runner: Runner,
        history: History,
        article: ArticleController,
        engine: SuggestionEngine,
        panel: SuggestionsPanel,
        dock: QDockWidget,
        messages: Messages,
        bar: QStatusBar,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.history = history
        self.article = article
        self.engine = engine
        self.panel = panel
        self.dock = dock
        self.messages = messages
        self._raw: list[Suggestion] = []
        self._hidden: set[SuggestionKey] = set()
        self._for: int | None = None  # the article the suggestions are for
        self._told_set_aside = False  # said once a session: see _ready
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(300)
        self._timer.timeout.connect(self._send_request)
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setMaximumWidth(120)
        self.busy_bar.setToolTip("Finding check-worthy claims in the background")
        self.busy_bar.hide()
        bar.addPermanentWidget(self.busy_bar)
        a = partial(make_action, parent)
        self.act_next = a(
            "&Next suggestion",
            lambda: self.move(1),
            QKeySequence("F8"),
            "",
            "Go to the next suggested claim (F8)",
        )
        self.act_prev = a(
            "&Previous suggestion",
            lambda: self.move(-1),
            QKeySequence("Shift+F8"),
            "",
            "Go to the previous suggested claim (Shift+F8)",
        )
        self.act_accept = a(
            "&Accept suggestion",
            self.accept_selected,
            QKeySequence("Ctrl+Return"),
            "new-claim",
            "Make the current suggestion a claim (Ctrl+Enter)",
        )
        self.act_dismiss = a(
            "&Dismiss suggestion",
            self.dismiss_selected,
            QKeySequence("Ctrl+Shift+D"),
            "",
            "Hide the current suggestion (Ctrl+Shift+D)",
        )
        engine.ready.connect(self._ready)
        engine.busy.connect(self._busy)
        engine.failed.connect(messages.error)
        panel.acceptRequested.connect(self.accept)
        panel.dismissRequested.connect(self.dismiss)
        panel.acceptAllRequested.connect(self.accept_all)
        panel.current.connect(self._focus)
        article.articleOpened.connect(self._article_opened)
        article.claimsShown.connect(self.show)
        runner.changed.connect(self._changes)

    def actions(self) -> list[QAction]:
        return [self.act_next, self.act_prev, self.act_accept, self.act_dismiss]

    # asking ----------------------------------------------------------------------------------
    def _article_opened(self, article_id: int) -> None:
        """Ask once the analyst settles on an article (not for every article flicked past
        with the arrow keys).  The same article shown again keeps its suggestions."""
        if article_id != self._for:
            self._raw = []
            self._hidden = set()
        self._for = article_id
        self.show()
        self._load_hidden(article_id)
        self._timer.start()

    def _load_hidden(self, article_id: int) -> None:
        def loaded(hidden: set[SuggestionKey]) -> None:
            if article_id == self.article.article_id:
                self._hidden = hidden
                self.show()

        self.runner.read(partial(suggestions.dismissed, article_id=article_id), loaded)

    def _changes(self, changes: ChangeSet) -> None:
        aid = self.article.article_id
        if aid is not None and aid in changes.dismissed:
            self._load_hidden(aid)

    def _send_request(self) -> None:
        if self.article.article_id is not None:
            self.engine.request(self.article.article_id, self.article.reader.text())

    def ask_again(self) -> None:
        """Suggest again for the article on screen (the classifier has changed)."""
        self.engine.forget()
        self._send_request()

    def _busy(self, busy: bool) -> None:
        self.busy_bar.setVisible(busy)
        if busy:
            self.messages.info("Finding check-worthy claims\u2026", 3000)

    def _ready(self, article_id: int, found: list[Suggestion]) -> None:
        if article_id != self.article.article_id:
            return
        self._raw = found
        self.show()
        n = len(self.panel.suggestions())
        made_for = self.engine.info.get("adapted_set_aside")
        if made_for and not self._told_set_aside:
            # after an upgrade of the model: the desk's own head no longer fits it
            self._told_set_aside = True
            version = self.engine.info.get("classifier_version", "")
            text = (
                f"The adaptation made for model {made_for} does not fit model {version} "
                "and is set aside: Suggestions \u203a Adapt to this desk makes a new one."
            )
            self.messages.notice(text, 20000)
        elif n:
            self.messages.info(f"{n} suggested claim(s) \u2014 F8 to review them", 5000)

    # showing ---------------------------------------------------------------------------------
    def show(self) -> None:
        if self.article.article_id is None:
            self.panel.set_suggestions([])
            return
        shown = visible(self._raw, self.article.claims.model.claims(), self._hidden)
        self.panel.set_suggestions(shown, self.engine.note)
        self.article.reader.set_suggestions(shown, None)

    def _focus(self, s: Suggestion | None) -> None:
        if s is None:
            return
        self.article.reader.set_suggestions(self.panel.suggestions(), s)
        self.panel.seen.setText("Looking for it elsewhere on the desk\u2026")
        if self.runner.dialect != "sqlite":
            self.panel.seen.setText("")
            return
        from claimdesk.nlp.service import matches_for

        self.engine.call(
            matches_for,
            self.runner.store.target,
            s.text,
            on_done=lambda outcome, s=s: self._seen(s, outcome),
        )

    def _seen(self, s: Suggestion, outcome: object) -> None:
        if self.panel.selected() != s:
            return
        if isinstance(outcome, Exception) or not isinstance(outcome, tuple):
            self.panel.seen.setText("")
            return
        suggested, _confirmed, summary = outcome
        self.panel.seen.setText(summary if suggested else "Not seen elsewhere on the desk.")

    def move(self, step: int) -> None:
        self.dock.show()
        self.dock.raise_()
        if self.panel.step(step) is None:
            self.messages.info("No suggestions for this article", 3000)

    # editing ----------------------------------------------------------------------------------
    def accept_selected(self) -> None:
        s = self.panel.selected()
        if s is not None:
            self.accept(s)

    def dismiss_selected(self) -> None:
        s = self.panel.selected()
        if s is not None:
            self.dismiss(s)

    def accept(self, s: Suggestion) -> None:
        article_id = self.article.article_id
        if article_id is None:
            return
        op = partial(
            edits.accept_suggestion, article_id=article_id, s=s, actor=self.history.actor()
        )

        def done(outcome: Outcome) -> None:
            if not isinstance(outcome, Done):
                self.messages.error(outcome.message)
                return
            self.messages.info("Suggestion accepted as a claim")
            self.history.push(commands.CreateClaim(self.history, outcome.value, op))

        self.runner.run(op, done, what="accept the suggestion")

    def dismiss(self, s: Suggestion) -> None:
        article_id = self.article.article_id
        if article_id is None:
            return
        row = self.panel.table.currentRow()
        command = commands.DismissSuggestion(self.history, article_id, s)

        def done(outcome: Outcome) -> None:
            if not isinstance(outcome, Done):
                self.messages.error(outcome.message)
                return
            self._hidden.add(suggestions.key(s))
            self.show()
            self.messages.info("Suggestion dismissed")
            self.history.push(command)
            if self.panel.suggestions():
                self.panel.table.setCurrentCell(min(row, len(self.panel.suggestions()) - 1), 0)

        self.runner.run(command.forward(), done, what="dismiss the suggestion")

    def accept_all(self, threshold: float) -> None:
        chosen = [s for s in self.panel.suggestions() if s.score >= threshold]
        if not chosen:
            self.messages.info(f"No suggestion scores {threshold:.2f} or more", 4000)
            return
        article_id = self.article.article_id
        if article_id is None:
            return
        actor = self.history.actor()
        made: list[tuple[object, commands.Op]] = []

        def one(s: Suggestion) -> None:
            op = partial(edits.accept_suggestion, article_id=article_id, s=s, actor=actor)
            self.runner.run(op, lambda o: made.append((o, op)), what="accept the suggestion")

        for s in chosen:
            one(s)

        def summarise() -> None:
            stack = self.history.stack
            stack.beginMacro(f"Accept {len(chosen)} suggestions")
            accepted = 0
            for outcome, op in made:
                if isinstance(outcome, Done):
                    accepted += 1
                    self.history.push(commands.CreateClaim(self.history, outcome.value, op))
            stack.endMacro()
            self.messages.info(f"Accepted {accepted} suggestion(s) as claims", 5000)

        self.runner.after(summarise)
