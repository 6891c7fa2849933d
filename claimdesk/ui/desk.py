"""The window's handle on the desk: runs core services and tells views what changed.

Views never touch the database or SQLAlchemy objects; they call these methods, get plain
records back and refresh when ``changed`` is emitted.  Every user error comes back as a
``ClaimdeskError`` whose message the window shows as it is.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal
from sqlmodel import Session

from claimdesk.core import (
    articles,
    claims,
    groups,
    refresh,
    search,
    sources,
    suggestions,
    team,
)
from claimdesk.core.records import (
    ArticleDoc,
    ArticleDraft,
    ArticleInfo,
    ClaimRecord,
    EvidenceRecord,
    SourceRecord,
    Suggestion,
)
from claimdesk.nlp.matching import ENGLISH
from claimdesk.store.engine import Store

T = TypeVar("T")


class Desk(QObject):
    """One open desk for one analyst."""

    # article id whose claims changed (-1: several or unknown)
    claimsChanged = Signal(int)
    articlesChanged = Signal()
    articleCountsChanged = Signal(int)  # one article's claim counts changed
    sourcesChanged = Signal()
    claimUpdated = Signal(object)  # a ClaimRecord whose fields or status changed
    claimChanged = Signal(int)  # one claim's fields, status, evidence or history
    error = Signal(str)  # a message for the status bar, e.g. from an undo that failed
    savedSearchesChanged = Signal()
    suggestionsChanged = Signal(int)  # article id whose dismissed suggestions changed

    def __init__(self, store: Store, actor: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.actor = actor

    def _run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        with self.store.session() as session:
            return fn(session, *args, **kwargs)

    def read(self, fn: Callable[[Session], T]) -> T:
        with self.store.session() as session:
            return fn(session)

    # articles ---------------------------------------------------------------------
    def list_articles_page(self, offset: int, limit: int, text_filter: str) -> list[ArticleInfo]:
        return self._run(
            articles.list_articles, text_filter=text_filter, limit=limit, offset=offset
        )

    def count_articles(self) -> int:
        return self._run(articles.count_articles)

    def article_info(self, article_id: int) -> ArticleInfo:
        return self._run(articles.get_article_info, article_id)

    def article(self, article_id: int) -> ArticleDoc:
        return self._run(articles.get_article, article_id)

    def find_duplicate(self, draft: ArticleDraft) -> ArticleInfo | None:
        return self._run(articles.find_duplicate, draft.text, draft.url)

    def add_article(self, draft: ArticleDraft) -> ArticleInfo:
        info = self._run(articles.add_article, draft)
        self.articlesChanged.emit()
        return info

    def refresh_source(self, article_id: int) -> str:
        return self._run(refresh.refresh_source, article_id)

    # claims -------------------------------------------------------------------------
    def claims_of(self, article_id: int) -> list[ClaimRecord]:
        return self._run(claims.list_claims, article_id=article_id)

    def claim(self, claim_id: int) -> ClaimRecord:
        return self._run(claims.get_claim, claim_id)

    def _claims_changed(self, rec: ClaimRecord | None, article_id: int | None = None) -> None:
        if rec is not None:
            self.claimChanged.emit(rec.id)
        aid = rec.article_id if rec is not None else (article_id or -1)
        self.claimsChanged.emit(aid)
        if aid == -1:
            self.articlesChanged.emit()
        else:
            self.articleCountsChanged.emit(aid)

    def _claim_updated(self, rec: ClaimRecord) -> None:
        """One claim's fields, status or evidence changed; nothing was added or removed,
        so views update that one claim in place."""
        self.claimUpdated.emit(rec)
        self.claimChanged.emit(rec.id)
        self.articleCountsChanged.emit(rec.article_id)

    def create_claim(self, article_id: int, start: int, end: int, **fields: Any) -> ClaimRecord:
        rec = self._run(claims.create_claim, article_id, start, end, actor=self.actor, **fields)
        self._claims_changed(rec)
        return rec

    def edit_claim(self, claim_id: int, **changes: Any) -> ClaimRecord:
        rec = self._run(claims.edit_claim, claim_id, **changes)
        self._claim_updated(rec)
        return rec

    def delete_claim(self, claim_id: int) -> claims.DeletedClaim:
        deleted = self._run(claims.delete_claim, claim_id)
        self._claims_changed(None, int(deleted.claim["article_id"]))
        return deleted

    def restore_claim(self, deleted: claims.DeletedClaim) -> ClaimRecord:
        rec = self._run(claims.restore_claim, deleted)
        self._claims_changed(rec)
        return rec

    def set_status(
        self,
        claim_id: int,
        status: str,
        rationale: str | None = None,
        expected_version: int | None = None,
    ) -> ClaimRecord:
        """Set a claim's status; in a claim group every member takes it (one transaction)."""
        recs = self._run(
            groups.set_group_status,
            claim_id,
            status,
            actor=self.actor,
            rationale=rationale,
            expected_version=expected_version,
        )
        for rec in recs:
            self._claim_updated(rec)
        return next(r for r in recs if r.id == claim_id)

    # search and matching ----------------------------------------------------------------
    def search(self, query: str, filters: search.SearchFilters) -> list[search.SearchHit]:
        return self._run(search.search, query, filters)

    def saved_searches(self) -> list[search.SavedSearchRecord]:
        return self._run(search.list_saved_searches)

    def save_search(self, name: str, query: str, filters: search.SearchFilters) -> None:
        self._run(search.save_search, name, query, filters, actor=self.actor)
        self.savedSearchesChanged.emit()

    def delete_saved_search(self, saved_id: int) -> None:
        self._run(search.delete_saved_search, saved_id)
        self.savedSearchesChanged.emit()

    def matches(self, claim_id: int) -> tuple[list[groups.Match], list[groups.Match], str]:
        """Suggested and confirmed matches of a claim, and the one-line summary (slow the
        first time: call it off the UI thread)."""

        def read(session: Session) -> tuple[list[groups.Match], list[groups.Match], str]:
            suggested = groups.find_matches(session, claim_id, matcher=ENGLISH)
            confirmed = groups.confirmed_matches(session, claim_id, matcher=ENGLISH)
            return suggested, confirmed, groups.summarize(confirmed + suggested)

        return self.read(read)

    def confirm_match(self, claim_id: int, other_id: int) -> None:
        self._run(groups.confirm_match, claim_id, other_id, actor=self.actor)
        self._claims_changed(None, -1)
        self.claimChanged.emit(claim_id)

    def group_snapshot(self, claim_id: int, other_id: int) -> Any:
        from claimdesk.core.group_undo import snapshot_pair

        return self._run(snapshot_pair, claim_id, other_id)

    def restore_group_snapshot(self, snap: Any) -> None:
        from claimdesk.core.group_undo import restore_snapshot

        self._run(restore_snapshot, snap, actor=self.actor)
        self._claims_changed(None, -1)
        for cid in snap.claims:
            self.claimChanged.emit(cid)

    def reject_match(self, claim_id: int, other_id: int) -> None:
        self._run(groups.reject_match, claim_id, other_id, actor=self.actor)
        self.claimChanged.emit(claim_id)

    def forget_rejection(self, claim_id: int, other_id: int) -> None:
        self._run(groups.forget_rejection, claim_id, other_id)
        self.claimChanged.emit(claim_id)

    def leave_group(self, claim_id: int) -> groups.LeftGroup:
        left = self._run(groups.leave_group, claim_id)
        self.claimChanged.emit(claim_id)
        return left

    def rejoin_group(self, left: groups.LeftGroup) -> None:
        self._run(groups.rejoin_group, left, actor=self.actor)
        self.claimChanged.emit(left.claim_id)

    def history(self, claim_id: int) -> list[team.TeamHistoryEntry]:
        """The claim's history with who made each change (display name and server user)."""
        return self._run(team.team_history, claim_id)

    # team ---------------------------------------------------------------------------------
    def assign(
        self, claim_id: int, analyst: str, expected_version: int | None = None
    ) -> ClaimRecord:
        rec = self._run(
            team.assign_claim,
            claim_id,
            analyst,
            actor=self.actor,
            expected_version=expected_version,
        )
        self._claim_updated(rec)
        return rec

    def assignee(self, claim_id: int) -> str | None:
        return self._run(team.assignee, claim_id)

    def analysts(self) -> list[str]:
        """Names claims are assigned to, and this analyst's own."""
        names = set(self._run(team.workload)) | {self.actor}
        return sorted(n for n in names if n)

    def assigned_ids(self, names: list[str], article_id: int) -> set[int]:
        return {
            c.id
            for name in names
            for c in self._run(team.claims_assigned_to, name, article_id=article_id)
        }

    # suggestions ------------------------------------------------------------------------
    def accept_suggestion(self, article_id: int, s: Suggestion) -> ClaimRecord:
        rec = self._run(suggestions.accept_suggestion, article_id, s, actor=self.actor)
        self._claims_changed(rec)
        return rec

    def dismiss_suggestion(self, article_id: int, s: Suggestion) -> None:
        self._run(suggestions.dismiss_suggestion, article_id, s, actor=self.actor)
        self.suggestionsChanged.emit(article_id)

    def undismiss_suggestion(self, article_id: int, s: Suggestion) -> None:
        self._run(suggestions.undismiss_suggestion, article_id, s)
        self.suggestionsChanged.emit(article_id)

    def dismissed_suggestions(self, article_id: int) -> set[suggestions.SuggestionKey]:
        return self._run(suggestions.dismissed, article_id)

    # sources and evidence -----------------------------------------------------------------
    def list_sources(self) -> list[tuple[SourceRecord, list[int]]]:
        return self._run(sources.list_sources)

    def add_source(self, draft: sources.SourceDraft, source_id: int | None = None) -> SourceRecord:
        rec = self._run(sources.add_source, draft, source_id=source_id)
        self.sourcesChanged.emit()
        return rec

    def delete_source(self, source_id: int) -> SourceRecord:
        rec = self._run(sources.delete_source, source_id)
        self.sourcesChanged.emit()
        return rec

    def evidence(self, claim_id: int) -> list[EvidenceRecord]:
        return self._run(sources.list_evidence, claim_id)

    def _evidence_changed(self, rec: EvidenceRecord) -> None:
        self.sourcesChanged.emit()
        self._claim_updated(self.claim(rec.claim_id))

    def link_evidence(
        self, claim_id: int, source_id: int, stance: str, **fields: Any
    ) -> EvidenceRecord:
        rec = self._run(
            sources.link_evidence, claim_id, source_id, stance, actor=self.actor, **fields
        )
        self._evidence_changed(rec)
        return rec

    def unlink_evidence(self, evidence_id: int) -> EvidenceRecord:
        rec = self._run(sources.unlink_evidence, evidence_id)
        self._evidence_changed(rec)
        return rec

    def restore_evidence(self, rec: EvidenceRecord) -> EvidenceRecord:
        rec = self._run(sources.restore_evidence, rec)
        self._evidence_changed(rec)
        return rec
