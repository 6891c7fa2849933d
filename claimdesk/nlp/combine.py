"""How a claim candidate's score is made from the classifier and the rules.

Two ways, both behind ``Combination.score(clf, sig, attribution, span)``:

- ``HandSet``: the first version's noisy-OR of the classifier with hand-set weights per
  kind of claim (a quantity lifts a sentence the classifier doubts), damped for hedges,
  questions and opinions.  It is used with classifiers that carry no fitted combination
  (the bag-of-words model, the tiny models tests build).
- ``Fitted``: a logistic regression over the same signals, fitted by
  ``claimdesk train-checkworthiness`` (see ``train_combination.py``) on held-out
  classifier scores, and shipped in the model's ``meta.json`` under ``"suggester"``.  Its
  bias already holds the threshold chosen by cross-validation, so a candidate is shown
  at the default minimum score of 0.5 exactly when the fitted model says so.

``clf`` is the classifier's sentence score re-centred so that 0.5 is its threshold.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Protocol

from claimdesk.nlp.frames import Attribution
from claimdesk.nlp.signals import Signals

KIND_WEIGHT = {
    "quantity": 0.7,
    "comparison": 0.6,
    "trend": 0.6,
    "causal": 0.45,
    "rule": 0.45,
    "prediction": 0.45,
    "personal": 0.25,
}
# The signals a fitted combination reads, in the order of its weights: the kinds are
# those the hand-set combination weighs, in its order.
SCORED_KINDS = tuple(KIND_WEIGHT)
FEATURES = (
    "classifier_logit",
    *SCORED_KINDS,
    "entity",
    "hedge",
    "question",
    "opinion",
    "evaluative",
    "reported",
    "quoted",
    "first_or_second_person",
    "log_words",
)
_FIRST_PERSON = frozenset(["i", "we", "my", "our", "us", "me", "you", "your"])
_LOGIT_CLIP = 8.0


def logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return max(-_LOGIT_CLIP, min(_LOGIT_CLIP, math.log(p / (1 - p))))


def features(clf: float, sig: Signals, attribution: Attribution | None, span: str) -> list[float]:
    """The values of ``FEATURES`` for one candidate."""
    words = [w.strip(".,;:!?\"'“”‘’()").lower() for w in span.split()]
    kinds = sig.kinds
    return [
        logit(clf),
        *(1.0 if k in kinds else 0.0 for k in SCORED_KINDS),
        float(sig.entity),
        float(sig.hedge),
        float(sig.question),
        float(sig.opinion),
        float(sig.evaluative),
        float(attribution is not None and not attribution.quoted),
        float(attribution is not None and attribution.quoted),
        float(any(w in _FIRST_PERSON for w in words)),
        math.log1p(len(words)),
    ]


class Combination(Protocol):
    def score(
        self, clf: float, sig: Signals, attribution: Attribution | None, span: str
    ) -> float: ...


class HandSet:
    """The first version's hand-set noisy-OR."""

    def score(self, clf: float, sig: Signals, attribution: Attribution | None, span: str) -> float:
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


@dataclass(frozen=True)
class Fitted:
    """``sigmoid(bias + weights · features)``; a prediction (a promise, plan or warning)
    keeps at least its hand-set score.

    The news sets label predictions that state no checkable fact "not a claim", so a fit
    learns to drop them; the desk still suggests them, as kind "prediction", for an
    analyst who tracks pledges and warnings (each suggestion shows its kinds)."""

    weights: tuple[float, ...]
    bias: float

    def score(self, clf: float, sig: Signals, attribution: Attribution | None, span: str) -> float:
        fitted = self.score_features(features(clf, sig, attribution, span))
        if "prediction" in sig.kinds:
            return max(fitted, HAND_SET.score(clf, sig, attribution, span))
        return fitted

    def score_features(self, x: list[float]) -> float:
        """The regression's score of one candidate's ``features`` (no prediction rule)."""
        z = self.bias + sum(w * v for w, v in zip(self.weights, x, strict=True))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def to_json(self) -> dict[str, Any]:
        return {
            "features": list(FEATURES),
            "weights": [round(w, 6) for w in self.weights],
            "bias": round(self.bias, 6),
        }

    @classmethod
    def from_json(cls, data: Any) -> Fitted | None:
        """The combination in a model's meta, or None when there is none or it does not
        fit this version's features (then the hand-set one is used)."""
        if not isinstance(data, dict) or data.get("features") != list(FEATURES):
            return None
        try:
            weights = tuple(float(w) for w in data["weights"])
            bias = float(data["bias"])
        except (KeyError, TypeError, ValueError):
            return None
        if len(weights) != len(FEATURES) or not all(map(math.isfinite, (*weights, bias))):
            return None
        return cls(weights, bias)


HAND_SET = HandSet()


def from_meta(data: Any) -> Combination:
    """The combination of a model's ``meta["suggester"]["combination"]``: the fitted one,
    or the hand-set one when there is none or it does not fit this version's features."""
    return Fitted.from_json(data) or HAND_SET
