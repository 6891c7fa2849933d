"""Claims and verification: make and delete claims, statuses with their rationale,
sources and the evidence linked to a claim."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from claimdesk.core import edits, sources
from claimdesk.core.records import SourceRecord
from claimdesk.core.vocab import STATUS_INFO, Status
from claimdesk.ui import commands
from claimdesk.ui.actions import make_action
from claimdesk.ui.commands import History
from claimdesk.ui.ctl_article import ArticleController
from claimdesk.ui.dialogs import AddSourceDialog, LinkEvidenceDialog, RationaleDialog
from claimdesk.ui.icons import status_icon
from claimdesk.ui.messages import Messages
from claimdesk.ui.runner import Done, Outcome, Runner
from claimdesk.ui.saving import ClaimSaver


class ClaimsController(QObject):
    def __init__(
        self,
        runner: Runner,
        history: History,
        article: ArticleController,
        saver: ClaimSaver,
        messages: Messages,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.history = history
        self.article = article
        self.saver = saver
        self.messages = messages
        self.parent_widget = parent
        self._making = False
        self._after_make: Callable[[int], None] | None = None  # a key pressed meanwhile
        a = partial(make_action, parent)
        self.act_make = a(
            "&Make claim",
            self.make_claim,
            QKeySequence("Ctrl+E"),
            "new-claim",
            "Make the selected words of the article a tracked claim (Ctrl+E)",
        )
        self.act_delete = a(
            "&Delete claim",
            self.delete_current_claim,
            QKeySequence.StandardKey.Delete,
            "delete",
            "Delete the selected claim with its evidence links (Delete)",
        )
        self.act_delete.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        parent.addAction(self.act_delete)
        self.act_source = a(
            "Add &source\u2026",
            self.add_source,
            None,
            "source",
            "Add a source that evidence can cite",
        )
        self.act_link = a(
            "&Link evidence\u2026",
            self.link_evidence_current,
            QKeySequence("Ctrl+L"),
            "evidence",
            "Link a source to the selected claim as evidence (Ctrl+L)",
        )
        self.act_unlink = a(
            "&Unlink evidence",
            self.unlink_evidence,
            None,
            "",
            "Remove the selected evidence link from the claim",
        )
        self.status_actions: list[QAction] = []
        for status, info in STATUS_INFO.items():
            act = a(
                info.label,
                partial(self.change_status_current, status.value),
                QKeySequence(f"Ctrl+{info.key}"),
                "",
                info.description,
            )
            act.setIcon(status_icon(status.value))
            self.status_actions.append(act)

        reader, panel, inspector = article.reader, article.claims, article.inspector
        reader.makeClaimRequested.connect(self.make_claim)
        reader.statusRequested.connect(self.change_status)
        reader.deleteRequested.connect(self.delete_claim)
        panel.statusKey.connect(self.change_status)
        panel.deleteKey.connect(self.delete_claim)
        panel.urlDropped.connect(self.link_evidence_url)
        inspector.editRequested.connect(self.edit_claim)
        inspector.statusRequested.connect(self.change_status)
        inspector.addEvidenceRequested.connect(self.link_evidence)
        article.selectionChanged.connect(self.update_actions)
        self.update_actions()

    def actions(self) -> list[QAction]:
        return [
            self.act_make,
            self.act_delete,
            *self.status_actions,
            self.act_link,
            self.act_unlink,
            self.act_source,
        ]

    def update_actions(self) -> None:
        # While a claim is being made, the selected claim is about to change: a status or
        # link key pressed then waits for the new claim (Ctrl+E, Ctrl+2 typed fast), and
        # must not land on the claim selected before.
        has_claim = self.article.current_claim_id() is not None and not self._making
        self.act_make.setEnabled(self.article.selected_span() is not None)
        for act in (self.act_delete, self.act_unlink):
            act.setEnabled(has_claim)
        for act in (self.act_link, *self.status_actions):
            act.setEnabled(has_claim or self._making)

    # claims -----------------------------------------------------------------------------
    def make_claim(self) -> None:
        span = self.article.selected_span()
        article_id = self.article.article_id
        if article_id is None or span is None:
            self.messages.error("Select the words of the claim in the article first.")
            return
        op = partial(
            edits.create_claim,
            article_id=article_id,
            start=span[0],
            end=span[1],
            actor=self.history.actor(),
        )

        def done(outcome: Outcome) -> None:
            self._making = False
            waiting, self._after_make = self._after_make, None
            self.update_actions()
            if not isinstance(outcome, Done):
                self.messages.error(outcome.message)
                return
            self.messages.info("Claim created")
            self.history.push(commands.CreateClaim(self.history, outcome.value, op))
            self.article.show_new_claim(outcome.value)
            self.article.inspector.statement.setFocus()
            if waiting is not None:
                waiting(outcome.value.id)

        self._making = True
        self._after_make = None
        self.update_actions()
        self.runner.run(op, done, what="make the claim")

    def delete_current_claim(self) -> None:
        claim_id = self.article.current_claim_id()
        if claim_id is not None:
            self.delete_claim(claim_id)

    def delete_claim(self, claim_id: int) -> None:
        def done(outcome: Outcome) -> None:
            if not isinstance(outcome, Done):
                self.messages.error(outcome.message)
                return
            self.messages.info("Claim deleted (Ctrl+Z brings it back)")
            self.history.push(commands.DeleteClaim(self.history, outcome.value))

        self.runner.run(
            partial(edits.delete_claim, claim_id=claim_id), done, what="delete the claim"
        )

    def edit_claim(self, claim_id: int, changes: dict[str, Any]) -> None:
        self.saver.save(claim_id, changes)

    # statuses ----------------------------------------------------------------------------
    def change_status_current(self, status: str) -> None:
        if self._making:  # for the claim on its way (the last key pressed wins)
            self._after_make = lambda claim_id: self.change_status(claim_id, status)
            return
        claim_id = self.article.current_claim_id()
        if claim_id is None:
            self.messages.error("Select a claim first, then set its status.")
            return
        self.change_status(claim_id, status)

    def change_status(self, claim_id: int, status: str) -> None:
        before = self.article.shown_claim(claim_id)
        if before is None:
            self.article.select_claim(claim_id)
            return
        info = STATUS_INFO[Status(status)]
        rationale = None
        if info.is_verdict and before.status != status:
            typed = self.article.inspector.rationale.toPlainText().strip()
            dialog = RationaleDialog(info.label, typed or before.rationale, self.parent_widget)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                self.article.select_claim(claim_id)  # put the status box back
                return
            rationale = dialog.rationale()
        self.saver.save(
            claim_id,
            {"status": status, "rationale": rationale},
            before=before,
            done_message=f"Marked {info.label}",
        )

    # sources and evidence -------------------------------------------------------------------
    def add_source(self) -> None:
        self._add_source_dialog(AddSourceDialog(parent=self.parent_widget))

    def _add_source_dialog(self, dialog: AddSourceDialog) -> None:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        draft = dialog.form.draft()

        def done(outcome: Outcome) -> None:
            if isinstance(outcome, Done):
                self.messages.info("Source added")
                self.history.push(commands.AddSource(self.history, outcome.value, draft))
                return
            QMessageBox.warning(self.parent_widget, "Add source", outcome.message)
            self._add_source_dialog(dialog)  # again, with what was typed

        self.runner.run(partial(edits.add_source, draft=draft), done, what="add the source")

    def link_evidence_url(self, claim_id: int, url: str) -> None:
        self.article.select_claim(claim_id)
        self.link_evidence(claim_id, url)

    def link_evidence_current(self) -> None:
        if self._making:
            self._after_make = self.link_evidence
            return
        claim_id = self.article.current_claim_id()
        if claim_id is None:
            self.messages.error("Select a claim first, then link its evidence.")
            return
        self.link_evidence(claim_id)

    def link_evidence(self, claim_id: int, url: str = "") -> None:
        def ask(rows: list[tuple[SourceRecord, list[int]]]) -> None:
            known = [s for s, _ in rows]
            claim = self.article.shown_claim(claim_id)
            statement = claim.statement if claim is not None else f"claim {claim_id}"
            existing = next((s for s in known if url and s.url == url), None)
            dialog = LinkEvidenceDialog(
                statement, known, "" if existing else url, self.parent_widget
            )
            if existing is not None:
                dialog.source.setCurrentIndex(dialog.source.findData(existing.id))
            self._link_dialog(claim_id, dialog)

        self.runner.read(sources.list_sources, ask, self.messages.error, what="list the sources")

    def _link_dialog(self, claim_id: int, dialog: LinkEvidenceDialog) -> None:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        excerpt, locator = dialog.excerpt.toPlainText(), dialog.locator.text()
        note = dialog.note.text()
        source_id = dialog.source_id()
        actor = self.history.actor()
        article_id = self.article.article_id
        draft = dialog.new_source.draft() if source_id is None else None
        if source_id is None:
            assert draft is not None
            op: commands.Op = partial(
                edits.link_new_source,
                claim_id=claim_id,
                draft=draft,
                stance=dialog.stance_value(),
                actor=actor,
                excerpt=excerpt,
                locator=locator,
                note=note,
            )
        else:
            op = partial(
                edits.link_evidence,
                claim_id=claim_id,
                source_id=source_id,
                stance=dialog.stance_value(),
                actor=actor,
                excerpt=excerpt,
                locator=locator,
                note=note,
            )

        def done(outcome: Outcome) -> None:
            if isinstance(outcome, Done):
                self.messages.info("Evidence linked")
                if draft is not None:
                    cmd: commands.EditCommand = commands.LinkNewSource(
                        self.history, outcome.value, draft, article_id
                    )
                else:
                    cmd = commands.LinkEvidence(self.history, outcome.value, article_id)
                self.history.push(cmd)
                return
            QMessageBox.warning(self.parent_widget, "Link evidence", outcome.message)
            self._link_dialog(claim_id, dialog)  # again, with what was typed

        self.runner.run(op, done, what="link the evidence")

    def unlink_evidence(self) -> None:
        evidence_id = self.article.inspector.selected_evidence_id()
        if evidence_id is None or self.article.current_claim_id() is None:
            self.messages.error("Select an evidence link in the inspector first.")
            return
        article_id = self.article.article_id

        def done(outcome: Outcome) -> None:
            if not isinstance(outcome, Done):
                self.messages.error(outcome.message)
                return
            self.messages.info("Evidence unlinked")
            self.history.push(commands.UnlinkEvidence(self.history, outcome.value, article_id))

        self.runner.run(
            partial(edits.unlink_evidence, evidence_id=evidence_id),
            done,
            what="unlink the evidence",
        )
