"""Fine-tuning the check-worthiness encoder with torch and exporting it to int8 ONNX
(the `train` extra); ``train_transformer`` runs it.  Nothing here runs on the desk."""

from __future__ import annotations

import copy
import json
import math
import random
import time
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

from claimdesk.errors import ClaimdeskError
from claimdesk.nlp.data import LabelledSentence
from claimdesk.nlp.transformer import ENCODER_FILE, HEAD_FILE, TOKENIZER_FILE

SEED = 20241


def best_threshold(gold: Sequence[bool], scores: Sequence[float]) -> tuple[float, float]:
    """The threshold in 0.05-0.95 (steps of 0.01) maximising positive-class F1."""
    from claimdesk.nlp.evaluate import prf

    best = (0.5, -1.0)
    for step in range(5, 96):
        cut = step / 100
        f1 = prf(gold, [s >= cut for s in scores])[2]
        if f1 > best[1] + 1e-12:
            best = (cut, f1)
    return best


def scored(gold: Sequence[bool], scores: Sequence[float], cut: float) -> dict[str, Any]:
    from claimdesk.nlp.evaluate import prf

    p, r, f, counts = prf(gold, [s >= cut for s in scores])
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), **counts}


# --- the encoder -----------------------------------------------------------------------


def _torch_modules() -> tuple[Any, Any]:
    try:
        import torch
        import transformers
    except ImportError as err:
        raise ClaimdeskError(
            f"Training needs the train extra ({err.name} is missing): "
            "pip install 'claimdesk[train]'."
        ) from err
    return torch, transformers


def build_classifier(encoder_dir: Path | None, tiny: bool) -> Any:
    """The encoder (pretrained, or a tiny random BERT for tests) with a linear head."""
    torch, transformers = _torch_modules()
    nn = torch.nn

    if tiny:
        config = transformers.BertConfig(
            vocab_size=30522,
            hidden_size=32,
            num_hidden_layers=2,
            num_attention_heads=2,
            intermediate_size=64,
            max_position_embeddings=128,
        )
        encoder = transformers.BertModel(config, add_pooling_layer=False)
    else:
        assert encoder_dir is not None
        encoder = transformers.AutoModel.from_pretrained(
            str(encoder_dir), local_files_only=True, add_pooling_layer=False
        )

    class Classifier(nn.Module):  # type: ignore[misc,name-defined]
        def __init__(self) -> None:
            super().__init__()
            self.encoder = encoder
            self.dropout = nn.Dropout(0.1)
            self.head = nn.Linear(encoder.config.hidden_size, 1)

        def embed(self, input_ids: Any, attention_mask: Any) -> Any:
            hidden = self.encoder(
                input_ids=input_ids, attention_mask=attention_mask
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            return (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-6)

        def forward(self, input_ids: Any, attention_mask: Any) -> Any:
            emb = self.embed(input_ids, attention_mask)
            return self.head(self.dropout(emb)).squeeze(-1)

    return Classifier()


class _Embedder:
    """Wraps the classifier's pooling for export (built lazily: needs torch)."""

    @staticmethod
    def build(classifier: Any) -> Any:
        torch, _ = _torch_modules()

        class Embedder(torch.nn.Module):  # type: ignore[misc,name-defined]
            def __init__(self) -> None:
                super().__init__()
                self.inner = classifier

            def forward(self, input_ids: Any, attention_mask: Any) -> Any:
                return self.inner.embed(input_ids, attention_mask)

        return Embedder()


def _tokenizer(encoder_dir: Path, max_length: int) -> Any:
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(encoder_dir / TOKENIZER_FILE))
    tok.enable_truncation(max_length=max_length)
    tok.no_padding()
    return tok


def _encode(tok: Any, texts: Sequence[str]) -> list[list[int]]:
    return [e.ids for e in tok.encode_batch(list(texts))]


def _pad(torch: Any, rows: Sequence[list[int]]) -> tuple[Any, Any]:
    width = max(len(r) for r in rows)
    ids = torch.zeros((len(rows), width), dtype=torch.long)
    mask = torch.zeros((len(rows), width), dtype=torch.long)
    for i, r in enumerate(rows):
        ids[i, : len(r)] = torch.tensor(r, dtype=torch.long)
        mask[i, : len(r)] = 1
    return ids, mask


def length_batches(lengths: Sequence[int], size: int, rng: random.Random) -> list[list[int]]:
    """Shuffled batches of similar-length items (shuffle, sort within pools, shuffle)."""
    order = list(range(len(lengths)))
    rng.shuffle(order)
    pool = size * 50
    batches: list[list[int]] = []
    for p in range(0, len(order), pool):
        chunk = sorted(order[p : p + pool], key=lambda i: lengths[i])
        batches.extend(chunk[b : b + size] for b in range(0, len(chunk), size))
    rng.shuffle(batches)
    return batches


def torch_scores(model: Any, encoded: Sequence[list[int]], batch: int = 128) -> list[float]:
    torch, _ = _torch_modules()
    model.eval()
    order = sorted(range(len(encoded)), key=lambda i: len(encoded[i]))
    out = [0.0] * len(encoded)
    with torch.inference_mode():
        for b in range(0, len(order), batch):
            rows = order[b : b + batch]
            ids, mask = _pad(torch, [encoded[i] for i in rows])
            probs = torch.sigmoid(model(ids, mask)).tolist()
            for i, p in zip(rows, probs, strict=True):
                out[i] = float(p)
    return out


