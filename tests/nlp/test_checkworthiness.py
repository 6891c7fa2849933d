"""The shipped classifier against the CheckThat! 2024 files in ../shared/data."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimdesk.errors import ClaimdeskError
from claimdesk.nlp.data import read_tsv
from claimdesk.nlp.evaluate import evaluate_file, prf
from claimdesk.nlp.pipeline import load_checkworthy_model

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "checkworthiness"
DEV_TEST = DATA / "CT24_checkworthy_english_dev-test.tsv"
DEV = DATA / "CT24_checkworthy_english_dev.tsv"
TOLERANCE = 0.01


def _need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is absent: ../shared/data exists only in development checkouts")
    return path


def test_dev_test_f1_matches_the_model_card() -> None:
    recorded = load_checkworthy_model().meta["claimdesk"]["scores"]["dev-test"]["f1"]
    precision, recall, f1, counts = evaluate_file(_need(DEV_TEST))
    assert sum(counts.values()) == 318
    assert counts["tp"] + counts["fn"] == 108
    assert f1 >= recorded - TOLERANCE
    assert f1 >= 0.78
    assert 0 < precision <= 1 and 0 < recall <= 1


def test_dev_f1() -> None:
    recorded = load_checkworthy_model().meta["claimdesk"]["scores"]["dev"]["f1"]
    assert evaluate_file(_need(DEV))[2] >= recorded - TOLERANCE


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


def test_prf() -> None:
    p, r, f, counts = prf([True, True, False, False], [True, False, True, False])
    assert (p, r, f) == (0.5, 0.5, 0.5)
    assert counts == {"tp": 1, "fp": 1, "fn": 1, "tn": 1}
