"""Search does bounded work: repeated words are searched once, and a query with too many
terms is refused with a sentence (20,000 repeated words took 115 s on a six-claim desk)."""

from __future__ import annotations

import time

import pytest
from sqlmodel import Session

from claimdesk.core import articles, claims, search
from claimdesk.core.records import ArticleDraft
from claimdesk.core.search_limits import MAX_QUERY_TERMS, bounded_query
from claimdesk.errors import ValidationError

TEXT = (
    "India is the world's largest arms importer. Russia supplies nearly half of its arms. "
    "France sold 36 Rafale jets. Exports rose 11%. The port grew 12%. Jobs rose.\n"
)


@pytest.fixture
def six_claims(session: Session) -> None:
    art = articles.add_article(session, ArticleDraft(text=TEXT, title="Arms"))
    for quote in ("largest arms importer", "nearly half of its arms", "36 Rafale jets",
                  "Exports rose 11%", "The port grew 12%", "Jobs rose"):  # fmt: skip
        claims.create_claim_by_quote(session, art.id, quote, actor="ana")


def test_twenty_thousand_repeated_words_are_searched_once(
    session: Session, six_claims: None
) -> None:
    expected = [(h.kind, h.id) for h in search.search(session, "arms")]
    assert expected
    started = time.monotonic()
    hits = search.search(session, " ".join(["arms", "Arms"] * 10_000))
    elapsed = time.monotonic() - started
    assert [(h.kind, h.id) for h in hits] == expected
    assert elapsed < 5, f"{elapsed:.1f} s"


def test_too_many_different_words_are_refused(session: Session, six_claims: None) -> None:
    query = " ".join(f"word{i}" for i in range(MAX_QUERY_TERMS + 1))
    with pytest.raises(ValidationError, match=f"at most {MAX_QUERY_TERMS} words"):
        search.search(session, query)
    with pytest.raises(ValidationError, match="at most 64 words"):
        search.search(session, " OR ".join(["arms"] * 40))  # operators: capped, not folded


def test_only_plain_words_are_folded() -> None:
    assert bounded_query("arms Arms  arms russia") == "arms russia"
    assert bounded_query("x OR a a") == "x OR a a"  # (x OR a) AND a: the repeat matters
    assert bounded_query('"arms" "arms"') == '"arms" "arms"'
