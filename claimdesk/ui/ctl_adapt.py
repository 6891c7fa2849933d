"""Suggestions › Adapt to this desk: refit the classifier's last layer on the analyst's own
decisions, in the analysis process, with progress and cancel; roll back; shipped model.

The decisions are read off the UI thread (``core.decisions``), handed to the analysis
process (``nlp.service.adapt_for``), which reports progress and watches for a stop
request through two small files in a temporary folder this controller polls.  Nothing
leaves the machine: the adapted head is saved in the user's data folder.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from claimdesk.core.decisions import desk_decisions
from claimdesk.errors import ClaimdeskError
from claimdesk.logs import describe
from claimdesk.ui.actions import make_action
from claimdesk.ui.analysis import SuggestionEngine
from claimdesk.ui.ctl_suggest import SuggestController
from claimdesk.ui.messages import Messages
from claimdesk.ui.runner import Runner

_log = logging.getLogger(__name__)
POLL_MS = 150


class AdaptController(QObject):
    def __init__(
        self,
        runner: Runner,
        engine: SuggestionEngine,
        suggest: SuggestController,
        messages: Messages,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.engine = engine
        self.suggest = suggest
        self.messages = messages
        self.window = parent
        self.progress: QProgressDialog | None = None
        self.report_box: QMessageBox | None = None
        self.last_report: dict[str, Any] | None = None
        self._dir: Path | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)
        self.act_adapt = make_action(
            parent,
            "&Adapt to this desk\u2026",
            self.adapt,
            None,
            "",
            "Refit the classifier's last layer on this desk's claims and dismissed "
            "suggestions; it stays on this computer",
        )
        self.act_roll_back = make_action(
            parent,
            "&Roll back adaptation",
            self.roll_back,
            None,
            "",
            "Go back to the classifier in use before the last change",
        )
        self.act_shipped = make_action(
            parent,
            "Use the &shipped model",
            self.use_shipped,
            None,
            "",
            "Suggest with the classifier as shipped (the adapted one is kept to roll back to)",
        )

    def actions(self) -> list[QAction]:
        return [self.act_adapt, self.act_roll_back, self.act_shipped]

    @property
    def running(self) -> bool:
        return self._dir is not None

    # adapting ------------------------------------------------------------------------------
    def adapt(self) -> None:
        if self.running:
            self.messages.info("Already adapting to this desk\u2026")
            return
        if not self.engine.enabled:
            self.messages.error("Suggestions are off (Settings); there is no classifier to adapt.")
            return
        self.messages.info("Reading this desk's decisions\u2026")
        self.runner.read(
            desk_decisions, self._start, self.messages.error, what="read the decisions"
        )

    def _start(self, decisions: list[Any]) -> None:
        if not decisions:
            self.messages.error(
                "Nothing to adapt to yet: accept or dismiss suggestions, or make claims, first."
            )
            return
        from claimdesk.nlp.service import adapt_for

        self._dir = Path(tempfile.mkdtemp(prefix="claimdesk-adapt-"))
        dialog = QProgressDialog("Adapting to this desk\u2026", "Cancel", 0, 0, self.window)
        dialog.setWindowTitle("Adapt to this desk")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(self.cancel)
        self.progress = dialog
        self._timer.start()
        self.engine.call(adapt_for, decisions, str(self._dir), on_done=self._finished)

    def cancel(self) -> None:
        if self._dir is not None:
            (self._dir / "cancel").touch()
            if self.progress is not None:
                self.progress.setLabelText("Stopping\u2026")

    def _poll(self) -> None:
        from claimdesk.nlp.adapt import read_progress  # numpy only: no onnxruntime here

        if self._dir is None or self.progress is None:
            return
        state = read_progress(self._dir)
        if state:
            total = max(1, int(state.get("total", 1)))
            self.progress.setRange(0, total)
            self.progress.setValue(min(total, int(state.get("done", 0))))
            if not (self._dir / "cancel").exists():
                self.progress.setLabelText(f"{state.get('stage', 'Adapting')}\u2026")

    def _finished(self, outcome: object) -> None:
        self._timer.stop()
        if self.progress is not None:
            self.progress.canceled.disconnect(self.cancel)
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None
        if isinstance(outcome, ClaimdeskError):
            self.messages.error(str(outcome))
            return
        if isinstance(outcome, Exception):
            self.messages.error(f"Could not adapt to this desk: {describe(outcome)}")
            return
        if not isinstance(outcome, dict):
            self.messages.error(
                "Could not adapt to this desk: the analysis process gave no report."
            )
            return
        self.last_report = outcome
        self._show_report(outcome)
        if outcome.get("kept"):
            self.suggest.ask_again()

    def _show_report(self, r: dict[str, Any]) -> None:
        self.messages.info(str(r.get("message", "")), 8000)
        details = (
            f"{r['message']}\n\n"
            f"Decisions used: {r['examples']} sentences ({r['checkworthy']} with a claim, "
            f"{r['not_checkworthy']} with only a dismissed suggestion).\n"
            f"Held back to check: {r['held_back']} sentences from the newest "
            f"{r['held_back_articles']} article(s).\n"
            f"F1 there: {r['f1_before']:.2f} before, {r['f1_after']:.2f} after; "
            f"flagged there: {r['flagged_before']:.0%} before, {r['flagged_after']:.0%} after."
        )
        box = QMessageBox(
            QMessageBox.Icon.Information, "Adapt to this desk", details, parent=self.window
        )
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        self.report_box = box
        box.open()

    # rolling back --------------------------------------------------------------------------
    def roll_back(self) -> None:
        from claimdesk.nlp.service import roll_back_adaptation

        self._switch(roll_back_adaptation)

    def use_shipped(self) -> None:
        from claimdesk.nlp.service import use_shipped_model

        self._switch(use_shipped_model)

    def _switch(self, fn: Any) -> None:
        if self.running:
            self.messages.info("Wait for the adaptation to finish, or cancel it.")
            return
        if not self.engine.enabled:
            self.messages.error("Suggestions are off (Settings).")
            return

        def done(outcome: object) -> None:
            if isinstance(outcome, Exception):
                text = str(outcome) if isinstance(outcome, ClaimdeskError) else describe(outcome)
                self.messages.error(text)
                return
            self.messages.info(str(outcome), 6000)
            self.suggest.ask_again()

        self.engine.call(fn, on_done=done)
