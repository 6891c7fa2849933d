"""Suggestions the analyst acts on: accepting one makes a claim, dismissing one hides it.

The suggestions themselves are computed by ``claimdesk.nlp`` (off the UI thread); this
module only records the analyst's decisions, so it never imports spaCy.
"""

from __future__ import annotations

from sqlalchemy import delete
from sqlmodel import Session, col, select

from claimdesk.core.articles import article_text
from claimdesk.core.claims import create_claim
from claimdesk.core.ops import operation
from claimdesk.core.records import ClaimRecord, Suggestion
from claimdesk.errors import ValidationError
from claimdesk.store.models import DismissedSuggestion
from claimdesk.store.types import utcnow

SuggestionKey = tuple[int, int, str]


def key(s: Suggestion) -> SuggestionKey:
    return (s.start, s.end, s.text)


def _check_still_there(session: Session, article_id: int, s: Suggestion) -> None:
    text = article_text(session, article_id)
    if text[s.start : s.end] != s.text:
        raise ValidationError(
            "The article's text has changed since this suggestion was made; "
            "wait for the suggestions to be refreshed."
        )


def accept_suggestion(
    session: Session, article_id: int, s: Suggestion, *, actor: str
) -> ClaimRecord:
    """Make a suggestion a claim with its statement, claimant, kinds and facets filled.

    The facets keep where the claim came from: the pipeline (name and version), its
    score and its reason, so a reviewer can tell machine proposals from human picks.
    """
    _check_still_there(session, article_id, s)
    facets = dict(s.facets)
    facets["suggestion"] = {"pipeline": s.pipeline, "score": round(s.score, 4), "reason": s.reason}
    return create_claim(
        session,
        article_id,
        s.start,
        s.end,
        actor=actor,
        statement=s.text,
        claimant=s.claimant,
        kinds=s.kinds,
        facets=facets,
    )


@operation
def dismiss_suggestion(session: Session, article_id: int, s: Suggestion, *, actor: str) -> None:
    """Hide a suggestion for this article; remembered across sessions."""
    _check_still_there(session, article_id, s)
    if key(s) in dismissed(session, article_id):
        return
    session.add(
        DismissedSuggestion(
            article_id=article_id,
            pos_start=s.start,
            pos_end=s.end,
            quote=s.text,
            dismissed_by=actor,
            dismissed_at=utcnow(),
        )
    )


@operation
def undismiss_suggestion(session: Session, article_id: int, s: Suggestion) -> None:
    session.execute(
        delete(DismissedSuggestion).where(
            col(DismissedSuggestion.article_id) == article_id,
            col(DismissedSuggestion.pos_start) == s.start,
            col(DismissedSuggestion.pos_end) == s.end,
            col(DismissedSuggestion.quote) == s.text,
        )
    )


def dismissed(session: Session, article_id: int) -> set[SuggestionKey]:
    rows = session.exec(
        select(
            DismissedSuggestion.pos_start, DismissedSuggestion.pos_end, DismissedSuggestion.quote
        ).where(DismissedSuggestion.article_id == article_id)
    )
    return {(a, b, q) for a, b, q in rows}


def visible(
    suggestions: list[Suggestion], claims: list[ClaimRecord], hidden: set[SuggestionKey]
) -> list[Suggestion]:
    """What to show: not dismissed, and not already (mostly) covered by a claim."""
    spans = [(c.anchor.start, c.anchor.end) for c in claims if not c.orphaned]
    shown = []
    for s in suggestions:
        if key(s) in hidden:
            continue
        length = max(1, s.end - s.start)
        covered = max((min(s.end, b) - max(s.start, a) for a, b in spans), default=0)
        if covered / length < 0.5:
            shown.append(s)
    return sorted(shown, key=lambda s: (-s.score, s.start))
