"""Refreshing an article: keep every text it has had and carry its claims into the new one.

A refresh compares a freshly imported draft with the stored text.  Unchanged text only
records that the article was checked.  Changed text becomes the next version (earlier
versions are never rewritten), the article row takes the new text, and every claim is
re-anchored into it in the same transaction, so no one ever sees claims pointing into a
text they are not in.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from claimdesk.core.anchoring import Selectors, TextPosition, TextQuote, anchor_many, describe
from claimdesk.core.articles import MAX_TEXT_CHARS, text_sha256
from claimdesk.core.ops import operation
from claimdesk.core.records import ArticleDraft
from claimdesk.core.urls import is_safe_url
from claimdesk.core.wording_flag import note_new_words
from claimdesk.errors import NotFoundError, ValidationError
from claimdesk.store.models import Article, ArticleCheck, ArticleVersion, Claim
from claimdesk.store.types import utcnow

__all__ = [
    "ClaimMove",
    "RefreshResult",
    "VersionInfo",
    "article_versions",
    "last_checked",
    "refresh_article",
    "refresh_source",
    "version_diff",
    "version_text",
]


@dataclass(frozen=True)
class VersionInfo:
    article_id: int
    version: int
    text_sha256: str
    chars: int
    raw_media_type: str | None
    raw_size: int
    retrieved_at: datetime | None
    created_at: datetime


@dataclass(frozen=True)
class ClaimMove:
    """Where one claim went; ``new_*`` are None for an orphan."""

    claim_id: int
    kind: str  # "kept" | "moved" | "changed" | "orphaned"
    old_start: int
    old_end: int
    old_quote: str
    new_start: int | None = None
    new_end: int | None = None
    new_quote: str | None = None
    errors: int = 0  # edits between the old and new quote (fuzzy matches only)


@dataclass(frozen=True)
class RefreshResult:
    article_id: int
    changed: bool
    version: int  # the article's current version after the refresh
    previous_version: int
    checked_at: datetime
    claims: tuple[ClaimMove, ...] = ()
    diff: tuple[str, ...] = ()  # unified diff, previous -> current, no line terminators
    reattached: tuple[int, ...] = ()  # orphans placed again by this text

    def _ids(self, kind: str) -> tuple[int, ...]:
        return tuple(c.claim_id for c in self.claims if c.kind == kind)

    @property
    def moved(self) -> tuple[int, ...]:
        """Same words, new offsets."""
        return self._ids("moved")

    @property
    def quote_changed(self) -> tuple[int, ...]:
        """Placed by a fuzzy match: the quoted words themselves were edited."""
        return self._ids("changed")

    @property
    def orphaned(self) -> tuple[int, ...]:
        return self._ids("orphaned")


def _article(session: Session, article_id: int) -> Article:
    row = session.get(Article, article_id)
    if row is None:
        raise NotFoundError(f"There is no article {article_id}.")
    return row


def _version_rows(session: Session, article_id: int) -> list[ArticleVersion]:
    stmt = (
        select(ArticleVersion)
        .where(ArticleVersion.article_id == article_id)
        .order_by(col(ArticleVersion.version))
    )
    return list(session.exec(stmt))


def _latest_version(session: Session, article_id: int) -> int:
    stmt = select(func.max(ArticleVersion.version)).where(ArticleVersion.article_id == article_id)
    # An article added without a version row (by add_article before it wrote one) is
    # implicitly at version 1: its current text is its first.
    return int(session.exec(stmt).one() or 1)


def _first_version_from(article: Article) -> ArticleVersion:
    assert article.id is not None
    return ArticleVersion(
        article_id=article.id,
        version=1,
        text=article.text,
        text_sha256=article.text_sha256,
        raw_bytes=article.raw_bytes,
        raw_media_type=article.raw_media_type,
        retrieved_at=article.retrieved_at,
        created_at=article.created_at,
    )


def _check_text(text: str) -> None:
    if not text.strip():
        raise ValidationError("The refreshed article has no text; the stored text was kept.")
    if len(text) > MAX_TEXT_CHARS:
        raise ValidationError(
            f"The refreshed article is too long ({len(text):,} characters; "
            f"the limit is {MAX_TEXT_CHARS:,}); the stored text was kept."
        )


def unified_diff(old: str, new: str, old_label: str, new_label: str) -> list[str]:
    return list(
        difflib.unified_diff(old.splitlines(), new.splitlines(), old_label, new_label, lineterm="")
    )


@operation
def refresh_article(
    session: Session, article_id: int, draft: ArticleDraft, *, actor: str
) -> RefreshResult:
    """Compare ``draft`` with the stored article; store a new version if the text changed."""
    article = _article(session, article_id)
    _check_text(draft.text)
    now = utcnow()
    current = _latest_version(session, article_id)
    new_sha = text_sha256(draft.text)
    if new_sha == article.text_sha256 and draft.text == article.text:
        session.add(
            ArticleCheck(
                article_id=article_id, version=current, changed=False, actor=actor, checked_at=now
            )
        )
        session.flush()
        return RefreshResult(article_id, False, current, current, now)

    if not _version_rows(session, article_id):
        session.add(_first_version_from(article))
    old_text = article.text
    version = current + 1
    session.add(
        ArticleVersion(
            article_id=article_id,
            version=version,
            text=draft.text,
            text_sha256=new_sha,
            raw_bytes=draft.raw_bytes,
            raw_media_type=draft.raw_media_type,
            retrieved_at=draft.retrieved_at or now,
            created_at=now,
        )
    )
    article.text = draft.text
    article.text_sha256 = new_sha
    article.raw_bytes = draft.raw_bytes
    article.raw_media_type = draft.raw_media_type
    article.retrieved_at = draft.retrieved_at or now
    article.updated_at = now
    if draft.url and is_safe_url(draft.url):
        article.url = draft.url
    session.add(article)
    moves, reattached = _reanchor(session, article_id, draft.text, now, version, actor)
    session.add(
        ArticleCheck(
            article_id=article_id, version=version, changed=True, actor=actor, checked_at=now
        )
    )
    session.flush()
    diff = unified_diff(old_text, draft.text, f"version {current}", f"version {version}")
    return RefreshResult(
        article_id, True, version, current, now, tuple(moves), tuple(diff), tuple(reattached)
    )


def _reanchor(
    session: Session, article_id: int, text: str, now: datetime, version: int, actor: str
) -> tuple[list[ClaimMove], list[int]]:
    # Fresh rows: the versions read here are the ones the mapping's UPDATEs check, so a
    # claim edited while this refresh runs makes it a conflict, not a lost edit.
    rows = list(
        session.exec(
            select(Claim)
            .where(Claim.article_id == article_id)
            .order_by(col(Claim.id))
            .execution_options(populate_existing=True)
        )
    )
    selectors = [
        Selectors(
            TextQuote(r.quote_exact, r.quote_prefix, r.quote_suffix),
            TextPosition(r.pos_start, r.pos_end),
        )
        for r in rows
    ]
    moves: list[ClaimMove] = []
    reattached: list[int] = []
    for row, placed in zip(rows, anchor_many(text, selectors), strict=True):
        assert row.id is not None
        old = (row.pos_start, row.pos_end, row.quote_exact)
        if placed.start is None or placed.end is None:
            # The selectors are left as they were: they are all that is known of the quote,
            # and the analyst re-attaches the claim from them.
            if not row.orphaned:
                row.orphaned = True
                _touch(session, row, now)
            moves.append(ClaimMove(row.id, "orphaned", *old))
            continue
        sel = describe(text, placed.start, placed.end)
        kind = "changed" if placed.errors > 0 else "moved" if placed.start != old[0] else "kept"
        if row.orphaned:
            reattached.append(row.id)
        updated = (sel.quote.exact, sel.quote.prefix, sel.quote.suffix, placed.start, placed.end)
        before = (row.quote_exact, row.quote_prefix, row.quote_suffix, row.pos_start, row.pos_end)
        if updated != before or row.orphaned:
            (row.quote_exact, row.quote_prefix, row.quote_suffix, row.pos_start, row.pos_end) = (
                updated
            )
            row.orphaned = False
            note = note_new_words(row, old[2], version=version, actor=actor, now=now)
            if note is not None:
                session.add(note)
            _touch(session, row, now)
        moves.append(
            ClaimMove(row.id, kind, *old, placed.start, placed.end, sel.quote.exact, placed.errors)
        )
    return moves, reattached


def _touch(session: Session, row: Claim, now: datetime) -> None:
    # A re-anchored claim is a changed row: its UPDATE moves the version on (the mapping),
    # so an editor that opened it before the refresh gets a conflict instead of silently
    # writing stale offsets.
    row.updated_at = now
    session.add(row)


def article_versions(session: Session, article_id: int) -> list[VersionInfo]:
    """Every version of an article, oldest first (never empty for an existing article)."""
    article = _article(session, article_id)
    rows = _version_rows(session, article_id) or [_first_version_from(article)]
    return [
        VersionInfo(
            article_id=article_id,
            version=r.version,
            text_sha256=r.text_sha256,
            chars=len(r.text),
            raw_media_type=r.raw_media_type,
            raw_size=len(r.raw_bytes or b""),
            retrieved_at=r.retrieved_at,
            created_at=r.created_at,
        )
        for r in rows
    ]


def version_text(session: Session, article_id: int, version: int) -> str:
    article = _article(session, article_id)
    row = session.exec(
        select(ArticleVersion).where(
            ArticleVersion.article_id == article_id, ArticleVersion.version == version
        )
    ).first()
    if row is not None:
        return row.text
    if version == 1 and not _version_rows(session, article_id):
        return article.text
    raise NotFoundError(f"Article {article_id} has no version {version}.")


def version_diff(session: Session, article_id: int, a: int, b: int) -> list[str]:
    """Unified diff lines from version ``a`` to version ``b`` of an article."""
    return unified_diff(
        version_text(session, article_id, a),
        version_text(session, article_id, b),
        f"version {a}",
        f"version {b}",
    )


def last_checked(session: Session, article_id: int) -> datetime | None:
    """When the article was last refreshed, changed or not (None if never)."""
    row = session.exec(
        select(ArticleCheck)
        .where(ArticleCheck.article_id == article_id)
        .order_by(col(ArticleCheck.checked_at).desc(), col(ArticleCheck.id).desc())
    ).first()
    return row.checked_at if row else None


def refresh_source(session: Session, article_id: int) -> str:
    """The file path or web address an article can be imported again from."""
    row = _article(session, article_id)
    # ``origin`` is the address as first given (before redirects) or the file's path; the
    # final ``url`` is the fallback, e.g. for a pasted page that named its address.
    for candidate in (row.origin, row.url):
        if candidate and candidate != "clipboard":
            return candidate
    raise ValidationError(
        f"Article {article_id} did not come from a file or a web address, "
        "so there is nothing to refresh it from."
    )
