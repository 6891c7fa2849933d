"""Scoring the check-worthiness classifier against a labelled TSV file."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
    from claimdesk.errors import ClaimdeskError
    from claimdesk.nlp.pipeline import load_checkworthy_model

    rows = read_tsv(path)
    if not rows:
        raise ClaimdeskError(f"{Path(path).name} has a header but no sentences.")
    m = model if model is not None else load_checkworthy_model()
    cut = threshold if threshold is not None else m.threshold
    scores = m.scores([r.text for r in rows])
    return prf([r.checkworthy for r in rows], [s >= cut for s in scores])


# --- The project's own sets: whole-suggester flags and claimants ------------------------


def read_news_validation(path: str | Path) -> list[tuple[str, str, bool]]:
    """(id, text, is_claim) rows of ``tests/data/checkworthiness/news_validation.tsv``
    (header ``id<TAB>text<TAB>label``, no CSV quoting)."""
    from claimdesk.errors import ClaimdeskError

    p = Path(path)
    if not p.is_file():
        raise ClaimdeskError(f"File not found: {p}")
    lines = p.read_text(encoding="utf-8").splitlines()
    if not lines or lines[0].split("\t") != ["id", "text", "label"]:
        raise ClaimdeskError(f"{p.name}: expected the header id, text, label.")
    rows: list[tuple[str, str, bool]] = []
    for n, line in enumerate(lines[1:], start=2):
        parts = line.split("\t")
        if len(parts) != 3 or parts[2] not in ("Yes", "No"):
            raise ClaimdeskError(f"{p.name}, line {n}: expected id, text and Yes or No.")
        rows.append((parts[0], parts[1], parts[2] == "Yes"))
    return rows


def _articles(ids: Sequence[str]) -> list[list[int]]:
    """Row indexes grouped by article (the id before its last "-")."""
    groups: dict[str, list[int]] = {}
    for i, rid in enumerate(ids):
        groups.setdefault(rid.rsplit("-", 1)[0], []).append(i)
    return list(groups.values())


def _join(parts: Sequence[str], sep: str) -> tuple[str, list[tuple[int, int]]]:
    text, where = "", []
    for part in parts:
        if text:
            text += sep
        where.append((len(text), len(text) + len(part)))
        text += part
    return text, where


def suggester_flags(suggester: Any, path: str | Path, *, min_score: float = 0.5) -> list[bool]:
    """Whether each sentence of the news validation set gets at least one suggestion,
    reading each article whole (paragraphs joined by blank lines, as pasted)."""
    rows = read_news_validation(path)
    flags = [False] * len(rows)
    for group, text, where in news_articles(rows):
        found = suggester.suggest(text, min_score=min_score)
        for i, (a, b) in zip(group, where, strict=True):
            flags[i] = any(a <= s.start < b for s in found)
    return flags


def news_articles(
    rows: Sequence[tuple[str, str, bool]],
) -> list[tuple[list[int], str, list[tuple[int, int]]]]:
    """Each article of a news set as (its row indexes, its text as pasted: paragraphs
    joined by blank lines, and each sentence's (start, end) in that text)."""
    out = []
    for group in _articles([r[0] for r in rows]):
        text, where = _join([rows[i][1] for i in group], "\n\n")
        out.append((group, text + "\n", where))
    return out


def read_claimant_set(path: str | Path) -> list[tuple[str, str, str, tuple[str, ...]]]:
    """(article, id, sentence, accepted golds) rows of ``tests/data/claimants.tsv``; an
    empty gold tuple means the writer's own statement."""
    from claimdesk.errors import ClaimdeskError

    p = Path(path)
    lines = p.read_text(encoding="utf-8").splitlines()
    if not lines or lines[0].split("\t") != ["article", "id", "sentence", "claimant"]:
        raise ClaimdeskError(f"{p.name}: expected the header article, id, sentence, claimant.")
    rows = []
    for n, line in enumerate(lines[1:], start=2):
        parts = line.split("\t")
        if len(parts) != 4:
            raise ClaimdeskError(f"{p.name}, line {n}: expected four columns.")
        golds = tuple(g.strip() for g in parts[3].split("|") if g.strip())
        rows.append((parts[0], parts[1], parts[2], golds))
    return rows


def _name_key(name: str) -> list[str]:
    name = name.replace("'", "’").lower().strip(" ,.")
    words = name.split()
    while words and words[0] in ("the", "a", "an"):
        words.pop(0)
    return words


def claimant_matches(predicted: str | None, golds: Sequence[str]) -> bool:
    """True when ``predicted`` names one of ``golds`` (see tests/data/README.md): same
    words ignoring case, a leading article and the kind of apostrophe; or the gold with a
    title or more before it; or a shorter name of two words or more ending like the gold."""
    if predicted is None:
        return not golds
    p = _name_key(predicted)
    for gold in golds:
        g = _name_key(gold)
        if not g or not p:
            continue
        if p == g or (len(p) > len(g) and p[-len(g) :] == g):
            return True
        if len(p) >= 2 and len(p) < len(g) and g[-len(p) :] == p:
            return True
    return False


def claimant_scores(nlp: Language, path: str | Path) -> tuple[float, float, dict[str, int]]:
    """Precision and recall of the claimants the spotter's resolver gives on the
    claimant set, over every sentence (whatever the classifier makes of it): precision
    over the sentences given a claimant, recall over those with a gold claimant."""
    from claimdesk.nlp.components import claimants_by_sentence

    rows = read_claimant_set(path)
    right = predicted = gold = 0
    by_article: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        by_article.setdefault(row[0], []).append(i)
    for group in by_article.values():
        text, where = _join([rows[i][2] for i in group], " ")
        found = claimants_by_sentence(nlp(text))
        for i, (a, _b) in zip(group, where, strict=True):
            # The sentence the pipeline found at the row's start (a row's quote may be
            # cut in two: its first sentence carries the claim).
            claimant = next((c for s, e, c in found if s <= a < e), None)
            golds = rows[i][3]
            gold += bool(golds)
            predicted += claimant is not None
            right += bool(golds) and claimant is not None and claimant_matches(claimant, golds)
    precision = right / predicted if predicted else 0.0
    recall = right / gold if gold else 0.0
    return precision, recall, {"right": right, "predicted": predicted, "gold": gold}
