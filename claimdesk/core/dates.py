"""Reading a date the analyst typed.

ISO 8601 (YYYY-MM-DD) is the one form claimdesk writes.  A few obvious variants are read
too, because a person types 2026-3-5 or 2026/03/05 without thinking; forms that are
ambiguous between countries (05/03/2026) are refused rather than guessed.
"""

from __future__ import annotations

import re
from datetime import date

_DATE = re.compile(r"(\d{4})([-/.]?)(\d{1,2})\2(\d{1,2})")
FORMAT_HINT = "YYYY-MM-DD, e.g. 2026-03-13"


class DateTextError(ValueError):
    """Text that is not a date; the message says what to type instead."""


def parse_date(text: str) -> date | None:
    """The date in ``text``; None for empty text (the date is not known)."""
    typed = text.strip()
    if not typed:
        return None
    match = _DATE.fullmatch(typed)
    # without separators only the full eight digits are unambiguous (2026135?)
    if match is None or (not match.group(2) and len(typed) != 8):
        raise DateTextError(f"\u201c{typed}\u201d is not a date: type {FORMAT_HINT}.")
    year, month, day = int(match.group(1)), int(match.group(3)), int(match.group(4))
    try:
        return date(year, month, day)
    except ValueError:
        raise DateTextError(
            f"{year:04d}-{month:02d}-{day:02d} is not a day in the calendar."
        ) from None


def format_date(value: date | None) -> str:
    return "" if value is None else value.isoformat()
