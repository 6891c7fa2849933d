"""Bounded work for a search: one small function at the entry of ``search.search``.

Kept apart from the query parser so that the parser can change freely: whatever it
becomes, no query reaches it with more than ``MAX_QUERY_TERMS`` terms.
"""

from __future__ import annotations

from claimdesk.errors import ValidationError

MAX_QUERY_TERMS = 64  # each term is a join over the index: 20,000 took 115 s
MAX_QUERY_CHARS = 2000
_OPERATORS = frozenset({"AND", "OR", "NOT"})

__all__ = ["MAX_QUERY_CHARS", "MAX_QUERY_TERMS", "bounded_query"]


def bounded_query(query: str) -> str:
    """``query`` with repeated plain words dropped; refused if it still has too many terms.

    Only a query of plain words (no quotes, operators or -word) is de-duplicated: there
    every word must appear, so a repeat adds nothing.  With operators a repeat may mean
    something ("x OR a a"), so such a query is only capped.
    """
    words = query.split()
    plain = '"' not in query and not any(w in _OPERATORS or w.startswith("-") for w in words)
    if plain:
        unique: dict[str, str] = {}
        for word in words:
            unique.setdefault(word.casefold(), word)  # the index ignores case too
        words = list(unique.values())
        query = " ".join(words)
    if len(words) > MAX_QUERY_TERMS:
        raise ValidationError(
            f"A search takes at most {MAX_QUERY_TERMS} words; this one has {len(words):,}."
        )
    if len(query) > MAX_QUERY_CHARS:
        raise ValidationError(
            f"A search takes at most {MAX_QUERY_CHARS:,} characters; this one has {len(query):,}."
        )
    return query
