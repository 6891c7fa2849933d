"""Fit how the spotter combines the classifier's score with its rules (``combine.py``).

    claimdesk train-checkworthiness --combination-only [--news-selection FILE]

The whole suggester flags a sentence when one of its candidates scores at least 0.5.
A candidate's score was a hand-set noisy-OR of the classifier and the rules, tuned for
the first, bag-of-words classifier; with the fine-tuned encoder it flagged 40% of the
plain non-claims of the project's news set.  Here the combination is a logistic
regression over the same signals, fitted on data that chose nothing else reported:

- the time-split validation set (the newest CT24 train sentences + CT24 dev), which the
  classifier was not trained on, each sentence read as a text of its own;
- the project's news *selection* set (``tests/data/checkworthiness/news_selection.tsv``:
  articles written for this, never the news validation set), each article read whole.

Each candidate is a row, with its sentence's label and a weight of 1/(candidates in
the sentence); a stated cause (", partly because ...") is left out, as the desk always
ranks it below the claim it explains.  The regularisation, the weight of the news rows
and the threshold are chosen by 5-fold cross-validation (news folds by article, CT24
folds by contiguous id blocks): the best out-of-fold news F1 among the settings whose
out-of-fold CT24 F1 is at least the hand-set combination's.  The chosen threshold is
folded into the bias, so 0.5 stays the minimum score.  The news validation set and dev-test
are scored afterwards, once, for the model card.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO, cast

from claimdesk.errors import ClaimdeskError
from claimdesk.nlp.combine import FEATURES, HAND_SET, Fitted, features, logit
from claimdesk.nlp.evaluate import news_articles, prf, read_news_validation
from claimdesk.nlp.frames import Attribution
from claimdesk.nlp.signals import Signals

_SETS = Path(__file__).resolve().parents[2] / "tests" / "data" / "checkworthiness"
NEWS_SELECTION = _SETS / "news_selection.tsv"
NEWS_VALIDATION = _SETS / "news_validation.tsv"
FOLDS = 5
PREDICTION = FEATURES.index("prediction")
C_GRID = (0.03, 0.1, 0.3, 1.0, 3.0)
NEWS_WEIGHTS = (1.0, 2.0, 4.0, 8.0)  # how much one news sentence counts against one CT24 one
THRESHOLDS = tuple(round(0.2 + 0.02 * i, 2) for i in range(31))  # 0.20 ... 0.80


class Recorder:
    """A combination that keeps every candidate's features and lets all of them through
    (with score 1.0; the hand-set score is kept beside for comparison)."""

    def __init__(self) -> None:
        self.rows: list[tuple[list[float], float]] = []

    def score(self, clf: float, sig: Signals, attribution: Attribution | None, span: str) -> float:
        hand = HAND_SET.score(clf, sig, attribution, span)
        self.rows.append((features(clf, sig, attribution, span), hand))
        return 1.0


@dataclass
class Sentence:
    label: bool
    domain: str  # "news" or "ct24"
    group: int  # the cross-validation fold it belongs to
    candidates: list[list[float]] = field(default_factory=list)
    hand: float = 0.0  # the hand-set combination's best score (0 when no candidate)
    # a prediction (pledge, plan, warning) the hand-set combination flags: the fitted
    # combination keeps those (combine.Fitted), so the sentence is flagged whatever it says
    pledge: bool = False


Found = tuple[list[list[float]], float, bool]


def collect(
    nlp: Any, texts: Sequence[str], spans: Sequence[list[tuple[int, int]]]
) -> list[list[Found]]:
    """For each text, for each (start, end) sentence in it: the features of the
    candidates starting there, the hand-set combination's best score, and whether a
    prediction among them reaches 0.5 with it."""
    spotter = nlp.get_pipe("claim_spotter")
    recorder = Recorder()
    spotter.combination = recorder
    out: list[list[Found]] = []
    try:
        for doc, where in zip(nlp.pipe(texts, batch_size=16), spans, strict=True):
            claims = doc.spans["claimdesk_claims"].attrs.get("claims", [])
            rows, recorder.rows = recorder.rows, []
            if len(rows) != len(claims):
                raise ClaimdeskError("The spotter dropped a candidate it had scored.")
            per: list[Found] = []
            for a, b in where:
                # A stated cause scores min(itself, the claim before) * 0.9 in the desk:
                # it never decides whether a sentence is flagged, so it is not a row.
                mine = [
                    rows[i]
                    for i, c in enumerate(claims)
                    if a <= c["start"] < b and "cause_of" not in c["facets"]
                ]
                per.append(
                    (
                        [f for f, _ in mine],
                        max((h for _, h in mine), default=0.0),
                        any(f[PREDICTION] and h >= 0.5 for f, h in mine),
                    )
                )
            out.append(per)
    finally:
        spotter.combination = None
    return out


def news_sentences(nlp: Any, path: Path, *, folds: int = FOLDS) -> list[Sentence]:
    rows = read_news_validation(path)
    articles = news_articles(rows)
    found = collect(nlp, [a[1] for a in articles], [a[2] for a in articles])
    out: list[Sentence] = []
    for k, ((group, _, _), per) in enumerate(zip(articles, found, strict=True)):
        for i, (cands, hand, pledge) in zip(group, per, strict=True):
            out.append(Sentence(rows[i][2], "news", k % folds, cands, hand, pledge))
    return out


def ct24_sentences(nlp: Any, rows: Sequence[Any], *, folds: int = FOLDS) -> list[Sentence]:
    """CT24 rows (in id order) as texts of their own; folds are contiguous id blocks."""
    texts = [r.text for r in rows]
    found = collect(nlp, texts, [[(0, len(t))] for t in texts])
    n = len(rows)
    return [
        Sentence(r.checkworthy, "ct24", i * folds // max(1, n), *per[0])
        for i, (r, per) in enumerate(zip(rows, found, strict=True))
    ]


def _design(sentences: Sequence[Sentence], news_weight: float) -> tuple[Any, Any, Any]:
    import numpy

    x, y, w = [], [], []
    for s in sentences:
        for c in s.candidates:
            x.append(c)
            y.append(s.label)
            w.append((news_weight if s.domain == "news" else 1.0) / len(s.candidates))
    return numpy.asarray(x, dtype=float), numpy.asarray(y, dtype=int), numpy.asarray(w)


def _fit(sentences: Sequence[Sentence], c: float, news_weight: float) -> tuple[Any, Any]:
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    x, y, w = _design(sentences, news_weight)
    if len(set(y.tolist())) < 2:
        raise ClaimdeskError(
            "Fitting the suggester's combination needs candidates from claims and from "
            "non-claims in every fold; the selection data has only one kind."
        )
    scaler = StandardScaler().fit(x)
    model = LogisticRegression(C=c, max_iter=2000).fit(scaler.transform(x), y, sample_weight=w)
    return scaler, model


def _as_fitted(scaler: Any, model: Any, threshold: float) -> Fitted:
    """The scaled regression as weights on the raw features, with the threshold in the
    bias (so that score >= 0.5 exactly when the regression's probability >= threshold)."""
    coef = model.coef_[0] / scaler.scale_
    bias = float(model.intercept_[0] - (model.coef_[0] * scaler.mean_ / scaler.scale_).sum())
    return Fitted(tuple(float(v) for v in coef), bias - logit(threshold))


def best_scores(combination: Fitted, sentences: Sequence[Sentence]) -> list[float]:
    """Each sentence's best candidate score (0 without a candidate)."""
    return [max(map(combination.score_features, s.candidates), default=0.0) for s in sentences]


def figures(gold: Sequence[bool], flags: Sequence[bool]) -> dict[str, Any]:
    p, r, f1, c = prf(list(gold), list(flags))
    negatives = c["fp"] + c["tn"]
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(f1, 4),
        "non_claims_flagged": round(c["fp"] / negatives, 4) if negatives else 0.0,
        **c,
    }


