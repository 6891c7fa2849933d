"""Finding the checkable phrase or clause inside a check-worthy sentence.

One sentence can hold several claims ("X is the world's largest arms importer and
depends on Russia for nearly half of its arms supplies"), so the sentence is cut at
clause breaks when each side carries a fact of its own ("and" inside "between 2015 and
2022" is not a break); reporting frames ("the minister said") become the claimant and
tails (", despite the ongoing war", ", a reliance that ...") are left out of the span.
A reason given for the claim (", partly because ...") becomes a causal claim of its own.
Works on the sentence string; offsets returned are relative to it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from typing import Any

from claimdesk.nlp import lexicon as lx
from claimdesk.nlp.claimant import ClaimantResolver
from claimdesk.nlp.combine import HAND_SET, Combination
from claimdesk.nlp.frames import Attribution
from claimdesk.nlp.lines import dateline_end
from claimdesk.nlp.quantities import find_time
from claimdesk.nlp.signals import Signals, analyse
from claimdesk.nlp.speaker_patterns import FORWARD

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
# "... said A and that B": two reported contents, two claims.
AND_THAT = re.compile(r",? and that ")
_CLOSING = " \t\n.!?;:,\"'”’)»"
FLOOR = 0.2  # candidates below this are not worth returning at any setting
Ents = list[tuple[int, int, str]] | None


def _trim(text: str, lo: int, hi: int) -> tuple[int, int]:
    """Drop whitespace, edge punctuation and discourse lead-ins ("And so, ...")."""
    while lo < hi and (
        text[lo].isspace()
        or text[lo] in ",;:-–—\"“”'‘’(«»"
        or unicodedata.category(text[lo]) in ("So", "Sk", "Cf")  # emoji, joiners
    ):
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
        if m.group("when"):
            hi = m.start()  # ", a day after ...": when it happened, not part of the claim
            continue
        tail = analyse(text[m.start() : hi])
        if not tail.factual or tail.kinds <= {"prediction", "personal"}:
            hi = m.start()  # no fact of its own, or only what is to come
    return hi


def _cut_tails(text: str, lo: int, hi: int) -> tuple[int, tuple[int, int] | None]:
    """End the claim before an appositive, relative clause, concession or stated cause
    when what comes before is a checkable clause on its own.  Returns the new end and,
    for a cause (", partly because ..."), the cause's span."""
    for m in lx.CUT_TAIL.finditer(text, lo, hi):
        rel = m.group("rel")
        if m.start() - lo < 12 or (rel and lx.REPORTING.search(rel.lower())):
            continue  # too close to the start to leave a clause, or a reporting frame
        a, b = _trim(text, lo, m.start())
        if len(text[a:b].split()) < 3 or not analyse(text[a:b]).factual:
            continue
        if m.group("cause") is None:
            return m.start(), None
        c_lo = m.start("cause")
        c_hi = _trim(text, c_lo, _cut_context_tail(text, c_lo, hi))[1]
        # A bare "because of it" gives a checker nothing: ask for a few words more.
        words = len(text[m.end() : c_hi].split())
        return m.start(), ((c_lo, c_hi) if words >= 3 else None)
    return hi, None


def _joins_range(text: str, lo: int, a: int, b: int) -> bool:
    """True when the "and" at text[a:b] is inside "between X and Y" or joins numbers."""
    if text[a:b].strip(" ,").lower() != "and":
        return False
    before = text[max(lo, a - 60) : a].split()
    after = text[b : b + 30].split()[:1]
    for word in reversed(before[-4:]):
        low = word.lower().strip(",")
        if low in lx.RANGE_WORDS:
            return True
        if low == "and" or word.endswith(","):
            break
    return bool(
        before
        and after
        and lx.NUMERIC_WORD.fullmatch(before[-1].strip(","))
        and lx.NUMERIC_WORD.fullmatch(after[0].rstrip(",.;:"))
    )


def _asks(text: str, b: int) -> bool:
    """True when the piece ending at text[b] is asked, not stated: the first mark after
    it (past spaces, closing quotes and brackets) is a question mark."""
    rest = text[b : b + 8].lstrip(" \t\n\"'”’)»")
    return rest.startswith("?")


