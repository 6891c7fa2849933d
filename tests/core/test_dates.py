"""Dates typed by the analyst."""

from __future__ import annotations

from datetime import date

import pytest

from claimdesk.core.dates import DateTextError, format_date, parse_date


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2026-03-13", date(2026, 3, 13)),
        ("  2026-03-13 ", date(2026, 3, 13)),
        ("2026-3-5", date(2026, 3, 5)),
        ("2026/03/05", date(2026, 3, 5)),
        ("2026.3.5", date(2026, 3, 5)),
        ("20260305", date(2026, 3, 5)),
        ("2024-02-29", date(2024, 2, 29)),
        ("", None),
        ("   ", None),
    ],
)
def test_dates_that_are_read(typed: str, expected: date | None) -> None:
    assert parse_date(typed) == expected


@pytest.mark.parametrize(
    "typed",
    ["unknown", "05/03/2026", "2026-03", "2026-03-13x", "2026-3/5", "2026135", "26-03-13"],
)
def test_text_that_is_not_a_date_says_what_to_type(typed: str) -> None:
    with pytest.raises(DateTextError, match="YYYY-MM-DD"):
        parse_date(typed)


@pytest.mark.parametrize("typed", ["2026-02-30", "2025-02-29", "2026-13-01", "2026-00-10"])
def test_days_not_in_the_calendar_are_refused(typed: str) -> None:
    with pytest.raises(DateTextError, match="not a day in the calendar"):
        parse_date(typed)


def test_format_is_iso_and_round_trips() -> None:
    assert format_date(date(2026, 3, 5)) == "2026-03-05"
    assert format_date(None) == ""
    assert parse_date(format_date(date(2026, 3, 5))) == date(2026, 3, 5)
