"""The public entry point: ``Suggester`` turns article text into ``Suggestion`` records.

Importing this module is cheap (no spaCy); ``Suggester.load()`` is the slow part and is
meant for a background thread.  Offsets are Python code points into the text given.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from claimdesk.core.records import Suggestion
from claimdesk.nlp.language import language_note

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["CHUNK_CHARS", "Suggester", "chunk_text", "language_note"]

CHUNK_CHARS = 50_000  # long texts are cut into pieces this size at most, at a boundary


def chunk_text(text: str, size: int = CHUNK_CHARS) -> Iterator[tuple[int, str]]:
    """(offset, piece) pairs covering ``text``; cuts prefer a newline, then a sentence
    end, then any space, so sentences are rarely split."""
    pos = 0
    n = len(text)
    while pos < n:
        if n - pos <= size:
            yield pos, text[pos:]
            return
        window = text[pos : pos + size]
        cut = window.rfind("\n")
        if cut < size // 2:
            cut = max(window.rfind(". "), window.rfind("? "), window.rfind("! "))
            cut = cut + 1 if cut >= size // 2 else window.rfind(" ")
        if cut < size // 2:
            cut = size
        yield pos, text[pos : pos + cut]
        pos += cut


class Suggester:
    """Suggests check-worthy claims.  ``pipeline`` is "auto", "blank" or an installed
    trained pipeline name (see ``claimdesk.nlp.pipeline.available_pipelines``)."""

    def __init__(self, pipeline: str = "auto", *, threads: int = 2) -> None:
        self.pipeline = pipeline
        self.threads = threads  # onnxruntime's, for the encoder
        self._nlp: Language | None = None
        self._info: dict[str, Any] = {"name": pipeline, "version": "", "label": pipeline}
        self._lock = threading.Lock()

    def load(self) -> None:
        """Build the spaCy pipeline (slow: run it off the UI thread)."""
        from claimdesk.nlp.pipeline import load_pipeline, pipeline_info

        with self._lock:
            if self._nlp is None:
                nlp = load_pipeline(self.pipeline, threads=self.threads)
                self._info = pipeline_info(nlp)
                self._nlp = nlp

    def refresh_info(self) -> None:
        """Read the pipeline's description again (the head in use may have changed)."""
        from claimdesk.nlp.pipeline import pipeline_info

        with self._lock:
            if self._nlp is not None:
                self._info = pipeline_info(self._nlp)

    @property
    def loaded(self) -> bool:
        return self._nlp is not None

    @property
    def info(self) -> dict[str, Any]:
        """name, version, label ("name version + classifier version") and more."""
        return dict(self._info)

    def suggest(self, text: str, *, min_score: float = 0.5) -> list[Suggestion]:
        """Suggestions for one text, sorted by start offset."""
        return self.suggest_many([text], min_score=min_score)[0]

    def suggest_many(
        self,
        texts: Iterable[str],
        *,
        min_score: float = 0.5,
        batch_size: int = 64,
        n_process: int = 1,
    ) -> list[list[Suggestion]]:
        """Suggestions for many texts at once (uses ``nlp.pipe``).

        ``n_process`` > 1 spreads the texts over that many worker processes (for a
        whole-library pass); each worker loads its own pipeline, which costs about a
        second, so small batches stay in this process."""
        all_texts = list(texts)
        if n_process > 1 and len(all_texts) >= 2 * n_process:
            return self._suggest_parallel(all_texts, min_score, batch_size, n_process)
        self.load()
        nlp = self._nlp
        assert nlp is not None
        where: list[tuple[int, int]] = []
        pieces: list[str] = []
        for i, text in enumerate(all_texts):
            for offset, piece in chunk_text(text):
                where.append((i, offset))
                pieces.append(piece)
        results: list[list[Suggestion]] = [[] for _ in all_texts]
        label = str(self._info.get("label", ""))
        from claimdesk.nlp.components import CLAIMS_KEY

        for doc, (i, offset) in zip(nlp.pipe(pieces, batch_size=batch_size), where, strict=True):
            text = all_texts[i]
            for claim in doc.spans[CLAIMS_KEY].attrs.get("claims", []):
                if claim["score"] < min_score:
                    continue
                start, end = claim["start"] + offset, claim["end"] + offset
                results[i].append(
                    Suggestion(
                        start=start,
                        end=end,
                        text=text[start:end],
                        sentence_start=claim["sentence_start"] + offset,
                        sentence_end=claim["sentence_end"] + offset,
                        score=float(claim["score"]),
                        kinds=tuple(claim["kinds"]),
                        claimant=claim["claimant"],
                        facets=claim["facets"],
                        reason=claim["reason"],
                        pipeline=label,
                    )
                )
        for found in results:
            found.sort(key=lambda s: (s.start, s.end))
        return results

    def _suggest_parallel(
        self, texts: list[str], min_score: float, batch_size: int, n_process: int
    ) -> list[list[Suggestion]]:
        import multiprocessing

        # Several tasks per worker keep both busy to the end; "spawn" because forking a
        # process that runs Qt or other threads is unsafe.  Each worker imports this
        # module, whose load() registers claimdesk's spaCy components in the child.
        per_task = max(1, min(batch_size, -(-len(texts) // (n_process * 4))))
        tasks = [
            (texts[i : i + per_task], min_score, batch_size) for i in range(0, len(texts), per_task)
        ]
        # The cores shared out: two workers with two encoder threads each ran a library at
        # 2,600 words/s on 2 cores, slower than one process (3,800).
        threads = max(1, (os.cpu_count() or 1) // n_process)
        ctx = multiprocessing.get_context("spawn")
        with ctx.Pool(
            n_process, initializer=_init_worker, initargs=(self.pipeline, threads)
        ) as pool:
            return [found for part in pool.imap(_work, tasks) for found in part]


_worker: Suggester | None = None


def _init_worker(pipeline: str, threads: int) -> None:
    global _worker
    _worker = Suggester(pipeline, threads=threads)
    _worker.load()


def _work(task: tuple[list[str], float, int]) -> list[list[Suggestion]]:
    texts, min_score, batch_size = task
    assert _worker is not None
    return _worker.suggest_many(texts, min_score=min_score, batch_size=batch_size)
