"""Building the suggestion pipeline.

``load_pipeline("blank")`` needs no download: ``spacy.blank("en")``, line breaks and a
sentencizer, the check-worthiness encoder shipped in ``claimdesk/nlp/model`` (int8 ONNX,
``claimdesk_transformer_checkworthy_v1``) and the claim spotter.
``load_pipeline("auto")`` uses an installed trained English pipeline when there is one
(better sentences and entities) and falls back to blank otherwise.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimdesk.errors import ClaimdeskError

if TYPE_CHECKING:
    from spacy.language import Language

    from claimdesk.nlp.transformer import CheckworthyModel

MODEL_DIR = Path(__file__).resolve().parent / "model"
TEXTCAT_NAME = "checkworthy"
SPOTTER_NAME = "claim_spotter"
LINES_NAME = "line_breaks"
PREFERRED = ("en_core_web_trf", "en_core_web_lg", "en_core_web_md", "en_core_web_sm")


def _register() -> None:
    from claimdesk.nlp import components, encoder_component  # noqa: F401  (the factories)


def installed_english_pipelines() -> list[str]:
    """Trained English spaCy pipelines installed in this environment."""
    import spacy

    names = sorted(n for n in spacy.util.get_installed_models() if n.startswith("en_"))
    return sorted(names, key=lambda n: PREFERRED.index(n) if n in PREFERRED else 99)


def available_pipelines() -> list[str]:
    """Names the Settings dialog can offer: "auto", "blank" and installed pipelines."""
    return ["auto", "blank", *installed_english_pipelines()]


def load_checkworthy_model(folder: Path | None = None, *, threads: int = 2) -> CheckworthyModel:
    """The check-worthiness encoder and head (shipped in ``claimdesk/nlp/model``), loaded
    once per process (and per number of onnxruntime ``threads``)."""
    from claimdesk.nlp.encoder_component import shared_model

    where = folder or MODEL_DIR
    if not (where / "encoder.onnx").is_file():
        raise ClaimdeskError(
            f"The check-worthiness model is missing from {where}; "
            "run `claimdesk train-checkworthiness`."
        )
    return shared_model(where, threads)


def model_threshold(model: CheckworthyModel) -> float:
    """The decision threshold of the head in use (raw probability)."""
    return model.threshold


def load_pipeline(name: str = "auto", *, threads: int = 2) -> Language:
    """A ready pipeline; ``name`` is "auto", "blank" or an installed pipeline's name.

    ``threads``: onnxruntime's threads for the encoder (2 for these machines' 2 cores; a
    library pass's workers take one each, which scores the same, to the last bit)."""
    import spacy

    _register()
    if name == "auto":
        installed = installed_english_pipelines()
        name = installed[0] if installed else "blank"
    model = load_checkworthy_model(threads=threads)
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
    nlp.add_pipe(
        "claimdesk_transformer_checkworthy_v1", name=TEXTCAT_NAME, config={"threads": threads}
    )
    # The classifier's scores are re-centred so that its threshold is 0.5.
    nlp.add_pipe(
        "claimdesk_claim_spotter_v1", name=SPOTTER_NAME, config={"candidate_threshold": 0.2}
    )
    nlp.meta["claimdesk"] = {
        "threshold": model.threshold,
        "model_version": model.version,
        "head": model.head.source,
    }
    return nlp


_splitter: list[Language] = []


def sentence_splitter() -> Language:
    """A blank pipeline that only splits sentences, as ``load_pipeline("blank")`` does."""
    import spacy

    _register()
    if not _splitter:
        nlp = spacy.blank("en")
        nlp.add_pipe("claimdesk_line_breaks_v1", name=LINES_NAME)
        nlp.add_pipe("sentencizer")
        _splitter.append(nlp)
    return _splitter[0]


def pipeline_info(nlp: Language) -> dict[str, Any]:
    """Name, version and a one-line label ("blank 3.8.18 + claimdesk-checkworthy 1.0.0";
    "+ claimdesk-checkworthy 1.0.0 adapted" when the desk's own head is in use)."""
    extra = dict(nlp.meta.get("claimdesk", {}))
    if TEXTCAT_NAME in nlp.pipe_names:
        model = getattr(nlp.get_pipe(TEXTCAT_NAME), "model", None)
        if model is not None and hasattr(model, "head"):
            extra["threshold"] = model.threshold
            extra["head"] = model.head.source
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
        "head": str(extra.get("head", "shipped")),
        "components": list(nlp.pipe_names),
        "label": f"{name} {version} + claimdesk-checkworthy {model_version}"
        + (" adapted" if extra.get("head", "shipped") != "shipped" else ""),
    }
