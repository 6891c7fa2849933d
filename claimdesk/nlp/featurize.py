"""The check-worthiness classifier's architecture: hashed words, word pairs and rule
signals feeding a sparse linear layer (a bag-of-words model that also sees claimdesk's
rule signals, so it leans less on debate vocabulary).

Registered as ``claimdesk.CheckworthyBOW.v1``; it accepts Docs or Spans, so the same
weights score a one-sentence training Doc and a sentence Span inside an article.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import pairwise
from typing import Any

import numpy
from spacy.strings import hash_string  # type: ignore[attr-defined]
from spacy.tokens import Doc, Span
from spacy.util import registry
from thinc.api import Logistic, Model, SparseLinear_v2, chain
from thinc.types import Floats2d

from claimdesk.nlp.signals import feature_names

Texts = Sequence[Doc | Span]
Keys = tuple[Any, Any, Any]


def doc_features(doc: Doc | Span, *, ngram: int, signals: bool) -> list[str]:
    """Feature strings for one text (exposed for inspection and tests)."""
    # One pass over the tokens gives both the words and the text: Doc.text and Span.text
    # would walk the tokens a second time, which costs as much as the words themselves.
    words: list[str] = []
    parts: list[str] = []
    for t in doc:
        ws = t.text_with_ws
        parts.append(ws)
        if t.is_space or (t.is_punct and t.text != "?"):
            continue
        words.append("<num>" if t.like_num else t.lower_)
    feats = ["u|" + w for w in words]
    if ngram >= 2:
        padded = ["<s>", *words, "</s>"]
        feats.extend("b|" + a + "|" + b for a, b in pairwise(padded))
    if signals:
        text = "".join(parts)
        if isinstance(doc, Span) and len(doc):
            text = text[: len(text) - len(doc[-1].whitespace_)]  # as Span.text
        feats.extend("s|" + name for name in feature_names(text))
    return feats


def _features(ngram: int, signals: bool, signal_weight: float) -> Model[Texts, Keys]:
    def forward(
        model: Model[Texts, Keys], docs: Texts, is_train: bool
    ) -> tuple[Keys, Callable[[Any], list[Any]]]:
        all_keys: list[Any] = []
        all_vals: list[Any] = []
        lengths: list[int] = []
        for doc in docs:
            feats = doc_features(doc, ngram=ngram, signals=signals)
            weights: dict[int, float] = {}
            for f in feats:
                key = hash_string(f)
                weights[key] = weights.get(key, 0.0) + (signal_weight if f[0] == "s" else 1.0)
            all_keys.append(numpy.fromiter(weights.keys(), dtype="uint64", count=len(weights)))
            all_vals.append(numpy.fromiter(weights.values(), dtype="f", count=len(weights)))
            lengths.append(len(weights))
        keys = numpy.concatenate(all_keys) if all_keys else numpy.zeros((0,), dtype="uint64")
        vals = numpy.concatenate(all_vals) if all_vals else numpy.zeros((0,), dtype="f")
        out = (keys, vals, numpy.asarray(lengths, dtype="int32"))

        def backprop(d_out: Any) -> list[Any]:
            return []

        return out, backprop

    return Model("claimdesk_features", forward, attrs={"ngram": ngram, "signals": signals})


@registry.architectures("claimdesk.CheckworthyBOW.v1")  # type: ignore[untyped-decorator]
def build_checkworthy_bow(
    nO: int | None = 1,
    length: int = 2**18,
    ngram: int = 2,
    signals: bool = True,
    signal_weight: float = 1.0,
) -> Model[Texts, Floats2d]:
    """Hashed features -> SparseLinear -> Logistic, one output per label."""
    model: Model[Texts, Floats2d] = chain(
        _features(ngram, signals, signal_weight),
        SparseLinear_v2(nO=nO, length=length),
        Logistic(),
    )
    model.attrs["multi_label"] = True
    return model
