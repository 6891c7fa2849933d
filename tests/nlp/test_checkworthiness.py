"""The SHIPPED check-worthiness model (claimdesk/nlp/model) on real text: the CheckThat!
2024 files in ../shared/data (its card's figures must be what it scores), the seed
article, and the project's own news validation set."""

from __future__ import annotations

import json
from pathlib import Path

import numpy
import pytest

from claimdesk.errors import ClaimdeskError
from claimdesk.nlp.data import DEV, TRAIN, VALIDATION_SHARE, read_tsv, time_split
from claimdesk.nlp.evaluate import evaluate_file, prf
from claimdesk.nlp.pipeline import MODEL_DIR, load_checkworthy_model

REPO = Path(__file__).resolve().parents[2]
DATA = REPO.parent / "shared" / "data" / "checkworthiness"
DEV_TEST = DATA / "CT24_checkworthy_english_dev-test.tsv"
SEED = REPO.parent / "shared" / "seed" / "000_3bdeed25ccb9e8ca.txt"
NEWS = REPO / "tests" / "data" / "checkworthiness" / "news_validation.tsv"
TOLERANCE = 0.01
# int8 results differ a little from one CPU to another (onnxruntime picks its kernels by
# instruction set, and dynamic quantization rounds what they give): the card's
# validation figure, 0.774, was measured on the machine the depth was chosen on; on an
# AMD EPYC with AVX-512 the same files score 0.762 (the model card, "Across CPUs").
ACROSS_CPUS = 0.02


def _need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is absent: ../shared exists only in development checkouts")
    return path


@pytest.fixture
def model() -> object:
    m = load_checkworthy_model()
    m.use_head(None)  # the shipped head, whatever another test adapted
    return m


def test_the_shipped_model_is_small_and_described() -> None:
    meta = json.loads((MODEL_DIR / "meta.json").read_text(encoding="utf-8"))
    size = sum(p.stat().st_size for p in MODEL_DIR.rglob("*") if p.is_file())
    assert size <= 120 * 2**20
    assert meta["settings"]["encoder"] == "sentence-transformers/all-MiniLM-L6-v2"
    assert meta["settings"]["quantization"].startswith("onnxruntime dynamic int8, per channel")
    assert "ClaimBuster" in meta["sources"][0]["name"]
    assert meta["int8_vs_fp32"]["agreement"] >= 0.97
    assert not (MODEL_DIR / "encoder.fp32.onnx").exists()


def test_validation_f1_matches_the_model_card(model: object) -> None:
    meta = model.meta  # type: ignore[attr-defined]
    _, val = time_split(read_tsv(_need(DATA / TRAIN)), read_tsv(DATA / DEV), VALIDATION_SHARE)
    scores = model.scores([r.text for r in val])  # type: ignore[attr-defined]
    _p, _r, f1, counts = prf([r.checkworthy for r in val], [s >= meta["threshold"] for s in scores])
    assert sum(counts.values()) == 4407
    assert abs(f1 - meta["scores"]["validation"]["f1"]) <= ACROSS_CPUS


def test_dev_test_f1_matches_the_model_card(model: object) -> None:
    recorded = model.meta["scores"]["dev-test"]["f1"]  # type: ignore[attr-defined]
    precision, recall, f1, counts = evaluate_file(_need(DEV_TEST), model)  # type: ignore[arg-type]
    assert sum(counts.values()) == 318
    assert counts["tp"] + counts["fn"] == 108
    assert abs(f1 - recorded) <= TOLERANCE
    assert f1 >= 0.8
    assert 0 < precision <= 1 and 0 < recall <= 1


def test_the_seed_article(model: object) -> None:
    text = _need(SEED).read_text(encoding="utf-8")
    claims = [
        "The South Asian country is the world\u2019s largest arms importer and depends on "
        "Russia for nearly half of its arms supplies, despite the ongoing Russian war in "
        "Ukraine.",
        "Last month, reports claimed NATO would open its first one-person liaison office in "
        "Asia, reportedly in Tokyo, Japan.",
        "India is part of the US-led Quad, a security alliance with Australia and Japan to "
        "counter China\u2019s expanding economic, political, and military influence in the "
        "wider Asia-Pacific region.",
    ]
    # (the byline scores near the threshold; headings are never suggested, see spans)
    plain = [
        "You may also like",
        "Maintain momentum of engagement",
        "Austin on Monday told reporters he had \u201cproductive discussions\u201d with his "
        "Indian counterpart.",
    ]
    for sentence in claims + plain:
        assert sentence in text, sentence
    cut = model.threshold  # type: ignore[attr-defined]
    scores = dict(zip(claims + plain, model.scores(claims + plain), strict=True))  # type: ignore[attr-defined]
    assert all(scores[s] >= cut for s in claims), scores
    assert all(scores[s] < cut for s in plain), scores


