"""A cheap "does this look like English?" check (no spaCy, no model)."""

from __future__ import annotations

import re

NOTE = "Suggestions are tuned for English; this text looks like it is in another language."
_FUNCTION_WORDS = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "in",
        "is",
        "a",
        "that",
        "for",
        "it",
        "was",
        "on",
        "are",
        "with",
        "as",
        "by",
        "this",
        "be",
        "at",
        "from",
        "has",
        "have",
        "not",
        "but",
        "he",
        "she",
        "they",
        "we",
        "i",
        "you",
        "his",
        "her",
        "their",
        "our",
        "its",
        "were",
        "will",
        "would",
        "there",
        "been",
        "which",
        "an",
        "or",
        "if",
        "can",
        "more",
        "than",
        "said",
    ]
)
# Common words of other languages written in Latin letters (German, French, Spanish,
# Italian, Portuguese, Dutch): a short text is only called foreign when it shows some.
_FOREIGN_WORDS = frozenset((
    "der", "das", "und", "ist", "im", "sind", "nicht", "mit", "sich", "auch", "ein", "eine",
    "dem", "des", "zu", "le", "la", "les", "et", "est", "une", "dans", "pour", "sur", "qui",
    "du", "au", "aux", "el", "los", "las", "y", "es", "en", "una", "por", "para", "del", "il",
    "che", "di", "non", "della", "sono", "gli", "nel", "uma", "não", "com", "são", "het",
    "een", "van", "zijn", "niet", "op",
))  # fmt: skip
SHORT = 30  # words: below this the share of English words alone says too little
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
SAMPLE = 20_000  # characters looked at; enough to judge, cheap on a 1 MB text


def language_note(text: str) -> str | None:
    """A note for the reader when ``text`` does not look English, else None."""
    sample = text[:SAMPLE]
    letters = [c for c in sample if c.isalpha()]
    if len(letters) < 20:
        return None
    latin = sum(1 for c in letters if ord(c) < 0x250)
    if latin / len(letters) < 0.5:
        return NOTE
    words = _WORD.findall(sample.lower())
    if len(words) < 5:
        return None
    common = sum(1 for w in words if w in _FUNCTION_WORDS)
    if common / len(words) >= 0.12:
        return None
    if len(words) < SHORT:  # "Monday's data showed exports rose 8%." has none of them
        foreign = sum(1 for w in words if w in _FOREIGN_WORDS)
        return NOTE if foreign > common else None
    return NOTE
