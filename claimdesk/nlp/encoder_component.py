"""``claimdesk_transformer_checkworthy_v1``: the fine-tuned encoder as a spaCy component.

It scores every sentence of a Doc with the int8 ONNX encoder (``transformer.py``) and
writes the scores where the former bag-of-words textcat wrote them:
``doc.spans["claimdesk_sentences"]`` with ``attrs["scores"]``, and the highest in
``doc.cats["CHECKWORTHY"]``.  The scores are re-centred on the model's threshold
(``sigmoid(logit(p) - logit(threshold))``), so 0.5 means "at the threshold" whatever
head is in use, shipped or adapted to the desk; the raw probabilities are kept in
``attrs["raw_scores"]``.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, SpanGroup
from spacy.vocab import Vocab

from claimdesk.nlp.components import LABEL, SENTENCES_KEY
from claimdesk.nlp.transformer import CheckworthyModel

SHIPPED_DIR = Path(__file__).resolve().parent / "model"

_models: dict[tuple[str, int], CheckworthyModel] = {}
_models_lock = threading.Lock()


def shared_model(folder: Path = SHIPPED_DIR, threads: int = 2) -> CheckworthyModel:
    """One loaded model per folder in a process, shared by every pipeline using it."""
    key = (str(folder.resolve()), threads)
    with _models_lock:
        if key not in _models:
            _models[key] = CheckworthyModel(folder, threads=threads)
        return _models[key]


def recentre(p: float, threshold: float) -> float:
    """Map probability ``p`` so that ``threshold`` becomes 0.5 (monotone)."""
    p = min(max(p, 1e-6), 1 - 1e-6)
    z = math.log(p / (1 - p)) - math.log(threshold / (1 - threshold))
    return 1.0 / (1.0 + math.exp(-z))


def _sentences(doc: Doc) -> list[Span]:
    if doc.has_annotation("SENT_START"):
        return list(doc.sents)
    return [doc[:]]


class TransformerCheckworthy:
    """Scores sentences with a ``CheckworthyModel``; has no weights of its own in spaCy."""

    def __init__(self, vocab: Vocab, name: str, model: CheckworthyModel) -> None:
        self.vocab = vocab
        self.name = name
        self.model = model

    def __call__(self, doc: Doc) -> Doc:
        self._annotate(doc)
        return doc

    def pipe(self, docs: Iterable[Doc], *, batch_size: int = 64) -> Iterator[Doc]:
        # One doc at a time, on purpose: dynamic int8 quantization scales the activations
        # by the batch, so a sentence batched with another article's would score a hair
        # differently.  Per doc, an article gets the same scores in the window, on the
        # command line and in a library pass.
        for doc in docs:
            self._annotate(doc)
            yield doc

    def score_texts(self, texts: list[str]) -> list[float]:
        """Re-centred scores of texts taken as single sentences (for evaluation)."""
        cut = self.model.threshold
        return [recentre(p, cut) for p in self.model.scores(texts)]

    def _annotate(self, doc: Doc) -> None:
        sents = _sentences(doc)
        text = doc.text
        raw = self.model.scores([text[s.start_char : s.end_char] for s in sents])
        cut = self.model.threshold
        scores = [recentre(p, cut) for p in raw]
        doc.spans[SENTENCES_KEY] = SpanGroup(
            doc,
            name=SENTENCES_KEY,
            spans=sents,
            attrs={
                "scores": scores,
                "raw_scores": raw,
                "model_threshold": cut,
                # how the spotter combines these scores with its rules (combine.py)
                "suggester": (self.model.meta.get("suggester") or {}).get("combination"),
            },
        )
        doc.cats[LABEL] = max(scores) if scores else 0.0

    # The model lives in the package (or a folder named in the config), not in the
    # pipeline's own folder: these let nlp.to_disk()/from_disk() skip it cleanly.
    def to_disk(self, path: Any, *, exclude: Any = ()) -> None:
        return None

    def from_disk(self, path: Any, *, exclude: Any = ()) -> TransformerCheckworthy:
        return self


@Language.factory(
    "claimdesk_transformer_checkworthy_v1",
    assigns=["doc.cats", "doc.spans"],
    requires=["token.is_sent_start"],
    default_config={"model_dir": "", "threads": 2},
)
def make_transformer_checkworthy(
    nlp: Language, name: str, model_dir: str, threads: int
) -> TransformerCheckworthy:
    folder = Path(model_dir) if model_dir else SHIPPED_DIR
    return TransformerCheckworthy(nlp.vocab, name, shared_model(folder, threads))
