"""Finding the checkable phrase or clause inside a check-worthy sentence.

One sentence can hold several claims ("X is the world's largest arms importer and
depends on Russia for nearly half of its arms supplies"), so the sentence is cut at
clause breaks when each side carries a fact of its own; reporting frames ("the minister
said") and context tails (", despite the ongoing war") are left out of the span.
Works on the sentence string; offsets returned are relative to it.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from claimdesk.nlp import lexicon as lx
from claimdesk.nlp.claimant import find_attribution
from claimdesk.nlp.quantities import find_time
from claimdesk.nlp.signals import Signals, analyse

KIND_ORDER = (
    "quantity",
    "comparison",
    "trend",
    "causal",
    "rule",
    "prediction",
    "attribution",
    "personal",
)
KIND_WEIGHT = {
    "quantity": 0.7,
    "comparison": 0.6,
    "trend": 0.6,
    "causal": 0.45,
    "rule": 0.45,
    "prediction": 0.45,
    "personal": 0.25,
}
COPULA = re.compile(
    r"\b(is|are|was|were|remains|remained|became|become|has been|have been|"
    r"'s|’s|ranks as|stands as)\s+(now\s+|still\s+|also\s+|already\s+)?$",
    re.I,
)
FLOOR = 0.2  # candidates below this are not worth returning at any setting
Ents = list[tuple[int, int, str]] | None


def _trim(text: str, lo: int, hi: int) -> tuple[int, int]:
    """Drop whitespace, edge punctuation and discourse lead-ins ("And so, ...")."""
    while lo < hi and (text[lo].isspace() or text[lo] in ",;:-–—\"“”'‘’(«»"):
        lo += 1
    m = lx.LEAD_IN.match(text, lo, hi)
    if m and m.end() < hi:
        lo = m.end()
    while hi > lo and (text[hi - 1].isspace() or text[hi - 1] in ",;:.!?-–—\"“”'‘’)«»"):
        hi -= 1
    return lo, hi


def _cut_context_tail(text: str, lo: int, hi: int) -> int:
    """End the claim before a trailing clause that adds context but no fact."""
    for m in reversed(list(lx.CONTEXT_TAIL.finditer(text, lo, hi))):
        if m.start() - lo < 12:
            continue
        if not analyse(text[m.start() : hi]).factual:
            hi = m.start()
    return hi


def _clauses(text: str, lo: int, hi: int) -> list[tuple[int, int, Signals]]:
    """Clauses of text[lo:hi]; a piece without a fact is merged into a neighbour, or
    dropped when it is an opinion, promise or feeling and another piece holds a fact."""
    cuts = [(m.start(), m.end()) for m in lx.CLAUSE_BREAK.finditer(text, lo, hi)]
    pieces: list[tuple[int, int]] = []
    start = lo
    for a, b in cuts:
        pieces.append((start, a))
        start = b
    pieces.append((start, hi))
    analysed = [(a, b, analyse(text[a:b])) for a, b in pieces if b > a]
    if len(analysed) <= 1 or sum(1 for *_, s in analysed if s.factual) <= 1:
        return [(lo, hi, analyse(text[lo:hi]))]
    merged: list[tuple[int, int]] = []
    pending: int | None = None
    for a, b, sig in analysed:
        if sig.factual:
            merged.append((pending if pending is not None else a, b))
            pending = None
        elif sig.rejected:
            continue
        elif merged:
            merged[-1] = (merged[-1][0], b)
        elif pending is None:
            pending = a
    return [(a, b, analyse(text[a:b])) for a, b in merged]


def _focus(text: str, lo: int, hi: int, sig: Signals) -> tuple[int, int]:
    """A copular ranking ("... is the world's largest arms importer") is the ranking."""
    facts = sig.kinds - {"personal"}
    if facts == {"comparison"} and len(sig.rankings) == 1:
        r_start, r_end = sig.rankings[0]
        if COPULA.search(text[lo : lo + r_start]):
            return lo + r_start, lo + r_end
    return lo, hi


def _score(clf: float, sig: Signals) -> float:
    rule = max((KIND_WEIGHT.get(k, 0.0) for k in sig.kinds), default=0.0)
    if rule and sig.entity:
        rule = min(0.9, rule + 0.1)
    score = 1.0 - (1.0 - clf) * (1.0 - 0.6 * rule)
    if sig.hedge:
        score *= 0.85
    if sig.question:
        score *= 0.5
    if sig.opinion:
        score *= 0.9
    return max(0.0, min(1.0, score))


def spot_sentence(
    text: str,
    clf: float,
    *,
    ents: Ents = None,
    context: dict[str, Any] | None = None,
    min_clf: float = 0.2,
) -> list[dict[str, Any]]:
    """Claim candidates in one sentence, as dicts ready for ``Suggestion``."""
    if context is None:
        context = {}
    if not text.strip() or (len(text) > 5000 and clf < 0.5):
        return []
    attribution = find_attribution(text, ents, context.get("last_claimant"))
    if attribution is not None and attribution.claimant:
        context["last_claimant"] = attribution.claimant
    lo, hi = (attribution.content_start, attribution.content_end) if attribution else (0, len(text))
    lo, hi = _trim(text, lo, hi)
    if hi <= lo:
        return []
    hi = _cut_context_tail(text, lo, hi)
    lo, hi = _trim(text, lo, hi)
    out: list[dict[str, Any]] = []
    for a, b, sig in _clauses(text, lo, hi):
        a, b = _trim(text, a, b)
        if b <= a or sig.rejected or (clf < min_clf and not sig.factual):
            continue
        if ents is not None:
            sig = replace(sig, entity=any(s < b and e > a for s, e, _ in ents))
        start, end = _focus(text, a, b, sig)
        score = _score(clf, sig)
        if score < FLOOR:
            continue
        kinds = set(sig.kinds)
        reasons = list(sig.reasons)
        if attribution is not None:
            kinds.add("attribution")
            reasons.append("quote" if attribution.quoted else "reported speech")
        if sig.entity:
            reasons.append("entity")
        reasons.append(f"classifier {clf:.2f}")
        facets: dict[str, Any] = {}
        if sig.quantities:
            facets["quantities"] = [
                {k: q[k] for k in ("text", "value", "unit", "approx")} for q in sig.quantities
            ]
        when = find_time(text[a:b]) or find_time(text)
        if when:
            facets["time"] = when
        out.append(
            {
                "start": start,
                "end": end,
                "score": round(score, 4),
                "kinds": [k for k in KIND_ORDER if k in kinds],
                "claimant": attribution.claimant if attribution else None,
                "facets": facets,
                "reason": "; ".join(reasons),
                "classifier": clf,
            }
        )
    return out
