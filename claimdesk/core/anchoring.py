"""Text anchoring: describe a span as W3C Web Annotation selectors and find it again.

A claim is stored as a TextQuoteSelector (the quote with up to 32 characters of context on
each side) plus a TextPositionSelector (its offsets). When the article text changes, the
claim is re-anchored by position, then by exact quote with context, then by an
approximate (fuzzy) quote match; what cannot be placed is an orphan, reported rather than
raised or dropped, so the analyst can re-attach it.

Offsets are Python ``str`` indices (code points) throughout.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence
from dataclasses import dataclass

from claimdesk.core.approx import (
    Match,
    Pattern,
    anchored_distance,
    approx_search,
    context_to_differ,
    find_all_exact,
    search_around,
    word_run,
)

__all__ = [
    "AnchorResult",
    "Match",
    "QuoteMatch",
    "Selectors",
    "TextPosition",
    "TextQuote",
    "anchor",
    "anchor_many",
    "approx_search",
    "describe",
    "describe_minimal",
    "error_budget",
    "find_all_exact",
    "match_quote",
    "match_text_quote",
    "resolve_position",
]

DEFAULT_CONTEXT = 32
# Cap on quote edits: beyond this many, a long quote matches too much unrelated text.
MAX_ERRORS = 32
# Landmarks shorter than this may be a different occurrence that happens to be unique.
_LANDMARK_MIN_CHARS = 16
# Ranking context for thousands of candidates (a one-word quote) would dominate the run;
# the nearest ones to the expected offset are the only plausible ones anyway.
_MAX_RANKED = 200


@dataclass(frozen=True)
class TextQuote:
    exact: str
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class TextPosition:
    start: int
    end: int


@dataclass(frozen=True)
class Selectors:
    quote: TextQuote
    position: TextPosition


@dataclass(frozen=True)
class AnchorResult:
    """Where a claim landed; ``errors`` is the fuzzy edit distance (0 otherwise)."""

    start: int | None
    end: int | None
    method: str  # "position" | "quote" | "fuzzy" | "orphan"
    errors: int = 0

    @property
    def orphaned(self) -> bool:
        return self.start is None


@dataclass(frozen=True)
class QuoteMatch:
    """A quote placement with a 0..1 confidence ``score`` (1 is exact, context and all)."""

    start: int
    end: int
    errors: int
    score: float


ORPHAN = AnchorResult(None, None, "orphan", 0)


def describe(text: str, start: int, end: int, context: int = DEFAULT_CONTEXT) -> Selectors:
    """Selectors for ``text[start:end]`` with up to ``context`` characters either side."""
    n = len(text)
    if context < 0:
        raise ValueError(f"context must be zero or more characters, got {context}")
    if not 0 <= start <= n or not 0 <= end <= n:
        raise ValueError(f"span {start}..{end} is outside the text (length {n})")
    if end < start:
        raise ValueError(f"span {start}..{end} ends before it starts")
    if end == start:
        raise ValueError(f"span {start}..{end} is empty; a claim needs at least one character")
    quote = TextQuote(
        text[start:end], text[max(0, start - context) : start], text[end : end + context]
    )
    return Selectors(quote, TextPosition(start, end))


def resolve_position(text: str, position: TextPosition) -> tuple[int, int] | None:
    """The span a TextPositionSelector denotes in ``text``, or None if it does not fit."""
    if 0 <= position.start <= position.end <= len(text):
        return position.start, position.end
    return None


def match_text_quote(text: str, quote: TextQuote) -> list[tuple[int, int]]:
    """Every span where ``quote.exact`` occurs with exactly its prefix and suffix around it."""
    skip = len(quote.prefix)
    size = len(quote.exact)
    needle = quote.prefix + quote.exact + quote.suffix
    return [(at + skip, at + skip + size) for at, _ in find_all_exact(text, needle)]


def describe_minimal(
    text: str,
    start: int,
    end: int,
    *,
    minimal_context: bool = True,
    minimum_quote_length: int = 0,
    max_word_length: int = 50,
) -> TextQuote:
    """The shortest context that makes ``text[start:end]`` occur exactly once.

    With ``minimal_context=False`` the prefix and suffix are widened to whole words
    (at most ``max_word_length`` characters each) and both grow at every ambiguity, which
    reads better and survives small edits. ``minimum_quote_length`` pads short quotes
    with context until prefix + exact + suffix reaches that length.
    """
    n = len(text)
    if not 0 <= start <= end <= n:
        raise ValueError(f"span {start}..{end} is outside the text (length {n})")
    exact = text[start:end]
    pre = suf = 0
    short = minimum_quote_length - len(exact)
    if short > 0:
        pre = min(short // 2, start)
        suf = min(short - pre, n - end)
        pre = min(short - suf, start)
    if not minimal_context:
        pre += word_run(text, start - pre, max_word_length, backwards=True)
        suf += word_run(text, end + suf, max_word_length, backwards=False)
    while True:
        quote = TextQuote(exact, text[start - pre : start], text[end : end + suf])
        impostors = [span for span in match_text_quote(text, quote) if span != (start, end)]
        if not impostors:
            return quote
        other_start, other_end = impostors[0]
        more_pre = context_to_differ(text, start - pre, other_start - pre, backwards=True)
        more_suf = context_to_differ(text, end + suf, other_end + suf, backwards=False)
        if more_pre is None and more_suf is None:
            raise ValueError(f"span {start}..{end} cannot be told apart from {impostors[0]}")
        if minimal_context:
            if more_pre is not None and (more_suf is None or more_pre <= more_suf):
                pre += more_pre
            else:
                suf += more_suf or 0
            continue
        if more_pre is not None:
            pre += more_pre
            pre += word_run(text, start - pre, max_word_length, backwards=True)
        if more_suf is not None:
            suf += more_suf
            suf += word_run(text, end + suf, max_word_length, backwards=False)


def error_budget(exact: str, max_error_ratio: float) -> int:
    """Edits a fuzzy match of ``exact`` may contain."""
    return min(MAX_ERRORS, math.ceil(len(exact) * max_error_ratio))


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    errors: int
    prefix_errors: int
    suffix_errors: int


class _Locator:
    """One text to place many quotes in; caches what quotes have in common."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._spans: dict[str, list[tuple[int, int]]] = {}

    def exact_spans(self, exact: str) -> list[tuple[int, int]]:
        spans = self._spans.get(exact)
        if spans is None:
            spans = self._spans[exact] = find_all_exact(self.text, exact)
        return spans

    def locate(self, quote: TextQuote, hint: int | None, max_errors: int) -> _Candidate | None:
        if not quote.exact or not self.text:
            return None
        spans: list[tuple[int, int, int]] = [(s, e, 0) for s, e in self.exact_spans(quote.exact)]
        if not spans:
            found = search_around(self.text, Pattern(quote.exact), max_errors, hint)
            spans = [(m.start, m.end, m.errors) for m in found]
        return self._best(spans, quote, hint) if spans else None

    def _best(
        self, spans: list[tuple[int, int, int]], quote: TextQuote, hint: int | None
    ) -> _Candidate:
        text = self.text
        # Every span has the same (fewest) quote errors, so context decides, then
        # distance from the expected offset, then a length nearest the quote's (a fuzzy
        # match of "commodo cites" should cover all of "commodo vitae"), then position.
        perfect = [
            s
            for s in spans
            if text.endswith(quote.prefix, 0, s[0]) and text.startswith(quote.suffix, s[1])
        ]
        pool = perfect or spans
        where = 0 if hint is None else hint
        size = len(quote.exact)
        if len(pool) > _MAX_RANKED:
            pool = sorted(pool, key=lambda s: abs(s[0] - where))[:_MAX_RANKED]
        if len(pool) == 1 and perfect:
            start, end, errors = pool[0]
            return _Candidate(start, end, errors, 0, 0)
        ranked = [self._with_context(s, quote) for s in pool]
        return min(
            ranked,
            key=lambda c: (
                c.prefix_errors + c.suffix_errors,
                abs(c.start - where),
                abs(c.end - c.start - size),
                c.start,
                c.end,
            ),
        )

    def _with_context(self, span: tuple[int, int, int], quote: TextQuote) -> _Candidate:
        start, end, errors = span
        text = self.text
        p, s = len(quote.prefix), len(quote.suffix)
        # Twice the context length lets the comparison absorb insertions in the context.
        before = text[max(0, start - 2 * p) : start]
        after = text[end : end + 2 * s]
        return _Candidate(
            start,
            end,
            errors,
            anchored_distance(quote.prefix, before),
            anchored_distance(quote.suffix[::-1], after[::-1]),
        )


