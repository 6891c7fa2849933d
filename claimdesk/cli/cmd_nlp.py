"""Command-line commands over the suggestion pipeline.

- ``suggest PATH|-``: suggestions for one text as a JSON array (or readable text).
  With ``--jsonl`` the input holds one text per line; a line that parses as a JSON
  string is decoded (so texts with newlines can be given as "a\\nb"), any other line is
  taken as raw text.  One JSON array is printed per input line; ``--processes N``
  spreads a large batch over N worker processes.
- ``eval-checkworthiness FILE.tsv``: precision, recall and F1 of the positive class.
- ``train-checkworthiness``: fine-tunes the encoder and writes the model folder
  (``claimdesk/nlp/model`` by default; see docs/model-card.md).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimdesk.errors import ClaimdeskError

if TYPE_CHECKING:
    from claimdesk.cli.context import CliContext
    from claimdesk.core.records import Suggestion


def register(sub: Any) -> None:
    """Add the NLP commands to an argparse subparsers object."""
    p = sub.add_parser(
        "suggest",
        help="suggest check-worthy claims in a text",
        description="Suggest check-worthy claims in a text file or stdin.",
    )
    p.add_argument("path", help="a UTF-8 text file, or - for standard input")
    p.add_argument("--format", choices=("json", "text"), default="json")
    p.add_argument(
        "--min-score",
        type=float,
        default=0.5,
        dest="min_score",
        help="drop suggestions scoring below this (0-1, default 0.5)",
    )
    p.add_argument(
        "--jsonl",
        action="store_true",
        help="one text per input line (a JSON string or raw text); prints one JSON array per line",
    )
    p.add_argument(
        "--processes",
        type=int,
        default=1,
        help="with --jsonl: worker processes for a large batch (default 1)",
    )
    p.add_argument(
        "--pipeline",
        default="auto",
        help='"auto" (default), "blank" or an installed spaCy pipeline name',
    )
    p.set_defaults(handler=suggest_handler, needs_db=False)

    e = sub.add_parser(
        "eval-checkworthiness", help="score the check-worthiness classifier on a labelled TSV file"
    )
    e.add_argument(
        "file",
        help="TSV with the columns Sentence_id, Text, class_label (CheckThat!'s) or id, "
        "text, label; labels Yes or No",
    )
    e.add_argument(
        "--threshold",
        type=float,
        default=None,
        help="decision threshold (default: the one stored with the model)",
    )
    e.set_defaults(handler=eval_handler, needs_db=False)

    from claimdesk.nlp.train_transformer import add_arguments

    t = sub.add_parser(
        "train-checkworthiness",
        help="fine-tune the check-worthiness encoder (needs the train extra)",
        description="Fine-tune the check-worthiness encoder on the CheckThat! 2024 files, "
        "choose epoch, learning rate and threshold on a time-ordered validation split, "
        "export it to int8 ONNX and write the model folder. Needs claimdesk[train].",
    )
    add_arguments(t)
    t.set_defaults(handler=train_handler, needs_db=False)


def _read_input(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    from claimdesk.io.common import decode_text_bytes, read_file

    p = Path(path)
    if p.is_dir():
        raise ClaimdeskError(f"{path} is a folder: give a text file, or - for standard input.")
    if not p.is_file():
        raise ClaimdeskError(f"File not found: {path}")
    # the import's reader: size limit, binary data, and encodings other than UTF-8
    text, _encoding = decode_text_bytes(read_file(p), path)
    if not text.strip():
        raise ClaimdeskError(f"{path} is empty: there is nothing to suggest from.")
    return text


def _jsonl_texts(raw: str) -> list[str]:
    texts = []
    for line in raw.splitlines():
        text = line
        if line.startswith('"'):
            try:
                decoded = json.loads(line)
            except json.JSONDecodeError:
                decoded = None
            if isinstance(decoded, str):
                text = decoded
        texts.append(text)
    return texts


def _as_text(text: str, found: list[Suggestion]) -> str:
    lines = []
    for s in found:
        who = f" — {s.claimant}" if s.claimant else ""
        kinds = ", ".join(s.kinds) or "claim"
        lines.append(f"[{s.start}:{s.end}] {s.score:.2f} ({kinds}){who}: {s.text}")
        lines.append(f"    {s.reason}")
    return "\n".join(lines) if lines else "No suggestions."


def suggest_handler(args: argparse.Namespace, ctx: CliContext) -> int:
    from claimdesk.nlp.pipeline import available_pipelines
    from claimdesk.nlp.suggest import Suggester, language_note

    if not 0.0 <= args.min_score <= 1.0:
        raise ClaimdeskError("--min-score must be between 0 and 1.")
    if args.processes < 1:
        raise ClaimdeskError("--processes must be 1 or more.")
    if args.pipeline not in available_pipelines():
        names = ", ".join(available_pipelines())
        raise ClaimdeskError(f"Unknown pipeline '{args.pipeline}'. Use one of: {names}.")
    raw = _read_input(args.path)
    suggester = Suggester(args.pipeline)
    if args.jsonl:
        texts = _jsonl_texts(raw)
        batch = suggester.suggest_many(texts, min_score=args.min_score, n_process=args.processes)
        for found in batch:
            ctx.stdout.write(json.dumps([s.to_json() for s in found], ensure_ascii=False))
            ctx.stdout.write("\n")
        return 0
    found = suggester.suggest(raw, min_score=args.min_score)
    note = language_note(raw)
    if note:
        ctx.stderr.write(note + "\n")
    if args.format == "text":
        ctx.stdout.write(_as_text(raw, found) + "\n")
    else:
        ctx.stdout.write(
            json.dumps([s.to_json() for s in found], ensure_ascii=False, indent=2) + "\n"
        )
    return 0


def eval_handler(args: argparse.Namespace, ctx: CliContext) -> int:
    from claimdesk.nlp.evaluate import evaluate_file

    if args.threshold is not None and not 0.0 < args.threshold < 1.0:
        raise ClaimdeskError("--threshold must be between 0 and 1.")
    precision, recall, f1, counts = evaluate_file(args.file, threshold=args.threshold)
    ctx.stdout.write(f"precision {precision:.4f}\nrecall {recall:.4f}\nf1 {f1:.4f}\n")
    ctx.stdout.write(" ".join(f"{k} {v}" for k, v in counts.items()) + "\n")
    if counts["tp"] + counts["fn"] == 0:
        ctx.stdout.write("note: no sentence is labelled Yes, so recall and F1 mean nothing here\n")
    elif counts["tp"] + counts["fp"] == 0:
        ctx.stdout.write("note: no sentence was flagged, so precision means nothing here\n")
    return 0


def train_handler(args: argparse.Namespace, ctx: CliContext) -> int:
    from claimdesk.nlp.train_transformer import run

    if args.epochs < 1 or args.batch_size < 1 or args.max_length < 8:
        raise ClaimdeskError("--epochs and --batch-size must be 1 or more, --max-length 8 or more.")
    run(args, log=ctx.stdout)
    return 0
