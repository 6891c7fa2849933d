"""`claimdesk train-checkworthiness` end to end on a tiny random encoder: train on the
older ids, choose on the newest, export to ONNX, quantize to int8, load the result in a
spaCy pipeline and score sentences; dev-test is read only after the choice is made."""

from __future__ import annotations

import csv
import io
import json
import random
from pathlib import Path

import onnx
import pytest

from claimdesk.cli.main import main
from claimdesk.nlp.combine import FEATURES
from claimdesk.nlp.data import LabelledSentence, time_split
from claimdesk.nlp.train_encoder import best_threshold, length_batches

CLAIMS = [
    "Unemployment fell to {n} percent last year.",
    "The city spent {n} million dollars on roads in {y}.",
    "Exports to China rose by {n} percent since {y}.",
    "Crime is down {n} percent in the state since {y}.",
    "We cut taxes for {n} million families.",
    "The deficit has doubled to {n} billion dollars since {y}.",
]
PLAIN = [
    "Thank you all for coming tonight.",
    "I want to talk about the future of this country.",
    "Well, let me answer that question.",
    "Good evening, and welcome to the debate.",
    "I think that is a fair point, {n} times over.",
    "We will see what happens next.",
]


def write_split(path: Path, start: int, count: int, rng: random.Random) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter="\t")
        w.writerow(["Sentence_id", "Text", "class_label"])
        for i in range(count):
            claim = rng.random() < 0.4
            template = rng.choice(CLAIMS if claim else PLAIN)
            text = template.format(n=rng.randint(2, 90), y=rng.randint(1990, 2020))
            w.writerow([start + i, text, "Yes" if claim else "No"])


@pytest.fixture
def data(tmp_path: Path) -> Path:
    rng = random.Random(7)
    folder = tmp_path / "ct24"
    folder.mkdir()
    write_split(folder / "CT24_checkworthy_english_train.tsv", 1, 160, rng)
    write_split(folder / "CT24_checkworthy_english_dev.tsv", 500, 40, rng)
    write_split(folder / "CT24_checkworthy_english_dev-test.tsv", 1000, 40, rng)
    return folder


def test_the_time_split_validates_on_the_newest_ids() -> None:
    train = [LabelledSentence(str(i), f"s{i}", i % 3 == 0) for i in (5, 1, 9, 3, 7, 2, 8, 4, 6, 10)]
    dev = [LabelledSentence("100", "d", True)]
    fit, val = time_split(train, dev, 0.3)
    assert [r.sentence_id for r in fit] == ["1", "2", "3", "4", "5", "6", "7"]
    assert [r.sentence_id for r in val] == ["8", "9", "10", "100"]


def test_length_batches_cover_every_item_once_in_similar_lengths() -> None:
    lengths = [random.Random(1).randint(3, 90) for _ in range(1000)]
    batches = length_batches(lengths, 32, random.Random(2))
    assert sorted(i for b in batches for i in b) == list(range(1000))
    spread = sum(max(lengths[i] for i in b) - min(lengths[i] for i in b) for b in batches)
    assert spread / len(batches) < 10  # random batches would spread about 80


def test_best_threshold_maximises_f1() -> None:
    gold = [True, True, False, False]
    cut, f1 = best_threshold(gold, [0.9, 0.6, 0.55, 0.1])
    assert f1 == 1.0 and 0.55 < cut <= 0.6


