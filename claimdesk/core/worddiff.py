"""Word-level differences between two texts: insertions and deletions inline.

A line diff says a whole paragraph changed when one number did; fact-checkers need the
number.  Texts are split into words, white space and punctuation; paragraphs are
matched first (cheap, and most of a 50,000-word article is unchanged), then words
inside the paragraphs that differ, so two long versions compare in milliseconds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

# a word or a punctuation mark with the white space after it: white space on its own
# would be the most common token by far, and SequenceMatcher slows down on those
_TOKEN = re.compile(r"\w+\s*|[^\w\s]\s*|\s+")
_PARAGRAPH = re.compile(r"(?<=\n\n)")


@dataclass(frozen=True)
class Piece:
    """``kind`` is "same", "insert" or "delete"; ``start``/``end`` are offsets in the
    old text (same, delete) or in the new text (insert)."""

    kind: str
    text: str
    start: int
    end: int


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _paragraphs(text: str) -> list[str]:
    return [p for p in _PARAGRAPH.split(text) if p]


def _words(old: str, new: str, a0: int, b0: int, out: list[Piece]) -> None:
    ta, tb = tokens(old), tokens(new)
    # the same words at both ends are common to a one-word edit: keep them out of the matcher
    head = 0
    while head < min(len(ta), len(tb)) and ta[head] == tb[head]:
        head += 1
    tail = 0
    while tail < min(len(ta), len(tb)) - head and ta[-1 - tail] == tb[-1 - tail]:
        tail += 1
    if head:
        cut = sum(len(t) for t in ta[:head])
        _add(out, "same", "".join(ta[:head]), a0, a0 + cut)
        old, new = old[cut:], new[cut:]
        a0, b0 = a0 + cut, b0 + cut
        ta, tb = ta[head:], tb[head:]
    rest = ta[len(ta) - tail :] if tail else []
    if tail:
        ta, tb = ta[: len(ta) - tail], tb[: len(tb) - tail]
    matcher = SequenceMatcher(None, ta, tb, autojunk=False)
    pa = [a0]
    for t in ta:
        pa.append(pa[-1] + len(t))
    pb = [b0]
    for t in tb:
        pb.append(pb[-1] + len(t))
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            _add(out, "same", "".join(ta[i1:i2]), pa[i1], pa[i2])
            continue
        if i2 > i1:
            _add(out, "delete", "".join(ta[i1:i2]), pa[i1], pa[i2])
        if j2 > j1:
            _add(out, "insert", "".join(tb[j1:j2]), pb[j1], pb[j2])
    if rest:
        _add(out, "same", "".join(rest), pa[-1], pa[-1] + sum(len(t) for t in rest))


def _add(out: list[Piece], kind: str, text: str, start: int, end: int) -> None:
    if out and out[-1].kind == kind and out[-1].end == start:
        last = out.pop()
        out.append(Piece(kind, last.text + text, last.start, end))
    else:
        out.append(Piece(kind, text, start, end))


def word_diff(old: str, new: str) -> list[Piece]:
    """The pieces that turn ``old`` into ``new``, in reading order."""
    pa, pb = _paragraphs(old), _paragraphs(new)
    offsets_a, offsets_b = [0], [0]
    for p in pa:
        offsets_a.append(offsets_a[-1] + len(p))
    for p in pb:
        offsets_b.append(offsets_b[-1] + len(p))
    out: list[Piece] = []
    matcher = SequenceMatcher(None, pa, pb, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        a0, a1, b0, b1 = offsets_a[i1], offsets_a[i2], offsets_b[j1], offsets_b[j2]
        if op == "equal":
            _add(out, "same", old[a0:a1], a0, a1)
        elif i2 - i1 == j2 - j1:  # as many paragraphs each side: edited one by one
            for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                _words(pa[i], pb[j], offsets_a[i], offsets_b[j], out)
        else:
            _words(old[a0:a1], new[b0:b1], a0, b0, out)
    return out


def changed_spans(pieces: list[Piece]) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """(deleted spans in the old text, inserted spans in the new text)."""
    return (
        [(p.start, p.end) for p in pieces if p.kind == "delete"],
        [(p.start, p.end) for p in pieces if p.kind == "insert"],
    )


def summary(pieces: list[Piece]) -> str:
    """'3 insertions, 2 deletions'."""
    ins = sum(1 for p in pieces if p.kind == "insert")
    dels = sum(1 for p in pieces if p.kind == "delete")
    return f"{ins} insertion{'s' * (ins != 1)}, {dels} deletion{'s' * (dels != 1)}"
