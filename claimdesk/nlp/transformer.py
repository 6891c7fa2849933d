"""Running the check-worthiness encoder: ONNX (int8) with onnxruntime and tokenizers.

A model folder holds:

- ``encoder.onnx``: the fine-tuned encoder and its mean pooling; inputs ``input_ids`` and
  ``attention_mask`` (int64, batch x tokens), output ``embedding`` (batch x hidden);
- ``head.json``: the final linear layer (``weights``, ``bias``) and the decision
  ``threshold``, applied here in numpy so that a desk can refit it without torch;
- ``tokenizer.json``: the encoder's tokenizer (Hugging Face ``tokenizers`` format);
- ``meta.json``: version, settings, scores and data sources (see docs/model-card.md).

No torch here, and nothing imported at module level beyond numpy: onnxruntime loads
only when a model is opened, which happens in the analysis process, never the window's.
"""

from __future__ import annotations

import json
import math
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy

from claimdesk.errors import ClaimdeskError

ENCODER_FILE = "encoder.onnx"
HEAD_FILE = "head.json"
TOKENIZER_FILE = "tokenizer.json"
META_FILE = "meta.json"
THREADS = 2
# Sentences per ONNX run, sorted by length: 8 keeps padding small (a 64-row batch padded
# every short sentence to an article's longest: the encoder alone, on 50-sentence CT24
# articles, ran at 2,000 words/s with 64 rows and 5,900 with 8).
BATCH = 8


@dataclass(frozen=True)
class Head:
    """The last layer: ``sigmoid(embedding · weights + bias)``, flagged at ``threshold``."""

    weights: numpy.ndarray[Any, numpy.dtype[numpy.float32]]
    bias: float
    threshold: float
    source: str = "shipped"

    def scores(
        self, embeddings: numpy.ndarray[Any, numpy.dtype[numpy.float32]]
    ) -> numpy.ndarray[Any, numpy.dtype[numpy.float64]]:
        logits = embeddings.astype(numpy.float64) @ self.weights.astype(numpy.float64)
        out: numpy.ndarray[Any, numpy.dtype[numpy.float64]] = 1.0 / (
            1.0 + numpy.exp(-(logits + self.bias))
        )
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "weights": [float(w) for w in self.weights],
            "bias": float(self.bias),
            "threshold": float(self.threshold),
            "source": self.source,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any], *, dim: int | None = None) -> Head:
        try:
            weights = numpy.asarray(data["weights"], dtype=numpy.float32)
            bias = float(data["bias"])
            threshold = float(data["threshold"])
        except (KeyError, TypeError, ValueError) as err:
            raise ClaimdeskError(f"Not a classifier head: {err}") from err
        if weights.ndim != 1 or (dim is not None and weights.shape[0] != dim):
            raise ClaimdeskError("The classifier head does not fit this encoder.")
        if not (math.isfinite(bias) and 0.0 < threshold < 1.0):
            raise ClaimdeskError("The classifier head has an invalid bias or threshold.")
        if not numpy.isfinite(weights).all():
            raise ClaimdeskError("The classifier head has invalid weights.")
        return cls(weights, bias, threshold, str(data.get("source", "shipped")))

    @classmethod
    def read(cls, path: Path, *, dim: int | None = None) -> Head:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as err:
            raise ClaimdeskError(f"Cannot read the classifier head {path}: {err}") from err
        if not isinstance(data, dict):
            raise ClaimdeskError(f"{path} is not a classifier head.")
        return cls.from_json(data, dim=dim)


class Encoder:
    """The tokenizer and ONNX session of one model folder."""

    def __init__(self, folder: Path, *, max_length: int, threads: int = THREADS) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        for name in (ENCODER_FILE, TOKENIZER_FILE):
            if not (folder / name).is_file():
                raise ClaimdeskError(f"The check-worthiness model in {folder} lacks {name}.")
        self.folder = folder
        self.max_length = max_length
        self.tokenizer = Tokenizer.from_file(str(folder / TOKENIZER_FILE))
        self.tokenizer.enable_truncation(max_length=max_length)
        self.tokenizer.no_padding()
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        self.session = onnxruntime.InferenceSession(
            str(folder / ENCODER_FILE), options, providers=["CPUExecutionProvider"]
        )
        self.dim = int(self.session.get_outputs()[0].shape[-1])
        # onnxruntime sessions are thread-safe, but one run at a time keeps the two
        # intra-op threads from being oversubscribed by concurrent callers.
        self._lock = threading.Lock()

    def embed(self, texts: Sequence[str]) -> numpy.ndarray[Any, numpy.dtype[numpy.float32]]:
        """Pooled embeddings, one row per text, in the order given."""
        out = numpy.zeros((len(texts), self.dim), dtype=numpy.float32)
        if not texts:
            return out
        encoded = self.tokenizer.encode_batch(list(texts))
        lengths = [len(e.ids) for e in encoded]
        # Batches of similar length: padding costs as much as real tokens.
        order = sorted(range(len(texts)), key=lambda i: lengths[i])
        for b in range(0, len(order), BATCH):
            rows = order[b : b + BATCH]
            width = max(lengths[i] for i in rows)
            ids = numpy.zeros((len(rows), width), dtype=numpy.int64)
            mask = numpy.zeros((len(rows), width), dtype=numpy.int64)
            for r, i in enumerate(rows):
                n = lengths[i]
                ids[r, :n] = encoded[i].ids
                mask[r, :n] = 1
            with self._lock:
                (emb,) = self.session.run(["embedding"], {"input_ids": ids, "attention_mask": mask})
            out[rows] = emb
        return out


def read_meta(folder: Path) -> dict[str, Any]:
    path = folder / META_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise ClaimdeskError(f"The check-worthiness model's {path} is unreadable: {err}") from err
    if not isinstance(data, dict):
        raise ClaimdeskError(f"{path} is not a model description.")
    return data


class CheckworthyModel:
    """Encoder plus head: ``scores(texts)`` gives each text's check-worthiness (0-1)."""

    def __init__(self, folder: Path, *, threads: int = THREADS) -> None:
        self.folder = folder
        self.meta = read_meta(folder)
        settings = self.meta.get("settings", {})
        self.encoder = Encoder(
            folder, max_length=int(settings.get("max_length", 96)), threads=threads
        )
        self.shipped_head = Head.read(folder / HEAD_FILE, dim=self.encoder.dim)
        self.head = self.shipped_head

    @property
    def version(self) -> str:
        return str(self.meta.get("version", ""))

    @property
    def threshold(self) -> float:
        return self.head.threshold

    def use_head(self, head: Head | None) -> None:
        """Score with ``head`` (an adapted one) or, with None, the shipped one."""
        if head is not None and head.weights.shape[0] != self.encoder.dim:
            raise ClaimdeskError("The adapted classifier head does not fit this model.")
        self.head = head if head is not None else self.shipped_head

    def embed(self, texts: Sequence[str]) -> numpy.ndarray[Any, numpy.dtype[numpy.float32]]:
        return self.encoder.embed(texts)

    def scores(self, texts: Sequence[str]) -> list[float]:
        return [float(s) for s in self.head.scores(self.embed(texts))]