def flags(sentences: Sequence[Sentence], scores: Sequence[float], cut: float) -> list[bool]:
    """Flagged at ``cut``: the fitted best score reaches it, or a prediction is kept."""
    return [v >= cut or s.pledge for s, v in zip(sentences, scores, strict=True)]


def _f1(sentences: Sequence[Sentence], scores: Sequence[float], cut: float, domain: str) -> float:
    idx = [i for i, s in enumerate(sentences) if s.domain == domain]
    part = [sentences[i] for i in idx]
    return prf([s.label for s in part], flags(part, [scores[i] for i in idx], cut))[2]


def _choice(
    sentences: Sequence[Sentence], scores: Sequence[float], cut: float, floor: float
) -> tuple[bool, float, float]:
    """How a setting ranks: first whether its CT24 F1 is at least ``floor`` (the hand-set
    combination's), then its news F1, then its CT24 F1."""
    ct24 = _f1(sentences, scores, cut, "ct24")
    return (ct24 >= floor, _f1(sentences, scores, cut, "news"), ct24)


def fit_combination(
    sentences: Sequence[Sentence], log: TextIO = sys.stdout
) -> tuple[Fitted, dict[str, Any]]:
    """Choose the settings by cross-validation, then refit on everything.

    The choice: the best news F1 among the settings whose CT24 F1 is no lower than the
    hand-set combination's (the suggester must not get worse on the task's own kind of
    text to get better on news); all out of fold."""
    floor = prf(
        [s.label for s in sentences if s.domain == "ct24"],
        [s.hand >= 0.5 for s in sentences if s.domain == "ct24"],
    )[2]
    folds = sorted({s.group for s in sentences})
    results = []
    for c in C_GRID:
        for news_weight in NEWS_WEIGHTS:
            oof = [0.0] * len(sentences)
            for k in folds:
                train = [s for s in sentences if s.group != k and s.candidates]
                scaler, model = _fit(train, c, news_weight)
                held = [i for i, s in enumerate(sentences) if s.group == k]
                scores = best_scores(_as_fitted(scaler, model, 0.5), [sentences[i] for i in held])
                for i, v in zip(held, scores, strict=True):
                    oof[i] = v
            cut = max(THRESHOLDS, key=lambda t: _choice(sentences, oof, t, floor))
            value = _choice(sentences, oof, cut, floor)
            results.append((value, c, news_weight, cut, oof))
            at_cut = flags(sentences, oof, cut)
            each = [
                figures(
                    [s.label for s in sentences if s.domain == d],
                    [f for f, s in zip(at_cut, sentences, strict=True) if s.domain == d],
                )
                for d in ("news", "ct24")
            ]
            print(
                f"C {c:g}, news weight {news_weight:g}: threshold {cut:.2f}, "
                f"out of fold: news F1 {each[0]['f1']:.3f} "
                f"({each[0]['non_claims_flagged']:.1%} of non-claims flagged), "
                f"CT24 F1 {each[1]['f1']:.3f} (floor {floor:.3f})",
                file=log,
                flush=True,
            )
    value, c, news_weight, cut, oof = max(results, key=lambda r: r[0])
    scaler, model = _fit([s for s in sentences if s.candidates], c, news_weight)
    fitted = _as_fitted(scaler, model, cut)
    report: dict[str, Any] = {
        "settings": {
            "C": c,
            "news_weight": news_weight,
            "threshold": cut,
            "folds": len(folds),
            "rule": "best news F1 with CT24 F1 at least the hand-set combination's",
        },
        "grid": {"C": list(C_GRID), "news_weight": list(NEWS_WEIGHTS)},
        "cross_validation": {},
        "hand_set": {},
    }
    for domain in ("news", "ct24"):
        idx = [i for i, s in enumerate(sentences) if s.domain == domain]
        part = [sentences[i] for i in idx]
        gold = [s.label for s in part]
        report["cross_validation"][domain] = figures(gold, flags(part, [oof[i] for i in idx], cut))
        report["hand_set"][domain] = figures(gold, [s.hand >= 0.5 for s in part])
    return fitted, report