def match_quote(
    text: str,
    exact: str,
    *,
    prefix: str = "",
    suffix: str = "",
    hint: int | None = None,
    max_error_ratio: float = 0.25,
) -> QuoteMatch | None:
    """Best placement of a quote (exact, else fuzzy) without a position selector.

    The score weighs quote similarity most, then prefix and suffix similarity, then
    nearness to ``hint``, so callers can compare how well different quotes fit.
    """
    cand = _Locator(text).locate(
        TextQuote(exact, prefix, suffix), hint, error_budget(exact, max_error_ratio)
    )
    if cand is None:
        return None
    weights = (50.0, 20.0, 20.0, 2.0)
    parts = (
        1 - cand.errors / len(exact),
        1 - cand.prefix_errors / len(prefix) if prefix else 1.0,
        1 - cand.suffix_errors / len(suffix) if suffix else 1.0,
        1 - abs(cand.start - hint) / len(text) if hint is not None else 1.0,
    )
    score = sum(w * p for w, p in zip(weights, parts, strict=True)) / sum(weights)
    return QuoteMatch(cand.start, cand.end, cand.errors, score)


def anchor(text: str, selectors: Selectors, *, max_error_ratio: float = 0.25) -> AnchorResult:
    """Place one claim in ``text``: by position, exact quote, fuzzy quote, else orphan."""
    return _anchor(_Locator(text), selectors, selectors.position.start, max_error_ratio)


