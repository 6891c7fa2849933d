"""Printing results: aligned tables for people, JSON for programs."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any, TextIO

# C0 and C1 control characters, DEL, and the bidirectional overrides and isolates that
# make a terminal show text in another order than it is stored.
_BIDI = r"\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f" + _BIDI + "]")
_CONTROL_BUT_LAYOUT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f" + _BIDI + "]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, *, keep_layout: bool = False) -> str:
    """``text`` safe for a terminal: control characters (escape sequences, bidirectional
    overrides) are shown as ``\\x1b``-style escapes instead of being obeyed.  With
    ``keep_layout`` newlines and tabs stay as they are."""
    return (_CONTROL_BUT_LAYOUT if keep_layout else _CONTROL).sub(_escape, text)


def to_jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    return value


def print_json(out: TextIO, value: Any) -> None:
    text = json.dumps(to_jsonable(value), ensure_ascii=False, indent=2)
    # json escapes C0 controls itself but leaves DEL, C1 and bidi controls raw; they can
    # only occur inside strings, where \uXXXX is the same character to a JSON reader.
    out.write(_CONTROL_BUT_LAYOUT.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n")


def _cell(value: Any, width: int | None) -> str:
    text = "" if value is None else str(value)
    text = printable(" ".join(text.split()))
    if width is not None and len(text) > width:
        text = text[: width - 1] + "\u2026"
    return text


def print_table(
    out: TextIO,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    widths: Sequence[int | None] | None = None,
) -> None:
    widths = widths or [None] * len(headers)
    cells = [[_cell(v, w) for v, w in zip(row, widths, strict=True)] for row in rows]
    sizes = [len(h) for h in headers]
    for row in cells:
        sizes = [max(a, len(b)) for a, b in zip(sizes, row, strict=True)]
    line = "  ".join(h.ljust(n) for h, n in zip(headers, sizes, strict=True))
    out.write(line.rstrip() + "\n")
    for row in cells:
        out.write("  ".join(c.ljust(n) for c, n in zip(row, sizes, strict=True)).rstrip() + "\n")


def when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else ""


MAX_REFUSED_SHOWN = 50


def refuse_lines(ctx: Any, problems: Sequence[str], summary: str) -> int:
    """Print one line per refused item (at most ``MAX_REFUSED_SHOWN``), then the summary;
    the exit status of a refusal."""
    for problem in problems[:MAX_REFUSED_SHOWN]:
        ctx.stderr.write(f"claimdesk: {printable(problem)}\n")
    if len(problems) > MAX_REFUSED_SHOWN:
        ctx.stderr.write(f"claimdesk: and {len(problems) - MAX_REFUSED_SHOWN} more\n")
    ctx.stderr.write(f"claimdesk: {summary}\n")
    return 1
