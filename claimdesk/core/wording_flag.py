"""Raising (and clearing) the changed-wording flag on a claim that was just moved onto
new words; ``core.wording`` has the rules and the analyst's review.

Kept apart from ``core.wording`` so that ``core.claims`` (restore) and ``core.refresh``
can use it without depending on the services that depend on them.
"""

from __future__ import annotations

from datetime import datetime

from claimdesk.core.vocab import STATUS_INFO, Status
from claimdesk.store.models import Claim, StatusChange

WORDING = "wording"
RECHECK = "recheck"


def is_verdict(status: str) -> bool:
    try:
        return STATUS_INFO[Status(status)].is_verdict
    except ValueError:
        return False


def needs_recheck(wording_before: str | None, status: str) -> bool:
    """A verdict given on words the article no longer says."""
    return wording_before is not None and is_verdict(status)


def quoted(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return "\u201c" + (text if len(text) <= limit else text[: limit - 1] + "\u2026") + "\u201d"


def note_new_words(
    row: Claim,
    old_quote: str,
    *,
    version: int | None,
    actor: str,
    now: datetime,
) -> StatusChange | None:
    """Flag ``row`` (just moved onto ``row.quote_exact``) if its words changed from
    ``old_quote``; clear the flag when the words are back to those first checked.
    Returns the history row that says so (None: same words), for the caller to add
    with ``row``."""
    new_quote = row.quote_exact
    if new_quote == old_quote:
        return None
    assert row.id is not None
    if row.wording_before is not None and new_quote == row.wording_before:
        row.wording_before = row.wording_version = None
        text = f"Wording back to the words first checked: {quoted(new_quote)}."
    else:
        if row.wording_before is None:
            row.wording_before = old_quote
        row.wording_version = version
        where = f" in version {version}" if version else ""
        text = f"Wording changed{where}: {quoted(old_quote)} \u2192 {quoted(new_quote)}."
        if is_verdict(row.status):
            label = STATUS_INFO[Status(row.status)].label
            text += f" The verdict ({label}) stays, marked needs re-check."
    return StatusChange(
        claim_id=row.id,
        from_status=row.status,
        to_status=row.status,
        actor=actor,
        at=now,
        rationale=text,
        event=WORDING,
    )