def fine_tune(
    fit: Sequence[LabelledSentence],
    val: Sequence[LabelledSentence],
    *,
    encoder_dir: Path,
    tiny: bool,
    lr: float,
    epochs: int,
    batch_size: int,
    max_length: int,
    log: TextIO,
    should_stop: Callable[[], bool] = lambda: False,
) -> tuple[Any, list[dict[str, Any]], int]:
    """Train; after each epoch score ``val`` and keep the best epoch's weights.
    Returns (model at the best epoch, per-epoch history, best epoch)."""
    torch, transformers = _torch_modules()
    torch.manual_seed(SEED)
    rng = random.Random(SEED)
    model = build_classifier(encoder_dir, tiny)
    tok = _tokenizer(encoder_dir, max_length)
    fit_ids = _encode(tok, [r.text for r in fit])
    val_ids = _encode(tok, [r.text for r in val])
    labels = [float(r.checkworthy) for r in fit]
    gold = [r.checkworthy for r in val]
    steps = epochs * math.ceil(len(fit) / batch_size)
    no_decay = ("bias", "LayerNorm.weight", "layer_norm")
    groups = [
        {
            "params": [p for n, p in model.named_parameters() if not any(k in n for k in no_decay)],
            "weight_decay": 0.01,
        },
        {
            "params": [p for n, p in model.named_parameters() if any(k in n for k in no_decay)],
            "weight_decay": 0.0,
        },
    ]
    optimizer = torch.optim.AdamW(groups, lr=lr)
    scheduler = transformers.get_linear_schedule_with_warmup(optimizer, int(0.06 * steps), steps)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    history: list[dict[str, Any]] = []
    best: tuple[float, int, Any] = (-1.0, 0, None)
    started = time.monotonic()
    step = 0
    for epoch in range(1, epochs + 1):
        model.train()
        total = 0.0
        batches = length_batches([len(x) for x in fit_ids], batch_size, rng)
        for n, rows in enumerate(batches, 1):
            ids, mask = _pad(torch, [fit_ids[i] for i in rows])
            target = torch.tensor([labels[i] for i in rows])
            loss = loss_fn(model(ids, mask), target)
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            step += 1
            total += float(loss.item())
            if n % 100 == 0:
                rate = step / (time.monotonic() - started)
                eta = (steps - step) / rate if rate else 0.0
                print(
                    f"  lr {lr:g} epoch {epoch} batch {n}/{len(batches)} "
                    f"loss {total / n:.4f} ({rate:.2f} batches/s, ~{eta / 60:.0f} min left)",
                    file=log,
                    flush=True,
                )
            if should_stop():
                raise ClaimdeskError("Training was stopped.")
        scores = torch_scores(model, val_ids)
        cut, f1 = best_threshold(gold, scores)
        row = {
            "epoch": epoch,
            "loss": round(total / max(1, len(batches)), 4),
            "threshold": cut,
            "validation": scored(gold, scores, cut),
            "minutes": round((time.monotonic() - started) / 60, 1),
        }
        history.append(row)
        print(f"  lr {lr:g} epoch {epoch}: {json.dumps(row)}", file=log, flush=True)
        if f1 > best[0]:
            best = (f1, epoch, copy.deepcopy(model.state_dict()))
    model.load_state_dict(best[2])
    model.eval()
    return model, history, best[1]


def export_onnx(model: Any, folder: Path, max_length: int) -> tuple[Path, Path]:
    """Write ``encoder.fp32.onnx`` and the per-channel int8 ``encoder.onnx``."""
    torch, _ = _torch_modules()
    from onnxruntime.quantization import QuantType, quantize_dynamic

    folder.mkdir(parents=True, exist_ok=True)
    fp32 = folder / "encoder.fp32.onnx"
    int8 = folder / ENCODER_FILE
    embedder = _Embedder.build(model).eval()
    ids = torch.ones((2, 12), dtype=torch.long)
    mask = torch.ones((2, 12), dtype=torch.long)
    with torch.inference_mode(), warnings.catch_warnings():
        # the tracer's notes on shapes it folds: checked by the fp32/int8 agreement
        warnings.simplefilter("ignore")
        torch.onnx.export(
            embedder,
            (ids, mask),
            str(fp32),
            input_names=["input_ids", "attention_mask"],
            output_names=["embedding"],
            dynamic_axes={
                "input_ids": {0: "batch", 1: "tokens"},
                "attention_mask": {0: "batch", 1: "tokens"},
                "embedding": {0: "batch"},
            },
            opset_version=17,
            dynamo=False,
        )
    quantize_dynamic(str(fp32), str(int8), per_channel=True, weight_type=QuantType.QInt8)
    return fp32, int8


def write_head(model: Any, folder: Path, threshold: float) -> None:
    weights = model.head.weight.detach().reshape(-1).tolist()
    bias = float(model.head.bias.detach().reshape(-1)[0])
    data = {"weights": weights, "bias": bias, "threshold": threshold, "source": "shipped"}
    (folder / HEAD_FILE).write_text(json.dumps(data), encoding="utf-8")
