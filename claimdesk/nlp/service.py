"""The entry point of the suggestion process the window starts (no Qt here).

The window keeps spaCy out of its own process: loading and running a pipeline holds
Python's interpreter lock for seconds.  ``suggest_for`` runs in a child process and keeps
its pipeline between calls.
"""

from __future__ import annotations

from typing import Any

from claimdesk.core.records import Suggestion

_suggester: Any = None


def suggest_for(pipeline: str, text: str) -> tuple[list[Suggestion], str | None, dict[str, Any]]:
    """Suggestions for ``text``, the language note, and the pipeline's name and version."""
    from claimdesk.nlp import Suggester, language_note

    global _suggester
    if _suggester is None or _suggester.pipeline != pipeline:
        _suggester = Suggester(pipeline)
        _suggester.load()
    found = _suggester.suggest(text, min_score=0.5)
    return found, language_note(text), _suggester.info


_stores: dict[str, Any] = {}


def matches_for(target: str, claim: int | str) -> tuple[list[Any], list[Any], str]:
    """The same claim elsewhere on the desk at ``target`` (a SQLite file), for the window;
    ``claim`` is a claim's id or the text of a suggestion.

    Matching tokenises with spaCy, so it runs here too; the child opens the desk itself
    (SQLite's write-ahead log lets it read while the window writes).
    """
    from claimdesk.core import groups
    from claimdesk.nlp.matching import ENGLISH
    from claimdesk.store.engine import Store

    store = _stores.get(target)
    if store is None:
        store = _stores[target] = Store.open(target, migrate=False)
    with store.session() as session:
        suggested = groups.find_matches(session, claim, matcher=ENGLISH)
        confirmed = (
            groups.confirmed_matches(session, claim, matcher=ENGLISH)
            if isinstance(claim, int)
            else []
        )
        return suggested, confirmed, groups.summarize(confirmed + suggested)
