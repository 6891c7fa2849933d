"""Scoring the check-worthiness classifier against a labelled TSV file."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from claimdesk.nlp.data import read_tsv

if TYPE_CHECKING:
    from spacy.language import Language

    from claimdesk.nlp.transformer import CheckworthyModel


def prf(gold: Sequence[bool], pred: Sequence[bool]) -> tuple[float, float, float, dict[str, int]]:
    """Precision, recall and F1 of the positive class, with the confusion counts."""
    tp = sum(1 for g, p in zip(gold, pred, strict=True) if g and p)
    fp = sum(1 for g, p in zip(gold, pred, strict=True) if not g and p)
    fn = sum(1 for g, p in zip(gold, pred, strict=True) if g and not p)
    tn = len(gold) - tp - fp - fn
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1, {"tp": tp, "fp": fp, "fn": fn, "tn": tn}


def sentence_scores(nlp: Language, texts: Sequence[str], *, batch_size: int = 256) -> list[float]:
    """The bag-of-words textcat's probability for each text, each scored as one sentence
    (the former classifier, which training retrains as a baseline)."""
    textcat = nlp.get_pipe("checkworthy")
    docs = [nlp.make_doc(t) for t in texts]
    out: list[float] = []
    for i in range(0, len(docs), batch_size):
        scores = textcat.model.predict(docs[i : i + batch_size])  # type: ignore[attr-defined]
        out.extend(float(s) for s in scores[:, 0])
    return out


def evaluate_file(
    path: str | Path, model: CheckworthyModel | None = None, threshold: float | None = None
) -> tuple[float, float, float, dict[str, int]]:
    """Precision, recall, F1 (positive class) and counts of the check-worthiness model
    (the shipped one unless ``model`` is given) on a labelled TSV file."""
    from claimdesk.nlp.pipeline import load_checkworthy_model

    rows = read_tsv(path)
    m = model if model is not None else load_checkworthy_model()
    cut = threshold if threshold is not None else m.threshold
    scores = m.scores([r.text for r in rows])
    return prf([r.checkworthy for r in rows], [s >= cut for s in scores])
