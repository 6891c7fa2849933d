"""Reading an article's versions: one version with its claims placed in it, and the
word-level changes between two versions with the claims each change touched.

Claims are stored against the current text only; in an earlier version they are found
again from their quotes (position, then quote with context, then fuzzy), which is how
they stood there unless the quote itself changed.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from claimdesk.core import claims as claim_service
from claimdesk.core import refresh
from claimdesk.core.anchoring import Selectors, TextPosition, TextQuote, anchor_many
from claimdesk.core.records import ClaimRecord
from claimdesk.core.worddiff import Piece, word_diff


@dataclass(frozen=True)
class PlacedClaim:
    claim: ClaimRecord
    start: int | None  # None: not found in this version
    end: int | None


@dataclass(frozen=True)
class VersionView:
    article_id: int
    version: int
    text: str
    claims: tuple[PlacedClaim, ...]


@dataclass(frozen=True)
class VersionCompare:
    article_id: int
    old: int
    new: int
    pieces: tuple[Piece, ...]
    touched: tuple[tuple[int, ...], ...]  # per piece: the claims it touches


def _place(text: str, recs: list[ClaimRecord]) -> list[PlacedClaim]:
    sels = [
        Selectors(
            TextQuote(c.anchor.exact, c.anchor.prefix, c.anchor.suffix),
            TextPosition(c.anchor.start, c.anchor.end),
        )
        for c in recs
    ]
    return [
        PlacedClaim(c, r.start, r.end) for c, r in zip(recs, anchor_many(text, sels), strict=True)
    ]


def version_view(session: Session, article_id: int, version: int) -> VersionView:
    text = refresh.version_text(session, article_id, version)
    recs = claim_service.list_claims(session, article_id=article_id)
    return VersionView(article_id, version, text, tuple(_place(text, recs)))


def compare_versions(session: Session, article_id: int, old: int, new: int) -> VersionCompare:
    a = refresh.version_text(session, article_id, old)
    b = refresh.version_text(session, article_id, new)
    pieces = word_diff(a, b)
    recs = claim_service.list_claims(session, article_id=article_id)
    in_a = [p for p in _place(a, recs) if p.start is not None]
    in_b = [p for p in _place(b, recs) if p.start is not None]
    touched: list[tuple[int, ...]] = []
    for piece in pieces:
        if piece.kind == "same":
            touched.append(())
            continue
        placed = in_a if piece.kind == "delete" else in_b
        hit = [
            p.claim.id
            for p in placed
            if p.start is not None
            and p.end is not None
            and p.start < max(piece.end, piece.start + 1)
            and p.end > piece.start
        ]
        touched.append(tuple(hit))
    return VersionCompare(article_id, old, new, tuple(pieces), tuple(touched))
