"""How many layers the shipped encoder keeps (train_depth.py), on a tiny two-layer
encoder trained here: the cut graph, the choice on validation, and ``--depth-only``."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import numpy
import onnx
import pytest
from test_train_transformer import data  # noqa: F401  (the fixture)

from claimdesk.cli.main import main
from claimdesk.errors import ClaimdeskError
from claimdesk.nlp.data import VALIDATION_SHARE, read_sets, time_split
from claimdesk.nlp.train_depth import choose_depth, cut, layer_count
from claimdesk.nlp.transformer import CheckworthyModel

TEXTS = [
    "Unemployment fell to 4 percent last year.",
    "Thank you all for coming tonight.",
    "The city spent 12 million dollars on roads in 2011.",
]


@pytest.fixture
def trained(data: Path, tmp_path: Path) -> Path:  # noqa: F811
    out = tmp_path / "model"
    args = ["train-checkworthiness", "--tiny", "--data", str(data), "--out", str(out)]
    stdout = io.StringIO()
    assert main([*args, "--epochs", "1", "--max-length", "32"], stdout=stdout) == 0, (
        stdout.getvalue()
    )
    return out


def _uncut(trained: Path, where: Path) -> Path:
    """The trained folder with its uncut (fp32) encoder, as fine-tuning left it."""
    shutil.copytree(trained, where)
    shutil.copyfile(trained.parent / "model.work" / "encoder.fp32.onnx", where / "encoder.onnx")
    meta = json.loads((where / "meta.json").read_text(encoding="utf-8"))
    del meta["depth"]
    (where / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    return where


def test_a_cut_encoder_pools_a_lower_layer_and_drops_the_rest(
    trained: Path, tmp_path: Path
) -> None:
    full = _uncut(trained, tmp_path / "full") / "encoder.onnx"
    assert layer_count(full) == 2
    one = tmp_path / "one.onnx"
    cut(full, one, 1)
    assert layer_count(one) == 1
    assert len(onnx.load(str(one)).graph.node) < len(onnx.load(str(full)).graph.node)
    same = tmp_path / "same.onnx"
    cut(full, same, 2)

    def embed(path: Path) -> numpy.ndarray:
        folder = tmp_path / path.stem
        shutil.copytree(full.parent, folder, ignore=shutil.ignore_patterns("encoder.onnx"))
        shutil.copyfile(path, folder / "encoder.onnx")
        return CheckworthyModel(folder).embed(TEXTS)

    whole, lower, kept = embed(full), embed(one), embed(same)
    assert lower.shape == whole.shape  # the same width: the head fits either
    assert numpy.array_equal(kept, whole)  # keeping every layer changes nothing
    assert not numpy.allclose(lower, whole)
    with pytest.raises(ClaimdeskError, match="Cannot keep 3 of the encoder's 2 layers"):
        cut(full, tmp_path / "x.onnx", 3)


def test_depth_is_chosen_on_validation_and_written_with_its_head(
    trained: Path,
    data: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    folder = _uncut(trained, tmp_path / "full")
    train, dev, _ = read_sets(data)
    older, val = time_split(train, dev, VALIDATION_SHARE)
    log = io.StringIO()
    depth = choose_depth(folder, older, val, log=log)
    rows = depth["tried"]
    # every depth with each strength, and the fine-tuned head at full depth
    assert {(r["layers"], r["head"]) for r in rows} == {
        (1, "refitted"),
        (2, "refitted"),
        (2, "fine-tuned"),
    }
    assert len(rows) == 7
    best = max(r["f1"] for r in rows)
    chosen = [r for r in rows if r["layers"] == depth["layers"] and r["head"] == depth["head"]]
    assert any(r["f1"] == best for r in chosen)
    assert depth["layers"] == min(r["layers"] for r in rows if r["f1"] == best)
    assert layer_count(folder / "encoder.onnx") == depth["layers"]
    head = json.loads((folder / "head.json").read_text(encoding="utf-8"))
    assert head["threshold"] == depth["threshold"]
    assert f"kept {depth['layers']} of 2 layers" in log.getvalue()
    # the folder still loads and scores the templates apart
    scores = CheckworthyModel(folder).scores(TEXTS)
    assert scores[0] > scores[1] < scores[2]


def test_depth_only_cuts_an_uncut_model_then_scores_and_refits_the_rest(
    trained: Path,
    data: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    folder = _uncut(trained, tmp_path / "m")
    args = ["train-checkworthiness", "--data", str(data), "--out", str(folder), "--depth-only"]
    stdout = io.StringIO()
    assert main(args, stdout=stdout) == 0, stdout.getvalue()
    assert "train on" not in stdout.getvalue()  # no fine-tuning
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    assert meta["version"] == "1.1.0"
    assert (
        meta["settings"]["layers"]
        == meta["depth"]["layers"]
        == layer_count(folder / "encoder.onnx")
    )
    assert meta["threshold"] == meta["depth"]["threshold"]
    assert set(meta["scores"]) == {"validation", "dev-test"}
    assert set(meta["suggester"]["scores"]) == {"news validation", "dev-test"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ct24", "m", "model", "model.work"]

    # a model that is cut already is refused, and left alone
    before = (folder / "meta.json").read_bytes()
    stderr = io.StringIO()
    assert main(args, stderr=stderr) != 0
    assert "keeps" in stderr.getvalue() and "train it again" in stderr.getvalue()
    assert (folder / "meta.json").read_bytes() == before
