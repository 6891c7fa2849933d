"""Published fact-checks of a claim or of suggestions, computed in the window's analysis
process (matching tokenises with spaCy, which stays out of the window's own process)."""

from __future__ import annotations

from typing import Any

_stores: dict[str, Any] = {}


def _session(target: str) -> Any:
    from claimdesk.store.engine import Store

    store = _stores.get(target)
    if store is None:
        store = _stores[target] = Store.open(target, migrate=False)
    return store.session()


def checks_for(target: str, claim: int | str) -> tuple[list[Any], str]:
    """The published checks of a claim (its id) or of a sentence, and one line about them."""
    from claimdesk.core import published, published_match
    from claimdesk.nlp.matching import ENGLISH

    with _session(target) as session:
        if not published.count_checks(session):
            return [], "The library of published fact-checks is empty (File \u203a Import)."
        sentence = (
            published_match.claim_statement(session, claim) if isinstance(claim, int) else claim
        )
        found = published_match.find_published(session, sentence, matcher=ENGLISH)
        return found, published_match.summarize(found)


def marks_for(target: str, sentences: list[str]) -> dict[str, str]:
    """Sentence -> "Checked by PolitiFact, 23 July 2014: False" for those with a check."""
    from claimdesk.core import published, published_match
    from claimdesk.nlp.matching import ENGLISH

    with _session(target) as session:
        if not published.count_checks(session):
            return {}
        found = published_match.checked_marks(session, sentences, matcher=ENGLISH)
        return {s: f"Checked by {m.check.summary}" for s, m in found.items()}
