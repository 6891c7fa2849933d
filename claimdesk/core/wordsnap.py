"""Snapping a dragged text selection to whole words.

A mouse drag rarely starts and ends exactly between words, and a claim quoted from
"e world's largest arms importer a" is useless in a report.  ``snap_to_words`` grows a
selection to the words it touches and drops the spaces and stray punctuation at its
edges.  It works on Python code points and knows nothing about Qt, so the reader can
convert positions with ``OffsetMap`` and every rule can be tested on plain strings.
"""

from __future__ import annotations

import unicodedata

# characters that join two word characters into one word: world's, well-known, 2019-23
_INNER_JOINERS = frozenset("'\u2019-\u2010\u2011")
# characters that join two digits into one number: 1,000.5
_DIGIT_JOINERS = frozenset(",.")
# a number keeps its unit: 20%, 5‰
_AFTER_DIGIT = frozenset("%\u2030")

# brackets and quotes that a quote should not cut in half
_PAIRS = {"(": ")", "[": "]", "{": "}", "\u201c": "\u201d", "\u00ab": "\u00bb", "\u2018": "\u2019"}
_CLOSERS = {v: k for k, v in _PAIRS.items()}


def _letter(ch: str) -> bool:
    # combining marks count so that a decomposed "nai\u0308ve" stays one word
    return ch.isalnum() or unicodedata.category(ch).startswith("M")


def _in_word(text: str, i: int) -> bool:
    """Whether ``text[i]`` belongs to a word (or number), judged by its neighbours."""
    if not 0 <= i < len(text):
        return False
    ch = text[i]
    if _letter(ch):
        return True
    before = text[i - 1] if i > 0 else ""
    after = text[i + 1] if i + 1 < len(text) else ""
    if ch in _INNER_JOINERS:
        return bool(before and after) and _letter(before) and _letter(after)
    if ch in _DIGIT_JOINERS:
        return before.isdigit() and after.isdigit()
    if ch in _AFTER_DIGIT:
        return before.isdigit()
    if unicodedata.category(ch) == "Sc":  # a currency sign before its amount: $5, €20
        return after.isdigit()
    return False


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """The selection ``text[start:end]`` grown to whole words and trimmed of spaces and
    punctuation at its edges, keeping brackets and quotes it opened or closed.

    An empty selection, or one without a single word character, is returned as it came
    (clamped and ordered): there is no word to snap to.
    """
    start, end = sorted((max(0, min(start, len(text))), max(0, min(end, len(text)))))
    if start == end:
        return start, end
    orig_start, orig_end = start, end
    # grow: an edge that falls between two characters of one word moves to the word's edge
    while start > 0 and _in_word(text, start - 1) and _in_word(text, start):
        start -= 1
    while end < len(text) and _in_word(text, end - 1) and _in_word(text, end):
        end += 1
    # trim: spaces and punctuation outside the first and last word
    while start < end and not _in_word(text, start):
        start += 1
    while end > start and not _in_word(text, end - 1):
        end -= 1
    if start == end:
        return orig_start, orig_end
    return _balance(text, start, end, orig_start, orig_end)


def _balance(text: str, start: int, end: int, orig_start: int, orig_end: int) -> tuple[int, int]:
    """Take back a closing bracket or quote for one the selection opened (and the other
    way round), if it was dragged over or sits right at the edge."""
    openers: list[str] = []
    unopened: list[str] = []
    for i in range(start, end):
        ch = text[i]
        if _in_word(text, i):
            continue  # an apostrophe inside world’s is not a closing quote
        if ch in _PAIRS:
            openers.append(ch)
        elif ch in _CLOSERS:
            if openers and openers[-1] == _CLOSERS[ch]:
                openers.pop()
            else:
                unopened.append(ch)
    i = end
    while openers and i < len(text) and (i < orig_end or text[i] == _PAIRS[openers[-1]]):
        if text[i] == _PAIRS[openers[-1]]:
            openers.pop()
            end = i + 1
        i += 1
    i = start - 1
    while unopened and i >= 0 and (i >= orig_start or text[i] == _CLOSERS[unopened[0]]):
        if text[i] == _CLOSERS[unopened[0]]:
            unopened.pop(0)
            start = i
        i -= 1
    return _straight_quotes(text, start, end, orig_start, orig_end)


def _straight_quotes(
    text: str, start: int, end: int, orig_start: int, orig_end: int
) -> tuple[int, int]:
    """An odd straight double quote in the selection takes its partner along, looking
    forward first (the selection opened the quote), then back."""
    if text.count('"', start, end) % 2 == 0:
        return start, end
    i = end
    while i < len(text) and (i < orig_end or text[i] == '"'):
        if text[i] == '"':
            return start, i + 1
        i += 1
    i = start - 1
    while i >= 0 and (i >= orig_start or text[i] == '"'):
        if text[i] == '"':
            return i, end
        i -= 1
    return start, end
