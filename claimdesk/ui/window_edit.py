"""The window's editing actions: every edit goes through the desk and onto the undo stack."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QDialog, QMessageBox

from claimdesk.core.records import ClaimRecord
from claimdesk.core.vocab import STATUS_INFO, Status
from claimdesk.errors import ClaimdeskError
from claimdesk.ui import commands
from claimdesk.ui.dialogs import (
    AddSourceDialog,
    LinkEvidenceDialog,
    RationaleDialog,
    SettingsDialog,
)
from claimdesk.ui.team_conflict import OFFLINE_EDIT, save_with_conflicts

if TYPE_CHECKING:
    from claimdesk.ui.main_window import MainWindow

    _Base = MainWindow
else:
    _Base = object


class EditingMixin(_Base):
    # articles -----------------------------------------------------------------------------
    def refresh_library(self) -> None:
        self.library.model.load(self.desk.list_articles_page, self.library.filter.text())
        if self.article_id is not None:
            self.library.select_article(self.article_id)
        total = self.desk.count_articles()
        self.counts_label.setText(f"{total:,} article{'s' if total != 1 else ''}")

    def refresh_article_row(self, article_id: int) -> None:
        try:
            self.library.model.replace(self.desk.article_info(article_id))
        except ClaimdeskError:
            self.refresh_library()

    def refresh_sources(self) -> None:
        self.sources.set_sources(self.desk.list_sources())

    def open_article(self, article_id: int) -> None:
        try:
            doc = self.desk.article(article_id)
        except ClaimdeskError as exc:
            self.show_error(str(exc))
            return
        self.article_id = article_id
        claims = self.desk.claims_of(article_id)
        self.reader.show_article(doc.text, claims)
        self.claims.model.set_claims(claims)
        self.inspector.show_claim(None)
        self.library.select_article(article_id)
        self.setWindowTitle(f"{doc.info.title} \u2014 claimdesk")
        orphans = sum(1 for c in claims if c.orphaned)
        note = f"; {orphans} claim(s) could not be placed in the text" if orphans else ""
        self.statusBar().showMessage(
            f"Opened \u201c{doc.info.title}\u201d: {len(claims)} claim(s){note}", 5000
        )
        self._update_actions()
        self.request_suggestions()

    # selection ----------------------------------------------------------------------------
    def current_claim_id(self) -> int | None:
        claim = self.inspector.claim()
        return claim.id if claim is not None else None

    def select_claim(self, claim_id: int) -> None:
        try:
            claim = self.desk.claim(claim_id)
        except ClaimdeskError as exc:
            self.show_error(str(exc))
            return
        if claim.article_id != self.article_id:
            self.open_article(claim.article_id)
        self.inspector.show_claim(claim, self.desk.evidence(claim_id), self.desk.history(claim_id))
        self.look_for_matches(claim_id)
        self.claims.select_claim(claim_id)
        self.reader.select_claim(claim_id)
        self._update_actions()

    def _claims_changed(self, article_id: int) -> None:
        if self.article_id is None or article_id not in (self.article_id, -1):
            return
        claims = self.desk.claims_of(self.article_id)
        current = self.current_claim_id()
        self.claims.model.set_claims(claims)
        self.reader.set_claims(claims)
        if current is not None and any(c.id == current for c in claims):
            self.claims.select_claim(current)
            self.reader.select_claim(current, scroll=False)
        elif current is not None:
            self.inspector.show_claim(None)
        self._show_suggestions()
        self._update_actions()

    def _claim_updated(self, rec: ClaimRecord) -> None:
        if rec.article_id == self.article_id:
            self.claims.model.update_claim(rec)
            self.reader.update_claim(rec)

    def _claim_changed(self, claim_id: int) -> None:
        if claim_id == self.current_claim_id():
            claim = self.desk.claim(claim_id)
            self.inspector.show_claim(
                claim, self.desk.evidence(claim_id), self.desk.history(claim_id)
            )

    def _update_actions(self) -> None:
        has_claim = self.current_claim_id() is not None
        self.act_make.setEnabled(
            self.article_id is not None and self.reader.selected_span() is not None
        )
        for act in (self.act_delete, self.act_link, self.act_unlink, *self.status_actions):
            act.setEnabled(has_claim)

    # edits ----------------------------------------------------------------------------------
    def _attempt(self, what: str, fn: Any, *args: Any, **kwargs: Any) -> Any:
        from sqlalchemy.exc import DBAPIError

        link = getattr(self, "team_link", None)
        if link is not None and link.offline:
            self.show_error(OFFLINE_EDIT)
            return None
        try:
            result = fn(*args, **kwargs)
        except ClaimdeskError as exc:
            self.show_error(str(exc))
            return None
        except DBAPIError:
            self.show_error(OFFLINE_EDIT)
            if link is not None:
                link.poll_now()
            return None
        self.inspector.show_message("")
        self.statusBar().showMessage(what, 4000)
        return result

    def make_claim(self) -> None:
        span = self.reader.selected_span()
        if self.article_id is None or span is None:
            self.show_error("Select the words of the claim in the article first.")
            return
        rec = self._attempt("Claim created", self.desk.create_claim, self.article_id, *span)
        if rec is not None:
            self.undo_stack.push(commands.CreateClaim(self.desk, rec))
            self.select_claim(rec.id)
            self.inspector.statement.setFocus()

    def delete_current_claim(self) -> None:
        claim_id = self.current_claim_id()
        if claim_id is not None:
            self.delete_claim(claim_id)

    def delete_claim(self, claim_id: int) -> None:
        deleted = self._attempt(
            "Claim deleted (Ctrl+Z brings it back)", self.desk.delete_claim, claim_id
        )
        if deleted is not None:
            self.undo_stack.push(commands.DeleteClaim(self.desk, deleted))

    def edit_claim(self, claim_id: int, changes: dict[str, Any]) -> None:
        # against the version the analyst saw: a team-mate's newer one is a conflict
        save_with_conflicts(self, claim_id, changes)

    def change_status_current(self, status: str) -> None:
        claim_id = self.current_claim_id()
        if claim_id is not None:
            self.change_status(claim_id, status)

    def change_status(self, claim_id: int, status: str) -> None:
        try:
            before = self.desk.claim(claim_id)
        except ClaimdeskError as exc:
            self.show_error(str(exc))
            return
        info = STATUS_INFO[Status(status)]
        rationale = None
        if info.is_verdict and before.status != status:
            dialog = RationaleDialog(info.label, before.rationale, self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                self._claim_changed(claim_id)  # put the status box back
                return
            rationale = dialog.rationale()
        if save_with_conflicts(self, claim_id, {"status": status, "rationale": rationale}):
            self.statusBar().showMessage(f"Marked {info.label}", 4000)

    # sources and evidence --------------------------------------------------------------------
    def add_source(self) -> None:
        dialog = AddSourceDialog(parent=self)
        while dialog.exec() == QDialog.DialogCode.Accepted:
            draft = dialog.form.draft()
            rec = self._attempt("Source added", self.desk.add_source, draft)
            if rec is not None:
                self.undo_stack.push(commands.AddSource(self.desk, rec, draft))
                return
            QMessageBox.warning(self, "Add source", self.statusBar().currentMessage())

    def link_evidence_url(self, claim_id: int, url: str) -> None:
        self.select_claim(claim_id)
        self.link_evidence(claim_id, url)

    def link_evidence(self, claim_id: int | None = None, url: str = "") -> None:
        claim_id = claim_id if type(claim_id) is int else self.current_claim_id()  # not `checked`
        if claim_id is None:
            self.show_error("Select a claim first, then link its evidence.")
            return
        claim = self.desk.claim(claim_id)
        known = [s for s, _ in self.desk.list_sources()]
        existing = next((s for s in known if url and s.url == url), None)
        dialog = LinkEvidenceDialog(claim.statement, known, "" if existing else url, self)
        if existing is not None:
            dialog.source.setCurrentIndex(dialog.source.findData(existing.id))
        while dialog.exec() == QDialog.DialogCode.Accepted:
            if self._link_from_dialog(claim_id, dialog):
                return
            QMessageBox.warning(self, "Link evidence", self.statusBar().currentMessage())

    def _link_from_dialog(self, claim_id: int, dialog: LinkEvidenceDialog) -> bool:
        self.undo_stack.beginMacro("Link evidence")
        try:
            source_id = dialog.source_id()
            if source_id is None:
                draft = dialog.new_source.draft()
                source = self._attempt("Source added", self.desk.add_source, draft)
                if source is None:
                    return False
                self.undo_stack.push(commands.AddSource(self.desk, source, draft))
                source_id = source.id
            rec = self._attempt(
                "Evidence linked",
                self.desk.link_evidence,
                claim_id,
                source_id,
                dialog.stance_value(),
                excerpt=dialog.excerpt.toPlainText(),
                locator=dialog.locator.text(),
                note=dialog.note.text(),
            )
            if rec is None:
                return False
            self.undo_stack.push(commands.LinkEvidence(self.desk, rec))
            return True
        finally:
            self.undo_stack.endMacro()

    def unlink_evidence(self) -> None:
        evidence_id = self.inspector.selected_evidence_id()
        claim_id = self.current_claim_id()
        if evidence_id is None or claim_id is None:
            self.show_error("Select an evidence link in the inspector first.")
            return
        rec = self._attempt("Evidence unlinked", self.desk.unlink_evidence, evidence_id)
        if rec is not None:
            self.undo_stack.push(commands.UnlinkEvidence(self.desk, rec))

    # settings ---------------------------------------------------------------------------------
    def edit_settings(self) -> None:
        dialog = SettingsDialog(self.settings, str(self.suggest_engine.info.get("label", "")), self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            try:
                said = dialog.apply()
                self.settings.save()
            except OSError as exc:
                self.show_error(f"Could not save the settings: {exc.strerror}.")
                return
            except ClaimdeskError as exc:
                self.show_error(str(exc))
                return
            self.desk.actor = self.settings.user_name
            self.statusBar().showMessage(f"Settings saved. {said}", 8000)
