"""What every exporter shares: atomic writing, dates, and spreadsheet-safe cells."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

# Atomic writing lives in claimdesk.io.atomic; these names stay importable from here.
from claimdesk.io.atomic import ExportFailed, atomic_path, check_pdf, check_target, write_atomic

__all__ = [
    "FORMULA_START",
    "ExportFailed",
    "atomic_path",
    "check_pdf",
    "check_target",
    "day",
    "iso",
    "jsonld_dumps",
    "neutralise",
    "stamp",
    "write_atomic",
]


def day(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d") if value else ""


def stamp(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else ""


def iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


# JSON-LD is pasted into <script type="application/ld+json">: no "</script>", no "<!--",
# no entity, and no line separators that old JavaScript parsers choke on.  Outside
# strings JSON never holds these characters, so replacing them everywhere is safe.
_SCRIPT_SAFE = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def jsonld_dumps(data: Any) -> str:
    """JSON text that is safe to paste inside a <script> element of a web page."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    for raw, escaped in _SCRIPT_SAFE.items():
        text = text.replace(raw, escaped)
    return text + "\n"


# Characters that make spreadsheet programs treat a cell as a formula (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """A text cell that cannot run as a formula: a leading single quote shows it as text."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value
