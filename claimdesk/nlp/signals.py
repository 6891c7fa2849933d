"""Rule signals on a piece of text: what kind of claim it looks like, and whether it is
an opinion, a promise or a feeling rather than something a checker could settle.

Everything works on plain strings so the same signals feed both the classifier's
features (``claimdesk.nlp.featurize``) and the span finder (``claimdesk.nlp.spans``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from claimdesk.nlp import lexicon as lx
from claimdesk.nlp.quantities import find_quantities, find_time

_SUP = "|".join(
    sorted(
        lx.RANKING_SUPERLATIVES - {"most", "least", "first", "last", "top", "leading"},
        key=len,
        reverse=True,
    )
)
_MAYBE_SUP = re.compile(rf"\b(?:{_SUP}|most|least|first|top|leading)\b", re.I)
SUPERLATIVE_NP = re.compile(
    r"\b(?P<det>(?:one of )?(?:the|its|their|his|her|our|this|a)\s+(?:[\w-]+['’]s\s+)?"
    r"|[A-Za-z][\w-]*['’]s\s+)"
    r"(?:(?:second|third|fourth|fifth|single|\d+(?:st|nd|rd|th))[- ]"
    r"|(?:two|three|four|five|ten|\d+) )?"
    rf"(?P<sup>{_SUP}|(?:most|least) [a-z]+|first|top|leading)\b"
    r"(?P<noun>(?:\s+(?!(?:and|or|but|in|on|at|to|for|by|with|than|that|which|who|is|are|"
    r"was|were|has|have|had|since|ever|of|as|from|because|while|after|before)\b)"
    r"[A-Za-z][\w-]*){0,4})"
    r"(?P<of>\s+of\s+(?:the\s+)?(?!(?:all|them|us|these|those)\b)[A-Za-z][\w-]*"
    r"(?:\s+(?!(?:and|or|but|in|on|at|to|for|by|with|than|that|is|are|was|were)\b)"
    r"[a-z][\w-]*)?)?",
    re.I,
)
_MAYBE_SUP_LOW = re.compile(_MAYBE_SUP.pattern)
_SUPERLATIVE_NP_LOW = re.compile(SUPERLATIVE_NP.pattern)
_CAP_WORD = re.compile(r"(?<=[a-z,;:]\s)[A-Z][\w.-]*|(?<=\s)[A-Z]{2,}\b")
_FIRST_PERSON_SUBJ = re.compile(r"^(?:\W*\w+,?\s+){0,2}?(?:i|we)\b|\b(?:i|we)\b", re.I)


# "the first woman to manage", "the first time since 1990", "the world's leading":
# "first", "last", "top" and "leading" rank only against a yardstick.
_REAL_FIRST = re.compile(
    r"\s*(?:ever\b|to [a-z]+|since\b|in (?:\w+ )?(?:history|decades|years|a century)|"
    r"on record|of (?:its|their) kind|in the (?:world|country|nation|region))"
)
_RANKED_DET = re.compile(r"(?:world|country|nation|europe|asia|africa|region)['’]s")


@dataclass
class Signals:
    """What the rules found in one sentence or clause."""

    kinds: set[str] = field(default_factory=set)
    quantities: list[dict[str, Any]] = field(default_factory=list)
    rankings: list[tuple[int, int]] = field(default_factory=list)  # superlative NPs
    feeling: bool = False
    promise: bool = False
    opinion: bool = False
    hedge: bool = False
    question: bool = False
    evaluative: bool = False  # a praising/blaming superlative with no yardstick
    entity: bool = False
    reporting: bool = False
    reasons: list[str] = field(default_factory=list)

    @property
    def factual(self) -> bool:
        """True when something here could be settled by evidence."""
        return bool(
            self.kinds & {"quantity", "comparison", "trend", "causal", "rule", "prediction"}
        )

    @property
    def rejected(self) -> bool:
        """Feelings, promises and bare opinions are not claims to check."""
        if self.feeling or self.promise:
            return not (self.quantities and not self.promise)
        return self.opinion and not self.factual


def find_rankings(text: str) -> list[tuple[int, int, bool]]:
    """Superlative noun phrases as (start, end, evaluative)."""
    out: list[tuple[int, int, bool]] = []
    low = text.lower()
    # Case-sensitive copies on lower-cased text are much faster than re.I; they are
    # only safe while lowering keeps every offset.
    if len(low) == len(text):
        maybe, full, subject = _MAYBE_SUP_LOW, _SUPERLATIVE_NP_LOW, low
    else:
        maybe, full, subject = _MAYBE_SUP, SUPERLATIVE_NP, text
    if not maybe.search(subject):
        return out
    matches: list[re.Match[str]] = []
    for hint in maybe.finditer(subject):
        if matches and hint.start() < matches[-1].end():
            continue
        m = full.search(subject, max(0, hint.start() - 40), hint.end() + 160)
        if m is not None and m.start("sup") == hint.start():
            matches.append(m)
    for m in matches:
        sup = m.group("sup").lower()
        if sup in ("first", "top", "leading") and not m.group("noun"):
            continue
        if (
            sup in ("first", "last", "top", "leading")
            and not _REAL_FIRST.match(low, m.end())
            and not _RANKED_DET.search(m.group("det").lower())
        ):
            continue  # "its first liaison office" is an event, not a ranking
        evaluative = sup in lx.EVALUATIVE_SUPERLATIVES and not lx.YARDSTICK.search(low)
        if sup.startswith(("most ", "least ")) and not lx.MOST_ADJ.search(low):
            evaluative = True
        start = m.start("det")
        if text[start:].lower().startswith("one of "):
            start += len("one of ")
        out.append((start, m.end(), evaluative))
    return out


def _has_plan(low: str) -> bool:
    return any(h in low for h in lx.PLAN_HINTS) and lx.PLAN.search(low) is not None


def _has_rhetoric(low: str) -> bool:
    return any(h in low for h in lx.RHETORIC_HINTS) and lx.RHETORIC.search(low) is not None


@lru_cache(maxsize=32768)
def analyse(text: str) -> Signals:
    """Rule signals for ``text`` (a sentence or a clause).  Cached: the classifier and
    the spotter both ask about the same sentence, so treat the result as read-only."""
    low = text.lower()
    sig = Signals()
    sig.quantities = find_quantities(text)
    if sig.quantities:
        sig.kinds.add("quantity")
        sig.reasons.append("quantity")
    for start, end, evaluative in find_rankings(text):
        if evaluative:
            sig.evaluative = True
        else:
            sig.rankings.append((start, end))
    if sig.rankings:
        sig.kinds.add("comparison")
        sig.reasons.append("ranking superlative")
    elif lx.COMPARATIVE.search(low) or lx.MOST_ADJ.search(low):
        sig.kinds.add("comparison")
        sig.reasons.append("comparison")
    if lx.TREND.search(low):
        sig.kinds.add("trend")
        sig.reasons.append("change over time")
    if lx.CAUSAL.search(low):
        sig.kinds.add("causal")
        sig.reasons.append("cause and effect")
    if lx.RULE.search(low):
        sig.kinds.add("rule")
        sig.reasons.append("law or rule")
    sig.feeling = bool(lx.FEELING.search(low))
    sig.promise = bool(lx.PROMISE.search(low))
    if sig.promise and (sig.quantities or lx.CONCRETE.search(low)):
        sig.promise = False  # a pledge with a figure or a deadline can be followed up
        sig.kinds.add("prediction")
        sig.reasons.append("pledge")
    elif not sig.promise and (lx.FORECAST.search(low) or _has_plan(low)):
        sig.kinds.add("prediction")
        sig.reasons.append("prediction")
    if "prediction" in sig.kinds and "trend" in sig.kinds:
        sig.kinds.discard("trend")  # a change foretold is the prediction, not a trend
        sig.reasons.remove("change over time")
    if lx.PERSONAL.search(low) and not sig.feeling:
        sig.kinds.add("personal")
    sig.opinion = bool(lx.OPINION.search(low)) or sig.evaluative or _has_rhetoric(low)
    sig.hedge = bool(lx.HEDGES.search(low))
    sig.question = text.rstrip().endswith("?")
    sig.entity = bool(_CAP_WORD.search(text))
    sig.reporting = bool(lx.REPORTING.search(low))
    return sig


@lru_cache(maxsize=65536)
def feature_names(text: str) -> tuple[str, ...]:
    """Signal names used as extra classifier features (cached: training sees each
    sentence once per epoch)."""
    sig = analyse(text)
    names = [f"kind={k}" for k in sorted(sig.kinds)]
    for flag in (
        "feeling",
        "promise",
        "opinion",
        "hedge",
        "question",
        "evaluative",
        "entity",
        "reporting",
    ):
        if getattr(sig, flag):
            names.append(flag)
    low = text.lower()
    if lx.YEAR.search(low):
        names.append("year")
    if find_time(text):
        names.append("time")
    if _FIRST_PERSON_SUBJ.search(low):
        names.append("first_person")
    if re.search(r"\byou\b", low):
        names.append("you")
    if re.search(r"\b(was|were|had|did|\w+ed)\b", low):
        names.append("past")
    if re.search(r"\b(will|'ll|going to|gonna)\b", low):
        names.append("future")
    words = len(text.split())
    names.append(
        "len=" + ("1-4" if words < 5 else "5-9" if words < 10 else "10-19" if words < 20 else "20+")
    )
    if sig.rejected:
        names.append("rejected")
    if sig.factual:
        names.append("factual")
    return tuple(names)
