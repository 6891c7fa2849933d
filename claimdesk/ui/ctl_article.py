"""The open article and the selected claim: the reader, the Claims list and the inspector.

Everything shown here is read off the UI thread through the runner and refreshed from
the change sets the runner publishes: a status change repaints from the records it
carries; a claim made or deleted reloads the article's claim list; a change to the
selected claim reloads what the inspector shows.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QObject, Signal

from claimdesk.core import details
from claimdesk.core.changes import ChangeSet
from claimdesk.core.details import ArticleView, ClaimDetails
from claimdesk.core.records import ClaimRecord
from claimdesk.ui.inspector import Inspector
from claimdesk.ui.messages import Messages
from claimdesk.ui.panels import ClaimsPanel
from claimdesk.ui.reader import ReaderView
from claimdesk.ui.runner import Runner


class ArticleController(QObject):
    articleOpened = Signal(int)  # the reader shows this article now
    claimsShown = Signal()  # the open article's claims were (re)loaded
    claimShown = Signal(object)  # ClaimDetails of the selected claim, or None
    selectionChanged = Signal()  # the selected claim or the selected words changed

    def __init__(
        self,
        runner: Runner,
        reader: ReaderView,
        claims: ClaimsPanel,
        inspector: Inspector,
        messages: Messages,
        actor: Callable[[], str],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.reader = reader
        self.claims = claims
        self.inspector = inspector
        self.messages = messages
        self.actor = actor
        self.article_id: int | None = None
        self.title = ""
        self._wanted_article: int | None = None
        self._wanted_claim: int | None = None
        self.details: ClaimDetails | None = None

        runner.changed.connect(self.apply_changes)
        reader.claimClicked.connect(self.select_claim)
        reader.selectionChanged.connect(self.selectionChanged)
        claims.claimSelected.connect(self.select_claim)

    # asking --------------------------------------------------------------------------------
    def open_article(self, article_id: int, then: Callable[[], None] | None = None) -> None:
        """Show an article (read in the background); ``then`` runs once it is shown."""
        self._wanted_article = article_id

        def failed(message: str) -> None:
            if self._wanted_article == article_id:
                self._wanted_article = self.article_id  # stay with what is shown
            self.messages.error(message)

        self.runner.read(
            partial(details.article_view, article_id=article_id),
            lambda view: self._show_article(view, then),
            failed,
            what="open the article",
        )

    def select_claim(self, claim_id: int) -> None:
        self._wanted_claim = claim_id
        self.runner.read(
            partial(details.claim_details, claim_id=claim_id, actor=self.actor()),
            self._show_details,
            self.messages.error,
            what="show the claim",
        )

    def adopt(self, article_id: int, title: str) -> None:
        """Take over an article the window already shows (painted before the desk's
        services were loaded): nothing is painted again."""
        self._wanted_article = article_id
        self.article_id = article_id
        self.title = title
        self.articleOpened.emit(article_id)
        self.claimsShown.emit()
        self.selectionChanged.emit()

    def show_new_claim(self, rec: ClaimRecord) -> None:
        """Show a claim just made at once (it has no evidence yet, and its history is its
        creation), so the next key the analyst presses acts on it; the full details follow."""
        self._wanted_claim = rec.id
        self.inspector.show_claim(rec)
        self.reader.select_claim(rec.id, scroll=False)
        self.selectionChanged.emit()
        self.select_claim(rec.id)

    def clear(self) -> None:
        self.article_id = None
        self.title = ""
        self.reader.clear_article()
        self.claims.model.set_claims([])
        self._show_details(None)

    # what is shown ---------------------------------------------------------------------------
    def article_in_view(self) -> int | None:
        """The article shown, or the one being opened (what the analyst will see next)."""
        return self._wanted_article if self._wanted_article is not None else self.article_id

    def current_claim(self) -> ClaimRecord | None:
        return self.inspector.claim()

    def current_claim_id(self) -> int | None:
        claim = self.inspector.claim()
        return claim.id if claim is not None else None

    def shown_claim(self, claim_id: int) -> ClaimRecord | None:
        """The record of a claim as the window shows it (what the analyst saw)."""
        current = self.inspector.claim()
        if current is not None and current.id == claim_id:
            return current
        row = self.claims.model.row_of(claim_id)
        return self.claims.model.claim_at(row) if row >= 0 else None

    def selected_span(self) -> tuple[int, int] | None:
        return self.reader.selected_span() if self.article_id is not None else None

    # showing -----------------------------------------------------------------------------
    def _show_article(self, view: ArticleView, then: Callable[[], None] | None) -> None:
        if view.doc.info.id != self._wanted_article:
            return  # another article was asked for meanwhile
        self.article_id = view.doc.info.id
        self.title = view.doc.info.title
        claims = list(view.claims)
        markdown = view.doc.raw_media_type == "text/markdown"
        self.reader.show_article(view.doc.text, claims, markdown=markdown)
        self.claims.model.set_claims(claims)
        self._show_details(None)
        orphans = sum(1 for c in claims if c.orphaned)
        note = f"; {orphans} claim(s) could not be placed in the text" if orphans else ""
        self.messages.info(f"Opened \u201c{self.title}\u201d: {len(claims)} claim(s){note}", 5000)
        self.articleOpened.emit(self.article_id)
        self.claimsShown.emit()
        self.selectionChanged.emit()
        if then is not None:
            then()

    def _show_details(self, found: ClaimDetails | None) -> None:
        if found is not None and found.claim.id != self._wanted_claim:
            return
        if found is not None and found.claim.article_id != self.article_id:
            if self._wanted_article not in (None, self.article_id):
                return  # another article is opening: a click on the old list is dropped
            claim_id = found.claim.id
            self.open_article(found.claim.article_id, lambda: self.select_claim(claim_id))
            return
        self.details = found
        if found is None:
            self.inspector.show_claim(None)
        else:
            self.inspector.show_claim(found.claim, list(found.evidence), list(found.history))
            self.claims.select_claim(found.claim.id)
            self.reader.select_claim(found.claim.id)
        self.claimShown.emit(found)
        self.selectionChanged.emit()

    # refreshing ------------------------------------------------------------------------------
    def apply_changes(self, changes: ChangeSet) -> None:
        aid = self.article_id
        if aid is None:
            return
        if aid in changes.claim_lists:
            self.runner.read(
                partial(details.article_claims, article_id=aid), partial(self._reload, aid)
            )
            return
        known = {c.id for c in self.claims.model.claims()}
        for rec in changes.records:
            if rec.article_id == aid and rec.id in known:
                self.claims.model.update_claim(rec)
                self.reader.update_claim(rec)
        if changes.remote:
            asked = frozenset(changes.claims)
            self.runner.read(
                partial(details.claim_records, ids=asked), partial(self._remote, aid, asked)
            )
            return
        self._reload_selected(changes)

    def _remote(
        self, article_id: int, asked: frozenset[int], records: tuple[ClaimRecord, ...]
    ) -> None:
        """A colleague's changes: update in place, or reload the list when claims were
        added to or deleted from the open article."""
        if article_id != self.article_id:
            return
        known = {c.id: c for c in self.claims.model.claims()}
        found = {r.id for r in records}
        added = any(r.article_id == article_id and r.id not in known for r in records)
        deleted = any(cid in known for cid in asked - found)
        if added or deleted:
            self.runner.read(
                partial(details.article_claims, article_id=article_id),
                partial(self._reload, article_id),
            )
            return
        for rec in records:
            if rec.article_id == article_id and known.get(rec.id) != rec:
                self.claims.model.update_claim(rec)
                self.reader.update_claim(rec)
                if rec.id == self.current_claim_id():
                    self.select_claim(rec.id)  # the inspector keeps what is being typed

    def _reload(self, article_id: int, claims: tuple[ClaimRecord, ...]) -> None:
        if article_id != self.article_id:
            return
        current = self.current_claim_id()
        self.claims.model.set_claims(list(claims))
        self.reader.set_claims(list(claims))
        if current is not None and any(c.id == current for c in claims):
            self.claims.select_claim(current)
            self.reader.select_claim(current, scroll=False)
            self.select_claim(current)
        elif current is not None:
            self._show_details(None)
        self.claimsShown.emit()
        self.selectionChanged.emit()

    def _reload_selected(self, changes: ChangeSet) -> None:
        current = self.current_claim_id()
        if current is None:
            return
        if current in changes.claims or current in changes.evidence or changes.groups:
            self.select_claim(current)
