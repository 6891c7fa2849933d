"""Adapting the shipped classifier to a desk from the analyst's own decisions.

The desk (tests/desk_decisions.py) is one whose analyst always dismisses suggestions in
sentences about the history of buildings and accepts those about the economy now: after
adapting, that kind is flagged less often on sentences the fit never saw, the economy is
still flagged, and the F1 on the held-back decisions does not fall."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy
import pytest
from desk_decisions import build_desk, sentence

from claimdesk.config import data_dir
from claimdesk.core.decisions import desk_decisions
from claimdesk.errors import ClaimdeskError
from claimdesk.nlp import adapt
from claimdesk.nlp.pipeline import load_checkworthy_model
from claimdesk.nlp.service import _sentence_spans, suggest_for
from claimdesk.nlp.transformer import Head
from claimdesk.store.engine import Store


def flagged(model: object, texts: list[str]) -> float:
    scores = model.scores(texts)  # type: ignore[attr-defined]
    return sum(s >= model.threshold for s in scores) / len(texts)  # type: ignore[attr-defined]


@pytest.fixture
def model() -> object:
    m = load_checkworthy_model()
    m.use_head(None)
    yield m
    m.use_head(None)


def test_fit_head_is_pulled_towards_the_head_in_use() -> None:
    rng = numpy.random.default_rng(3)
    x = rng.normal(size=(200, 8)).astype(numpy.float32)
    y = list(x[:, 0] > 0)
    base = Head(numpy.zeros(8, dtype=numpy.float32), 0.0, 0.4)
    loose = adapt.fit_head(x, y, base, 0.001)
    tight = adapt.fit_head(x, y, base, 100.0)
    assert loose.weights[0] > 1.0 and abs(loose.weights[0]) > 5 * abs(loose.weights[1:]).max()
    assert abs(tight.weights).max() < 0.01
    assert loose.threshold == 0.4 and loose.source == "adapted"
    assert adapt.f1(loose, x, y) > 0.95


def test_adapting_flags_the_dismissed_kind_less(tmp_path: Path, model: object) -> None:
    store = Store.open(str(tmp_path / "desk.sqlite3"))
    with store.session() as session:
        done = build_desk(session)
        session.commit()
    assert done["accepted"] >= 20 and done["dismissed_history"] >= 20, done
    with store.session() as session:
        decisions = desk_decisions(session)
    store.close()
    assert len(decisions) == 16

    rng = random.Random(99)  # sentences no decision was made on
    history = [sentence("history", rng).text for _ in range(60)]
    economy = [sentence("economy", rng).text for _ in range(60)]
    history_before, economy_before = flagged(model, history), flagged(model, economy)
    assert history_before > 0.5  # the shipped model takes them for claims

    report = adapt.adapt(model, decisions, _sentence_spans, adapt.Progress(None))  # type: ignore[arg-type]
    assert report["kept"], report
    assert report["f1_after"] >= report["f1_before"], report
    assert report["held_back_articles"] == 4
    assert report["flagged_after"] < report["flagged_before"]
    assert flagged(model, history) < history_before - 0.3, report
    assert flagged(model, economy) >= economy_before - 0.1, report

    stored = json.loads((data_dir() / "checkworthiness" / adapt.ACTIVE).read_text("utf-8"))
    assert stored["model_version"] == model.version  # type: ignore[attr-defined]
    assert stored["report"]["f1_after"] == report["f1_after"]
    assert stored["head"]["source"] == "adapted"


def test_the_analysis_process_uses_the_adapted_head_and_rolls_back(
    tmp_path: Path, model: object
) -> None:
    store = Store.open(str(tmp_path / "desk.sqlite3"))
    with store.session() as session:
        build_desk(session)
        session.commit()
    with store.session() as session:
        decisions = desk_decisions(session)
    store.close()
    rng = random.Random(5)
    text = "Regional news\n\n" + " ".join(sentence("history", rng).text for _ in range(12))

    def history_suggestions() -> tuple[int, str]:
        found, _note, info = suggest_for("blank", text)
        return len(found), info["label"]

    before, label = history_suggestions()
    assert before >= 6 and not label.endswith("adapted")
    from claimdesk.nlp.service import adapt_for, roll_back_adaptation, use_shipped_model

    report = adapt_for(decisions, None)
    assert report["kept"]
    after, label = history_suggestions()
    assert after < before / 2 and label.endswith(" adapted")

    assert roll_back_adaptation() == "Rolled back to the shipped model."
    assert history_suggestions() == (before, label.removesuffix(" adapted"))
    assert roll_back_adaptation().startswith("Rolled back to the model adapted on")
    assert history_suggestions()[0] == after
    assert use_shipped_model().startswith("Back to the shipped model")
    assert history_suggestions()[0] == before
    assert use_shipped_model() == "The shipped model is already in use."


def test_too_few_decisions_are_refused_clearly(tmp_path: Path, model: object) -> None:
    store = Store.open(str(tmp_path / "desk.sqlite3"))
    with store.session() as session:
        build_desk(session, count=2)
        session.commit()
        decisions = desk_decisions(session)
    store.close()
    with pytest.raises(ClaimdeskError, match="Not enough decisions to adapt to yet"):
        adapt.adapt(model, decisions, _sentence_spans)  # type: ignore[arg-type]
    assert not (data_dir() / "checkworthiness" / adapt.ACTIVE).exists()


def test_cancelling_leaves_the_model_unchanged(tmp_path: Path, model: object) -> None:
    store = Store.open(str(tmp_path / "desk.sqlite3"))
    with store.session() as session:
        build_desk(session)
        session.commit()
        decisions = desk_decisions(session)
    store.close()
    progress_dir = tmp_path / "progress"
    progress_dir.mkdir()
    (progress_dir / "cancel").touch()
    with pytest.raises(adapt.Cancelled, match="cancelled"):
        adapt.adapt(model, decisions, _sentence_spans, adapt.Progress(progress_dir))  # type: ignore[arg-type]
    assert model.head.source == "shipped"  # type: ignore[attr-defined]
    assert not (data_dir() / "checkworthiness" / adapt.ACTIVE).exists()


def test_a_head_for_another_model_version_is_not_used(model: object) -> None:
    folder = data_dir() / "checkworthiness"
    folder.mkdir(parents=True)
    head = model.shipped_head.to_json()  # type: ignore[attr-defined]
    (folder / adapt.ACTIVE).write_text(
        json.dumps({"model_version": "0.0.1", "head": {**head, "bias": 9.0}}), "utf-8"
    )
    assert adapt.active_head(model) is None  # type: ignore[arg-type]
    (folder / adapt.ACTIVE).write_text("{not json", "utf-8")
    assert adapt.active_head(model) is None  # type: ignore[arg-type]
    with pytest.raises(ClaimdeskError, match="no earlier model"):
        adapt.roll_back()