# --- The whole suggester, as the desk runs it: for the model card -------------------------


def suggester_flags(
    nlp: Any, texts: Sequence[str], spans: Sequence[list[tuple[int, int]]]
) -> list[bool]:
    """Whether each (start, end) sentence of each text gets a suggestion at 0.5."""
    out: list[bool] = []
    for doc, where in zip(nlp.pipe(texts, batch_size=16), spans, strict=True):
        claims = [
            c for c in doc.spans["claimdesk_claims"].attrs.get("claims", []) if c["score"] >= 0.5
        ]
        out.extend(any(a <= c["start"] < b for c in claims) for a, b in where)
    return out


def single_flags(nlp: Any, rows: Sequence[Any]) -> tuple[list[bool], list[bool]]:
    """(gold, flagged) for CT24 rows, each sentence read as a text of its own."""
    texts = [r.text for r in rows]
    flagged = suggester_flags(nlp, texts, [[(0, len(t))] for t in texts])
    return [r.checkworthy for r in rows], flagged


def news_flags(nlp: Any, path: Path) -> tuple[list[bool], list[bool]]:
    """(gold, flagged) for a news set, each article read whole."""
    rows = read_news_validation(path)
    articles = news_articles(rows)
    flagged = suggester_flags(nlp, [a[1] for a in articles], [a[2] for a in articles])
    order = [i for group, _, _ in articles for i in group]
    by_row = dict(zip(order, flagged, strict=True))
    return [r[2] for r in rows], [by_row[i] for i in range(len(rows))]


