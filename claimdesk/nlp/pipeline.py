"""Building the suggestion pipeline.

``load_pipeline("blank")`` needs no download: ``spacy.blank("en")``, line breaks and a
sentencizer, the check-worthiness classifier shipped in ``claimdesk/nlp/model`` and the
claim spotter.
``load_pipeline("auto")`` uses an installed trained English pipeline when there is one
(better sentences and entities) and falls back to blank otherwise.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimdesk.errors import ClaimdeskError

if TYPE_CHECKING:
    from spacy.language import Language

MODEL_DIR = Path(__file__).resolve().parent / "model"
TEXTCAT_NAME = "checkworthy"
SPOTTER_NAME = "claim_spotter"
LINES_NAME = "line_breaks"
PREFERRED = ("en_core_web_trf", "en_core_web_lg", "en_core_web_md", "en_core_web_sm")
_lock = threading.Lock()
_cache: dict[str, Language] = {}


def _register() -> None:
    from claimdesk.nlp import components  # noqa: F401  (registers the factories)


def installed_english_pipelines() -> list[str]:
    """Trained English spaCy pipelines installed in this environment."""
    import spacy

    names = sorted(n for n in spacy.util.get_installed_models() if n.startswith("en_"))
    return sorted(names, key=lambda n: PREFERRED.index(n) if n in PREFERRED else 99)


def available_pipelines() -> list[str]:
    """Names the Settings dialog can offer: "auto", "blank" and installed pipelines."""
    return ["auto", "blank", *installed_english_pipelines()]


def load_checkworthy_model() -> Language:
    """The shipped classifier pipeline (tokenizer + ``checkworthy`` textcat), cached."""
    with _lock:
        if "__model__" not in _cache:
            import spacy

            _register()
            if not (MODEL_DIR / "config.cfg").is_file():
                raise ClaimdeskError(
                    "The check-worthiness model is missing; run `python -m claimdesk.nlp.train`."
                )
            _cache["__model__"] = spacy.load(MODEL_DIR)
        return _cache["__model__"]


def model_threshold(nlp: Language) -> float:
    return float(nlp.meta.get("claimdesk", {}).get("threshold", 0.5))


def load_pipeline(name: str = "auto") -> Language:
    """A ready pipeline; ``name`` is "auto", "blank" or an installed pipeline's name."""
    import spacy

    _register()
    if name == "auto":
        installed = installed_english_pipelines()
        name = installed[0] if installed else "blank"
    model = load_checkworthy_model()
    if name == "blank":
        nlp = spacy.blank("en")
        nlp.meta["name"] = "blank"
        nlp.meta["version"] = spacy.about.__version__
    else:
        if name not in installed_english_pipelines():
            names = ", ".join(available_pipelines())
            raise ClaimdeskError(f"Unknown pipeline '{name}'. Use one of: {names}.")
        nlp = spacy.load(name, exclude=["textcat", "textcat_multilabel"])
    if not ({"parser", "senter", "sentencizer"} & set(nlp.pipe_names)):
        nlp.add_pipe("sentencizer")
    # Line breaks go in before whatever sets sentences: both the sentencizer and the
    # parser keep sentence starts that are already set.
    splitter = next(n for n in nlp.pipe_names if n in ("parser", "senter", "sentencizer"))
    nlp.add_pipe("claimdesk_line_breaks_v1", name=LINES_NAME, before=splitter)
    nlp.add_pipe(TEXTCAT_NAME, source=model)
    threshold = model_threshold(model)
    nlp.add_pipe(
        "claimdesk_claim_spotter_v1",
        name=SPOTTER_NAME,
        config={"candidate_threshold": min(0.2, threshold)},
    )
    nlp.meta.setdefault("claimdesk", {})
    nlp.meta["claimdesk"] = dict(model.meta.get("claimdesk", {}))
    nlp.meta["claimdesk"]["model_version"] = model.meta.get("version", "")
    return nlp


def pipeline_info(nlp: Language) -> dict[str, Any]:
    """Name, version and a one-line label ("blank 3.8.18 + claimdesk-checkworthy 0.1.0")."""
    extra = nlp.meta.get("claimdesk", {})
    name = str(nlp.meta.get("name", "blank"))
    lang = str(nlp.lang)
    if name != "blank" and not name.startswith(lang + "_"):
        name = f"{lang}_{name}"
    version = str(nlp.meta.get("version", ""))
    model_version = str(extra.get("model_version", ""))
    return {
        "name": name,
        "version": version,
        "classifier": "claimdesk-checkworthy",
        "classifier_version": model_version,
        "threshold": float(extra.get("threshold", 0.5)),
        "components": list(nlp.pipe_names),
        "label": f"{name} {version} + claimdesk-checkworthy {model_version}",
    }
