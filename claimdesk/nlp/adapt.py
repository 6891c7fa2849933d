"""Adapting the check-worthiness classifier to one desk: refit its last layer.

The signal is the analyst's own decisions (``claimdesk.core.decisions``): a sentence
holding a claim is check-worthy, a sentence holding a dismissed suggestion (and no claim)
is not.  The encoder stays as shipped; only the head (384 weights and a bias) is refitted
by regularised logistic regression, pulled towards the head in use so that a few dozen
decisions move it a little and not wildly.  That fit is small enough for numpy (Newton
steps on 385 unknowns), so adapting needs no torch and no scikit-learn on the desk.

Honesty: the newest quarter of the articles with decisions is held back; the strength
of the pull is chosen on the rest, and the held-back F1 of the head in use ("before")
and of a head fitted without them ("after") are reported.  A refit that would lower the
held-back F1 is not kept.  Otherwise the saved head is refitted on all the decisions.

Adapted heads live in the user's data folder (``<data>/checkworthiness/``), never on the
desk and never sent anywhere; the previous one is kept to roll back to.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy

from claimdesk.config import data_dir
from claimdesk.core.decisions import ArticleDecisions
from claimdesk.errors import ClaimdeskError
from claimdesk.nlp.evaluate import prf
from claimdesk.nlp.transformer import CheckworthyModel, Head

_log = logging.getLogger(__name__)

HELD_BACK_SHARE = 0.25
MIN_EXAMPLES = 20  # labelled sentences, both kinds together
MIN_EACH = 4  # of each kind, in the part fitted on and in the held-back part
STRENGTHS = (1.0, 0.1, 0.01, 0.001)  # pull towards the head in use (L2 on the difference)
ACTIVE = "adapted-head.json"
PREVIOUS = "previous-head.json"
SHIPPED = "shipped"

Vector = numpy.ndarray[Any, numpy.dtype[numpy.float64]]


class Cancelled(ClaimdeskError):
    """The analyst stopped the adaptation."""


def folder() -> Path:
    return data_dir() / "checkworthiness"


@dataclass(frozen=True)
class Example:
    article_id: int
    text: str
    checkworthy: bool


def _overlaps(a: int, b: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(min(b, e) > max(a, s) for s, e in spans)


def labelled_sentences(
    decisions: Sequence[ArticleDecisions], sentences: Callable[[str], list[tuple[int, int]]]
) -> list[Example]:
    """Sentences holding a claim (check-worthy) or only a dismissed suggestion (not);
    sentences the analyst did not act on say nothing and are left out."""
    out: list[Example] = []
    for d in decisions:
        for a, b in sentences(d.text):
            text = d.text[a:b].strip()
            if not text:
                continue
            if _overlaps(a, b, d.claims):
                out.append(Example(d.article_id, text, True))
            elif _overlaps(a, b, d.dismissed):
                out.append(Example(d.article_id, text, False))
    return out


def split_by_article(
    examples: Sequence[Example], share: float = HELD_BACK_SHARE
) -> tuple[list[Example], list[Example]]:
    """(older articles, the newest ``share`` of the articles): whole articles each side."""
    ids = sorted({e.article_id for e in examples})
    n_held = max(1, round(len(ids) * share)) if len(ids) > 1 else 0
    held = set(ids[len(ids) - n_held :])
    return [e for e in examples if e.article_id not in held], [
        e for e in examples if e.article_id in held
    ]


def _enough(examples: Sequence[Example]) -> bool:
    pos = sum(e.checkworthy for e in examples)
    return pos >= MIN_EACH and len(examples) - pos >= MIN_EACH


def fit_head(
    x: numpy.ndarray[Any, Any],
    y: Sequence[bool],
    base: Head,
    strength: float,
    *,
    iterations: int = 30,
) -> Head:
    """Logistic regression on ``x`` pulled towards ``base``:

    minimise mean log-loss + strength/2 * |w - w_base|^2 + strength/2 * (b - b_base)^2

    by Newton's method (the problem is convex; 385 unknowns).  The threshold stays the
    base head's, so the re-centred scores the spotter reads keep their meaning."""
    n, dim = x.shape
    xb = numpy.hstack([x.astype(numpy.float64), numpy.ones((n, 1))])
    target = numpy.asarray(y, dtype=numpy.float64)
    theta0 = numpy.concatenate([base.weights.astype(numpy.float64), [base.bias]])
    theta = theta0.copy()
    eye = numpy.eye(dim + 1)

    def objective(t: Vector) -> float:
        z = xb @ t
        # mean log-loss, written with logaddexp so large margins do not overflow
        loss = numpy.mean(numpy.logaddexp(0.0, z) - target * z)
        return float(loss + 0.5 * strength * numpy.sum((t - theta0) ** 2))

    value = objective(theta)
    for _ in range(iterations):
        p = 0.5 * (1.0 + numpy.tanh(0.5 * (xb @ theta)))  # the logistic function, stably
        grad = xb.T @ (p - target) / n + strength * (theta - theta0)
        hess = (xb.T * (p * (1 - p))) @ xb / n + strength * eye
        step = numpy.linalg.solve(hess, grad)
        # a damped Newton step: halve it until the objective falls enough (Armijo)
        rate, slope = 1.0, float(grad @ step)
        while rate > 1e-6:
            trial = theta - rate * step
            new = objective(trial)
            if new <= value - 1e-4 * rate * slope:
                break
            rate *= 0.5
        else:
            break
        theta, converged = trial, value - new < 1e-10
        value = new
        if converged:
            break
    return Head(theta[:dim].astype(numpy.float32), float(theta[dim]), base.threshold, "adapted")


