"""The suggest and eval-checkworthiness commands, called through argparse."""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path

import pytest

from claimdesk.cli import cmd_nlp
from claimdesk.cli.context import CliContext
from claimdesk.errors import ClaimdeskError

DEV_TEST = (
    Path(__file__).resolve().parents[3]
    / "shared"
    / "data"
    / "checkworthiness"
    / "CT24_checkworthy_english_dev-test.tsv"
)


def _run(
    argv: list[str], stdin: str = "", monkeypatch: pytest.MonkeyPatch | None = None
) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="claimdesk")
    cmd_nlp.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    if monkeypatch is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    out, err = io.StringIO(), io.StringIO()
    ctx = CliContext(stdout=out, stderr=err, settings=None)  # type: ignore[arg-type]
    assert args.needs_db is False
    code = args.handler(args, ctx)
    return code, out.getvalue(), err.getvalue()


def test_suggest_file_json(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Ticket prices rose 15% in 2024. I love this city.", encoding="utf-8")
    code, out, _ = _run(["suggest", str(path), "--pipeline", "blank"])
    assert code == 0
    (item,) = json.loads(out)
    assert set(item) == {
        "start",
        "end",
        "text",
        "sentence_start",
        "sentence_end",
        "score",
        "kinds",
        "claimant",
        "facets",
        "reason",
    }
    assert item["text"] == "Ticket prices rose 15% in 2024"


def test_suggest_text_format_and_min_score(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Ticket prices rose 15% in 2024.", encoding="utf-8")
    code, out, _ = _run(["suggest", str(path), "--format", "text", "--pipeline", "blank"])
    assert code == 0 and "Ticket prices rose 15% in 2024" in out
    code, out, _ = _run(["suggest", str(path), "--min-score", "1", "--pipeline", "blank"])
    assert json.loads(out) == []


def test_suggest_jsonl_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = '"Ticket prices rose 15% in 2024.\\nThanks."\nI am proud of you.\n\n'
    code, out, _ = _run(["suggest", "-", "--jsonl", "--pipeline", "blank"], lines, monkeypatch)
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(rows) == 3
    assert rows[0][0]["text"] == "Ticket prices rose 15% in 2024"
    assert rows[1] == [] and rows[2] == []


def test_suggest_non_english_note(tmp_path: Path) -> None:
    path = tmp_path / "de.txt"
    path.write_text(
        "Die Preise sind im letzten Jahr um zehn Prozent gestiegen, sagte sie.", encoding="utf-8"
    )
    code, _, err = _run(["suggest", str(path), "--pipeline", "blank"])
    assert code == 0 and "tuned for English" in err


def test_user_errors(tmp_path: Path) -> None:
    with pytest.raises(ClaimdeskError, match="File not found"):
        _run(["suggest", str(tmp_path / "nope.txt")])
    with pytest.raises(ClaimdeskError, match="Unknown pipeline"):
        _run(["suggest", str(tmp_path / "nope.txt"), "--pipeline", "xx_fake"])
    with pytest.raises(ClaimdeskError, match="File not found"):
        _run(["eval-checkworthiness", str(tmp_path / "nope.tsv")])
    with pytest.raises(ClaimdeskError, match="--processes"):
        _run(["suggest", "-", "--jsonl", "--processes", "0", "--pipeline", "blank"])


HEADER = "Sentence_id\tText\tclass_label\n"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("latin1.tsv", (HEADER + "1\tcaf\xe9 prices rose\tYes\n").encode("latin-1"), "not UTF-8"),
        ("short.tsv", HEADER + "1\tPrices rose 5%\n", "line 2: a column is missing"),
        ("quote.tsv", HEADER + '1\t"Prices rose 5%\tYes\n2\tRents fell\tNo\n', "line 3"),
        ("maybe.tsv", HEADER + "1\tPrices rose 5%\tMaybe\n", "line 2: unknown label 'Maybe'"),
        ("head.tsv", HEADER, "has a header but no sentences"),
        ("own.tsv", "a\tb\n", "or id, text and label"),
        ("huge.tsv", HEADER + "1\t" + "x" * 200_000 + "\tNo\n", "as tab-separated values"),
    ],
)
def test_eval_bad_files_get_a_clear_message(
    tmp_path: Path, name: str, content: str | bytes, message: str
) -> None:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(ClaimdeskError, match=message):
        _run(["eval-checkworthiness", str(path)])


def test_eval_says_when_a_figure_means_nothing(tmp_path: Path) -> None:
    path = tmp_path / "negatives.tsv"
    path.write_text(HEADER + "1\tThe weather was nice.\tNo\n", encoding="utf-8")
    code, out, _ = _run(["eval-checkworthiness", str(path)])
    assert code == 0 and "no sentence is labelled Yes" in out
    path.write_text(HEADER + "1\tThe weather was nice.\tYes\n", encoding="utf-8")
    code, out, _ = _run(["eval-checkworthiness", str(path), "--threshold", "0.999"])
    assert code == 0 and "no sentence was flagged" in out, out
    with pytest.raises(ClaimdeskError, match="between 0 and 1"):
        _run(["eval-checkworthiness", str(path), "--threshold", "2"])


def test_suggest_reads_other_encodings(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Le café coûte 20 % de plus qu’en 2023, selon l’Insee.".encode("cp1252"))
    code, out, _ = _run(["suggest", str(path), "--pipeline", "blank", "--min-score", "0"])
    assert code == 0 and "café" in out, out


def test_suggest_refuses_folders_binary_and_empty_files(tmp_path: Path) -> None:
    (tmp_path / "zeros.bin").write_bytes(bytes(2000))
    (tmp_path / "empty.txt").write_text("  \n", encoding="utf-8")
    for name, message in (("zeros.bin", "binary"), ("empty.txt", "is empty"), (".", "folder")):
        with pytest.raises(ClaimdeskError, match=message):
            _run(["suggest", str(tmp_path / name), "--pipeline", "blank"])
    with pytest.raises(ClaimdeskError, match="folder"):
        _run(["eval-checkworthiness", str(tmp_path)])


def test_eval_checkworthiness() -> None:
    if not DEV_TEST.exists():
        pytest.skip(f"{DEV_TEST} is absent: ../shared/data exists only in development")
    code, out, _ = _run(["eval-checkworthiness", str(DEV_TEST)])
    values = dict(line.split(" ", 1) for line in out.splitlines()[:3])
    assert code == 0 and float(values["f1"]) > 0.75
