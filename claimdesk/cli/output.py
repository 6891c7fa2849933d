"""Printing results: aligned tables for people, JSON for programs."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any, TextIO


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
    json.dump(to_jsonable(value), out, ensure_ascii=False, indent=2)
    out.write("\n")


def _cell(value: Any, width: int | None) -> str:
    text = "" if value is None else str(value)
    text = " ".join(text.split())
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
