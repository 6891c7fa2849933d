"""Articles: adding them to the desk, finding them again, listing them."""

from __future__ import annotations

import hashlib
from dataclasses import replace

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from claimdesk.core.convert import article_info
from claimdesk.core.ops import operation
from claimdesk.core.records import ArticleDoc, ArticleDraft, ArticleInfo
from claimdesk.core.urls import check_url
from claimdesk.errors import NotFoundError, ValidationError
from claimdesk.store.models import Article, Claim
from claimdesk.store.types import utcnow

MAX_TEXT_CHARS = 20_000_000


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _title_from(text: str) -> str:
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line[:200]
    return "Untitled article"


@operation
def add_article(session: Session, draft: ArticleDraft) -> ArticleInfo:
    """Store an article exactly as drafted; its text is what claims will anchor into."""
    if not draft.text.strip():
        raise ValidationError("The article has no text, so there is nothing to check.")
    if len(draft.text) > MAX_TEXT_CHARS:
        raise ValidationError(
            f"The article is too long ({len(draft.text):,} characters; "
            f"the limit is {MAX_TEXT_CHARS:,})."
        )
    now = utcnow()
    row = Article(
        title=draft.title.strip() or _title_from(draft.text),
        url=check_url(draft.url, what="an article address"),
        outlet=draft.outlet,
        author=draft.author,
        published_at=draft.published_at,
        retrieved_at=draft.retrieved_at or now,
        language=draft.language,
        text=draft.text,
        text_sha256=text_sha256(draft.text),
        raw_bytes=draft.raw_bytes,
        raw_media_type=draft.raw_media_type,
        origin=draft.origin,
        place=draft.place,
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    session.flush()
    return article_info(row)


def find_duplicate(session: Session, text: str, url: str | None = None) -> ArticleInfo | None:
    """An article already in the desk with the same text, or the same address."""
    condition = col(Article.text_sha256) == text_sha256(text)
    if url:
        condition = or_(condition, col(Article.url) == url)
    row = session.exec(select(Article).where(condition).order_by(col(Article.id))).first()
    return article_info(row) if row else None


def _claim_counts(session: Session, article_ids: list[int]) -> dict[int, dict[str, int]]:
    counts: dict[int, dict[str, int]] = {}
    if not article_ids:
        return counts
    stmt = select(Claim.article_id, Claim.status, func.count())
    if len(article_ids) <= 500:  # beyond that one pass over all claims beats a huge IN list
        stmt = stmt.where(col(Claim.article_id).in_(article_ids))
    stmt = stmt.group_by(col(Claim.article_id), col(Claim.status))
    for article_id, status, n in session.exec(stmt):
        counts.setdefault(article_id, {})[status] = n
    return counts


def list_articles(
    session: Session, *, text_filter: str = "", limit: int | None = None, offset: int = 0
) -> list[ArticleInfo]:
    """Newest first, with claim counts by status.  The text is not loaded.

    Reads plain rows of just the listed columns: the library lists every article at
    start-up, and ORM objects would cost several times more for nothing.
    """
    t = Article.__table__  # type: ignore[attr-defined]
    wanted = [t.c[name] for name in LIST_COLUMNS]
    stmt = select(*wanted)
    if text_filter:
        like = f"%{text_filter}%"
        stmt = stmt.where(
            or_(t.c.title.ilike(like), t.c.outlet.ilike(like), t.c.author.ilike(like))
        )
    stmt = stmt.order_by(t.c.created_at.desc(), t.c.id.desc()).offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    rows = list(session.execute(stmt))
    counts = _claim_counts(session, [r.id for r in rows])
    return [article_info(r, counts.get(r.id)) for r in rows]  # type: ignore[arg-type]


LIST_COLUMNS = (
    "id",
    "title",
    "url",
    "outlet",
    "author",
    "published_at",
    "retrieved_at",
    "language",
    "text_sha256",
    "created_at",
    "updated_at",
)


def get_article_info(session: Session, article_id: int) -> ArticleInfo:
    """One article's list entry (without its text), e.g. after its claims changed."""
    t = Article.__table__  # type: ignore[attr-defined]
    row = session.execute(
        select(*[t.c[name] for name in LIST_COLUMNS]).where(t.c.id == article_id)
    ).first()
    if row is None:
        raise NotFoundError(f"There is no article {article_id}.")
    return article_info(row, _claim_counts(session, [article_id]).get(article_id))  # type: ignore[arg-type]


def count_articles(session: Session) -> int:
    return int(session.exec(select(func.count()).select_from(Article)).one())


def _row(session: Session, article_id: int) -> Article:
    row = session.get(Article, article_id)
    if row is None:
        raise NotFoundError(f"There is no article {article_id}.")
    return row


def get_article(session: Session, article_id: int) -> ArticleDoc:
    row = _row(session, article_id)
    counts = _claim_counts(session, [article_id])
    return ArticleDoc(
        info=replace(article_info(row, counts.get(article_id)), place=row.place),
        text=row.text,
        raw_media_type=row.raw_media_type,
        raw_size=len(row.raw_bytes or b""),
    )


def article_text(session: Session, article_id: int) -> str:
    return _row(session, article_id).text


def raw_snapshot(session: Session, article_id: int) -> tuple[bytes | None, str | None]:
    row = _row(session, article_id)
    return row.raw_bytes, row.raw_media_type