def test_the_news_validation_set(model: object) -> None:
    # written by the project (tests/data/checkworthiness/README.md); reported in the card
    recorded = model.meta.get("news_validation")  # type: ignore[attr-defined]
    _p, _r, f1, counts = evaluate_file(_need(NEWS), model)  # type: ignore[arg-type]
    assert sum(counts.values()) >= 300
    if recorded is not None:
        assert abs(f1 - recorded["f1"]) <= TOLERANCE
    assert f1 >= 0.7  # 0.736 in the model card


def test_reader_handles_quoted_text() -> None:
    rows = read_tsv(_need(DEV_TEST))
    assert len(rows) == 318
    assert not any(r.text.startswith('"') and r.text.endswith('"') for r in rows)


def test_reader_errors(tmp_path: Path) -> None:
    with pytest.raises(ClaimdeskError, match="File not found"):
        read_tsv(tmp_path / "missing.tsv")
    bad = tmp_path / "bad.tsv"
    bad.write_text("a\tb\n1\t2\n", encoding="utf-8")
    with pytest.raises(ClaimdeskError, match="not a check-worthiness file"):
        read_tsv(bad)
    own = tmp_path / "own.tsv"
    own.write_text("id\ttext\tlabel\nx-01\tPrices rose 3%.\tYes\n", encoding="utf-8")
    assert read_tsv(own)[0].checkworthy


def test_prf() -> None:
    p, r, f, counts = prf([True, True, False, False], [True, False, True, False])
    assert (p, r, f) == (0.5, 0.5, 0.5)
    assert counts == {"tp": 1, "fp": 1, "fn": 1, "tn": 1}


def test_an_article_of_many_batches_gets_its_rows_back_in_order(model: object) -> None:
    # More sentences than one encoder batch, of very different lengths, so that sorting
    # by length reorders them: each row must still belong to the sentence at its place.
    from claimdesk.nlp.transformer import BATCH, CheckworthyModel

    assert isinstance(model, CheckworthyModel)
    subjects = [
        "wheat exports",
        "hospital beds",
        "river pollution",
        "the bus fleet",
        "steel tariffs",
        "school meals",
        "wind farms",
        "prison places",
        "the rail budget",
        "coffee prices",
        "forest cover",
        "nurse salaries",
        "broadband speed",
        "the fishing quota",
        "vaccine doses",
        "housing starts",
        "the tax credit",
        "air traffic",
        "mine closures",
        "police numbers",
        "solar panels",
        "the pension age",
        "flood defences",
        "car sales",
        "tourist arrivals",
        "the gold reserve",
        "bread prices",
    ]
    texts = [
        f"{'As the minister told parliament on Tuesday, ' * (i % 5)}"
        f"{subject} changed by {10 + 7 * i}% in {1990 + i}."
        for i, subject in enumerate(subjects)
    ]
    assert len(texts) > 3 * BATCH
    together = model.embed(texts)
    alone = numpy.vstack([model.embed([t]) for t in texts])
    assert together.shape == alone.shape == (len(texts), model.encoder.dim)
    unit = lambda m: m / numpy.linalg.norm(m, axis=1, keepdims=True)  # noqa: E731
    similarity = unit(together) @ unit(alone).T
    # int8 activations are scaled per batch, so a row moves a little with its batch-mates,
    # but it stays nearest to its own sentence scored alone
    assert numpy.diag(similarity).min() > 0.97
    assert list(similarity.argmax(axis=1)) == list(range(len(texts)))
    assert model.scores(texts) == pytest.approx(model.scores(texts))  # deterministic
    assert model.embed([]).shape == (0, model.encoder.dim)
