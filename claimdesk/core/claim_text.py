"""The words of a claim, apart from the database: its statement and tags cleaned, its
quote found in an article, its anchor moved onto an article's current text."""

from __future__ import annotations

from collections.abc import Iterable

from claimdesk.core.anchoring import (
    Selectors,
    TextPosition,
    TextQuote,
    anchor,
    describe,
    find_all_exact,
)
from claimdesk.errors import ValidationError
from claimdesk.store.models import Claim

MAX_STATEMENT = 5_000


def checked_statement(statement: str) -> str:
    """The statement with its white space folded; longer than ``MAX_STATEMENT`` is refused
    (cutting it would silently lose the analyst's words)."""
    folded = " ".join(statement.split())
    if len(folded) > MAX_STATEMENT:
        raise ValidationError(
            f"A statement is at most {MAX_STATEMENT:,} characters; this one has "
            f"{len(folded):,}. Shorten it; nothing was changed."
        )
    return folded


def clean_tags(tags: Iterable[str]) -> list[str]:
    seen: list[str] = []
    for tag in tags:
        tag = tag.strip()
        if tag and tag not in seen:
            seen.append(tag)
    return seen


def locate_quote(text: str, quote: str) -> tuple[int, int]:
    """The one place ``quote`` occurs in ``text``; missing or repeated quotes are errors."""
    quote = quote.strip()
    if not quote:
        raise ValidationError("The quote is empty.")
    matches = find_all_exact(text, quote)
    if not matches:
        raise ValidationError(f"The quote \u201c{quote[:60]}\u201d is not in the article.")
    if len(matches) > 1:
        raise ValidationError(
            f"The quote \u201c{quote[:60]}\u201d appears {len(matches)} times in the article; "
            "quote more words so it is found only once."
        )
    return matches[0]


def reanchor(row: Claim, text: str) -> None:
    if not row.orphaned and text[row.pos_start : row.pos_end] == row.quote_exact:
        return
    found = anchor(
        text,
        Selectors(
            TextQuote(row.quote_exact, row.quote_prefix, row.quote_suffix),
            TextPosition(row.pos_start, row.pos_end),
        ),
    )
    if found.start is None or found.end is None:
        row.orphaned = True
        return
    fresh = describe(text, found.start, found.end)
    row.pos_start, row.pos_end = found.start, found.end
    row.quote_exact, row.quote_prefix, row.quote_suffix = (
        fresh.quote.exact,
        fresh.quote.prefix,
        fresh.quote.suffix,
    )
    row.orphaned = False