def _signals(text: str, a: int, b: int, whole: Signals | None) -> Signals:
    """``analyse(text[a:b])``, reusing the whole sentence's signals (already computed for
    the classifier) when the piece is the sentence without its closing punctuation: the
    rules give the same answer there, and a fresh analysis is the spotter's main cost."""
    if whole is not None and a == 0 and not text[b:].strip(_CLOSING):
        return replace(whole, question=False)  # asked or not: _content_claims reads it
    return analyse(text[a:b])


_MODAL_VERB = re.compile(r"\b(?:will|would|shall|could|can|may|might|must|to)\s+[a-z]+\b")
_SUBJECT_START = frozenset(
    [
        "the",
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
        "it",
        "he",
        "she",
        "they",
        "we",
        "i",
        "you",
        "its",
        "their",
        "his",
        "her",
        "our",
        "there",
        "some",
        "many",
        "most",
        "all",
        "both",
        "each",
        "no",
        "one",
        "two",
        "three",
        "few",
        "several",
    ]
)


def _join_shared_modal(text: str, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """ "will identify X and facilitate Y": a second verb under the same "will" has no
    subject of its own and belongs to the first claim (unlike "is X and depends on Y")."""
    out: list[tuple[int, int]] = []
    for a, b in pieces:
        first = text[a:b].split(maxsplit=1)[:1]
        word = first[0].lower() if first else ""
        bare_verb = (
            word.isalpha()
            and word not in _SUBJECT_START
            and text[a : a + 1].islower()
            and not word.endswith(("s", "ed"))
        )
        modal = next(
            (i for i in range(len(out) - 1, -1, -1) if _MODAL_VERB.search(text, *out[i])), None
        )
        if out and bare_verb and modal is not None:
            out[modal:] = [(out[modal][0], b)]  # everything since the modal is one claim
        else:
            out.append((a, b))
    return out


def _clauses(
    text: str, lo: int, hi: int, whole: Signals | None = None
) -> list[tuple[int, int, Signals]]:
    """Clauses of text[lo:hi]; a piece without a fact is merged into a neighbour, or
    dropped when it is an opinion, promise or feeling and another piece holds a fact."""
    cuts = [
        (m.start(), m.end())
        for m in lx.CLAUSE_BREAK.finditer(text, lo, hi)
        if not _joins_range(text, lo, m.start(), m.end())
    ]
    pieces: list[tuple[int, int]] = []
    start = lo
    for a, b in cuts:
        pieces.append((start, a))
        start = b
    pieces.append((start, hi))
    if len(pieces) == 1 or (whole is not None and not whole.factual):
        return [(lo, hi, _signals(text, lo, hi, whole))]  # no piece can hold a fact
    pieces = _join_shared_modal(text, pieces)
    analysed = [(a, b, analyse(text[a:b])) for a, b in pieces if b > a]
    if (
        len(analysed) > 1
        and not analysed[-1][2].factual
        and _asks(text, analysed[-1][1])
        and any(s.factual for *_, s in analysed[:-1])
    ):
        analysed.pop()  # "X fell by 4%, but who noticed?": the question settles nothing
        hi = analysed[-1][1]
    if len(analysed) <= 1 or sum(1 for *_, s in analysed if s.factual) <= 1:
        return [(lo, hi, _signals(text, lo, hi, whole))]
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


def _candidate(
    text: str,
    span: tuple[int, int],
    sig: Signals,
    clf: float,
    attribution: Attribution | None,
    ents: Ents,
    combination: Combination = HAND_SET,
) -> dict[str, Any] | None:
    a, b = span
    if ents is not None:
        sig = replace(sig, entity=any(s < b and e > a for s, e, _ in ents))
    start, end = a, b
    if attribution is not None and attribution.verb in FORWARD and "prediction" not in sig.kinds:
        # "Li warned such alliances could ...": a warning is a prediction.
        kinds_sig = set(sig.kinds) - {"trend"} | {"prediction"}
        # the trend's reason goes with the trend: the change foretold is the prediction
        reasons = [r for r in sig.reasons if r != "change over time"]
        sig = replace(sig, kinds=kinds_sig, reasons=[*reasons, "warning or pledge"])
    score = combination.score(clf, sig, attribution, text[a:b])
    if score < FLOOR:
        return None
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
    return {
        "start": start,
        "end": end,
        "score": round(score, 4),
        "kinds": [k for k in KIND_ORDER if k in kinds],
        "claimant": attribution.claimant if attribution else None,
        "facets": facets,
        "reason": "; ".join(reasons),
        "classifier": clf,
    }


def _content_claims(
    text: str,
    lo: int,
    hi: int,
    clf: float,
    whole: Signals | None,
    attribution: Attribution | None,
    ents: Ents,
    min_clf: float,
    combination: Combination,
) -> list[dict[str, Any]]:
    """The claims in one piece of reported (or the writer's own) content."""
    lo, hi = _trim(text, lo, hi)
    lo, hi = _trim(text, dateline_end(text, lo), hi)
    if hi <= lo:
        return []
    # The rules read a piece without its "?", so whether it is asked is read here: the
    # last clause of a question ("How many lost their jobs [when the plant closed]?").
    asked = _asks(text, hi)
    hi, cause = _cut_tails(text, lo, hi)
    hi = _cut_context_tail(text, lo, hi)
    lo, hi = _trim(text, lo, hi)
    out: list[dict[str, Any]] = []
    for a, b, sig in _clauses(text, lo, hi, whole):
        a, b = _trim(text, a, b)
        if b <= a or sig.rejected or (clf < min_clf and not sig.factual):
            continue
        sig = replace(sig, question=asked and b >= hi)
        if attribution and attribution.quoted and text[a].islower() and not sig.factual:
            continue  # a quoted phrase inside the writer's sentence: colour, not a claim
        found = _candidate(text, (a, b), sig, clf, attribution, ents, combination)
        if found is not None:
            out.append(found)
    if cause is not None and out:
        sig = analyse(text[cause[0] : cause[1]])
        if not sig.rejected:
            reasons = [r for r in sig.reasons if r != "cause and effect"]
            sig = replace(
                sig,
                kinds=sig.kinds | {"causal"},
                reasons=["stated cause", *reasons],
                question=asked,
            )
            found = _candidate(text, cause, sig, clf, attribution, ents, combination)
            if found is not None:
                # An explanation of the claim before it: ranked just below that claim.
                found["score"] = round(min(found["score"], out[-1]["score"]) * 0.9, 4)
                found["facets"]["cause_of"] = text[out[-1]["start"] : out[-1]["end"]]
                out.append(found)
    return out


def spot_sentence(
    text: str,
    clf: float,
    *,
    ents: Ents = None,
    context: dict[str, Any] | None = None,
    min_clf: float = 0.2,
    offset: int = 0,
    combination: Combination = HAND_SET,
) -> list[dict[str, Any]]:
    """Claim candidates in one sentence, as dicts ready for ``Suggestion``.

    ``context`` carries the article's ``ClaimantResolver`` from one sentence to the next
    (one is made on first use); ``offset`` is where the sentence starts in the text the
    resolver was given; ``combination`` makes a candidate's score from the classifier's
    and the rules' signals (``combine.py``)."""
    if context is None:
        context = {}
    resolver = context.get("resolver")
    if not isinstance(resolver, ClaimantResolver):
        resolver = context["resolver"] = ClaimantResolver()
    if not text.strip() or (len(text) > 5000 and clf < 0.5):
        return []
    whole = analyse(text)  # cached: the classifier has just asked for the same text
    # The resolver reads every sentence, low-scoring ones too: "He said" needs the
    # speaker of the sentence before.
    attribution = resolver.attribute(text, offset, ents, whole.reporting)
    if attribution is not None:
        context["last_claimant"] = resolver.last
    if clf < min_clf and not whole.factual:
        return []  # nothing here could reach the floor
    pieces: list[tuple[int, int, Attribution | None]] = [(0, len(text), None)]
    if attribution is not None:
        # ", adding that ..." is reported speech outside the quote.
        told = replace(attribution, quoted=False)
        pieces = [
            (attribution.content_start, attribution.content_end, attribution),
            *((a, b, told) for a, b in attribution.extra),
        ]
    out: list[dict[str, Any]] = []
    for lo, hi, frame in pieces:
        cuts = list(AND_THAT.finditer(text, lo, hi)) if frame is not None else []
        bounds = [lo, *[x for m in cuts for x in (m.start(), m.end())], hi]
        for a, b in zip(bounds[::2], bounds[1::2], strict=True):
            out.extend(_content_claims(text, a, b, clf, whole, frame, ents, min_clf, combination))
    return out
