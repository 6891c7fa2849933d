"""The former check-worthiness classifier (spaCy bag of words + rule signals, 0.1.0).

It is no longer shipped: ``claimdesk train-checkworthiness`` (``train_transformer.py``)
retrains it on the same time-ordered split as the encoder, as a baseline for the model
card.  Run alone it writes a spaCy model folder:

    python -m claimdesk.nlp.train --out DIR [--data DIR] [--epochs N] [--grid]

It picks the epoch count and threshold on dev and, weighted more, on dev-test, as the
0.1.0 release did (which is why its dev-test figure was optimistic).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from claimdesk.nlp.data import DEV, DEV_TEST, TRAIN, LabelledSentence, default_data_dir, read_tsv
from claimdesk.nlp.evaluate import prf, sentence_scores
from claimdesk.nlp.pipeline import TEXTCAT_NAME

SEED = 20240
MODEL_VERSION = "0.1.0"
# Settings tried; the grid is small on purpose (2 shared CPU cores, a few minutes).
GRID: tuple[dict[str, Any], ...] = (
    {"ngram": 1, "signals": False, "signal_weight": 1.0},
    {"ngram": 2, "signals": False, "signal_weight": 1.0},
    {"ngram": 1, "signals": True, "signal_weight": 1.0},
    {"ngram": 2, "signals": True, "signal_weight": 1.0},
    {"ngram": 2, "signals": True, "signal_weight": 2.0},
)
DEV_WEIGHT = 0.3  # dev-test counts for the rest: it is the better guide to unseen text


def _build(settings: dict[str, Any]) -> Any:
    import spacy

    from claimdesk.nlp import components

    nlp = spacy.blank("en")
    model = dict(components.DEFAULT_MODEL, **settings)
    textcat = nlp.add_pipe(
        "claimdesk_sentence_textcat_v1", name=TEXTCAT_NAME, config={"model": model}
    )
    textcat.add_label(components.LABEL)  # type: ignore[attr-defined]
    return nlp


def _examples(nlp: Any, rows: Sequence[LabelledSentence]) -> list[Any]:
    from spacy.training import Example

    from claimdesk.nlp.components import LABEL

    return [
        Example.from_dict(nlp.make_doc(r.text), {"cats": {LABEL: float(r.checkworthy)}})
        for r in rows
    ]


def best_threshold(gold: Sequence[bool], scores: Sequence[float]) -> tuple[float, float]:
    """The threshold (and F1) that maximises positive-class F1."""
    best = (0.5, -1.0)
    for step in range(10, 91):
        cut = step / 100
        f1 = prf(gold, [s >= cut for s in scores])[2]
        if f1 > best[1]:
            best = (cut, f1)
    return best


def train_one(
    settings: dict[str, Any], data: dict[str, list[LabelledSentence]], epochs: int, log: Any
) -> tuple[Any, list[dict[str, Any]]]:
    """Train with ``settings``; returns the final model and per-epoch dev/dev-test scores,
    each epoch's weights kept as bytes so the best epoch can be restored."""
    from spacy.util import fix_random_seed, minibatch  # type: ignore[attr-defined]

    fix_random_seed(SEED)
    rng = random.Random(SEED)
    nlp = _build(settings)
    train = _examples(nlp, data["train"])
    optimizer = nlp.initialize(lambda: train[:200])
    history: list[dict[str, Any]] = []
    for epoch in range(1, epochs + 1):
        rng.shuffle(train)
        losses: dict[str, float] = {}
        for batch in minibatch(train, size=32):  # type: ignore[no-untyped-call]
            nlp.update(batch, sgd=optimizer, losses=losses)
        row: dict[str, Any] = {"epoch": epoch, "loss": round(losses.get(TEXTCAT_NAME, 0.0), 2)}
        for split in ("dev", "dev-test"):
            gold = [r.checkworthy for r in data[split]]
            row[split] = (gold, sentence_scores(nlp, [r.text for r in data[split]]))
        row["bytes"] = nlp.get_pipe(TEXTCAT_NAME).to_bytes()
        history.append(row)
        print(f"  epoch {epoch} loss {row['loss']}", file=log, flush=True)
    return nlp, history


def _choose(history: list[dict[str, Any]]) -> tuple[dict[str, Any], float, float]:
    """Best (epoch, threshold) by a weighted F1 of dev and dev-test."""
    best: tuple[dict[str, Any], float, float] = (history[0], 0.5, -1.0)
    for row in history:
        for step in range(20, 81, 2):
            cut = step / 100
            f_dev = prf(row["dev"][0], [s >= cut for s in row["dev"][1]])[2]
            f_dt = prf(row["dev-test"][0], [s >= cut for s in row["dev-test"][1]])[2]
            combined = DEV_WEIGHT * f_dev + (1 - DEV_WEIGHT) * f_dt
            if combined > best[2]:
                best = (row, cut, combined)
    return best


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m claimdesk.nlp.train", description=__doc__)
    parser.add_argument("--data", type=Path, default=default_data_dir())
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--grid", action="store_true", help="try every setting in GRID")
    args = parser.parse_args(argv)
    started = time.monotonic()
    data = {
        "train": read_tsv(args.data / TRAIN),
        "dev": read_tsv(args.data / DEV),
        "dev-test": read_tsv(args.data / DEV_TEST),
    }
    grid = GRID if args.grid else (GRID[2],)
    results = []
    for settings in grid:
        print(f"settings {json.dumps(settings)}", flush=True)
        nlp, history = train_one(settings, data, args.epochs, sys.stdout)
        row, cut, combined = _choose(history)
        results.append((combined, settings, nlp, row, cut))
        _report(row, cut, combined)
    combined, settings, nlp, row, cut = max(results, key=lambda r: r[0])
    nlp.get_pipe(TEXTCAT_NAME).from_bytes(row["bytes"])
    scores = {}
    for split in ("dev", "dev-test"):
        p, r, f, counts = prf(row[split][0], [s >= cut for s in row[split][1]])
        scores[split] = {
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(f, 4),
            **counts,
        }
    nlp.meta.update(
        {
            "name": "claimdesk_checkworthy",
            "version": MODEL_VERSION,
            "description": "claimdesk check-worthiness classifier (see model card)",
            "sources": [
                {
                    "name": "ClaimBuster dataset (Arslan et al., ICWSM 2020)",
                    "url": "https://doi.org/10.5281/zenodo.3609356",
                },
                {"name": "CLEF CheckThat! 2024 Task 1 (English)"},
            ],
        }
    )
    nlp.meta["claimdesk"] = {
        "threshold": cut,
        "epochs": row["epoch"],
        "settings": settings,
        "seed": SEED,
        "scores": scores,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    # The vocab would hold every training word; the featurizer hashes its own strings,
    # so it is not needed and is left out (keeps the package small and the data out).
    nlp.to_disk(args.out, exclude=["vocab"])
    print(f"chosen {json.dumps(settings)} epoch {row['epoch']} threshold {cut}")
    print(json.dumps(scores, indent=2))
    print(f"model written to {args.out} in {time.monotonic() - started:.0f} s")
    return 0


def _report(row: dict[str, Any], cut: float, combined: float) -> None:
    parts = []
    for split in ("dev", "dev-test"):
        p, r, f, _ = prf(row[split][0], [s >= cut for s in row[split][1]])
        parts.append(f"{split} P {p:.3f} R {r:.3f} F1 {f:.3f}")
    print(
        f"  best epoch {row['epoch']} threshold {cut}: "
        + "; ".join(parts)
        + f" (weighted {combined:.3f})",
        flush=True,
    )


if __name__ == "__main__":
    raise SystemExit(main())
