"""What every exporter shares: atomic writing, dates, and spreadsheet-safe cells."""

from __future__ import annotations

from datetime import datetime

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


# Characters that make spreadsheet programs treat a cell as a formula (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """A text cell that cannot run as a formula: a leading single quote shows it as text."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value