def test_train_a_tiny_model_export_quantize_and_score(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "model"
    stdout = io.StringIO()
    rc = main(
        [
            "train-checkworthiness",
            "--tiny",
            "--data",
            str(data),
            "--out",
            str(out),
            "--epochs",
            "2",
            "--lr",
            "1e-3",
            "--max-length",
            "32",
        ],
        stdout=stdout,
    )
    assert rc == 0, stdout.getvalue()
    log = stdout.getvalue()
    assert "validate on 64 (newest 15% of train + dev)" in log
    assert {p.name for p in out.iterdir()} == {
        "encoder.onnx",
        "head.json",
        "meta.json",
        "tokenizer.json",
    }
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    assert meta["settings"]["epoch"] in (1, 2)
    assert len(meta["history"]["lr 0.001"]) == 2
    assert set(meta["scores"]) == {"validation", "dev-test"}
    assert 0.0 < meta["threshold"] < 1.0
    assert set(meta["baselines"]) == {"tfidf_logistic_regression", "bag_of_words_v0.1"}
    # the templates are easy: even a tiny encoder and the baselines separate them
    assert meta["scores"]["validation"]["f1"] > 0.8
    assert meta["baselines"]["tfidf_logistic_regression"]["validation"]["f1"] > 0.8
    assert 0.9 <= meta["int8_vs_fp32"]["agreement"] <= 1.0
    # int8: the weights of the graph are quantized, and it is smaller than the fp32 export
    ops = {n.op_type for n in onnx.load(str(out / "encoder.onnx")).graph.node}
    assert {"DynamicQuantizeLinear", "MatMulInteger"} <= ops
    fp32 = tmp_path / "model.work" / "encoder.fp32.onnx"
    assert (out / "encoder.onnx").stat().st_size < fp32.stat().st_size
    head = json.loads((out / "head.json").read_text(encoding="utf-8"))
    assert len(head["weights"]) == 32 and head["threshold"] == meta["threshold"]

    # the registered component runs it inside a spaCy pipeline
    import spacy

    from claimdesk.nlp import encoder_component  # noqa: F401  (registers the factory)

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("claimdesk_transformer_checkworthy_v1", config={"model_dir": str(out)})
    doc = nlp("Thank you all for coming tonight. Unemployment fell to 4 percent last year.")
    group = doc.spans["claimdesk_sentences"]
    assert len(group) == 2
    low, high = group.attrs["scores"]
    assert low < 0.5 < high, group.attrs
    assert group.attrs["model_threshold"] == meta["threshold"]
    assert doc.cats["CHECKWORTHY"] == high

    # How the spotter combines score and rules is fitted for this model, and read from it
    suggester = meta["suggester"]
    assert suggester["combination"]["features"] == list(FEATURES)
    assert "news_selection.tsv" in suggester["selection"]["fitted_on"]
    assert set(suggester["scores"]) == {"news validation", "dev-test"}
    chosen = suggester["selection"]["settings"]
    assert chosen["C"] in suggester["selection"]["grid"]["C"]
    assert chosen["news_weight"] in suggester["selection"]["grid"]["news_weight"]
    assert f"C {chosen['C']:g}, news weight {chosen['news_weight']:g}: threshold" in log
    assert group.attrs["suggester"] == suggester["combination"]


def test_the_combination_alone_is_refitted_and_the_encoder_kept(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "model"
    args = ["train-checkworthiness", "--tiny", "--data", str(data), "--out", str(out)]
    assert main([*args, "--epochs", "1", "--max-length", "32"], stdout=io.StringIO()) == 0
    encoder = (out / "encoder.onnx").read_bytes()
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))

    stdout = io.StringIO()
    assert main([*args, "--combination-only"], stdout=stdout) == 0, stdout.getvalue()
    assert "combination written to" in stdout.getvalue()
    assert "train on" not in stdout.getvalue()  # no training
    assert (out / "encoder.onnx").read_bytes() == encoder
    again = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    assert again["suggester"] == meta["suggester"]  # the same data gives the same fit
    assert {k: v for k, v in again.items() if k != "suggester"} == {
        k: v for k, v in meta.items() if k != "suggester"
    }

    # without the news selection set: a clear message, and meta.json is left as it was
    before = (out / "meta.json").read_bytes()
    stderr = io.StringIO()
    missing = tmp_path / "no-such-set.tsv"
    rc = main([*args, "--combination-only", "--news-selection", str(missing)], stderr=stderr)
    assert rc != 0
    assert "The news selection set is missing" in stderr.getvalue()
    assert (out / "meta.json").read_bytes() == before


def test_training_refuses_a_folder_without_the_data(tmp_path: Path) -> None:
    stderr = io.StringIO()
    rc = main(
        ["train-checkworthiness", "--tiny", "--data", str(tmp_path), "--out", str(tmp_path / "m")],
        stderr=stderr,
    )
    assert rc != 0
    assert "lacks CT24_checkworthy_english_train.tsv" in stderr.getvalue()
    assert not (tmp_path / "m").exists()


def test_the_analysis_process_keeps_torch_out_even_where_it_is_installed() -> None:
    """thinc imports torch whenever it is installed (the train and dev extras); the
    analysis process's initializer keeps it out, and spaCy and the encoder work without."""
    import subprocess
    import sys
    import textwrap

    code = textwrap.dedent(
        """
        import sys
        from claimdesk.nlp.service import start_worker
        start_worker()
        from claimdesk.nlp.suggest import Suggester
        s = Suggester("blank")
        s.load()
        found = s.suggest("Unemployment fell to 3.9% in May, the ministry said.")
        print(sys.modules.get("torch") is None, len(found) > 0)
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=True
    )
    assert out.stdout.split() == ["True", "True"], out.stderr[-2000:]
