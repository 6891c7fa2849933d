"""Reading the CheckThat!/ClaimBuster sentence files (TSV, header
``Sentence_id<TAB>Text<TAB>class_label``, labels ``Yes``/``No``)."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from claimdesk.errors import ClaimdeskError

TRAIN = "CT24_checkworthy_english_train.tsv"
DEV = "CT24_checkworthy_english_dev.tsv"
DEV_TEST = "CT24_checkworthy_english_dev-test.tsv"


@dataclass(frozen=True)
class LabelledSentence:
    sentence_id: str
    text: str
    checkworthy: bool


def default_data_dir() -> Path:
    """``../shared/data/checkworthiness`` next to the repository (development only)."""
    return Path(__file__).resolve().parents[3] / "shared" / "data" / "checkworthiness"


def read_tsv(path: str | Path) -> list[LabelledSentence]:
    """Read one labelled file; raises ClaimdeskError for a missing or malformed file."""
    p = Path(path)
    if p.is_dir():
        raise ClaimdeskError(f"{p} is a folder: give a labelled .tsv file.")
    if not p.is_file():
        raise ClaimdeskError(f"File not found: {p}")
    try:
        return _read_rows(p)
    except UnicodeDecodeError as err:
        raise ClaimdeskError(f"{p.name} is not UTF-8 text.") from err
    except csv.Error as err:
        raise ClaimdeskError(f"{p.name} cannot be read as tab-separated values: {err}") from err


def _read_rows(p: Path) -> list[LabelledSentence]:
    rows: list[LabelledSentence] = []
    with p.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t")
        fields = set(reader.fieldnames or ())
        # CheckThat!'s header, or the project's own (id, text, label)
        for names in (("Sentence_id", "Text", "class_label"), ("id", "text", "label")):
            if set(names) <= fields:
                key_id, key_text, key_label = names
                break
        else:
            raise ClaimdeskError(
                f"{p.name} is not a check-worthiness file: expected the columns "
                "Sentence_id, Text and class_label (or id, text and label)."
            )
        for row in reader:
            where = f"{p.name}, line {reader.line_num}"
            if row[key_label] is None or row[key_text] is None:
                raise ClaimdeskError(
                    f"{where}: a column is missing (a tab too few, or a quote mark "
                    "opened at the start of a field and never closed)."
                )
            label = row[key_label].strip().lower()
            if label not in ("yes", "no"):
                raise ClaimdeskError(f"{where}: unknown label '{row[key_label]}' (Yes or No).")
            rows.append(LabelledSentence(row[key_id] or "", row[key_text], label == "yes"))
    return rows


# --- The time split training and fitting share --------------------------------------

VALIDATION_SHARE = 0.15


def time_split(
    train: Sequence[LabelledSentence], dev: Sequence[LabelledSentence], share: float
) -> tuple[list[LabelledSentence], list[LabelledSentence]]:
    """(older part of train, newest ``share`` of train + dev), split by sentence id."""
    ordered = sorted(train, key=lambda r: int(r.sentence_id))
    cut = round(len(ordered) * (1.0 - share))
    return ordered[:cut], ordered[cut:] + list(dev)


def read_sets(
    folder: Path, limit: int = 0
) -> tuple[list[LabelledSentence], list[LabelledSentence], list[LabelledSentence]]:
    """(train, dev, dev-test) of a CT24 folder, each cut to ``limit`` sentences the same
    way for every command (0: all); refuses a folder that lacks one of them."""
    for name in (TRAIN, DEV, DEV_TEST):
        if not (folder / name).is_file():
            raise ClaimdeskError(f"{folder} lacks {name}.")
    train, dev = read_tsv(folder / TRAIN), read_tsv(folder / DEV)
    dev_test = read_tsv(folder / DEV_TEST)
    if limit:
        train = sorted(train, key=lambda r: int(r.sentence_id))[:limit]
        dev = dev[: max(20, limit // 5)]
        dev_test = dev_test[: max(20, limit // 5)]
    return train, dev, dev_test