def f1(head: Head, x: numpy.ndarray[Any, Any], y: Sequence[bool]) -> float:
    return prf(list(y), [bool(s >= head.threshold) for s in head.scores(x)])[2]


def flagged_share(head: Head, x: numpy.ndarray[Any, Any]) -> float:
    if len(x) == 0:
        return 0.0
    return float((head.scores(x) >= head.threshold).mean())


class Progress:
    """Progress written to, and a stop asked for through, files in ``where`` (the window
    polls the one and writes the other; this runs in the analysis process)."""

    def __init__(self, where: Path | None) -> None:
        self.where = where

    def report(self, done: int, total: int, stage: str) -> None:
        if self.where is None:
            return
        data = json.dumps({"done": done, "total": total, "stage": stage})
        tmp = self.where / "progress.tmp"
        tmp.write_text(data, encoding="utf-8")
        os.replace(tmp, self.where / "progress.json")

    def check(self) -> None:
        if self.where is not None and (self.where / "cancel").exists():
            raise Cancelled("Adapting was cancelled; the model is unchanged.")


def read_progress(where: Path) -> dict[str, Any] | None:
    try:
        data = json.loads((where / "progress.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def embed(model: CheckworthyModel, texts: Sequence[str], progress: Progress) -> Any:
    parts = []
    step = 64
    for i in range(0, len(texts), step):
        progress.check()
        parts.append(model.embed(texts[i : i + step]))
        progress.report(min(i + step, len(texts)), len(texts), "Reading your decisions")
    progress.check()
    return numpy.vstack(parts) if parts else numpy.zeros((0, model.encoder.dim))


def adapt(
    model: CheckworthyModel,
    decisions: Sequence[ArticleDecisions],
    sentences: Callable[[str], list[tuple[int, int]]],
    progress: Progress | None = None,
    *,
    save: bool = True,
) -> dict[str, Any]:
    """Refit the head on the desk's decisions; returns the report shown to the analyst
    (``kept`` says whether the new head is now in use)."""
    progress = progress or Progress(None)
    examples = labelled_sentences(decisions, sentences)
    fit_part, held = split_by_article(examples)
    if len(examples) < MIN_EXAMPLES or not (_enough(fit_part) and _enough(held)):
        pos = sum(e.checkworthy for e in examples)
        raise ClaimdeskError(
            f"Not enough decisions to adapt to yet: {pos} sentence(s) with a claim and "
            f"{len(examples) - pos} with only a dismissed suggestion, over "
            f"{len({e.article_id for e in examples})} article(s). Adapting needs at least "
            f"{MIN_EXAMPLES} in all, with {MIN_EACH} of each kind both in the older and in "
            "the newest articles (which are held back to check the result)."
        )
    x = embed(model, [e.text for e in examples], progress)
    y = [e.checkworthy for e in examples]
    held_ids = {e.article_id for e in held}
    is_held = numpy.array([e.article_id in held_ids for e in examples], dtype=bool)
    x_fit, y_fit = x[~is_held], [v for v, h in zip(y, is_held, strict=True) if not h]
    x_held, y_held = x[is_held], [v for v, h in zip(y, is_held, strict=True) if h]
    progress.report(0, len(STRENGTHS), "Refitting the last layer")
    before = model.head
    strength = _choose_strength(fit_part, x_fit, y_fit, before, progress)
    candidate = fit_head(x_fit, y_fit, before, strength)
    f1_before, f1_after = f1(before, x_held, y_held), f1(candidate, x_held, y_held)
    report: dict[str, Any] = {
        "examples": len(examples),
        "checkworthy": sum(y),
        "not_checkworthy": len(y) - sum(y),
        "held_back": len(held),
        "held_back_articles": len({e.article_id for e in held}),
        "f1_before": round(f1_before, 4),
        "f1_after": round(f1_after, 4),
        "flagged_before": round(flagged_share(before, x_held), 4),
        "flagged_after": round(flagged_share(candidate, x_held), 4),
        "strength": strength,
        "head_before": before.source,
        "kept": False,
    }
    if f1_after < f1_before:
        report["message"] = (
            f"Adapting would lower F1 on your held-back decisions ({f1_before:.2f} \u2192 "
            f"{f1_after:.2f}); the model in use is unchanged."
        )
        return report
    final = fit_head(x, y, before, strength)
    report["kept"] = True
    report["message"] = (
        f"Adapted to this desk: F1 on {len(held)} held-back decisions "
        f"{f1_before:.2f} \u2192 {f1_after:.2f}. The new last layer is refitted on all "
        f"{len(examples)} decisions and used from the next suggestions."
    )
    if save:
        save_head(final, model, report)
        model.use_head(final)
    progress.report(1, 1, "Done")
    return report


def _choose_strength(
    examples: Sequence[Example],
    x: numpy.ndarray[Any, Any],
    y: Sequence[bool],
    base: Head,
    progress: Progress,
) -> float:
    """The pull chosen on the fitted part alone: its newest articles against the rest;
    with too few decisions to split again, the strongest pull (the smallest change)."""
    inner_fit, inner_val = split_by_article(examples)
    if not (_enough(inner_fit) and _enough(inner_val)):
        return STRENGTHS[0]
    val_ids = {e.article_id for e in inner_val}
    mask = numpy.array([e.article_id in val_ids for e in examples])
    yv = [v for v, m in zip(y, mask, strict=True) if m]
    yf = [v for v, m in zip(y, mask, strict=True) if not m]
    best = (f1(base, x[mask], yv), STRENGTHS[0])
    for i, strength in enumerate(STRENGTHS):
        progress.check()
        score = f1(fit_head(x[~mask], yf, base, strength), x[mask], yv)
        if score > best[0] + 1e-9:
            best = (score, strength)
        progress.report(i + 1, len(STRENGTHS), "Refitting the last layer")
    return best[1]


# --- the stored heads ------------------------------------------------------------------


def _write(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(data, fh)
    os.replace(tmp, path)


def _read(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as err:
        _log.warning("Ignoring the unreadable adapted head %s: %s", path, err)
        return None
    return data if isinstance(data, dict) else None


def _entry(head: Head, model: CheckworthyModel, report: dict[str, Any]) -> dict[str, Any]:
    return {
        "model_version": model.version,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "report": report,
        "head": head.to_json(),
    }


def save_head(head: Head, model: CheckworthyModel, report: dict[str, Any]) -> None:
    """Make ``head`` the one in use, keeping the one before it to roll back to."""
    where = folder()
    current = _read(where / ACTIVE)
    _write(where / PREVIOUS, current if current is not None else {SHIPPED: True})
    _write(where / ACTIVE, _entry(head, model, report))


def stored_head(model: CheckworthyModel) -> tuple[Head | None, str | None]:
    """The adapted head to use for ``model`` (None: the shipped one), and the model
    version a stored head was made for when ``model`` cannot use it (its embeddings
    differ), else None."""
    data = _read(folder() / ACTIVE)
    if data is None:
        return None, None
    made_for = data.get("model_version")
    if made_for != model.version:
        _log.warning(
            "The adapted head is for model %s, not %s: using the shipped one",
            made_for,
            model.version,
        )
        return None, None if made_for is None else str(made_for)
    try:
        return Head.from_json(data.get("head") or {}, dim=model.encoder.dim), None
    except ClaimdeskError as err:
        _log.warning("Ignoring the adapted head: %s", err)
        return None, None


def active_head(model: CheckworthyModel) -> Head | None:
    """The adapted head in use for ``model``, or None for the shipped one (also when
    the stored head was made for another version of the model)."""
    return stored_head(model)[0]


def roll_back() -> str:
    """Swap the head in use with the previous one (rolling back twice undoes it)."""
    where = folder()
    previous = _read(where / PREVIOUS)
    if previous is None:
        raise ClaimdeskError("There is no earlier model to roll back to.")
    current = _read(where / ACTIVE)
    _write(where / PREVIOUS, current if current is not None else {SHIPPED: True})
    if previous.get(SHIPPED):
        (where / ACTIVE).unlink(missing_ok=True)
        return "Rolled back to the shipped model."
    _write(where / ACTIVE, previous)
    return f"Rolled back to the model adapted on {previous.get('created_at', '?')}."


def use_shipped() -> str:
    """Stop using the adapted head (kept as the one to roll back to)."""
    where = folder()
    current = _read(where / ACTIVE)
    if current is None:
        return "The shipped model is already in use."
    _write(where / PREVIOUS, current)
    (where / ACTIVE).unlink(missing_ok=True)
    return "Back to the shipped model; Roll back returns to the adapted one."
