"""The byline and dateline of plain-text and Markdown imports."""

from __future__ import annotations

import pytest

from claimdesk.io.byline import Byline, read_byline
from claimdesk.io.text import draft_from_text_bytes

LONG = "The ministry said on Thursday that exports had risen by twelve percent over the year."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Title\n\nby Anadolu Agency\n\nANKARA\n\n" + LONG,
            Byline(None, "Anadolu Agency", "Ankara"),
        ),
        (
            "Title\n\nBy Jane Doe, Reuters\n\nPARIS, 3 June \u2014 " + LONG,
            Byline("Jane Doe", "Reuters", "Paris"),
        ),
        ("Title\n\nBy Jane Doe\n\nNEW DELHI (AA) - " + LONG, Byline("Jane Doe", None, "New Delhi")),
        ("Title\n\n" + LONG + "\n\nBy the way, ANKARA said no.", Byline()),
        ("Title\n\nNATO said on Monday it would meet.", Byline()),
        ("Title\n\nBY JOHN ROE\n\n" + LONG, Byline("JOHN ROE", None, None)),
    ],
)
def test_read_byline(text: str, expected: Byline) -> None:
    assert read_byline(text, "Title") == expected


def test_plain_text_and_markdown_imports_fill_author_outlet_and_place() -> None:
    plain = draft_from_text_bytes(
        b"Gas deal signed\n\nby Anadolu Agency\n\nANKARA\n\n" + LONG.encode(),
        name="a.txt",
        markdown=False,
    )
    assert (plain.author, plain.outlet, plain.place) == (None, "Anadolu Agency", "Ankara")
    md = draft_from_text_bytes(
        b"# Gas deal signed\n\n*By Jane Doe, Reuters*\n\n**PARIS, 3 June** \xe2\x80\x94 "
        + LONG.encode(),
        name="a.md",
        markdown=True,
    )
    assert (md.title, md.author, md.outlet, md.place) == (
        "Gas deal signed",
        "Jane Doe",
        "Reuters",
        "Paris",
    )
