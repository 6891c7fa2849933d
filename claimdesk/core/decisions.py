"""The analyst's decisions on suggestions, read as training signal for the classifier.

A claim on an article (accepted from a suggestion or made by hand) says "this is
check-worthy"; a dismissed suggestion whose text is still there says "this is not".
``claimdesk.nlp.adapt`` turns them into labelled sentences; this module only reads the
desk, so it never imports spaCy.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlmodel import Session, col, select

from claimdesk.store.models import Article, Claim, DismissedSuggestion

Span = tuple[int, int]


@dataclass(frozen=True)
class ArticleDecisions:
    """One article's text and the analyst's marks on it (character offsets)."""

    article_id: int
    text: str
    claims: tuple[Span, ...]
    dismissed: tuple[Span, ...]
    accepted: int  # how many of ``claims`` came from a suggestion


def desk_decisions(session: Session) -> list[ArticleDecisions]:
    """Every article with at least one claim or dismissed suggestion, oldest first."""
    claims: dict[int, list[Span]] = defaultdict(list)
    accepted: dict[int, int] = defaultdict(int)
    rows = session.exec(
        select(Claim.article_id, Claim.pos_start, Claim.pos_end, Claim.facets).where(
            col(Claim.orphaned).is_(False)
        )
    )
    for article_id, start, end, facets in rows:
        claims[article_id].append((start, end))
        if isinstance(facets, dict) and "suggestion" in facets:
            accepted[article_id] += 1
    hidden: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    for article_id, start, end, quote in session.exec(
        select(
            DismissedSuggestion.article_id,
            DismissedSuggestion.pos_start,
            DismissedSuggestion.pos_end,
            DismissedSuggestion.quote,
        )
    ):
        hidden[article_id].append((start, end, quote))
    ids = sorted(set(claims) | set(hidden))
    if not ids:
        return []
    texts = dict(
        session.exec(select(Article.id, Article.text).where(col(Article.id).in_(ids))).all()
    )
    out = []
    for article_id in ids:
        text = texts.get(article_id)
        if text is None:
            continue
        # a dismissal whose words have since changed no longer says anything
        dismissed = tuple((a, b) for a, b, q in hidden[article_id] if text[a:b] == q)
        marks = tuple(sorted(claims[article_id]))
        if marks or dismissed:
            out.append(ArticleDecisions(article_id, text, marks, dismissed, accepted[article_id]))
    return out
