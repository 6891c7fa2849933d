"""What finding the same claim asks of a matcher.

``core.groups`` finds candidate claims in the index and keeps groups; whether two
statements make the same claim is language work (spaCy's tokenizer, a lemmatiser, the
facts of a sentence) that lives in ``claimdesk.nlp.matching``.  The caller hands that
matcher in, so core never imports spaCy or ``claimdesk.nlp``.
"""

from __future__ import annotations

from typing import Protocol


class Comparison(Protocol):
    """How alike two statements are."""

    @property
    def score(self) -> float: ...  # 0..1

    @property
    def agrees(self) -> bool: ...  # the key facts do not contradict each other

    @property
    def reasons(self) -> tuple[str, ...]: ...  # why, in words, for the analyst


class StatementMatcher(Protocol):
    @property
    def threshold(self) -> float: ...  # the least score of a suggested match

    def keywords(self, sentence: str) -> list[str]:
        """The sentence's words to look up candidates with, lower case, each once."""
        ...

    def compare(self, a: str, b: str) -> Comparison: ...