def run(
    model: Any,
    validation: Sequence[Any],
    dev_test: Sequence[Any] | None,
    *,
    news_selection: Path = NEWS_SELECTION,
    news_validation: Path | None = NEWS_VALIDATION,
    log: TextIO = sys.stdout,
) -> dict[str, Any]:
    """Fit the combination for ``model`` (a ``CheckworthyModel``) and score the whole
    suggester with it and with the hand-set one on the news validation set and dev-test
    (each read once, here, after everything is chosen).  Returns ``meta["suggester"]``;
    the model's meta is updated in memory."""
    from claimdesk.nlp.pipeline import TEXTCAT_NAME, load_pipeline

    if not news_selection.is_file():
        raise ClaimdeskError(
            f"The news selection set is missing: {news_selection} (--news-selection)."
        )
    nlp = load_pipeline("blank")
    cast(Any, nlp.get_pipe(TEXTCAT_NAME)).model = model
    model.meta.pop("suggester", None)
    print("collecting candidates on the news selection set and validation", file=log, flush=True)
    sentences = news_sentences(nlp, news_selection) + ct24_sentences(nlp, validation)
    fitted, report = fit_combination(sentences, log)
    n_news = sum(s.domain == "news" for s in sentences)
    report["fitted_on"] = (
        f"{n_news} sentences of {news_selection.name} (articles read whole) and the "
        f"{len(sentences) - n_news} validation sentences (each read alone)"
    )
    scores: dict[str, Any] = {}
    sets: list[tuple[str, Callable[[], tuple[list[bool], list[bool]]]]] = []
    if news_validation is not None and news_validation.is_file():
        where = news_validation
        sets.append(("news validation", lambda: news_flags(nlp, where)))
    if dev_test:
        rows = list(dev_test)
        sets.append(("dev-test", lambda: single_flags(nlp, rows)))
    for name, flags_of in sets:
        scores[name] = {}
        for label, combination in (("hand_set", None), ("fitted", fitted.to_json())):
            model.meta["suggester"] = {"combination": combination}
            gold, flagged = flags_of()
            scores[name][label] = figures(gold, flagged)
            print(f"{name}, {label}: {json.dumps(scores[name][label])}", file=log, flush=True)
    suggester = {"combination": fitted.to_json(), "selection": report, "scores": scores}
    model.meta["suggester"] = suggester
    return suggester


def refit(args: Any, log: TextIO = sys.stdout) -> dict[str, Any]:
    """``--combination-only``: fit the combination for the model in ``--out`` on the same
    validation split as training, and rewrite its meta.json (atomically)."""
    from claimdesk.nlp.data import VALIDATION_SHARE, read_sets, time_split
    from claimdesk.nlp.transformer import META_FILE, CheckworthyModel

    train, dev, dev_test = read_sets(args.data, args.limit)
    _, val = time_split(train, dev, VALIDATION_SHARE)
    model = CheckworthyModel(args.out, threads=args.threads)
    suggester = run(model, val, dev_test, news_selection=args.news_selection, log=log)
    meta: dict[str, Any] = json.loads((args.out / META_FILE).read_text(encoding="utf-8"))
    meta["suggester"] = suggester
    staged = args.out / (META_FILE + ".new")
    staged.write_text(json.dumps(meta, indent=2), encoding="utf-8")
    staged.replace(args.out / META_FILE)
    print(f"combination written to {args.out / META_FILE}", file=log, flush=True)
    return meta