def _by_position(text: str, selectors: Selectors) -> AnchorResult | None:
    pos = selectors.position
    exact = selectors.quote.exact
    if exact and 0 <= pos.start <= pos.end <= len(text) and text[pos.start : pos.end] == exact:
        return AnchorResult(pos.start, pos.end, "position", 0)
    return None


def _anchor(
    locator: _Locator, selectors: Selectors, hint: int, max_error_ratio: float
) -> AnchorResult:
    placed = _by_position(locator.text, selectors)
    if placed is not None:
        return placed
    quote = selectors.quote
    cand = locator.locate(quote, hint, error_budget(quote.exact, max_error_ratio))
    if cand is None:
        return ORPHAN
    return AnchorResult(cand.start, cand.end, "quote" if cand.errors == 0 else "fuzzy", cand.errors)


def anchor_many(
    text: str, selectors: Sequence[Selectors], *, max_error_ratio: float = 0.25
) -> list[AnchorResult]:
    """Re-anchor many claims in one (changed) text.

    Claims still at their offset, or whose long quote occurs exactly once, are placed
    first. Their shifts are landmarks: each remaining claim is looked for where its
    nearest earlier landmark says the edits have moved it, so the fuzzy stage scans a
    small window instead of the whole article and repeated quotes pick the right copy.
    """
    locator = _Locator(text)
    results: list[AnchorResult | None] = [None] * len(selectors)
    landmarks: list[tuple[int, int]] = []
    for i, sel in enumerate(selectors):
        exact = sel.quote.exact
        if not exact:
            results[i] = ORPHAN
            continue
        placed = _by_position(text, sel)
        if placed is None:
            spans = locator.exact_spans(exact)
            if len(spans) != 1:
                continue
            placed = AnchorResult(spans[0][0], spans[0][1], "quote", 0)
            if len(exact) < _LANDMARK_MIN_CHARS:
                results[i] = placed
                continue
        results[i] = placed
        assert placed.start is not None
        landmarks.append((sel.position.start, placed.start - sel.position.start))
    landmarks.sort()
    old_starts = [old for old, _ in landmarks]
    done: list[AnchorResult] = []
    for i, sel in enumerate(selectors):
        result = results[i]
        if result is None:
            old = sel.position.start
            at = bisect.bisect_right(old_starts, old) - 1
            if at < 0 and landmarks:
                at = 0
            shift = landmarks[at][1] if landmarks else 0
            result = _anchor(locator, sel, old + shift, max_error_ratio)
        done.append(result)
    return done
