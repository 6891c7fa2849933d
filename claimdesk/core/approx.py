"""Exact and approximate substring search used by text anchoring.

The approximate matcher is Myers' bit-parallel edit-distance algorithm (J. ACM 46(3), 1999)
in Hyyrö's formulation, run over Python ints: one int holds one bit per pattern character,
so a pattern of any length costs a fixed handful of big-int operations per text character
instead of a row of the dynamic-programming table.

It also holds the small context helpers ``describe_minimal`` grows prefixes with.

All offsets are Python ``str`` indices (code points), so an emoji counts as one character
and one edit, unlike the JavaScript libraries that count UTF-16 code units.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "Match",
    "Pattern",
    "anchored_distance",
    "approx_search",
    "context_to_differ",
    "find_all_exact",
    "search_around",
    "word_run",
]

# Texts up to this size are scanned whole: cheaper than being clever.
_FULL_SCAN_CHARS = 20_000
# Seeds of a long pattern are looked up with str.find; these caps bound the work spent on
# common seeds ("of the ") so one unplaceable quote cannot cost a full-text scan.
_SEED_HITS = 64
_SEED_WINDOWS = 32


@dataclass(frozen=True, order=True)
class Match:
    """``text[start:end]`` is within ``errors`` edits of the pattern."""

    start: int
    end: int
    errors: int


def find_all_exact(text: str, quote: str) -> list[tuple[int, int]]:
    """Every occurrence of ``quote`` in ``text``, overlapping ones included.

    An empty quote occurs at every position, ``len(text) + 1`` times, as in the
    W3C TextQuoteSelector matchers this mirrors.
    """
    if not quote:
        return [(i, i) for i in range(len(text) + 1)]
    found: list[tuple[int, int]] = []
    size = len(quote)
    at = text.find(quote)
    while at != -1:
        found.append((at, at + size))
        # Step one character, not len(quote): "ana" occurs twice in "bananas".
        at = text.find(quote, at + 1)
    return found


def word_run(text: str, at: int, limit: int, *, backwards: bool) -> int:
    """How many non-space characters run from ``at`` (capped at ``limit``)."""
    count = 0
    if backwards:
        while count < limit and at - count > 0 and not text[at - count - 1].isspace():
            count += 1
    else:
        while count < limit and at + count < len(text) and not text[at + count].isspace():
            count += 1
    return count


def context_to_differ(text: str, mine: int, other: int, *, backwards: bool) -> int | None:
    """Characters of context, read from ``mine``, needed to differ from ``other``'s.

    None when ``mine`` reaches the edge of the text first: no amount of context on that
    side can tell the two apart.
    """
    n = len(text)
    count = 0
    while True:
        count += 1
        here = mine - count if backwards else mine + count - 1
        there = other - count if backwards else other + count - 1
        if not 0 <= here < n:
            return None
        if not 0 <= there < n or text[here] != text[there]:
            return count


def _char_masks(pattern: str) -> dict[str, int]:
    masks: dict[str, int] = {}
    for i, ch in enumerate(pattern):
        masks[ch] = masks.get(ch, 0) | (1 << i)
    return masks


class Pattern:
    """A pattern with its bit masks built once, for searching many windows or texts."""

    __slots__ = ("_masks", "_rev_masks", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._masks = _char_masks(text)
        self._rev_masks = _char_masks(text[::-1])

    def __len__(self) -> int:
        return len(self.text)

    def search(self, text: str, max_errors: int, lo: int = 0, hi: int | None = None) -> list[Match]:
        """The matches with the fewest errors (at most ``max_errors``) in ``text[lo:hi]``.

        One match per end position; its start is the leftmost one reaching that error
        count. Worse matches are dropped because a caller choosing a placement always
        prefers fewer quote errors, and dropping them lets the error limit ratchet down.
        """
        m = len(self.text)
        hi = len(text) if hi is None else min(hi, len(text))
        lo = max(0, lo)
        if m == 0 or lo >= hi or max_errors < 0:
            return []
        ends, errors = _scan_ends(self._masks, m, text, lo, hi, max_errors)
        return [Match(self._leftmost_start(text, end, errors), end, errors) for end in ends]

    def _leftmost_start(self, text: str, end: int, errors: int) -> int:
        # The match cannot be longer than len(pattern) + errors, so scanning that far
        # back with the reversed pattern (pinned at `end`) finds every start that works.
        m = len(self.text)
        lo = max(0, end - m - errors)
        window = text[lo:end][::-1]
        consumed = _scan_pinned(self._rev_masks, m, window, errors)
        return end - consumed


def _scan_ends(
    masks: dict[str, int], m: int, text: str, lo: int, hi: int, max_errors: int
) -> tuple[list[int], int]:
    full = (1 << m) - 1
    high = 1 << (m - 1)
    pv = full
    mv = 0
    score = m
    limit = max_errors
    ends: list[int] = []
    get = masks.get
    pos = lo
    for ch in text[lo:hi]:
        pos += 1
        eq = get(ch, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | (full & ~(xh | pv))
        mh = pv & xh
        if ph & high:
            score += 1
        elif mh & high:
            score -= 1
        # Search mode: row 0 of the table is all zeros (a match may start anywhere),
        # so nothing is carried into the lowest bit.
        ph = (ph << 1) & full
        mh = (mh << 1) & full
        pv = mh | (full & ~(xv | ph))
        mv = ph & xv
        if score <= limit:
            if score < limit:
                ends.clear()
                limit = score
            ends.append(pos)
    if not ends:
        return [], -1
    return ends, limit


def _scan_pinned(masks: dict[str, int], m: int, text: str, max_errors: int) -> int:
    """Length of the longest prefix of ``text`` within ``max_errors`` of the pattern."""
    full = (1 << m) - 1
    high = 1 << (m - 1)
    pv = full
    mv = 0
    score = m
    best = 0
    get = masks.get
    for pos, ch in enumerate(text, 1):
        eq = get(ch, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | (full & ~(xh | pv))
        mh = pv & xh
        if ph & high:
            score += 1
        elif mh & high:
            score -= 1
        # Global mode: row 0 counts skipped text characters, so each step carries a +1.
        ph = ((ph << 1) | 1) & full
        mh = (mh << 1) & full
        pv = mh | (full & ~(xv | ph))
        mv = ph & xv
        if score <= max_errors:
            best = pos
    return best


def anchored_distance(pattern: str, text: str) -> int:
    """Fewest edits turning ``pattern`` into some suffix of ``text``.

    Used to compare a stored prefix with the text just before a candidate: the prefix
    must end where the candidate starts, but may begin anywhere.
    """
    m = len(pattern)
    if m == 0:
        return 0
    if not text:
        return m
    if text.endswith(pattern):
        return 0
    full = (1 << m) - 1
    high = 1 << (m - 1)
    pv = full
    mv = 0
    score = m
    get = _char_masks(pattern).get
    for ch in text:
        eq = get(ch, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | (full & ~(xh | pv))
        mh = pv & xh
        if ph & high:
            score += 1
        elif mh & high:
            score -= 1
        ph = (ph << 1) & full
        mh = (mh << 1) & full
        pv = mh | (full & ~(xv | ph))
        mv = ph & xv
    return score


def approx_search(text: str, pattern: str, max_errors: int) -> list[Match]:
    """Substrings of ``text`` within ``max_errors`` edits of ``pattern``, fewest errors only.

    Same contract as approx-string-match's ``search``: an empty text or pattern has no
    matches; only matches with the minimum error count are reported, one per end offset,
    each with the leftmost start that achieves it.
    """
    return Pattern(pattern).search(text, max_errors)


def search_around(
    text: str, pattern: Pattern, max_errors: int, hint: int | None = None
) -> list[Match]:
    """Best approximate matches of ``pattern``, looking near ``hint`` first.

    A Python-level scan costs about a microsecond per character, so a 300k-character
    article is never scanned whole: a window around the expected offset is tried, then a
    window sixteen times wider, then windows around exact occurrences of pieces of the
    pattern ("seeds") anywhere in the text, which finds a passage that was both moved
    and edited. Matches found in an earlier stage win over later ones, because an edited
    quote is far likelier to sit near where it was than to be a look-alike elsewhere.
    """
    n = len(text)
    m = len(pattern)
    if m == 0 or n == 0:
        return []
    if n <= _FULL_SCAN_CHARS:
        return pattern.search(text, max_errors)
    if hint is not None:
        hint = min(max(hint, 0), n)
        radius = 2 * m + max_errors + 64
        for reach in (radius, radius * 16):
            lo = max(0, hint - reach)
            hi = min(n, hint + m + reach)
            found = pattern.search(text, max_errors, lo, hi)
            if found:
                return found
    return _seeded_search(text, pattern, max_errors)


def _seeded_search(text: str, pattern: Pattern, max_errors: int) -> list[Match]:
    m = len(pattern)
    pieces = min(8, max(1, m // 8))
    size = m // pieces
    if size < 4:
        # Seeds this short hit everywhere; they would cost more than they save.
        return []
    votes: dict[int, int] = {}
    for i in range(pieces):
        offset = i * size
        seed = pattern.text[offset : offset + size]
        at = text.find(seed)
        hits = 0
        while at != -1 and hits < _SEED_HITS:
            diagonal = at - offset
            votes[diagonal] = votes.get(diagonal, 0) + 1
            hits += 1
            at = text.find(seed, at + 1)
    if not votes:
        return []
    # Seeds of one occurrence agree on where it starts give or take the edits between
    # them, so nearby diagonals are one candidate window.
    groups: list[tuple[int, int, int]] = []
    for diagonal in sorted(votes):
        if groups and diagonal - groups[-1][1] <= max_errors + 1:
            first, _, count = groups[-1]
            groups[-1] = (first, diagonal, count + votes[diagonal])
        else:
            groups.append((diagonal, diagonal, votes[diagonal]))
    groups.sort(key=lambda g: -g[2])
    best: dict[tuple[int, int], Match] = {}
    fewest = max_errors
    for first, last, _ in groups[:_SEED_WINDOWS]:
        lo = first - max_errors - 1
        hi = last + m + max_errors + 1
        for match in pattern.search(text, fewest, lo, hi):
            if match.errors < fewest:
                best.clear()
                fewest = match.errors
            best[(match.start, match.end)] = match
    return sorted(best.values())
