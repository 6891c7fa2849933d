"""A search as data: the parsed query, its filters and its hits.

``parse_query`` turns what the user typed into a ``Query``; ``core.search`` renders it as
an FTS5 MATCH expression for SQLite and ``core.search_pg`` as a tsquery for PostgreSQL.
Both dialects share this module and neither imports the other's, so the query is parsed
once, in one place, and a dialect never re-parses another dialect's syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from claimdesk.errors import ValidationError

KINDS = ("claim", "article", "evidence", "source")
MARK_START, MARK_END = "\u27e6", "\u27e7"  # around matched words in a snippet
SNIPPET_WORDS = 16
OPERATOR_HELP = "as in: tax OR levy"


@dataclass(frozen=True)
class Term:
    """Words to find together, in order: one word, or a phrase the user quoted."""

    words: str
    prefix: bool = False  # migra* finds migrants and migration


@dataclass(frozen=True)
class Query:
    """Every group must match (AND), any term of a group will do (OR); a result holding
    any excluded term is left out."""

    groups: tuple[tuple[Term, ...], ...]
    excluded: tuple[Term, ...] = ()


_WORD = re.compile(r"\w")


def _bare_term(token: str) -> tuple[Term, bool] | None:
    negated = token.startswith("-") and len(token) > 1
    body = token[1:] if negated else token
    prefix = body.endswith("*")
    body = body.rstrip("*") if prefix else body
    if "*" in body or (prefix and not _WORD.search(body)):
        raise ValidationError(
            "A * goes at the end of the beginning of a word, as in migra* for migrants "
            "and migration."
        )
    if not _WORD.search(body):
        return None  # lone punctuation carries nothing to look for
    return Term(body, prefix), negated


def _tokens(query: str) -> list[str | tuple[Term, bool]]:
    """Operators, and terms with whether they are excluded, left to right; raises on an
    unclosed quote."""
    if query.count('"') % 2:
        raise ValidationError(
            "The search has a double quote mark without its partner; put a phrase "
            'between two of them, as in "arms imports", or leave them out.'
        )
    out: list[str | tuple[Term, bool]] = []
    for i, part in enumerate(query.split('"')):
        if i % 2:  # inside quotes: a phrase, taken literally
            if _WORD.search(part):
                negated = bool(out) and out[-1] == "-"
                out[len(out) - negated :] = [(Term(part.strip()), negated)]
            continue
        for token in part.split():
            # "-" alone is a minus right before a quoted phrase.
            term = token if token in ("AND", "OR", "NOT", "-") else _bare_term(token)
            if term is not None:
                out.append(term)
    return out


def parse_query(query: str) -> Query:
    """Plain words (all must appear), "a phrase", prefix*, OR, -word / NOT word.  Raises
    ``ValidationError`` with a sentence on nonsense."""
    if not query.strip():
        raise ValidationError("Type a word or a phrase to search for.")
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    pending: str | None = None  # an operator waiting for the term on its right
    for item in _tokens(query):
        if isinstance(item, str):
            if item == "-":
                continue
            if pending is not None or (item != "NOT" and not (groups or excluded)):
                raise ValidationError(
                    f"\u201c{item}\u201d must stand between two words ({OPERATOR_HELP}); "
                    "write it in lower case to search for the word itself."
                )
            pending = item
            continue
        term, negated = item
        if pending == "NOT" or negated:
            excluded.append(term)
        elif pending == "OR" and groups:
            groups[-1].append(term)
        else:
            groups.append([term])
        pending = None
    if pending is not None:
        raise ValidationError(
            f"\u201c{pending}\u201d must be followed by a word ({OPERATOR_HELP}); "
            "write it in lower case to search for the word itself."
        )
    if not groups:
        if excluded:
            raise ValidationError("A search cannot only leave words out; add a word to find.")
        raise ValidationError("There is no word to search for; type a word or a phrase.")
    return Query(tuple(tuple(g) for g in groups), tuple(excluded))


@dataclass(frozen=True)
class SearchFilters:
    """Narrow a search.  Claim filters (statuses, tag, claimant) keep only claims and the
    evidence linked to them; outlet and dates apply to the article a result belongs to
    (for sources: their publisher and publication date)."""

    statuses: tuple[str, ...] = ()
    tag: str | None = None
    outlet: str | None = None
    claimant: str | None = None
    since: date | None = None
    until: date | None = None  # inclusive
    kinds: tuple[str, ...] = ()  # empty: every kind

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value not in (None, ()):
                out[f.name] = value.isoformat() if isinstance(value, date) else value
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SearchFilters:
        known = {f.name for f in fields(cls)}
        kw: dict[str, Any] = {
            k: tuple(v) if isinstance(v, list) else v for k, v in data.items() if k in known
        }
        for day in ("since", "until"):
            if kw.get(day):
                kw[day] = date.fromisoformat(kw[day])
        return cls(**kw)

    @property
    def claim_only(self) -> bool:
        return bool(self.statuses or self.tag or self.claimant)


@dataclass(frozen=True)
class SearchHit:
    """One result and where it opens: the article (and span) for a claim, the claim and
    source for evidence, the source for a source."""

    kind: str  # claim, article, evidence, source
    id: int
    title: str
    snippet: str  # matched words between MARK_START and MARK_END
    score: float  # bm25: lower is better
    article_id: int | None = None
    claim_id: int | None = None
    source_id: int | None = None
    start: int | None = None  # the claim's span in its article text
    end: int | None = None
    status: str | None = None

    @property
    def plain_snippet(self) -> str:
        return self.snippet.replace(MARK_START, "").replace(MARK_END, "")
