"""claimdesk's language layer: spaCy components and the check-worthiness model.

Nothing here imports spaCy at import time; the names below load their module on first
use, so the application's start-up path stays fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from claimdesk.nlp.evaluate import evaluate_file
    from claimdesk.nlp.language import language_note
    from claimdesk.nlp.pipeline import available_pipelines, load_pipeline, pipeline_info
    from claimdesk.nlp.suggest import Suggester

_LAZY = {
    "Suggester": "claimdesk.nlp.suggest",
    "language_note": "claimdesk.nlp.language",
    "available_pipelines": "claimdesk.nlp.pipeline",
    "load_pipeline": "claimdesk.nlp.pipeline",
    "pipeline_info": "claimdesk.nlp.pipeline",
    "evaluate_file": "claimdesk.nlp.evaluate",
}
__all__ = [
    "Suggester",
    "available_pipelines",
    "evaluate_file",
    "language_note",
    "load_pipeline",
    "pipeline_info",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'claimdesk.nlp' has no attribute {name!r}")
