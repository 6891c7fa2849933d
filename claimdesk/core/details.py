"""What the window reads to show a claim or an article: one call, one round trip.

The window runs these off the UI thread (``ui.runner``); each gathers everything one
view needs so that a slow or remote database costs one wait, not a dozen.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from claimdesk.core import articles, claims, sources, team
from claimdesk.core.records import ArticleDoc, ArticleInfo, ClaimRecord, EvidenceRecord
from claimdesk.errors import NotFoundError


@dataclass(frozen=True)
class ClaimDetails:
    claim: ClaimRecord
    evidence: tuple[EvidenceRecord, ...]
    history: tuple[team.TeamHistoryEntry, ...]
    assignee: str | None
    analysts: tuple[str, ...]


@dataclass(frozen=True)
class ArticleView:
    doc: ArticleDoc
    claims: tuple[ClaimRecord, ...]


@dataclass(frozen=True)
class LibraryPage:
    rows: tuple[ArticleInfo, ...]
    total: int


def claim_details(session: Session, claim_id: int, actor: str) -> ClaimDetails:
    from claimdesk.core.group_evidence import shared_evidence

    claim = claims.get_claim(session, claim_id)
    names = set(team.workload(session)) | {actor}
    return ClaimDetails(
        claim,
        # its own links, then those of its group (marked shared_from), where its verdict is
        tuple(sources.list_evidence(session, claim_id)) + tuple(shared_evidence(session, claim_id)),
        tuple(team.team_history(session, claim_id)),
        team.assignee(session, claim_id),
        tuple(sorted(n for n in names if n)),
    )


def article_view(session: Session, article_id: int) -> ArticleView:
    doc = articles.get_article(session, article_id)
    return ArticleView(doc, tuple(claims.list_claims(session, article_id=article_id)))


def article_claims(session: Session, article_id: int) -> tuple[ClaimRecord, ...]:
    return tuple(claims.list_claims(session, article_id=article_id))


def library_page(session: Session, text_filter: str, limit: int) -> LibraryPage:
    rows = articles.list_articles(session, text_filter=text_filter, limit=limit, offset=0)
    return LibraryPage(tuple(rows), articles.count_articles(session))


def article_infos(session: Session, ids: frozenset[int]) -> tuple[ArticleInfo, ...]:
    out = []
    for article_id in sorted(ids):
        try:
            out.append(articles.get_article_info(session, article_id))
        except NotFoundError:
            continue
    return tuple(out)


def claim_records(session: Session, ids: frozenset[int]) -> tuple[ClaimRecord, ...]:
    out = []
    for claim_id in sorted(ids):
        try:
            out.append(claims.get_claim(session, claim_id))
        except NotFoundError:
            continue
    return tuple(out)


def article_to_open(session: Session, wanted: int | None) -> int | None:
    """The article to show at start: the last one open if it is still there, else the
    newest (None on an empty desk)."""
    if wanted is not None:
        try:
            return articles.get_article_info(session, wanted).id
        except NotFoundError:
            pass
    newest = articles.list_articles(session, limit=1, offset=0)
    return newest[0].id if newest else None
