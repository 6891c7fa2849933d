"""How many of the fine-tuned encoder's layers the shipped model keeps
(``claimdesk train-checkworthiness``, and ``--depth-only`` on a model already trained).

Each layer of the encoder costs the same time, and the upper ones may add nothing to
this task once it is fine-tuned.  So the int8 encoder is cut after each depth in turn
(the mean-pooled output of layer k instead of the last one's), a logistic head is fitted
on the older training sentences' embeddings at that depth, and its threshold is chosen
on validation.  The uncut encoder with its fine-tuned head competes too.  The row with
the best validation F1 is kept; on a tie, the fewer layers (the faster model), then the
stronger regularisation.  Dev-test is not read here.  Nothing here runs on the desk.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

import numpy

from claimdesk.errors import ClaimdeskError
from claimdesk.nlp.adapt import fit_head
from claimdesk.nlp.data import LabelledSentence
from claimdesk.nlp.train_encoder import best_threshold, scored
from claimdesk.nlp.transformer import ENCODER_FILE, HEAD_FILE, CheckworthyModel, Head

# L2 pulls towards a zero head, as in adapt.fit_head (per mean log-loss)
STRENGTHS = (1e-4, 1e-3, 1e-2)
_LAYER = re.compile(r"/layer\.(\d+)/")


def _output_of(layer: int) -> str:
    return f"/encoder/encoder/layer.{layer}/output/LayerNorm/LayerNormalization_output_0"


def layer_count(path: Path) -> int:
    """How many transformer layers the ONNX encoder at ``path`` runs."""
    import onnx

    graph = onnx.load(str(path)).graph
    found = {int(m.group(1)) for n in graph.node for m in _LAYER.finditer(n.name)}
    if not found:
        raise ClaimdeskError(f"{path} is not a layered encoder this command can cut.")
    return max(found) + 1


def cut(src: Path, dst: Path, layers: int) -> None:
    """Write to ``dst`` the encoder at ``src`` that pools layer ``layers``'s output (the
    layers above it removed); the inputs and the ``embedding`` output are unchanged."""
    import onnx

    model = onnx.load(str(src))
    graph = model.graph
    total = layer_count(src)
    if not 1 <= layers <= total:
        raise ClaimdeskError(f"Cannot keep {layers} of the encoder's {total} layers.")
    last, kept = _output_of(total - 1), _output_of(layers - 1)
    produced = {o for n in graph.node for o in n.output}
    if last not in produced or kept not in produced:
        raise ClaimdeskError(f"{src}: the layers' outputs are not where an export puts them.")
    # What reads the last layer from outside the layers is the pooling: it reads layer k.
    pooling = [n for n in graph.node if last in n.input and not _LAYER.search(n.name)]
    if not pooling:
        raise ClaimdeskError(f"{src}: nothing pools the last layer's output.")
    for node in pooling:
        for i, name in enumerate(node.input):
            if name == last:
                node.input[i] = kept
    # Remove what no longer leads to an output (the layers above k).
    nodes = list(graph.node)
    outputs = {o.name for o in graph.output}
    while True:
        used = {i for n in nodes for i in n.input} | outputs
        alive = [n for n in nodes if any(o in used for o in n.output)]
        if len(alive) == len(nodes):
            break
        nodes = alive
    del graph.node[:]
    graph.node.extend(nodes)
    used = {i for n in nodes for i in n.input}
    weights = [w for w in graph.initializer if w.name in used]
    del graph.initializer[:]
    graph.initializer.extend(weights)
    onnx.checker.check_model(model)
    onnx.save(model, str(dst))


def _row(layers: int, head: str, strength: float | None, cut_at: float, figures: Any) -> Any:
    return {"layers": layers, "head": head, "strength": strength, "threshold": cut_at, **figures}


def choose_depth(
    folder: Path,
    older: Sequence[LabelledSentence],
    validation: Sequence[LabelledSentence],
    *,
    depths: Sequence[int] | None = None,
    strengths: Sequence[float] = STRENGTHS,
    threads: int = 2,
    log: TextIO = sys.stdout,
) -> dict[str, Any]:
    """Choose the depth and head for the int8 model in ``folder`` on ``validation`` and
    write them there (encoder.onnx and head.json); returns what was tried and chosen."""
    total = layer_count(folder / ENCODER_FILE)
    wanted = sorted({d for d in (depths or range(1, total + 1)) if 1 <= d <= total})
    y_fit = [r.checkworthy for r in older]
    y_val = [r.checkworthy for r in validation]
    if not any(y_fit) or all(y_fit):
        raise ClaimdeskError("The training sentences need both labels to fit a head.")
    tried: list[tuple[dict[str, Any], Head]] = []
    with tempfile.TemporaryDirectory(dir=folder.parent, prefix=".depth-") as tmp:
        for depth in sorted(wanted, reverse=True):
            where = Path(tmp) / f"layers-{depth}"
            shutil.copytree(folder, where, ignore=shutil.ignore_patterns(ENCODER_FILE))
            cut(folder / ENCODER_FILE, where / ENCODER_FILE, depth)
            model = CheckworthyModel(where, threads=threads)
            x_val = model.embed([r.text for r in validation])
            if depth == total:
                scores = model.shipped_head.scores(x_val)
                at, _ = best_threshold(y_val, list(scores))
                row = _row(depth, "fine-tuned", None, at, scored(y_val, list(scores), at))
                tuned = model.shipped_head
                tried.append((row, Head(tuned.weights, tuned.bias, at)))
                print(f"depth {json.dumps(row)}", file=log, flush=True)
            x_fit = model.embed([r.text for r in older])
            zero = Head(numpy.zeros(model.encoder.dim, dtype=numpy.float32), 0.0, 0.5)
            for strength in strengths:
                fitted = fit_head(x_fit, y_fit, zero, strength)
                scores = fitted.scores(x_val)
                at, _ = best_threshold(y_val, list(scores))
                row = _row(depth, "refitted", strength, at, scored(y_val, list(scores), at))
                tried.append((row, Head(fitted.weights, fitted.bias, at)))
                print(f"depth {json.dumps(row)}", file=log, flush=True)
        best, head = max(
            tried,
            key=lambda t: (
                t[0]["f1"],
                -t[0]["layers"],
                t[0]["strength"] or 0.0,
                t[0]["head"] == "fine-tuned",
            ),
        )
        chosen = Path(tmp) / f"layers-{best['layers']}" / ENCODER_FILE
        staged = folder / (ENCODER_FILE + ".new")
        shutil.copyfile(chosen, staged)
        staged.replace(folder / ENCODER_FILE)
    shipped = Head(head.weights, head.bias, head.threshold, "shipped")
    staged = folder / (HEAD_FILE + ".new")
    staged.write_text(json.dumps(shipped.to_json()), encoding="utf-8")
    staged.replace(folder / HEAD_FILE)
    print(
        f"kept {best['layers']} of {total} layers ({best['head']} head, validation F1 "
        f"{best['f1']})",
        file=log,
        flush=True,
    )
    return {
        "layers": best["layers"],
        "of": total,
        "head": best["head"],
        "strength": best["strength"],
        "threshold": best["threshold"],
        "head_fitted_on": f"{len(older)} CT24 train sentences older than validation (all)",
        "rule": "best validation F1; on a tie the fewer layers, then the stronger L2",
        "tried": [row for row, _ in tried],
    }


def record(meta: dict[str, Any], depth: dict[str, Any], scores: dict[str, Any]) -> None:
    """Put the chosen depth in ``meta`` and its validation figures in ``scores``."""
    meta.setdefault("settings", {})["layers"] = depth["layers"]
    meta["depth"] = depth
    meta["threshold"] = depth["threshold"]
    best = next(
        r
        for r in depth["tried"]
        if (r["layers"], r["head"], r["strength"])
        == (depth["layers"], depth["head"], depth["strength"])
    )
    scores["validation"] = {
        k: best[k] for k in ("precision", "recall", "f1", "tp", "fp", "fn", "tn")
    }


def depth_only(args: Any, version: str, log: TextIO = sys.stdout) -> dict[str, Any]:
    """``--depth-only``: choose the depth of the uncut model in ``--out`` on the time
    split, then (everything fixed) score dev-test once and refit the spotter's
    combination; the folder is replaced whole, or left as it was."""
    from claimdesk.nlp import train_combination
    from claimdesk.nlp.data import VALIDATION_SHARE, read_sets, time_split
    from claimdesk.nlp.transformer import META_FILE, read_meta

    folder: Path = args.out
    meta = read_meta(folder)
    if meta.get("depth"):
        raise ClaimdeskError(
            f"The model in {folder} keeps {meta['depth'].get('layers')} of its layers "
            "already: train it again to choose another depth."
        )
    train, dev, dev_test = read_sets(args.data, args.limit)
    older, val = time_split(train, dev, VALIDATION_SHARE)
    staging = folder.parent / (folder.name + ".new")
    if staging.exists():
        shutil.rmtree(staging)
    shutil.copytree(folder, staging)
    try:
        depth = choose_depth(staging, older, val, threads=args.threads, log=log)
        scores: dict[str, Any] = dict(meta.get("scores") or {})
        record(meta, depth, scores)
        meta["version"] = version
        model = CheckworthyModel(staging, threads=args.threads)
        # Everything is fixed: dev-test is scored now, once, and only reported.
        scores["dev-test"] = scored(
            [r.checkworthy for r in dev_test],
            model.scores([r.text for r in dev_test]),
            depth["threshold"],
        )
        meta["scores"] = scores
        model.meta = meta
        meta["suggester"] = train_combination.run(
            model, val, dev_test, news_selection=args.news_selection, log=log
        )
        (staging / META_FILE).write_text(json.dumps(meta, indent=2), encoding="utf-8")
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    old = folder.parent / (folder.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    folder.rename(old)
    staging.rename(folder)
    shutil.rmtree(old)
    print(f"model written to {folder}", file=log, flush=True)
    return meta
