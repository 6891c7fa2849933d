"""Published fact-checks in the window: importing them, the library's batches, *Checked
elsewhere* for the selected claim, the mark in the suggestion list, linking a check as
evidence and the optional online lookup."""

from __future__ import annotations

import time
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget

from claimdesk.config import Settings
from claimdesk.core.changes import ChangeSet
from claimdesk.core.details import ClaimDetails
from claimdesk.core.edits import Edited
from claimdesk.ui import checks_commands as ops
from claimdesk.ui import commands
from claimdesk.ui.actions import make_action
from claimdesk.ui.checked_elsewhere import BatchesDialog
from claimdesk.ui.commands import History
from claimdesk.ui.ctl_article import ArticleController
from claimdesk.ui.messages import Messages
from claimdesk.ui.runner import Done, Outcome, Runner
from claimdesk.ui.suggest_panel import SuggestionEngine, SuggestionsPanel
from claimdesk.ui.workers import Worker

FILE_FILTER = "Published fact-checks (*.json *.jsonld *.html *.htm *.csv);;All files (*)"
OFFLINE_FOR_S = 60.0  # after a lookup found no network, say so for this long


class ChecksController(QObject):
    def __init__(
        self,
        runner: Runner,
        history: History,
        article: ArticleController,
        engine: SuggestionEngine,
        suggestions: SuggestionsPanel,
        settings: Settings,
        messages: Messages,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.history = history
        self.article = article
        self.engine = engine
        self.suggestions = suggestions
        self.settings = settings
        self.messages = messages
        self.parent_widget = parent
        self._for: int | None = None
        self._has_key: bool | None = None
        self._offline: tuple[float, str] | None = None
        self._workers: list[Worker] = []
        self.library: BatchesDialog | None = None
        a = partial(make_action, parent)
        self.act_import = a(
            "Import published &fact-checks\u2026",
            self.import_file,
            None,
            "",
            "Add published fact-checks (ClaimReview in JSON-LD, HTML pages or CSV) to the "
            "library the desk matches claims against",
        )
        self.act_library = a(
            "Published fact-checks &library\u2026",
            self.show_library,
            None,
            "",
            "The batches of published fact-checks: how many, from where; remove a batch",
        )
        self.act_link = a(
            "Link &published check as evidence",
            self.link_current,
            QKeySequence("Ctrl+Alt+L"),
            "evidence",
            "Link the published check shown under Checked elsewhere to this claim (Ctrl+Alt+L)",
        )
        self.act_lookup = a("Look up &online", self.look_up_online, None, "", "")
        box = article.inspector.checked
        box.linkRequested.connect(self.link_check)
        box.openRequested.connect(lambda url: QDesktopServices.openUrl(QUrl(url)))
        article.claimShown.connect(self._claim_shown)
        suggestions.listed.connect(self._mark_suggestions)
        runner.changed.connect(self._changes)
        self.update_lookup()

    def actions(self) -> list[QAction]:
        return [self.act_import, self.act_library, self.act_link, self.act_lookup]

    # importing -----------------------------------------------------------------------------
    def import_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.parent_widget, "Import published fact-checks", str(Path.home()), FILE_FILTER
        )
        if path:
            self.import_source(path)

    def import_address(self) -> None:
        url, ok = QInputDialog.getText(
            self.parent_widget, "Import published fact-checks", "Web address of the file or page:"
        )
        if ok and url.strip():
            self.import_source(url.strip())

    def import_source(self, source: str) -> None:
        from claimdesk.io.claimreview_import import download, is_url

        name = source if is_url(source) else Path(source).name
        self.messages.info(f"Importing published fact-checks from {name}\u2026", 0)
        if not is_url(source):
            op = partial(ops.import_source, source=source, actor=self.history.actor())
            self.runner.run(op, lambda o: self._imported(o, name), what="import the checks")
            return

        def fetch(_report: Any, _cancelled: Any, result: Any) -> None:
            result(download(source))

        def fetched(tmp: Path) -> None:
            from claimdesk.io.claimreview_import import import_path

            def op(session: Any) -> Any:
                try:
                    report = import_path(
                        session, tmp, origin=source, kind="url", actor=self.history.actor()
                    )
                finally:
                    tmp.unlink(missing_ok=True)
                return Edited(report, ops.CHANGED)

            self.runner.run(op, lambda o: self._imported(o, name), what="import the checks")

        self._start(fetch, fetched, "Import published fact-checks")

    def _imported(self, outcome: Outcome, name: str) -> None:
        if not isinstance(outcome, Done):
            self.messages.error(outcome.message)
            QMessageBox.warning(self.parent_widget, "Import published fact-checks", outcome.message)
            return
        report = outcome.value
        self.history.push(ops.ImportChecks(self.history, report, name))
        self.messages.info(f"{name}: {report.describe()}", 10000)
        if report.problems:
            box = QMessageBox(
                QMessageBox.Icon.Information,
                "Import published fact-checks",
                f"{name}: {report.describe()}",
                QMessageBox.StandardButton.Ok,
                self.parent_widget,
            )
            more = f"\n\u2026 and {report.more_problems} more" if report.more_problems else ""
            box.setDetailedText("\n".join(map(str, report.problems)) + more)
            box.exec()

    def _start(self, fn: Any, on_result: Any, title: str) -> None:
        worker = Worker(fn)
        worker.signals.result.connect(on_result)
        worker.signals.failed.connect(lambda message: self._worker_failed(title, message))
        self._workers.append(worker)
        worker.signals.finished.connect(lambda: self._workers.remove(worker))
        worker.start()

    def _worker_failed(self, title: str, message: str) -> None:
        text = message.split(": ", 1)[-1]
        self.messages.error(text)
        QMessageBox.warning(self.parent_widget, title, text)

    # the library ---------------------------------------------------------------------------
    def show_library(self) -> None:
        dialog = BatchesDialog(self.parent_widget)
        dialog.removeRequested.connect(self.remove_batch)
        dialog.importRequested.connect(self.import_file)
        dialog.addressRequested.connect(self.import_address)
        self.library = dialog
        self._refresh_library()
        dialog.exec()
        self.library = None

    def _refresh_library(self) -> None:
        if self.library is not None:
            dialog = self.library
            self.runner.read(ops.list_batches, dialog.set_batches, self.messages.error)

    def remove_batch(self, batch_id: int) -> None:
        def done(outcome: Outcome) -> None:
            if not isinstance(outcome, Done):
                self.messages.error(outcome.message)
                return
            self.history.push(ops.RemoveBatch(self.history, outcome.value))
            self.messages.info(
                f"Batch {batch_id} removed with {len(outcome.value.checks)} published check(s)"
            )

        self.runner.run(partial(ops.remove_batch, batch_id=batch_id), done, what="remove the batch")

    def _changes(self, changes: ChangeSet) -> None:
        if not changes.published:
            return
        self._refresh_library()
        claim_id = self.article.current_claim_id()
        if claim_id is not None:
            self.look_for_checks(claim_id)
        self._mark_suggestions(self.suggestions.suggestions())

    # checked elsewhere -----------------------------------------------------------------------
    def _claim_shown(self, shown: ClaimDetails | None) -> None:
        if shown is None:
            self._for = None
        elif shown.claim.id != self._for:
            self.look_for_checks(shown.claim.id)

    def look_for_checks(self, claim_id: int) -> None:
        self._for = claim_id
        box = self.article.inspector.checked
        box.set_checks([], "Looking for published fact-checks of this claim\u2026")
        if self.runner.dialect == "sqlite":
            from claimdesk.nlp.published_service import checks_for

            self.engine.call(
                checks_for,
                self.runner.store.target,
                claim_id,
                on_done=lambda outcome: self._found(claim_id, outcome),
            )
            return
        self.runner.read(
            partial(ops.checks_of_claim, claim_id=claim_id),
            lambda found: self._found(claim_id, found),
            lambda message: self._found(claim_id, RuntimeError(message)),
        )

    def _found(self, claim_id: int, outcome: object) -> None:
        if claim_id != self._for or claim_id != self.article.current_claim_id():
            return
        box = self.article.inspector.checked
        if isinstance(outcome, Exception) or not isinstance(outcome, tuple):
            box.set_checks([], f"Could not look: {outcome}")
            return
        found, summary = outcome
        box.set_checks(found, summary)

    def _mark_suggestions(self, items: list[Any]) -> None:
        texts = [s.text for s in items]
        if not texts:
            self.suggestions.set_marks({})
            return

        def marked(outcome: object) -> None:
            if isinstance(outcome, dict) and [s.text for s in self.suggestions.suggestions()]:
                self.suggestions.set_marks(outcome)

        if self.runner.dialect != "sqlite":  # a team desk is matched on the runner's thread
            self.runner.read(partial(ops.marks_of, texts=texts), marked, self.messages.error)
            return
        from claimdesk.nlp.published_service import marks_for

        self.engine.call(marks_for, self.runner.store.target, texts, on_done=marked)

    # evidence ------------------------------------------------------------------------------
    def link_current(self) -> None:
        found = self.article.inspector.checked.current()
        if found is None:
            self.messages.error("No published fact-check of this claim is shown to link.")
            return
        self.link_check(found.check.id)

    def link_check(self, check_id: int) -> None:
        claim_id = self.article.current_claim_id()
        article_id = self.article.article_id
        if claim_id is None:
            self.messages.error("Select a claim first, then link the published check to it.")
            return

        def done(outcome: Outcome) -> None:
            if not isinstance(outcome, Done):
                self.messages.error(outcome.message)
                return
            rec, draft = outcome.value
            if draft is None:
                self.history.push(commands.LinkEvidence(self.history, rec, article_id))
            else:
                self.history.push(commands.LinkNewSource(self.history, rec, draft, article_id))
            self.messages.info(f"Linked as evidence ({rec.stance}): {rec.source.title}")

        op = partial(
            ops.link_check, claim_id=claim_id, check_id=check_id, actor=self.history.actor()
        )
        self.runner.run(op, done, what="link the published check")

    # online ----------------------------------------------------------------------------------
    def settings_changed(self) -> None:
        self._has_key = None
        self.update_lookup()

    def unavailable(self) -> tuple[str, str] | None:
        """(a few words for the menu, a sentence) when Look up online cannot run."""
        if self.settings.checks_online != "on":
            return "off in Settings", (
                "Looking up online is off. When it is on, it sends the selected claim's words "
                "to Google's Fact Check Tools API; turn it on in Settings \u203a Published "
                "fact-checks."
            )
        if self._offline is not None and time.monotonic() < self._offline[0]:
            return "offline", self._offline[1]
        if self._has_key is None:
            from claimdesk.secrets import SecretsUnavailable, get_factcheck_key

            try:
                self._has_key = bool(get_factcheck_key())
            except SecretsUnavailable:
                self._has_key = False
        if not self._has_key:
            return "no API key", (
                "Looking up online needs a Google Fact Check Tools API key in the system "
                "keyring: add it in Settings \u203a Published fact-checks."
            )
        return None

    def update_lookup(self) -> None:
        reason = self.unavailable()
        act = self.act_lookup
        act.setText("Look up &online" + (f"  (unavailable: {reason[0]})" if reason else ""))
        tip = reason[1] if reason else (
            "Send the selected claim's words to Google's Fact Check Tools API and add the "
            "published checks it finds to the library"
        )  # fmt: skip
        act.setToolTip(tip)
        act.setStatusTip(tip)

    def look_up_online(self) -> None:
        self.update_lookup()
        reason = self.unavailable()
        if reason is not None:
            QMessageBox.information(self.parent_widget, "Look up online", reason[1])
            return
        claim = self.article.inspector.claim()
        chosen = self.suggestions.selected()
        sentence = claim.statement if claim is not None else (chosen.text if chosen else "")
        if not sentence:
            self.messages.error("Select a claim (or a suggestion) to look up.")
            return
        settings = self.settings
        self.messages.info("Looking the claim up online\u2026", 0)

        def ask(_report: Any, _cancelled: Any, result: Any) -> None:
            from claimdesk.io.factcheck_api import Offline, lookup
            from claimdesk.secrets import get_factcheck_key

            try:
                drafts = lookup(
                    sentence, key=get_factcheck_key() or "", url=settings.checks_api_url
                )
            except Offline as exc:
                result(exc)
                return
            result(drafts)

        self._start(ask, lambda found: self._looked_up(sentence, found), "Look up online")

    def _looked_up(self, sentence: str, found: object) -> None:
        if isinstance(found, Exception):
            when = time.strftime("%H:%M")
            self._offline = (time.monotonic() + OFFLINE_FOR_S, f"{found} (at {when})")
            self.update_lookup()
            self.messages.error(str(found))
            QMessageBox.warning(self.parent_widget, "Look up online", str(found))
            return
        assert isinstance(found, list)
        self._offline = None
        if not found:
            self.messages.info("No published fact-check of this claim was found online.", 8000)
            return
        origin = f"online: {sentence[:80]}"
        op = partial(ops.import_found, drafts=found, origin=origin, actor=self.history.actor())
        self.runner.run(op, lambda o: self._imported(o, "the online lookup"), what="add the checks")
